// The authorisation policy: one table of routes (method, path pattern), each with the roles
// allowed to call it and whether it serves personal data and needs a stated purpose. Anything
// not in the table is denied. The table is documented in docs/security.md (a test keeps the
// two in step).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "security/users.h"

namespace vigil::security {

// Bit of a role in RoutePolicy::roles.
constexpr std::uint32_t RoleBit(Role role) { return 1u << static_cast<unsigned>(role); }

struct RoutePolicy {
  std::string_view id;       // stable identifier, e.g. "incidents.list"
  std::string_view method;   // "GET", "POST", "PATCH", "DELETE"
  std::string_view pattern;  // "/api/v1/areas/{id}": literal segments, {name} matches one segment
  std::uint32_t roles;       // RoleBit()s of the roles allowed; ignored when is_public
  bool is_public;            // callable without a session (sign-in only)
  bool personal_data;        // serves data about identifiable people (persons, plates, relations)
  bool purpose_required;     // the caller must state a purpose, which is audited
};

// The whole table, in documentation order.
std::span<const RoutePolicy> RoutePolicies();

struct Decision {
  bool allowed = false;      // deny by default
  bool route_found = false;  // false when no route matches (the server answers 404)
  bool is_public = false;
  bool personal_data = false;
  bool purpose_required = false;
  std::string_view route_id;  // empty when no route matches
};

// Finds the route for `method` and `path` ("/api/v1/incidents/17"; a query string is ignored)
// and decides whether `role` may call it. Paths with empty, "." or ".." segments or a trailing
// slash match nothing.
Decision Authorize(Role role, std::string_view method, std::string_view path);
// The route matching `method` and `path`, or nullptr.
const RoutePolicy* FindRoute(std::string_view method, std::string_view path);

// True when `role` may call the route with id `route_id` ("incidents.get"); false for an
// unknown id (deny by default). Decides what a role may receive on the live stream, whose
// events each carry the id of the route that serves the same data.
bool RoleMayCall(Role role, std::string_view route_id);

}  // namespace vigil::security
