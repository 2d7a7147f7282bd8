#include "server/api.h"

namespace vigil::server {

ApiResponse JsonResponse(const nlohmann::json& body, unsigned status) {
  return ApiResponse{.status = status,
                     .content_type = "application/json",
                     .body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

ApiResponse ErrorResponse(ApiError error, const std::string& message,
                          const nlohmann::json& details) {
  const ApiErrorInfo& info = Describe(error);
  nlohmann::json body = {
      {"error", {{"code", std::string(info.public_code)}, {"message", message}}}};
  if (!details.is_null()) body["error"]["details"] = details;
  return JsonResponse(body, info.http_status);
}

ApiResponse ErrorResponse(const Error& error) {
  const ApiError api = FromErrorCode(error.code);
  // Store failures are not described to clients beyond the catalogue's words.
  if (api == ApiError::kInternal) return ErrorResponse(api, "internal error");
  return ErrorResponse(api, error.message);
}

security::AuditEvent AuditEventFor(const ApiRequest& request, std::string action,
                                   std::string outcome) {
  security::AuditEvent event;
  if (request.signed_in) {
    event.user = request.principal.user_name;
    event.role = security::RoleName(request.principal.role);
  }
  event.source_address = request.remote_address;
  event.action = std::move(action);
  event.resource =
      (request.route != nullptr ? std::string(request.route->id) + " " : "") + request.path;
  event.purpose = request.purpose;
  event.outcome = std::move(outcome);
  return event;
}

}  // namespace vigil::server
