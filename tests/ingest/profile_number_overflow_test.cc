// Regression test (found by fuzz/profile_fuzz): a JSON number too large for a double, such as
// 5e555, made nlohmann::json throw out_of_range, which ParseProfile did not catch, so a bad
// mapping file aborted the program instead of being refused with an error.
#include <gtest/gtest.h>

#include "ingest/profile.h"

namespace vigil::ingest {
namespace {

TEST(ProfileNumberOverflowTest, HugeNumberIsRefusedNotThrown) {
  for (const char* text : {"5e555", R"({"name":"n","bounds":[1e999,0,1,1]})"}) {
    auto profile = ParseProfile(text, "huge.json");
    ASSERT_FALSE(profile.ok()) << text;
    EXPECT_NE(profile.error().message.find("huge.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace vigil::ingest
