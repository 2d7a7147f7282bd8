// Users, roles and sign-in: Argon2id password hashes (libsodium crypto_pwhash_str), a password
// policy, and lockout after repeated failed sign-ins. Stored in the SQLite store (migration
// "security", tables users and sign_in_failures). See docs/security.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "security/clock.h"
#include "store/sqlite_db.h"

namespace vigil::security {

enum class Role : std::uint8_t {
  kAdministrator,
  kCommander,
  kAnalyst,
  kDispatcher,
  kPatrolOfficer,
  kAuditor,
};
inline constexpr int kRoleCount = 6;

// Stable name ("administrator", "patrol_officer", ...), used in the store, the CLI and the API.
const char* RoleName(Role role);
// Inverse of RoleName; kInvalidArgument naming the accepted names otherwise.
Result<Role> ParseRole(std::string_view name);
// Every role, in enum order.
std::vector<Role> AllRoles();

struct UserOptions {
  // Argon2id operations limit for new hashes. Default crypto_pwhash_OPSLIMIT_INTERACTIVE (2).
  // INTERACTIVE, not MODERATE: a server hashes on every sign-in, and MODERATE (256 MiB,
  // ~0.7 s) would let a burst of sign-ins exhaust memory. Verification always uses the
  // parameters stored in the hash itself.
  unsigned long long hash_opslimit = 2;
  // Argon2id memory limit for new hashes, bytes. Default crypto_pwhash_MEMLIMIT_INTERACTIVE
  // (64 MiB). Tests set crypto_pwhash_MEMLIMIT_MIN and OPSLIMIT_MIN (see TestUserOptions) so
  // the suite stays fast under ASan; never do that in production.
  std::size_t hash_memlimit = 64u << 20;
  // Minimum password length, bytes. Default 12. Passwords equal to the user name are refused.
  std::size_t min_password_length = 12;
  // Failed sign-ins within `failure_window_s` that lock the account. Default 5.
  int max_failures = 5;
  // Window over which failures are counted, seconds. Default 900 (15 minutes).
  UnixSeconds failure_window_s = 900;
  // How long a lock lasts, seconds. Default 900 (15 minutes).
  UnixSeconds lock_duration_s = 900;

  Status Validate() const;
};

// Options with the smallest Argon2id limits libsodium accepts. For tests only.
UserOptions TestUserOptions();

struct User {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::kPatrolOfficer;
  bool disabled = false;
  UnixSeconds locked_until = 0;  // 0 when never locked
  UnixSeconds created_at = 0;
};

enum class SignInStatus {
  kOk,
  kBadCredentials,  // unknown user or wrong password (deliberately not told apart)
  kLocked,          // too many recent failures; `locked_until` says until when
  kDisabled,        // the account was disabled by an administrator
};
const char* SignInStatusName(SignInStatus status);

struct SignInResult {
  SignInStatus status = SignInStatus::kBadCredentials;
  std::optional<User> user;      // set when status is kOk
  UnixSeconds locked_until = 0;  // set when status is kLocked
};

// Not thread-safe: one UserStore per connection. The database and clock must outlive it.
class UserStore {
 public:
  UserStore(sqlite::Database& db, const Clock& clock, UserOptions options = {});

  // Checks the password policy; kInvalidArgument with the reason.
  Status CheckPasswordPolicy(std::string_view name, std::string_view password) const;

  // Creates a user. kAlreadyExists when the name is taken; kInvalidArgument on a bad name or
  // a password that fails the policy.
  Result<User> CreateUser(std::string_view name, Role role, std::string_view password);
  Result<User> FindUser(std::string_view name);
  Result<User> FindUserById(std::int64_t id);
  Result<std::vector<User>> ListUsers();
  // Disables (or re-enables) a user; a disabled user cannot sign in and its sessions fail.
  Status SetDisabled(std::string_view name, bool disabled);
  // Replaces the password after checking the old one and the policy. kFailedPrecondition
  // when the old password is wrong. The caller then ends the user's other sessions
  // (SessionStore::RevokeAllForUser), as it does after SetDisabled.
  Status ChangePassword(std::string_view name, std::string_view old_password,
                        std::string_view new_password);
  // Sets a password without the old one (administrator reset, CLI).
  Status ResetPassword(std::string_view name, std::string_view new_password);

  // Checks a name and password. A failure is recorded with the time; `max_failures` within
  // `failure_window_s` lock the user for `lock_duration_s` (the counted failures are then
  // cleared, so the user gets fresh attempts when the lock ends). A success clears failures.
  // Errors are only for store failures.
  Result<SignInResult> SignIn(std::string_view name, std::string_view password);

 private:
  Result<std::string> Hash(std::string_view password) const;
  Result<std::optional<std::pair<User, std::string>>> Load(std::string_view where,
                                                           std::string_view key, std::int64_t id);
  Status RecordFailure(const User& user, UnixSeconds now, UnixSeconds* locked_until);

  sqlite::Database& db_;
  const Clock& clock_;
  UserOptions options_;
  std::string dummy_hash_;  // hashed on first use; verified against for unknown names
};

}  // namespace vigil::security
