// Maps every route of the security policy table to a handler, authenticates and authorises
// each request through security::AuthenticateAndAuthorize, and records changes and denials in
// the audit trail. Holds no security logic of its own.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api.h"
#include "server/backend.h"
#include "server/event_hub.h"
#include "server/options.h"

namespace vigil::server {

class LayerCache;
struct RoadService;

// Shared, thread-safe services handlers may use beside their Backend.
struct Services {
  const ServerOptions* options = nullptr;
  const security::Clock* clock = nullptr;
  EventHub* events = nullptr;
  LayerCache* layers = nullptr;
  const RoadService* roads = nullptr;  // null when the server has no road file
};

struct HandlerContext {
  ApiRequest& request;
  Backend& backend;
  Services& services;
};

using Handler = std::function<ApiResponse(HandlerContext&)>;

class Router {
 public:
  // Registers the handler of policy route `route_id`. Registering an id twice, or one the
  // policy table does not have, is a bug: Coverage() reports it.
  void Add(std::string_view route_id, Handler handler);

  // Problems between the handlers and the policy table: policy routes without a handler and
  // handlers without a policy route, one sentence each. Empty when they match.
  std::vector<std::string> Coverage() const;

  // Authenticates, authorises and runs the handler. `request` has method, path, params,
  // headers and body filled in; Handle fills route, args and principal.
  ApiResponse Handle(ApiRequest& request, Backend& backend, Services& services) const;

  // The authentication and authorisation part of Handle alone: nullopt when the request may
  // go ahead (request.route, args and principal are then filled in), else the error response.
  // The WebSocket upgrade uses it before accepting.
  std::optional<ApiResponse> Admit(ApiRequest& request, Backend& backend) const;

  // The route ids with handlers, sorted.
  std::vector<std::string> RouteIds() const;

 private:
  std::map<std::string, Handler, std::less<>> handlers_;
  std::vector<std::string> duplicates_;
};

// The router with every handler of the API registered (handlers_*.cc).
Router MakeApiRouter();

}  // namespace vigil::server
