// docs/security.md must list every route of the policy table, with its roles and flags, as a
// table row "| id | METHOD pattern | roles | personal | purpose |".
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "security/policy.h"

namespace vigil::security {
namespace {

std::string RolesCell(const RoutePolicy& route) {
  if (route.is_public) return "public";
  std::string cell;
  for (Role role : AllRoles()) {
    if ((route.roles & RoleBit(role)) == 0) continue;
    if (!cell.empty()) cell += ", ";
    cell += RoleName(role);
  }
  return cell;
}

TEST(SecurityDocsTest, DocListsEveryRouteOfThePolicyTable) {
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/docs/security.md");
  ASSERT_TRUE(in) << "docs/security.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  int rows = 0;
  for (const RoutePolicy& route : RoutePolicies()) {
    const std::string row = "| " + std::string(route.id) + " | `" + std::string(route.method) +
                            " " + std::string(route.pattern) + "` | " + RolesCell(route) + " | " +
                            (route.personal_data ? "yes" : "no") + " | " +
                            (route.purpose_required ? "yes" : "no") + " |";
    EXPECT_NE(doc.find(row + "\n"), std::string::npos) << "missing or stale row:\n" << row;
    ++rows;
  }
  // No extra rows: count table lines that start with "| " and a route-like id column.
  std::istringstream lines(doc);
  std::string line;
  int doc_rows = 0;
  while (std::getline(lines, line)) {
    if (line.find(" | `GET ") != std::string::npos || line.find(" | `POST ") != std::string::npos ||
        line.find(" | `PATCH ") != std::string::npos ||
        line.find(" | `DELETE ") != std::string::npos) {
      ++doc_rows;
    }
  }
  EXPECT_EQ(doc_rows, rows);
}

}  // namespace
}  // namespace vigil::security
