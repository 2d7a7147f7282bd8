#include "ingest/profile.h"

#include <gtest/gtest.h>

namespace vigil::ingest {
namespace {

TEST(ProfileTest, EveryBuiltinProfileParsesAndValidates) {
  const auto names = BuiltinProfileNames();
  EXPECT_GE(names.size(), 6u);
  for (const std::string& name : names) {
    auto profile = BuiltinProfile(name);
    ASSERT_TRUE(profile.ok()) << name << ": " << profile.error().message;
    EXPECT_EQ(profile->name, name);
  }
}

TEST(ProfileTest, SlmpdCategoryRulesFollowUcrCodes) {
  auto slmpd = BuiltinProfile("slmpd");
  ASSERT_TRUE(slmpd.ok());
  const ValueMap& map = *slmpd->category;
  EXPECT_EQ(ApplyValueMap(map, "31111"), "robbery");
  EXPECT_EQ(ApplyValueMap(map, " 42014"), "assault");
  EXPECT_EQ(ApplyValueMap(map, "69702"), "theft");
  EXPECT_EQ(ApplyValueMap(map, "71000"), "vehicle_theft");
  EXPECT_EQ(ApplyValueMap(map, "52200"), "burglary");
  EXPECT_EQ(ApplyValueMap(map, "171200"), "sexual_violence");
  EXPECT_EQ(ApplyValueMap(map, "181100"), "drugs");
  EXPECT_EQ(ApplyValueMap(map, "265321"), "other");
  EXPECT_EQ(ApplyValueMap(map, "garbage"), "other");
}

TEST(ProfileTest, ErrorsNameTheOffendingKey) {
  auto bad_json = ParseProfile("{", "x.json");
  ASSERT_FALSE(bad_json.ok());
  EXPECT_NE(bad_json.error().message.find("x.json"), std::string::npos);

  auto unknown_field =
      ParseProfile(R"({"name":"n","fields":{"occurred":["d"],"colour":["c"]}})", "y.json");
  ASSERT_FALSE(unknown_field.ok());
  EXPECT_NE(unknown_field.error().message.find("colour"), std::string::npos);

  auto bad_category = ParseProfile(
      R"({"name":"n","fields":{"occurred":["d"]},
          "category":{"from":"code","rules":[{"equals":"x","value":"jaywalking"}]}})",
      "z.json");
  ASSERT_FALSE(bad_category.ok());
  EXPECT_NE(bad_category.error().message.find("jaywalking"), std::string::npos);

  auto no_time = ParseProfile(R"({"name":"n","fields":{"code":["c"]}})", "t.json");
  ASSERT_FALSE(no_time.ok());
  EXPECT_NE(no_time.error().message.find("occurred"), std::string::npos);
}

TEST(ProfileTest, LookupAcceptsNamesAndExplainsUnknownOnes) {
  EXPECT_TRUE(LookupProfile("chicago").ok());
  auto missing = LookupProfile("atlantis");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("slmpd"), std::string::npos);
}

TEST(ProfileTest, ValueRulesMatchCaseInsensitively) {
  auto houston = BuiltinProfile("houston");
  ASSERT_TRUE(houston.ok());
  EXPECT_EQ(ApplyValueMap(*houston->category, "Auto Theft"), "vehicle_theft");
  auto mc = BuiltinProfile("montgomery-911");
  ASSERT_TRUE(mc.ok());
  EXPECT_EQ(ApplyValueMap(*mc->service, "EMS: BACK PAINS/INJURY"), "ems");
  EXPECT_EQ(ApplyValueMap(*mc->service, "Traffic: VEHICLE ACCIDENT -"), "traffic");
}

}  // namespace
}  // namespace vigil::ingest
