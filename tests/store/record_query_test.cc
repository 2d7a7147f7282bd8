// Calendar months of a city's wall clock as UTC spans (the statistics' months).
#include "store/record_query.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(LocalMonthSpansTest, MonthsFollowTheWallClockAcrossDaylightSaving) {
  auto zone = TimeZone::Load("America/Chicago");
  ASSERT_TRUE(zone.ok()) << zone.error().message;
  const UnixSeconds end = *ParseUtc("2024-04-15T00:00:00Z");
  const std::vector<MonthSpan> months = LocalMonthSpans(*zone, 2024, 2, end);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].year, 2024);
  EXPECT_EQ(months[0].month, 2);
  EXPECT_EQ(months[0].start, *ParseUtc("2024-02-01T06:00:00Z"));  // CST, UTC-6
  EXPECT_EQ(months[0].end, *ParseUtc("2024-03-01T06:00:00Z"));
  EXPECT_EQ(months[1].end, *ParseUtc("2024-04-01T05:00:00Z"));    // CDT from 10 March, UTC-5
  EXPECT_EQ(months[1].end - months[1].start, 31 * 86400 - 3600);  // an hour short
  EXPECT_EQ(months[2].month, 4);
  EXPECT_EQ(months[2].end, end);  // clipped to the range
}

TEST(LocalMonthSpansTest, DecemberRollsOverAndAnEmptyRangeHasNoMonths) {
  auto zone = TimeZone::Load("UTC");
  ASSERT_TRUE(zone.ok());
  const std::vector<MonthSpan> months =
      LocalMonthSpans(*zone, 2023, 12, *ParseUtc("2024-01-02T00:00:00Z"));
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[1].year, 2024);
  EXPECT_EQ(months[1].month, 1);
  EXPECT_EQ(months[1].start, *ParseUtc("2024-01-01T00:00:00Z"));
  EXPECT_TRUE(LocalMonthSpans(*zone, 2024, 1, *ParseUtc("2024-01-01T00:00:00Z")).empty());
}

}  // namespace
}  // namespace vigil
