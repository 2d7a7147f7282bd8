// Sessions: opaque random bearer tokens (32 bytes from randombytes_buf, 64 hex characters).
// Only the SHA-256 of a token is stored (table sessions), so a copy of the store does not
// yield usable tokens. A session ends after an idle timeout, an absolute lifetime, sign-out
// (revocation), or when its user is disabled.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "security/clock.h"
#include "security/users.h"
#include "store/sqlite_db.h"

namespace vigil::security {

struct SessionOptions {
  // A session unused for this long ends, seconds. Default 900 (15 minutes).
  UnixSeconds idle_timeout_s = 900;
  // A session ends this long after sign-in whatever its use, seconds. Default 43200 (12 h).
  UnixSeconds absolute_lifetime_s = 43'200;
  // The idle timer restarts at most this often, seconds: a use within this long of the last
  // recorded one writes nothing, so a busy client costs one store write per interval instead
  // of one per request. A session may thus end up to this much before idle_timeout_s after
  // its last use. Default 15; 0 records every use; capped at idle_timeout_s / 10.
  UnixSeconds touch_interval_s = 15;

  Status Validate() const;
};

enum class SessionStatus {
  kValid,
  kUnknown,          // no session has this token (or the token is malformed)
  kExpiredIdle,      // unused for longer than idle_timeout_s
  kExpiredAbsolute,  // older than absolute_lifetime_s
  kRevoked,          // signed out or revoked
  kUserDisabled,     // the user was disabled after signing in
};
// Stable name ("expired_idle", ...), used in audit records and error bodies.
const char* SessionStatusName(SessionStatus status);

// Who a valid session belongs to.
struct Principal {
  std::int64_t user_id = 0;
  std::string user_name;
  Role role = Role::kPatrolOfficer;
};

struct SessionCheck {
  SessionStatus status = SessionStatus::kUnknown;
  Principal principal;  // set when status is kValid
};

// Not thread-safe: one SessionStore per connection. The database and clock must outlive it.
class SessionStore {
 public:
  SessionStore(sqlite::Database& db, const Clock& clock, SessionOptions options = {});

  // Starts a session for a user and returns its token. The token is shown once, never stored.
  Result<std::string> Create(std::int64_t user_id);
  // Checks a token; a valid session's idle timer restarts. Errors are only store failures.
  Result<SessionCheck> Validate(std::string_view token);
  // Checks a token as Validate does but leaves the idle timer alone: for re-checking a
  // long-lived connection (the event stream), which is not itself a use of the session.
  Result<SessionCheck> Peek(std::string_view token);
  // Ends a session (sign-out). kNotFound when no session has this token; revoking twice is ok.
  Status Revoke(std::string_view token);
  // Ends every session of a user (password change, disable). Returns how many were live.
  Result<std::int64_t> RevokeAllForUser(std::int64_t user_id);

 private:
  Result<SessionCheck> Check(std::string_view token, bool touch);

  sqlite::Database& db_;
  const Clock& clock_;
  SessionOptions options_;
};

}  // namespace vigil::security
