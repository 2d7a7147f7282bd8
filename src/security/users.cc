#include "security/users.h"

#include <sodium.h>

#include <array>

#include "security/crypto.h"

namespace vigil::security {
namespace {

constexpr std::array<const char*, kRoleCount> kRoleNames = {
    "administrator", "commander", "analyst", "dispatcher", "patrol_officer", "auditor"};

constexpr std::string_view kUserColumns =
    "SELECT id, name, role, disabled, locked_until, created_at, password_hash FROM users ";

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == '@';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

const char* RoleName(Role role) { return kRoleNames[static_cast<std::size_t>(role)]; }

Result<Role> ParseRole(std::string_view name) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (name == kRoleNames[i]) return static_cast<Role>(i);
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "unknown role '" + std::string(name) +
                       "'; expected administrator, commander, analyst, dispatcher, "
                       "patrol_officer or auditor");
}

std::vector<Role> AllRoles() {
  std::vector<Role> roles;
  roles.reserve(kRoleCount);
  for (int i = 0; i < kRoleCount; ++i) roles.push_back(static_cast<Role>(i));
  return roles;
}

const char* SignInStatusName(SignInStatus status) {
  switch (status) {
    case SignInStatus::kOk: return "ok";
    case SignInStatus::kBadCredentials: return "bad_credentials";
    case SignInStatus::kLocked: return "locked";
    case SignInStatus::kDisabled: return "disabled";
  }
  return "unknown";
}

Status UserOptions::Validate() const {
  if (hash_opslimit < crypto_pwhash_OPSLIMIT_MIN || hash_opslimit > crypto_pwhash_OPSLIMIT_MAX) {
    return MakeError(ErrorCode::kInvalidArgument, "hash_opslimit is out of libsodium's range");
  }
  if (hash_memlimit < crypto_pwhash_MEMLIMIT_MIN || hash_memlimit > (std::size_t{1} << 32)) {
    return MakeError(ErrorCode::kInvalidArgument, "hash_memlimit must be 8 KiB to 4 GiB");
  }
  if (min_password_length < 8) {
    return MakeError(ErrorCode::kInvalidArgument, "min_password_length must be at least 8");
  }
  if (max_failures < 1 || failure_window_s < 1 || lock_duration_s < 1) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "max_failures, failure_window_s and lock_duration_s must be positive");
  }
  return Status::Ok();
}

UserOptions TestUserOptions() {
  UserOptions options;
  options.hash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  options.hash_memlimit = crypto_pwhash_MEMLIMIT_MIN;
  return options;
}

UserStore::UserStore(sqlite::Database& db, const Clock& clock, UserOptions options)
    : db_(db), clock_(clock), options_(options) {
  EnsureSodium();
}

Status UserStore::CheckPasswordPolicy(std::string_view name, std::string_view password) const {
  if (password.size() < options_.min_password_length) {
    return MakeError(ErrorCode::kInvalidArgument, "password must be at least " +
                                                      std::to_string(options_.min_password_length) +
                                                      " characters long");
  }
  if (password == name) {
    return MakeError(ErrorCode::kInvalidArgument, "password must not equal the user name");
  }
  if (password.size() > 1024) {
    return MakeError(ErrorCode::kInvalidArgument, "password must be at most 1024 bytes");
  }
  return Status::Ok();
}

Result<std::string> UserStore::Hash(std::string_view password) const {
  VIGIL_RETURN_IF_ERROR(options_.Validate());
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), options_.hash_opslimit,
                            options_.hash_memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return MakeError(ErrorCode::kInternal, "password hashing ran out of memory");
  }
  return std::string(out.data());
}

Result<std::optional<std::pair<User, std::string>>> UserStore::Load(std::string_view where,
                                                                    std::string_view key,
                                                                    std::int64_t id) {
  auto stmt = db_.Prepare(std::string(kUserColumns) + std::string(where));
  if (!stmt.ok()) return stmt.error();
  if (key.empty()) {
    stmt->BindInt(1, id);
  } else {
    stmt->BindText(1, key);
  }
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<std::pair<User, std::string>>();
  auto role = ParseRole(stmt->ColumnText(2));
  if (!role.ok()) return MakeError(ErrorCode::kCorrupt, "users: " + role.error().message);
  User user{.id = stmt->ColumnInt(0),
            .name = stmt->ColumnText(1),
            .role = *role,
            .disabled = stmt->ColumnInt(3) != 0,
            .locked_until = stmt->ColumnInt(4),
            .created_at = stmt->ColumnInt(5)};
  return std::optional(std::make_pair(std::move(user), stmt->ColumnText(6)));
}

Result<User> UserStore::FindUser(std::string_view name) {
  auto found = Load("WHERE name = ?", name.empty() ? std::string_view(" ") : name, 0);
  if (!found.ok()) return found.error();
  if (!found->has_value()) {
    return MakeError(ErrorCode::kNotFound, "no user named '" + std::string(name) + "'");
  }
  return (*found)->first;
}

Result<User> UserStore::FindUserById(std::int64_t id) {
  auto found = Load("WHERE id = ?", "", id);
  if (!found.ok()) return found.error();
  if (!found->has_value()) {
    return MakeError(ErrorCode::kNotFound, "no user with id " + std::to_string(id));
  }
  return (*found)->first;
}

Result<std::vector<User>> UserStore::ListUsers() {
  auto stmt = db_.Prepare(std::string(kUserColumns) + "ORDER BY id");
  if (!stmt.ok()) return stmt.error();
  std::vector<User> users;
  while (true) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    auto role = ParseRole(stmt->ColumnText(2));
    if (!role.ok()) return MakeError(ErrorCode::kCorrupt, "users: " + role.error().message);
    users.push_back(User{.id = stmt->ColumnInt(0),
                         .name = stmt->ColumnText(1),
                         .role = *role,
                         .disabled = stmt->ColumnInt(3) != 0,
                         .locked_until = stmt->ColumnInt(4),
                         .created_at = stmt->ColumnInt(5)});
  }
  return users;
}

Result<User> UserStore::CreateUser(std::string_view name, Role role, std::string_view password) {
  if (!ValidName(name)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "user name must be 1-64 characters of letters, digits and . _ - @");
  }
  VIGIL_RETURN_IF_ERROR(CheckPasswordPolicy(name, password));
  auto existing = FindUser(name);
  if (existing.ok()) {
    return MakeError(ErrorCode::kAlreadyExists, "user '" + std::string(name) + "' already exists");
  }
  if (existing.error().code != ErrorCode::kNotFound) return existing.error();
  auto hash = Hash(password);
  if (!hash.ok()) return hash.error();
  auto stmt =
      db_.Prepare("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)");
  if (!stmt.ok()) return stmt.error();
  stmt->BindText(1, name);
  stmt->BindText(2, RoleName(role));
  stmt->BindText(3, *hash);
  stmt->BindInt(4, clock_.Now());
  VIGIL_RETURN_IF_ERROR(stmt->Run());
  return FindUser(name);
}

Status UserStore::SetDisabled(std::string_view name, bool disabled) {
  auto user = FindUser(name);
  if (!user.ok()) return user.error();
  auto stmt = db_.Prepare("UPDATE users SET disabled = ? WHERE id = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->BindInt(1, disabled ? 1 : 0);
  stmt->BindInt(2, user->id);
  return stmt->Run();
}

Status UserStore::ResetPassword(std::string_view name, std::string_view new_password) {
  auto user = FindUser(name);
  if (!user.ok()) return user.error();
  VIGIL_RETURN_IF_ERROR(CheckPasswordPolicy(name, new_password));
  auto hash = Hash(new_password);
  if (!hash.ok()) return hash.error();
  auto stmt = db_.Prepare("UPDATE users SET password_hash = ? WHERE id = ?");
  if (!stmt.ok()) return stmt.error();
  stmt->BindText(1, *hash);
  stmt->BindInt(2, user->id);
  return stmt->Run();
}

Status UserStore::ChangePassword(std::string_view name, std::string_view old_password,
                                 std::string_view new_password) {
  auto found = Load("WHERE name = ?", name.empty() ? std::string_view(" ") : name, 0);
  if (!found.ok()) return found.error();
  if (!found->has_value() || crypto_pwhash_str_verify((*found)->second.c_str(), old_password.data(),
                                                      old_password.size()) != 0) {
    return MakeError(ErrorCode::kFailedPrecondition, "the current password is wrong");
  }
  return ResetPassword(name, new_password);
}

Status UserStore::RecordFailure(const User& user, UnixSeconds now, UnixSeconds* locked_until) {
  return sqlite::InTransaction(db_, [&]() -> Status {
    auto insert = db_.Prepare("INSERT INTO sign_in_failures (user_id, at) VALUES (?, ?)");
    if (!insert.ok()) return insert.error();
    insert->BindInt(1, user.id);
    insert->BindInt(2, now);
    VIGIL_RETURN_IF_ERROR(insert->Run());
    auto count = db_.Prepare("SELECT COUNT(*) FROM sign_in_failures WHERE user_id = ? AND at > ?");
    if (!count.ok()) return count.error();
    count->BindInt(1, user.id);
    count->BindInt(2, now - options_.failure_window_s);
    auto row = count->Step();
    if (!row.ok()) return row.error();
    if (count->ColumnInt(0) < options_.max_failures) return Status::Ok();
    *locked_until = now + options_.lock_duration_s;
    auto lock = db_.Prepare("UPDATE users SET locked_until = ? WHERE id = ?");
    if (!lock.ok()) return lock.error();
    lock->BindInt(1, *locked_until);
    lock->BindInt(2, user.id);
    VIGIL_RETURN_IF_ERROR(lock->Run());
    auto clear = db_.Prepare("DELETE FROM sign_in_failures WHERE user_id = ?");
    if (!clear.ok()) return clear.error();
    clear->BindInt(1, user.id);
    return clear->Run();
  });
}

Result<SignInResult> UserStore::SignIn(std::string_view name, std::string_view password) {
  const UnixSeconds now = clock_.Now();
  auto found = Load("WHERE name = ?", name.empty() ? std::string_view(" ") : name, 0);
  if (!found.ok()) return found.error();
  if (!found->has_value()) {
    // Spend the time a real check would, so response times do not reveal which names exist.
    if (dummy_hash_.empty()) {
      auto dummy = Hash("vigil-dummy-password");
      if (!dummy.ok()) return dummy.error();
      dummy_hash_ = *dummy;
    }
    const int ignored =
        crypto_pwhash_str_verify(dummy_hash_.c_str(), password.data(), password.size());
    static_cast<void>(ignored);
    return SignInResult{.status = SignInStatus::kBadCredentials};
  }
  const User& user = (*found)->first;
  if (user.disabled) return SignInResult{.status = SignInStatus::kDisabled};
  if (user.locked_until > now) {
    return SignInResult{.status = SignInStatus::kLocked, .locked_until = user.locked_until};
  }
  if (crypto_pwhash_str_verify((*found)->second.c_str(), password.data(), password.size()) != 0) {
    UnixSeconds locked_until = 0;
    VIGIL_RETURN_IF_ERROR(RecordFailure(user, now, &locked_until));
    if (locked_until != 0) {
      return SignInResult{.status = SignInStatus::kLocked, .locked_until = locked_until};
    }
    return SignInResult{.status = SignInStatus::kBadCredentials};
  }
  auto clear = db_.Prepare("DELETE FROM sign_in_failures WHERE user_id = ?");
  if (!clear.ok()) return clear.error();
  clear->BindInt(1, user.id);
  VIGIL_RETURN_IF_ERROR(clear->Run());
  return SignInResult{.status = SignInStatus::kOk, .user = user};
}

}  // namespace vigil::security
