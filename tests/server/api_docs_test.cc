// docs/api.md must list the whole error catalogue (code, status, meaning) and every route of
// the policy table, so the reference cannot drift from the code.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "security/policy.h"
#include "server/error_catalogue.h"

namespace vigil::server {
namespace {

std::string ReadDoc(const std::string& name = "api.md") {
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/docs/" + name);
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

TEST(ApiDocsTest, OpenApiHasEveryRouteAndTheCatalogue) {
  const std::string doc = ReadDoc("openapi.yaml");
  ASSERT_FALSE(doc.empty()) << "docs/openapi.yaml is missing";
  for (const security::RoutePolicy& route : security::RoutePolicies()) {
    std::string method(route.method);
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string op =
        "    " + method + ":\n      operationId: " + std::string(route.id) + "\n";
    const std::size_t at = doc.find(op);
    EXPECT_NE(at, std::string::npos) << "missing operation " << route.id;
    EXPECT_NE(doc.find("  " + std::string(route.pattern) + ":\n"), std::string::npos)
        << route.pattern;
  }
  for (const ApiErrorInfo& info : ApiErrorCatalogue()) {
    const std::string row = "  - {code: " + std::string(info.public_code) +
                            ", status: " + std::to_string(info.http_status) + ",";
    EXPECT_NE(doc.find(row), std::string::npos) << row;
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
