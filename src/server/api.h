// What handlers see and return: a parsed, authenticated request and a response to render.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"
#include "security/audit_log.h"
#include "security/policy.h"
#include "security/sessions.h"
#include "server/error_catalogue.h"

namespace vigil::server {

struct ApiRequest {
  std::string method;                         // "GET", "POST", ...
  std::string path;                           // decoded path, no query string
  std::map<std::string, std::string> params;  // decoded query parameters
  std::map<std::string, std::string> args;    // values of the route's {name} segments
  std::string body;
  std::string content_type;                      // media type without parameters, lower case
  std::string remote_address;                    // client address as the server saw it
  std::string token;                             // bearer token, "" when none
  std::string purpose;                           // X-Vigil-Purpose, "" when none
  bool accepts_gzip = false;                     // Accept-Encoding lists gzip
  const security::RoutePolicy* route = nullptr;  // set once routed
  security::Principal principal;                 // set when signed in
  bool signed_in = false;
};

struct ApiResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string content_encoding;  // "gzip" when `body` is compressed, else ""
  std::string body;
};

ApiResponse JsonResponse(const nlohmann::json& body, unsigned status = 200);
// {"error": {"code": public code, "message": message, "details": details}} with the
// catalogue's HTTP status.
ApiResponse ErrorResponse(ApiError error, const std::string& message,
                          const nlohmann::json& details = nullptr);
// An engine or store error, mapped through the catalogue.
ApiResponse ErrorResponse(const Error& error);

// An audit event for `request` with who, from where and the purpose filled in.
security::AuditEvent AuditEventFor(const ApiRequest& request, std::string action,
                                   std::string outcome);

}  // namespace vigil::server
