// From a Beast request to an ApiResponse: parse the target and headers, then route /api/
// paths through the Router (with a borrowed Backend) and other GET paths to the web root.
#pragma once

#include <boost/beast/http.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "server/api.h"
#include "server/backend.h"
#include "server/router.h"

namespace vigil::server {

// Everything a connection needs from the server. Thread-safe (each member is).
struct ServerShared {
  const ServerOptions* options = nullptr;
  const Router* router = nullptr;
  BackendPool* pool = nullptr;
  Services* services = nullptr;
};

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The ApiRequest of a Beast request; kInvalidArgument when the target is malformed.
Result<ApiRequest> ToApiRequest(const BeastRequest& request, const std::string& remote_address);

// The stream's WebSocket subprotocol, answered when the client offers it.
inline constexpr std::string_view kStreamSubprotocol = "vigil.v1";

// WebSocket subprotocols offered in a Sec-WebSocket-Protocol header (comma-separated, trimmed).
// Browsers cannot set an Authorization header on a WebSocket, so the stream also takes the
// session token as an offered subprotocol "bearer.<token>"; BearerSubprotocolToken returns
// that token, or "" when none is offered.
std::vector<std::string> OfferedSubprotocols(std::string_view header);
std::string BearerSubprotocolToken(std::string_view header);

// Serves one request.
ApiResponse Dispatch(const ServerShared& shared, const BeastRequest& request,
                     const std::string& remote_address);

// Renders `response` for `request` (version, keep-alive, security headers).
BeastResponse ToBeastResponse(const ApiResponse& response, unsigned version, bool keep_alive);

}  // namespace vigil::server
