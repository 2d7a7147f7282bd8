#include "security_fixture.h"

namespace vigil::security {
namespace {

class SessionTest : public SecurityTest {
 protected:
  void SetUp() override {
    SecurityTest::SetUp();
    user_ = MakeUser("ivy", Role::kCommander, "a long enough password");
    sessions_ = std::make_unique<SessionStore>(*db_, clock_);
  }
  SessionStatus Check(const std::string& token) { return sessions_->Validate(token)->status; }

  User user_;
  std::unique_ptr<SessionStore> sessions_;
};

TEST_F(SessionTest, TokenIsRandomHexAndOnlyItsHashIsStored) {
  auto a = sessions_->Create(user_.id);
  auto b = sessions_->Create(user_.id);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 64u);
  EXPECT_NE(*a, *b);
  auto stmt = db_->Prepare("SELECT token_hash FROM sessions");
  ASSERT_TRUE(stmt.ok());
  int rows = 0;
  while (*stmt->Step()) {
    ++rows;
    EXPECT_NE(stmt->ColumnText(0), *a);
    EXPECT_NE(stmt->ColumnText(0), *b);
  }
  EXPECT_EQ(rows, 2);
  auto check = sessions_->Validate(*a);
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->status, SessionStatus::kValid);
  EXPECT_EQ(check->principal.user_id, user_.id);
  EXPECT_EQ(check->principal.user_name, "ivy");
  EXPECT_EQ(check->principal.role, Role::kCommander);
}

TEST_F(SessionTest, UnknownAndMalformedTokensAreUnknown) {
  EXPECT_EQ(Check(std::string(64, 'a')), SessionStatus::kUnknown);
  EXPECT_EQ(Check("not a token"), SessionStatus::kUnknown);
  EXPECT_EQ(Check(""), SessionStatus::kUnknown);
}

TEST_F(SessionTest, IdleTimeoutEndsAnUnusedSessionAndUseKeepsItAlive) {
  const std::string token = *sessions_->Create(user_.id);
  for (int i = 0; i < 10; ++i) {
    clock_.Advance(899);
    EXPECT_EQ(Check(token), SessionStatus::kValid) << i;
  }
  clock_.Advance(900);
  EXPECT_EQ(Check(token), SessionStatus::kExpiredIdle);
}

TEST_F(SessionTest, AbsoluteLifetimeEndsEvenAnActiveSession) {
  const std::string token = *sessions_->Create(user_.id);
  constexpr UnixSeconds kTwelveHours = 43'200;
  UnixSeconds used = 0;
  while (used + 600 < kTwelveHours) {
    clock_.Advance(600);
    used += 600;
    ASSERT_EQ(Check(token), SessionStatus::kValid) << used;
  }
  clock_.Advance(kTwelveHours - used);
  EXPECT_EQ(Check(token), SessionStatus::kExpiredAbsolute);
}

TEST_F(SessionTest, OptionsChangeTheTimeouts) {
  SessionStore short_lived(*db_, clock_,
                           SessionOptions{.idle_timeout_s = 60, .absolute_lifetime_s = 120});
  const std::string token = *short_lived.Create(user_.id);
  clock_.Advance(59);
  EXPECT_EQ(short_lived.Validate(token)->status, SessionStatus::kValid);
  clock_.Advance(60);
  EXPECT_EQ(short_lived.Validate(token)->status, SessionStatus::kExpiredIdle);
  EXPECT_FALSE((SessionOptions{.idle_timeout_s = 10, .absolute_lifetime_s = 5}).Validate().ok());
}

TEST_F(SessionTest, RevokedAndDisabledSessionsFail) {
  const std::string token = *sessions_->Create(user_.id);
  const std::string other = *sessions_->Create(user_.id);
  ASSERT_TRUE(sessions_->Revoke(token).ok());
  EXPECT_EQ(Check(token), SessionStatus::kRevoked);
  EXPECT_TRUE(sessions_->Revoke(token).ok());
  EXPECT_EQ(Check(other), SessionStatus::kValid);
  EXPECT_EQ(sessions_->Revoke(std::string(64, 'b')).error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(users_->SetDisabled("ivy", true).ok());
  EXPECT_EQ(Check(other), SessionStatus::kUserDisabled);
  ASSERT_TRUE(users_->SetDisabled("ivy", false).ok());
  EXPECT_EQ(Check(other), SessionStatus::kValid);
  EXPECT_EQ(*sessions_->RevokeAllForUser(user_.id), 1);
  EXPECT_EQ(Check(other), SessionStatus::kRevoked);
}

}  // namespace
}  // namespace vigil::security
