#include <sodium.h>

#include "security_fixture.h"

namespace vigil::security {
namespace {

constexpr char kPassword[] = "correct horse battery";

TEST_F(SecurityTest, RolesRoundTripThroughTheirNames) {
  for (Role role : AllRoles()) {
    auto parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, role);
  }
  EXPECT_FALSE(ParseRole("superuser").ok());
  EXPECT_EQ(AllRoles().size(), 6u);
}

TEST_F(SecurityTest, PasswordIsStoredAsArgon2idAndVerifies) {
  const User alice = MakeUser("alice", Role::kAnalyst, kPassword);
  auto stmt = db_->Prepare("SELECT password_hash FROM users WHERE name = 'alice'");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(*stmt->Step());
  const std::string hash = stmt->ColumnText(0);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find(kPassword), std::string::npos);

  auto good = users_->SignIn("alice", kPassword);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->status, SignInStatus::kOk);
  ASSERT_TRUE(good->user.has_value());
  EXPECT_EQ(good->user->id, alice.id);
  EXPECT_EQ(good->user->role, Role::kAnalyst);

  auto bad = users_->SignIn("alice", "correct horse batterY");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->status, SignInStatus::kBadCredentials);
  auto unknown = users_->SignIn("bob", kPassword);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->status, SignInStatus::kBadCredentials);
}

TEST_F(SecurityTest, DefaultHashLimitsAreInteractive) {
  const UserOptions defaults;
  EXPECT_EQ(defaults.hash_opslimit, crypto_pwhash_OPSLIMIT_INTERACTIVE);
  EXPECT_EQ(defaults.hash_memlimit, crypto_pwhash_MEMLIMIT_INTERACTIVE);
  EXPECT_TRUE(defaults.Validate().ok());
  UserOptions bad;
  bad.hash_memlimit = 1;
  EXPECT_FALSE(bad.Validate().ok());
}

TEST_F(SecurityTest, PasswordPolicyRefusesShortAndNameEqualPasswords) {
  EXPECT_FALSE(users_->CreateUser("carol", Role::kCommander, "short").ok());
  EXPECT_FALSE(users_->CreateUser("carol", Role::kCommander, "elevenchars").ok());
  EXPECT_FALSE(users_->CreateUser("carolcarolcarol", Role::kCommander, "carolcarolcarol").ok());
  EXPECT_TRUE(users_->CreateUser("carol", Role::kCommander, "twelve chars").ok());
  auto again = users_->CreateUser("carol", Role::kCommander, "twelve chars");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_FALSE(users_->CreateUser("bad name", Role::kCommander, kPassword).ok());
}

TEST_F(SecurityTest, ChangePasswordNeedsTheOldOne) {
  MakeUser("dave", Role::kDispatcher, kPassword);
  EXPECT_FALSE(users_->ChangePassword("dave", "wrong password!", "a brand new secret").ok());
  EXPECT_FALSE(users_->ChangePassword("dave", kPassword, "short").ok());
  ASSERT_TRUE(users_->ChangePassword("dave", kPassword, "a brand new secret").ok());
  EXPECT_EQ(users_->SignIn("dave", kPassword)->status, SignInStatus::kBadCredentials);
  EXPECT_EQ(users_->SignIn("dave", "a brand new secret")->status, SignInStatus::kOk);
}

TEST_F(SecurityTest, DisabledUserCannotSignIn) {
  MakeUser("erin", Role::kPatrolOfficer, kPassword);
  ASSERT_TRUE(users_->SetDisabled("erin", true).ok());
  EXPECT_EQ(users_->SignIn("erin", kPassword)->status, SignInStatus::kDisabled);
  ASSERT_TRUE(users_->SetDisabled("erin", false).ok());
  EXPECT_EQ(users_->SignIn("erin", kPassword)->status, SignInStatus::kOk);
  EXPECT_EQ(users_->SetDisabled("nobody", true).error().code, ErrorCode::kNotFound);
}

TEST_F(SecurityTest, FiveFailuresWithinFifteenMinutesLockForFifteenMinutes) {
  MakeUser("frank", Role::kAnalyst, kPassword);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(users_->SignIn("frank", "not the password")->status, SignInStatus::kBadCredentials);
    clock_.Advance(60);
  }
  auto fifth = users_->SignIn("frank", "not the password");
  ASSERT_TRUE(fifth.ok());
  EXPECT_EQ(fifth->status, SignInStatus::kLocked);
  EXPECT_EQ(fifth->locked_until, clock_.Now() + 900);
  // Even the right password is refused while locked.
  clock_.Advance(899);
  EXPECT_EQ(users_->SignIn("frank", kPassword)->status, SignInStatus::kLocked);
  clock_.Advance(1);
  EXPECT_EQ(users_->SignIn("frank", kPassword)->status, SignInStatus::kOk);
}

TEST_F(SecurityTest, FailuresSpreadOverMoreThanFifteenMinutesDoNotLock) {
  MakeUser("gina", Role::kAnalyst, kPassword);
  // Five failures 4 minutes apart span 16 minutes: never five within one 15-minute window.
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(users_->SignIn("gina", "not the password")->status, SignInStatus::kBadCredentials)
        << "failure " << i;
    clock_.Advance(240);
  }
  EXPECT_EQ(users_->SignIn("gina", kPassword)->status, SignInStatus::kOk);
}

TEST_F(SecurityTest, SuccessClearsEarlierFailures) {
  MakeUser("hank", Role::kAnalyst, kPassword);
  for (int i = 0; i < 4; ++i) users_->SignIn("hank", "not the password").value();
  EXPECT_EQ(users_->SignIn("hank", kPassword)->status, SignInStatus::kOk);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(users_->SignIn("hank", "not the password")->status, SignInStatus::kBadCredentials);
  }
  EXPECT_EQ(users_->SignIn("hank", "not the password")->status, SignInStatus::kLocked);
}

}  // namespace
}  // namespace vigil::security
