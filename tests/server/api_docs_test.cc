// docs/api.md must list the whole error catalogue (code, status, meaning) and every route of
// the policy table, so the reference cannot drift from the code.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "security/policy.h"
#include "server/error_catalogue.h"

namespace vigil::server {
namespace {

std::string ReadDoc() {
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/docs/api.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ApiDocsTest, ListsTheWholeErrorCatalogue) {
  const std::string doc = ReadDoc();
  ASSERT_FALSE(doc.empty()) << "docs/api.md is missing";
  for (const ApiErrorInfo& info : ApiErrorCatalogue()) {
    const std::string row = "| " + std::string(info.public_code) + " | " +
                            std::to_string(info.http_status) + " | " + std::string(info.meaning) +
                            " |\n";
    EXPECT_NE(doc.find(row), std::string::npos) << "missing or stale row:\n" << row;
  }
}

TEST(ApiDocsTest, ListsEveryRoute) {
  const std::string doc = ReadDoc();
  for (const security::RoutePolicy& route : security::RoutePolicies()) {
    const std::string row = "| " + std::string(route.id) + " | `" + std::string(route.method) +
                            " " + std::string(route.pattern) + "` |";
    EXPECT_NE(doc.find(row), std::string::npos) << "missing route row: " << row;
  }
}

TEST(ApiDocsTest, PublicCodesAreUnique) {
  std::set<std::string_view> codes;
  for (const ApiErrorInfo& info : ApiErrorCatalogue()) {
    EXPECT_TRUE(codes.insert(info.public_code).second) << info.public_code;
  }
}

}  // namespace
}  // namespace vigil::server
