#include "core/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil {
namespace {

TEST(TextTest, TrimRemovesSpacesTabsAndCarriageReturns) {
  EXPECT_EQ(Trim("  a b \t\r"), "a b");
  EXPECT_EQ(Trim("   "), "");
}

TEST(TextTest, SplitListTrimsItemsAndDropsEmptyOnes) {
  EXPECT_EQ(SplitList("theft, assault,,"), (std::vector<std::string>{"theft", "assault"}));
  EXPECT_EQ(SplitList("a;b", ';'), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(SplitList("").empty());
  EXPECT_TRUE(SplitList(" , ").empty());
}

TEST(TextTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xEC\x84\xB1"));
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));       // Latin-1 e-acute
  EXPECT_FALSE(IsValidUtf8("\xC3"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
}

TEST(TextTest, Latin1BytesBecomeUtf8) {
  EXPECT_EQ(ToUtf8Lenient("caf\xE9"), "caf\xC3\xA9");
  EXPECT_EQ(ToUtf8Lenient("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(TextTest, ParseNumbersRejectsTrailingGarbage) {
  double d = 0;
  EXPECT_TRUE(ParseDouble(" 894672.5 ", &d));
  EXPECT_DOUBLE_EQ(d, 894672.5);
  EXPECT_FALSE(ParseDouble("12a", &d));
  EXPECT_FALSE(ParseDouble("", &d));
  long long i = 0;
  EXPECT_TRUE(ParseInt64("-1", &i));
  EXPECT_EQ(i, -1);
  EXPECT_FALSE(ParseInt64("1.5", &i));
}

TEST(TextTest, FnvIsStable) {
  EXPECT_EQ(Fnv1a64(""), 14695981039346656037ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
}

}  // namespace
}  // namespace vigil
