// The one call the HTTP server makes per request: authenticate the bearer token, find the
// route, authorise the role, and check that a purpose was stated where one is required.
#pragma once

#include <string_view>

#include "core/result.h"
#include "security/policy.h"
#include "security/sessions.h"

namespace vigil::security {

enum class AccessOutcome {
  kAllowed,
  kNoRoute,          // no route matches (HTTP 404)
  kNoToken,          // a session is needed and none was given (401)
  kUnknownSession,   // the token matches no session (401)
  kSessionExpired,   // idle or absolute expiry (401)
  kSessionRevoked,   // signed out, or the user was disabled (401)
  kForbidden,        // the role may not call the route (403)
  kPurposeRequired,  // personal data asked for without a stated purpose (400)
};
// Stable name ("session_expired", ...), for error bodies and audit records.
const char* AccessOutcomeName(AccessOutcome outcome);

struct Access {
  AccessOutcome outcome = AccessOutcome::kForbidden;
  SessionStatus session = SessionStatus::kUnknown;  // what the token check said
  Principal principal;                              // set when the session was valid
  Decision decision;                                // the route found and the policy's answer
};

// `token` is the bearer token ("" when absent); `purpose` the stated purpose ("" when none).
// Checks in this order: route exists, public route, token present and valid, role allowed,
// purpose. Errors are only store failures (the server answers 500 and serves nothing).
Result<Access> AuthenticateAndAuthorize(SessionStore& sessions, std::string_view token,
                                        std::string_view method, std::string_view path,
                                        std::string_view purpose);

}  // namespace vigil::security
