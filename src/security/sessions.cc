#include "security/sessions.h"

#include <algorithm>

#include "security/crypto.h"

namespace vigil::security {
namespace {

constexpr std::size_t kTokenBytes = 32;

// The stored key of a token; nullopt when the token cannot be one of ours.
std::optional<Sha256Digest> TokenKey(std::string_view token) {
  if (token.size() != kTokenBytes * 2) return std::nullopt;
  for (char c : token) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  return Sha256(token);
}

void BindDigest(sqlite::Statement& stmt, int index, const Sha256Digest& digest) {
  stmt.BindText(index, ToHex(digest));
}

}  // namespace

const char* SessionStatusName(SessionStatus status) {
  switch (status) {
    case SessionStatus::kValid: return "valid";
    case SessionStatus::kUnknown: return "unknown";
    case SessionStatus::kExpiredIdle: return "expired_idle";
    case SessionStatus::kExpiredAbsolute: return "expired_absolute";
    case SessionStatus::kRevoked: return "revoked";
    case SessionStatus::kUserDisabled: return "user_disabled";
  }
  return "unknown";
}

Status SessionOptions::Validate() const {
  if (idle_timeout_s < 1 || absolute_lifetime_s < 1) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "idle_timeout_s and absolute_lifetime_s must be positive");
  }
  if (idle_timeout_s > absolute_lifetime_s) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "idle_timeout_s must not exceed absolute_lifetime_s");
  }
  if (touch_interval_s < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "touch_interval_s must not be negative");
  }
  return Status::Ok();
}

SessionStore::SessionStore(sqlite::Database& db, const Clock& clock, SessionOptions options)
    : db_(db), clock_(clock), options_(options) {
  EnsureSodium();
}

Result<std::string> SessionStore::Create(std::int64_t user_id) {
  VIGIL_RETURN_IF_ERROR(options_.Validate());
  std::string token = RandomHex(kTokenBytes);
  const UnixSeconds now = clock_.Now();
  auto stmt = db_.Prepare(
      "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) "
      "VALUES (?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.error();
  BindDigest(*stmt, 1, Sha256(token));
  stmt->BindInt(2, user_id);
  stmt->BindInt(3, now);
  stmt->BindInt(4, now);
  VIGIL_RETURN_IF_ERROR(stmt->Run());
  return token;
}

Result<SessionCheck> SessionStore::Validate(std::string_view token) { return Check(token, true); }

Result<SessionCheck> SessionStore::Peek(std::string_view token) { return Check(token, false); }

Result<SessionCheck> SessionStore::Check(std::string_view token, bool touch) {
  const auto key = TokenKey(token);
  if (!key) return SessionCheck{.status = SessionStatus::kUnknown};
  const UnixSeconds now = clock_.Now();
  auto stmt = db_.Prepare(
      "SELECT s.user_id, s.created_at, s.last_seen_at, s.revoked_at IS NOT NULL, u.name, u.role, "
      "u.disabled FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ?");
  if (!stmt.ok()) return stmt.error();
  BindDigest(*stmt, 1, *key);
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return SessionCheck{.status = SessionStatus::kUnknown};
  if (stmt->ColumnInt(3) != 0) return SessionCheck{.status = SessionStatus::kRevoked};
  if (stmt->ColumnInt(6) != 0) return SessionCheck{.status = SessionStatus::kUserDisabled};
  if (now - stmt->ColumnInt(1) >= options_.absolute_lifetime_s) {
    return SessionCheck{.status = SessionStatus::kExpiredAbsolute};
  }
  if (now - stmt->ColumnInt(2) >= options_.idle_timeout_s) {
    return SessionCheck{.status = SessionStatus::kExpiredIdle};
  }
  auto role = ParseRole(stmt->ColumnText(5));
  if (!role.ok()) return MakeError(ErrorCode::kCorrupt, "users: " + role.error().message);
  SessionCheck check{
      .status = SessionStatus::kValid,
      .principal = Principal{
          .user_id = stmt->ColumnInt(0), .user_name = stmt->ColumnText(4), .role = *role}};
  const UnixSeconds last_seen = stmt->ColumnInt(2);
  // End the read before writing: upgrading a read transaction to a write fails at once
  // (SQLITE_BUSY) when another connection committed in between.
  stmt->Reset();
  const UnixSeconds interval = std::min(options_.touch_interval_s, options_.idle_timeout_s / 10);
  if (!touch || now - last_seen < interval) return check;
  auto update = db_.Prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
  if (!update.ok()) return update.error();
  update->BindInt(1, now);
  BindDigest(*update, 2, *key);
  VIGIL_RETURN_IF_ERROR(update->Run());
  return check;
}

Status SessionStore::Revoke(std::string_view token) {
  const auto key = TokenKey(token);
  if (!key) return MakeError(ErrorCode::kNotFound, "no such session");
  auto stmt =
      db_.Prepare("UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE token_hash = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->BindInt(1, clock_.Now());
  BindDigest(*stmt, 2, *key);
  VIGIL_RETURN_IF_ERROR(stmt->Run());
  if (sqlite3_changes(db_.handle()) == 0) return MakeError(ErrorCode::kNotFound, "no such session");
  return Status::Ok();
}

Result<std::int64_t> SessionStore::RevokeAllForUser(std::int64_t user_id) {
  auto stmt =
      db_.Prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");
  if (!stmt.ok()) return stmt.error();
  stmt->BindInt(1, clock_.Now());
  stmt->BindInt(2, user_id);
  VIGIL_RETURN_IF_ERROR(stmt->Run());
  return static_cast<std::int64_t>(sqlite3_changes(db_.handle()));
}

}  // namespace vigil::security
