#include "server/error_catalogue.h"

#include <array>

namespace vigil::server {
namespace {

// clang-format off
constexpr std::array kCatalogue = std::to_array<ApiErrorInfo>({
  {ApiError::kBadRequest,         400, "bad_request",         "a query parameter or body field is malformed or out of range"},
  {ApiError::kMalformedJson,      400, "malformed_json",      "the body is not valid JSON or is nested deeper than 64 levels"},
  {ApiError::kBodyTooLarge,       413, "body_too_large",      "the body exceeds the server's limit (--max-body-bytes)"},
  {ApiError::kHeaderTooLarge,     431, "header_too_large",    "the request line and headers exceed the server's limit"},
  {ApiError::kBadRequestSyntax,   400, "bad_http",            "the request is not parseable HTTP/1.1"},
  {ApiError::kNoToken,            401, "no_token",            "the route needs a session; send Authorization: Bearer <token>"},
  {ApiError::kUnknownSession,     401, "unknown_session",     "the bearer token matches no session"},
  {ApiError::kSessionExpired,     401, "session_expired",     "the session ended after its idle timeout or absolute lifetime"},
  {ApiError::kSessionRevoked,     401, "session_revoked",     "the session was signed out, or its user was disabled"},
  {ApiError::kBadCredentials,     401, "bad_credentials",     "sign-in refused: unknown user or wrong password"},
  {ApiError::kAccountLocked,      423, "account_locked",      "sign-in refused: too many recent failures; retry after the lock ends"},
  {ApiError::kAccountDisabled,    403, "account_disabled",    "sign-in refused: the account is disabled"},
  {ApiError::kForbidden,          403, "forbidden",           "the caller's role may not call this route"},
  {ApiError::kPurposeRequired,    400, "purpose_required",    "personal data needs a stated purpose in X-Vigil-Purpose"},
  {ApiError::kNoRoute,            404, "no_route",            "no route or static file matches the method and path"},
  {ApiError::kNotFound,           404, "not_found",           "the named record does not exist"},
  {ApiError::kConflict,           409, "conflict",            "a record with this key already exists"},
  {ApiError::kFailedPrecondition, 409, "failed_precondition", "the operation is not valid in the current state"},
  {ApiError::kRejected,           422, "rejected",            "the record failed ingest validation; details name the field"},
  {ApiError::kUnsupportedMedia,   415, "unsupported_media",   "the body's Content-Type is not accepted by this route"},
  {ApiError::kAuditUnavailable,   503, "audit_unavailable",   "personal data, a change or a sign-in refused because its audit record could not be written"},
  {ApiError::kNotImplemented,     501, "not_implemented",     "the route is authorised but no engine serves it yet"},
  {ApiError::kInternal,           500, "internal",            "a store failure or a bug; nothing was served or changed"},
});
// clang-format on

constexpr bool InEnumOrder() {
  for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
    if (static_cast<std::size_t>(kCatalogue[i].error) != i) return false;
  }
  return true;
}
static_assert(kCatalogue.size() == kApiErrorCount, "one catalogue row per ApiError");
static_assert(static_cast<int>(ApiError::kInternal) + 1 == kApiErrorCount,
              "kApiErrorCount must follow the enum");
static_assert(InEnumOrder(), "catalogue rows must be in ApiError order");

}  // namespace

const ApiErrorInfo& Describe(ApiError error) { return kCatalogue[static_cast<std::size_t>(error)]; }

std::span<const ApiErrorInfo> ApiErrorCatalogue() { return kCatalogue; }

ApiError FromErrorCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return ApiError::kBadRequest;
    case ErrorCode::kNotFound: return ApiError::kNotFound;
    case ErrorCode::kAlreadyExists: return ApiError::kConflict;
    case ErrorCode::kFailedPrecondition: return ApiError::kFailedPrecondition;
    case ErrorCode::kUnsupported: return ApiError::kNotImplemented;
    case ErrorCode::kIo:
    case ErrorCode::kCorrupt:
    case ErrorCode::kInternal: return ApiError::kInternal;
  }
  return ApiError::kInternal;
}

ApiError FromAccessOutcome(security::AccessOutcome outcome) {
  using security::AccessOutcome;
  switch (outcome) {
    case AccessOutcome::kNoRoute: return ApiError::kNoRoute;
    case AccessOutcome::kNoToken: return ApiError::kNoToken;
    case AccessOutcome::kUnknownSession: return ApiError::kUnknownSession;
    case AccessOutcome::kSessionExpired: return ApiError::kSessionExpired;
    case AccessOutcome::kSessionRevoked: return ApiError::kSessionRevoked;
    case AccessOutcome::kForbidden: return ApiError::kForbidden;
    case AccessOutcome::kPurposeRequired: return ApiError::kPurposeRequired;
    case AccessOutcome::kAllowed: break;
  }
  return ApiError::kInternal;
}

}  // namespace vigil::server
