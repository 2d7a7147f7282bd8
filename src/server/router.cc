#include "server/router.h"

#include <exception>

#include "security/access.h"

namespace vigil::server {
namespace {

// Values of the pattern's {name} segments in `path` (which the policy matched already).
std::map<std::string, std::string> PathArgs(std::string_view pattern, std::string_view path) {
  std::map<std::string, std::string> args;
  while (!pattern.empty() && !path.empty()) {
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const std::size_t pe = pattern.find('/');
    const std::size_t qe = path.find('/');
    const std::string_view ps = pattern.substr(0, pe);
    const std::string_view qs = path.substr(0, qe);
    if (ps.size() > 2 && ps.front() == '{' && ps.back() == '}') {
      args.emplace(std::string(ps.substr(1, ps.size() - 2)), std::string(qs));
    }
    pattern = pe == std::string_view::npos ? std::string_view() : pattern.substr(pe);
    path = qe == std::string_view::npos ? std::string_view() : path.substr(qe);
  }
  return args;
}

bool IsChange(std::string_view method) { return method != "GET" && method != "HEAD"; }

}  // namespace

void Router::Add(std::string_view route_id, Handler handler) {
  if (!handlers_.emplace(std::string(route_id), std::move(handler)).second) {
    duplicates_.emplace_back(route_id);
  }
}

std::vector<std::string> Router::Coverage() const {
  std::vector<std::string> problems;
  for (const std::string& id : duplicates_) {
    problems.push_back("route " + id + " has two handlers");
  }
  for (const security::RoutePolicy& route : security::RoutePolicies()) {
    if (handlers_.find(route.id) == handlers_.end()) {
      problems.push_back("policy route " + std::string(route.id) + " has no handler");
    }
  }
  for (const auto& [id, handler] : handlers_) {
    bool found = false;
    for (const security::RoutePolicy& route : security::RoutePolicies()) {
      found = found || route.id == id;
    }
    if (!found) problems.push_back("handler " + id + " has no policy route");
  }
  return problems;
}

std::vector<std::string> Router::RouteIds() const {
  std::vector<std::string> ids;
  for (const auto& [id, handler] : handlers_) ids.push_back(id);
  return ids;
}

std::optional<ApiResponse> Router::Admit(ApiRequest& request, Backend& backend) const {
  auto access = security::AuthenticateAndAuthorize(backend.sessions, request.token, request.method,
                                                   request.path, request.purpose);
  if (!access.ok()) return ErrorResponse(ApiError::kInternal, "internal error");
  if (access->outcome == security::AccessOutcome::kNoRoute) {
    return ErrorResponse(ApiError::kNoRoute, "no route for " + request.method + " " + request.path);
  }
  request.route = security::FindRoute(request.method, request.path);
  request.args = PathArgs(request.route->pattern, request.path);
  if (access->session == security::SessionStatus::kValid) {
    request.principal = access->principal;
    request.signed_in = true;
  }
  if (access->outcome == security::AccessOutcome::kAllowed) return std::nullopt;
  const ApiError error = FromAccessOutcome(access->outcome);
  if (request.signed_in) {
    // A signed-in user asking for what their role may not have is worth an audit record.
    auto event = AuditEventFor(request, request.method, "denied");
    event.details = nlohmann::json{{"reason", security::AccessOutcomeName(access->outcome)}}.dump();
    (void)backend.audit.Append(event);
  }
  return ErrorResponse(error, std::string(Describe(error).meaning));
}

ApiResponse Router::Handle(ApiRequest& request, Backend& backend, Services& services) const {
  if (auto refused = Admit(request, backend)) return *refused;
  auto it = handlers_.find(request.route->id);
  if (it == handlers_.end()) {
    return ErrorResponse(ApiError::kNotImplemented,
                         "no handler for " + std::string(request.route->id));
  }
  // Every change is audited: an "attempted" record before it (no record, no change) and its
  // outcome after it. Sign-in audits itself with more detail.
  const bool audited_change = IsChange(request.method) && request.route->id != "auth.sign_in";
  if (audited_change) {
    auto intent = AuditEventFor(request, std::string(request.route->id), "attempted");
    if (!backend.audit.Append(intent).ok()) {
      return ErrorResponse(ApiError::kAuditUnavailable,
                           "the change was refused because its audit record could not be written");
    }
  }
  HandlerContext context{request, backend, services};
  ApiResponse response;
  try {
    response = it->second(context);
  } catch (const std::exception& e) {
    // A bug in a handler: answer 500 and keep serving.
    response = ErrorResponse(ApiError::kInternal, "internal error");
  }
  if (audited_change) {
    auto event = AuditEventFor(request, std::string(request.route->id),
                               response.status < 400 ? "ok" : "failed");
    event.details = nlohmann::json{{"status", response.status}}.dump();
    // The change is made; an outcome that cannot be written leaves the "attempted" record,
    // which an auditor reads as an outcome unknown.
    (void)backend.audit.Append(event);
  }
  return response;
}

}  // namespace vigil::server
