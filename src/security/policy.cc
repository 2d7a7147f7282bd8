#include "security/policy.h"

#include <array>

namespace vigil::security {
namespace {

constexpr std::uint32_t kAd = RoleBit(Role::kAdministrator);
constexpr std::uint32_t kCo = RoleBit(Role::kCommander);
constexpr std::uint32_t kAn = RoleBit(Role::kAnalyst);
constexpr std::uint32_t kDi = RoleBit(Role::kDispatcher);
constexpr std::uint32_t kPo = RoleBit(Role::kPatrolOfficer);
constexpr std::uint32_t kAu = RoleBit(Role::kAuditor);
constexpr std::uint32_t kAll = kAd | kCo | kAn | kDi | kPo | kAu;
constexpr std::uint32_t kOperational = kCo | kAn | kDi | kPo;

// clang-format off
constexpr std::array kRoutes = std::to_array<RoutePolicy>({
  // id                        method   pattern                                  roles                    public personal purpose
  {"auth.sign_in",             "POST",  "/api/v1/auth/sign-in",                  0,                       true,  false, false},
  {"auth.sign_out",            "POST",  "/api/v1/auth/sign-out",                 kAll,                    false, false, false},
  {"account.password",         "POST",  "/api/v1/account/password",              kAll,                    false, false, false},
  {"areas.list",               "GET",   "/api/v1/areas",                         kAd | kOperational,      false, false, false},
  {"areas.get",                "GET",   "/api/v1/areas/{id}",                    kAd | kOperational,      false, false, false},
  {"layers.list",              "GET",   "/api/v1/layers",                        kAd | kOperational,      false, false, false},
  {"layers.get",               "GET",   "/api/v1/layers/{name}",                 kAd | kOperational,      false, false, false},
  {"incidents.list",           "GET",   "/api/v1/incidents",                     kOperational,            false, false, false},
  {"incidents.get",            "GET",   "/api/v1/incidents/{id}",                kOperational,            false, false, false},
  {"calls.list",               "GET",   "/api/v1/calls",                         kCo | kAn | kDi,         false, false, false},
  {"calls.get",                "GET",   "/api/v1/calls/{id}",                    kCo | kAn | kDi,         false, false, false},
  {"forecasts.list",           "GET",   "/api/v1/forecasts",                     kOperational,            false, false, false},
  {"forecasts.get",            "GET",   "/api/v1/forecasts/{id}",                kOperational,            false, false, false},
  {"forecasts.reasons",        "GET",   "/api/v1/forecasts/{id}/reasons",        kCo | kAn,               false, false, false},
  {"backtests.list",           "GET",   "/api/v1/backtests",                     kCo | kAn,               false, false, false},
  {"backtests.get",            "GET",   "/api/v1/backtests/{id}",                kCo | kAn,               false, false, false},
  {"patrol_plans.list",        "GET",   "/api/v1/patrol-plans",                  kOperational,            false, false, false},
  {"patrol_plans.get",         "GET",   "/api/v1/patrol-plans/{id}",             kOperational,            false, false, false},
  {"patrol_plans.create",      "POST",  "/api/v1/patrol-plans",                  kCo,                     false, false, false},
  {"statistics.get",           "GET",   "/api/v1/statistics",                    kCo | kAn,               false, false, false},
  {"stream.events",            "GET",   "/api/v1/stream",                        kOperational,            false, false, false},
  {"ingest.record",            "POST",  "/api/v1/ingest/{source}",               kAd | kDi,               false, false, false},
  {"ingest.bulk",              "POST",  "/api/v1/ingest/{source}/bulk",          kAd,                     false, false, false},
  {"units.position",           "POST",  "/api/v1/units/{id}/position",           kDi | kPo,               false, false, false},
  {"units.track",              "GET",   "/api/v1/units/{id}/track",              kCo | kDi,               false, true,  true},
  {"persons.list",             "GET",   "/api/v1/persons-of-interest",           kCo | kAn,               false, true,  true},
  {"persons.get",              "GET",   "/api/v1/persons-of-interest/{id}",      kCo | kAn,               false, true,  true},
  {"plate_reads.list",         "GET",   "/api/v1/plate-reads",                   kCo | kAn,               false, true,  true},
  {"plate_reads.get",          "GET",   "/api/v1/plate-reads/{id}",              kCo | kAn,               false, true,  true},
  {"relations.list",           "GET",   "/api/v1/relations",                     kCo | kAn,               false, true,  true},
  {"relations.links",          "GET",   "/api/v1/relations/{id}/links",          kAn,                     false, true,  true},
  {"users.list",               "GET",   "/api/v1/users",                         kAd,                     false, false, false},
  {"users.create",             "POST",  "/api/v1/users",                         kAd,                     false, false, false},
  {"users.get",                "GET",   "/api/v1/users/{id}",                    kAd,                     false, false, false},
  {"users.update",             "PATCH", "/api/v1/users/{id}",                    kAd,                     false, false, false},
  {"users.disable",            "POST",  "/api/v1/users/{id}/disable",            kAd,                     false, false, false},
  {"audit.query",              "GET",   "/api/v1/audit",                         kAu,                     false, false, false},
  {"audit.verify",             "GET",   "/api/v1/audit/verify",                  kAu,                     false, false, false},
});
// clang-format on

// Splits "/a/b" into segments; false on a malformed path.
bool NextSegment(std::string_view& rest, std::string_view* segment) {
  if (rest.empty() || rest.front() != '/') return false;
  rest.remove_prefix(1);
  const std::size_t end = rest.find('/');
  *segment = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  return true;
}

bool Matches(std::string_view pattern, std::string_view path) {
  std::string_view p = pattern;
  std::string_view q = path;
  while (!p.empty()) {
    std::string_view ps;
    std::string_view qs;
    if (!NextSegment(p, &ps) || !NextSegment(q, &qs)) return false;
    if (qs.empty() || qs == "." || qs == "..") return false;
    const bool wildcard = ps.size() > 2 && ps.front() == '{' && ps.back() == '}';
    if (!wildcard && ps != qs) return false;
  }
  return q.empty();
}

}  // namespace

std::span<const RoutePolicy> RoutePolicies() { return kRoutes; }

const RoutePolicy* FindRoute(std::string_view method, std::string_view path) {
  path = path.substr(0, path.find('?'));
  for (const RoutePolicy& route : kRoutes) {
    if (route.method == method && Matches(route.pattern, path)) return &route;
  }
  return nullptr;
}

bool RoleMayCall(Role role, std::string_view route_id) {
  for (const RoutePolicy& route : kRoutes) {
    if (route.id == route_id) return route.is_public || (route.roles & RoleBit(role)) != 0;
  }
  return false;
}

Decision Authorize(Role role, std::string_view method, std::string_view path) {
  const RoutePolicy* route = FindRoute(method, path);
  if (route == nullptr) return Decision{};
  return Decision{.allowed = route->is_public || (route->roles & RoleBit(role)) != 0,
                  .route_found = true,
                  .is_public = route->is_public,
                  .personal_data = route->personal_data,
                  .purpose_required = route->purpose_required,
                  .route_id = route->id};
}

}  // namespace vigil::security
