// A fresh store in a temporary directory, a manual clock, and the security stores over them.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "security/audit_log.h"
#include "security/clock.h"
#include "security/sessions.h"
#include "security/users.h"
#include "store/migrations.h"
#include "support/temp_dir.h"

namespace vigil::security {

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = sqlite::OpenStoreDatabase(StorePath());
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    db_ = std::make_unique<sqlite::Database>(std::move(opened).value());
    users_ = std::make_unique<UserStore>(*db_, clock_, TestUserOptions());
  }

  std::string StorePath() const { return dir_.File("store.sqlite"); }

  User MakeUser(const std::string& name, Role role, const std::string& password) {
    auto user = users_->CreateUser(name, role, password);
    EXPECT_TRUE(user.ok()) << user.error().ToString();
    return user.ok() ? *user : User{};
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<sqlite::Database> db_;
  std::unique_ptr<UserStore> users_;
};

}  // namespace vigil::security
