// The policy table against an expectation matrix written here independently of it, and the
// AuthenticateAndAuthorize facade.
#include "security/policy.h"

#include <map>
#include <set>

#include "security/access.h"
#include "security_fixture.h"

namespace vigil::security {
namespace {

// Columns: administrator, commander, analyst, dispatcher, patrol_officer, auditor.
// 'x' allowed, '.' denied. "public" routes are open to everyone without a session.
struct Expected {
  const char* method;
  const char* path;  // a concrete path, not a pattern
  const char* route_id;
  const char* roles;  // 6 characters, or "public"
  bool personal;      // personal data, and a purpose is required
};

// clang-format off
const Expected kExpected[] = {
    //                                                                     ACNDPU
    {"POST",  "/api/v1/auth/sign-in",                 "auth.sign_in",        "public", false},
    {"POST",  "/api/v1/auth/sign-out",                "auth.sign_out",       "xxxxxx", false},
    {"POST",  "/api/v1/account/password",             "account.password",    "xxxxxx", false},
    {"GET",   "/api/v1/areas",                        "areas.list",          "xxxxx.", false},
    {"GET",   "/api/v1/areas/district-4",             "areas.get",           "xxxxx.", false},
    {"GET",   "/api/v1/layers",                       "layers.list",         "xxxxx.", false},
    {"GET",   "/api/v1/layers/cameras",               "layers.get",          "xxxxx.", false},
    {"GET",   "/api/v1/incidents",                    "incidents.list",      ".xxxx.", false},
    {"GET",   "/api/v1/incidents/17",                 "incidents.get",       ".xxxx.", false},
    {"GET",   "/api/v1/calls",                        "calls.list",          ".xxx..", false},
    {"GET",   "/api/v1/calls/9",                      "calls.get",           ".xxx..", false},
    {"GET",   "/api/v1/forecasts",                    "forecasts.list",      ".xxxx.", false},
    {"GET",   "/api/v1/forecasts/3",                  "forecasts.get",       ".xxxx.", false},
    {"GET",   "/api/v1/forecasts/3/reasons",          "forecasts.reasons",   ".xx...", false},
    {"GET",   "/api/v1/backtests",                    "backtests.list",      ".xx...", false},
    {"GET",   "/api/v1/backtests/2",                  "backtests.get",       ".xx...", false},
    {"GET",   "/api/v1/patrol-plans",                 "patrol_plans.list",   ".xxxx.", false},
    {"GET",   "/api/v1/patrol-plans/5",               "patrol_plans.get",    ".xxxx.", false},
    {"POST",  "/api/v1/patrol-plans",                 "patrol_plans.create", ".x....", false},
    {"GET",   "/api/v1/statistics",                   "statistics.get",      ".xx...", false},
    {"GET",   "/api/v1/stream",                       "stream.events",       ".xxxx.", false},
    {"POST",  "/api/v1/ingest/slmpd",                 "ingest.record",       "x..x..", false},
    {"POST",  "/api/v1/ingest/slmpd/bulk",            "ingest.bulk",         "x.....", false},
    {"POST",  "/api/v1/units/car-12/position",        "units.position",      "...xx.", false},
    {"GET",   "/api/v1/units/car-12/track",           "units.track",         ".x.x..", true},
    {"GET",   "/api/v1/persons-of-interest",          "persons.list",        ".xx...", true},
    {"GET",   "/api/v1/persons-of-interest/11",       "persons.get",         ".xx...", true},
    {"GET",   "/api/v1/plate-reads",                  "plate_reads.list",    ".xx...", true},
    {"GET",   "/api/v1/plate-reads/8",                "plate_reads.get",     ".xx...", true},
    {"GET",   "/api/v1/relations",                    "relations.list",      ".xx...", true},
    {"GET",   "/api/v1/relations/4/links",            "relations.links",     "..x...", true},
    {"GET",   "/api/v1/users",                        "users.list",          "x.....", false},
    {"POST",  "/api/v1/users",                        "users.create",        "x.....", false},
    {"GET",   "/api/v1/users/21",                     "users.get",           "x.....", false},
    {"PATCH", "/api/v1/users/21",                     "users.update",        "x.....", false},
    {"POST",  "/api/v1/users/21/disable",             "users.disable",       "x.....", false},
    {"GET",   "/api/v1/audit",                        "audit.query",         ".....x", false},
    {"GET",   "/api/v1/audit/verify",                 "audit.verify",        ".....x", false},
};
// clang-format on

TEST(PolicyTest, EveryRouteIsInTheExpectationMatrixOnce) {
  std::set<std::string> expected_ids;
  for (const Expected& e : kExpected)
    EXPECT_TRUE(expected_ids.insert(e.route_id).second) << e.route_id;
  std::set<std::string> table_ids;
  for (const RoutePolicy& r : RoutePolicies()) {
    EXPECT_TRUE(table_ids.insert(std::string(r.id)).second) << "duplicate id " << r.id;
  }
  EXPECT_EQ(expected_ids, table_ids);
}

TEST(PolicyTest, EveryRoleOnEveryRouteMatchesTheMatrix) {
  int checked = 0;
  for (const Expected& e : kExpected) {
    const std::string roles = e.roles;
    for (Role role : AllRoles()) {
      const Decision d = Authorize(role, e.method, e.path);
      SCOPED_TRACE(std::string(e.method) + " " + e.path + " as " + RoleName(role));
      EXPECT_TRUE(d.route_found);
      EXPECT_EQ(d.route_id, e.route_id);
      const bool allowed = roles == "public" || roles[static_cast<std::size_t>(role)] == 'x';
      EXPECT_EQ(d.allowed, allowed);
      EXPECT_EQ(d.is_public, roles == "public");
      EXPECT_EQ(d.personal_data, e.personal);
      EXPECT_EQ(d.purpose_required, e.personal);
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(RoutePolicies().size()) * kRoleCount);
}

// The live stream's filter reads the same matrix by route id; unknown ids reach nobody.
TEST(PolicyTest, RoleMayCallByRouteIdMatchesTheMatrix) {
  for (const Expected& e : kExpected) {
    const std::string roles = e.roles;
    for (Role role : AllRoles()) {
      const bool allowed = roles == "public" || roles[static_cast<std::size_t>(role)] == 'x';
      EXPECT_EQ(RoleMayCall(role, e.route_id), allowed) << e.route_id << " as " << RoleName(role);
    }
  }
  for (Role role : AllRoles()) {
    EXPECT_FALSE(RoleMayCall(role, "calls"));
    EXPECT_FALSE(RoleMayCall(role, ""));
  }
  EXPECT_FALSE(RoleMayCall(Role::kPatrolOfficer, "calls.get"));
  EXPECT_TRUE(RoleMayCall(Role::kDispatcher, "calls.get"));
}

TEST(PolicyTest, UnknownAndMalformedRoutesAreDeniedForEveryRole) {
  const std::pair<const char*, const char*> unknown[] = {
      {"GET", "/api/v1/secrets"},        {"DELETE", "/api/v1/incidents/17"},
      {"GET", "/api/v1/incidents/"},     {"GET", "/api/v1/incidents/17/extra"},
      {"GET", "/api/v1/audit/../users"}, {"GET", "/api/v1/users/.."},
      {"GET", "/api/v1//incidents"},     {"get", "/api/v1/incidents"},
      {"GET", "api/v1/incidents"},       {"GET", ""},
      {"PUT", "/api/v1/users/21"},       {"GET", "/api/v2/incidents"},
      {"GET", "/API/V1/INCIDENTS"},      {"POST", "/api/v1/auth/sign-in/x"},
  };
  for (const auto& [method, path] : unknown) {
    for (Role role : AllRoles()) {
      const Decision d = Authorize(role, method, path);
      EXPECT_FALSE(d.allowed) << method << " " << path;
      EXPECT_FALSE(d.route_found) << method << " " << path;
    }
  }
  // A query string does not change the route.
  EXPECT_TRUE(Authorize(Role::kAnalyst, "GET", "/api/v1/incidents?from=2020-01-01").allowed);
}

class AccessTest : public SecurityTest {
 protected:
  void SetUp() override {
    SecurityTest::SetUp();
    sessions_ = std::make_unique<SessionStore>(*db_, clock_);
    const User analyst = MakeUser("jane", Role::kAnalyst, "a long enough password");
    token_ = *sessions_->Create(analyst.id);
  }
  AccessOutcome Outcome(const std::string& token, const char* method, const char* path,
                        const char* purpose = "") {
    auto access = AuthenticateAndAuthorize(*sessions_, token, method, path, purpose);
    EXPECT_TRUE(access.ok());
    return access.ok() ? access->outcome : AccessOutcome::kForbidden;
  }
  std::unique_ptr<SessionStore> sessions_;
  std::string token_;
};

TEST_F(AccessTest, FlowsThroughTheFacade) {
  EXPECT_EQ(Outcome("", "POST", "/api/v1/auth/sign-in"), AccessOutcome::kAllowed);
  EXPECT_EQ(Outcome("", "GET", "/api/v1/incidents"), AccessOutcome::kNoToken);
  EXPECT_EQ(Outcome(std::string(64, 'c'), "GET", "/api/v1/incidents"),
            AccessOutcome::kUnknownSession);
  EXPECT_EQ(Outcome(token_, "GET", "/api/v1/nothing"), AccessOutcome::kNoRoute);
  EXPECT_EQ(Outcome(token_, "GET", "/api/v1/incidents"), AccessOutcome::kAllowed);
  EXPECT_EQ(Outcome(token_, "GET", "/api/v1/users"), AccessOutcome::kForbidden);
  EXPECT_EQ(Outcome(token_, "GET", "/api/v1/persons-of-interest/3"),
            AccessOutcome::kPurposeRequired);
  EXPECT_EQ(Outcome(token_, "GET", "/api/v1/persons-of-interest/3", "  "),
            AccessOutcome::kPurposeRequired);
  auto access = AuthenticateAndAuthorize(*sessions_, token_, "GET", "/api/v1/persons-of-interest/3",
                                         "case 2026-1142 burglary series");
  ASSERT_TRUE(access.ok());
  EXPECT_EQ(access->outcome, AccessOutcome::kAllowed);
  EXPECT_EQ(access->principal.user_name, "jane");
  EXPECT_TRUE(access->decision.personal_data);
  EXPECT_EQ(access->decision.route_id, "persons.get");
}

TEST_F(AccessTest, ExpiredAndRevokedTokensAreRefused) {
  clock_.Advance(900);
  EXPECT_EQ(Outcome(token_, "GET", "/api/v1/incidents"), AccessOutcome::kSessionExpired);
  const std::string fresh = *sessions_->Create(users_->FindUser("jane")->id);
  EXPECT_EQ(Outcome(fresh, "GET", "/api/v1/incidents"), AccessOutcome::kAllowed);
  ASSERT_TRUE(sessions_->Revoke(fresh).ok());
  EXPECT_EQ(Outcome(fresh, "GET", "/api/v1/incidents"), AccessOutcome::kSessionRevoked);
}

}  // namespace
}  // namespace vigil::security
