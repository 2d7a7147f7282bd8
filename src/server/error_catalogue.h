// The one error catalogue of the API: each internal API error has an HTTP status and a stable
// public code (the "error.code" of every error body). Documented in docs/api.md; a
// static_assert in error_catalogue.cc keeps the table in step with the enum.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "security/access.h"

namespace vigil::server {

enum class ApiError {
  kBadRequest,          // a parameter or body field is malformed or out of range
  kMalformedJson,       // the body is not JSON, or nested too deep
  kBodyTooLarge,        // the body is longer than the server accepts
  kHeaderTooLarge,      // the request line and headers are longer than the server accepts
  kBadRequestSyntax,    // not a parseable HTTP/1.1 request
  kNoToken,             // a session is needed and no bearer token was given
  kUnknownSession,      // the token matches no session
  kSessionExpired,      // the session timed out (idle or absolute)
  kSessionRevoked,      // signed out, or the user was disabled
  kBadCredentials,      // sign-in refused: unknown user or wrong password
  kAccountLocked,       // sign-in refused: too many recent failures
  kAccountDisabled,     // sign-in refused: the account was disabled
  kForbidden,           // the role may not call the route
  kPurposeRequired,     // personal data asked for without X-Vigil-Purpose
  kNoRoute,             // no route (or static file) matches the method and path
  kNotFound,            // the route exists but the named record does not
  kConflict,            // a create would overwrite an existing record
  kFailedPrecondition,  // not valid in the current state (e.g. wrong old password)
  kRejected,            // an ingest record failed validation
  kUnsupportedMedia,    // the body's Content-Type is not accepted by the route
  kAuditUnavailable,    // personal data refused: its audit record could not be written
  kNotImplemented,      // the route is in the policy table but has no engine behind it yet
  kInternal,            // a bug or a store failure; nothing was served
};
inline constexpr int kApiErrorCount = 23;

struct ApiErrorInfo {
  ApiError error;
  unsigned http_status;          // 400, 401, ...
  std::string_view public_code;  // stable, lower snake case, e.g. "session_expired"
  std::string_view meaning;      // one line for docs/api.md
};

// The catalogue entry of `error`.
const ApiErrorInfo& Describe(ApiError error);
// The whole catalogue, in enum order.
std::span<const ApiErrorInfo> ApiErrorCatalogue();

// Maps a store / engine error code to the API error it is reported as.
ApiError FromErrorCode(ErrorCode code);
// Maps an access outcome other than kAllowed to its API error.
ApiError FromAccessOutcome(security::AccessOutcome outcome);

}  // namespace vigil::server
