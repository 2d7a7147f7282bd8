#include "core/shifts.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

UnixSeconds Utc(const char* iso) {
  auto t = ParseUtc(iso);
  EXPECT_TRUE(t.ok()) << iso;
  return t.ok() ? *t : 0;
}

TEST(ShiftScheduleTest, ParsesTimesInAnyOrderAndNamesBadItems) {
  auto s = ShiftSchedule::Parse("22:00, 06:00,14:00");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->start_minutes(), (std::vector<int>{360, 840, 1320}));
  for (const char* bad : {"", "6:00", "24:00", "06:60", "06:00,06:00", "06:00,", "noon"}) {
    auto r = ShiftSchedule::Parse(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find("shift start '"), std::string::npos) << bad;
    }
  }
}

TEST(ShiftScheduleTest, NextShiftInUtc) {
  auto s = ShiftSchedule::Parse("06:00,14:00,22:00");
  ASSERT_TRUE(s.ok());
  Shift next = s->NextAtOrAfter(Utc("2024-03-01T05:00Z"), nullptr);
  EXPECT_EQ(next.start, Utc("2024-03-01T06:00Z"));
  EXPECT_EQ(next.length_s, 8 * 3600);
  EXPECT_EQ(s->NextAtOrAfter(Utc("2024-03-01T14:00Z"), nullptr).start, Utc("2024-03-01T14:00Z"));
  next = s->NextAtOrAfter(Utc("2024-03-01T14:00:01Z"), nullptr);
  EXPECT_EQ(next.start, Utc("2024-03-01T22:00Z"));
  EXPECT_EQ(next.length_s, 8 * 3600);  // until 06:00 the next day
  EXPECT_EQ(s->NextAtOrAfter(Utc("2024-12-31T23:00Z"), nullptr).start, Utc("2025-01-01T06:00Z"));
  auto daily = ShiftSchedule::Parse("07:00");
  ASSERT_TRUE(daily.ok());
  next = daily->NextAtOrAfter(Utc("2024-03-01T08:00Z"), nullptr);
  EXPECT_EQ(next.start, Utc("2024-03-02T07:00Z"));
  EXPECT_EQ(next.length_s, 24 * 3600);
}

TEST(ShiftScheduleTest, StartsAreWallClockInTheCityZoneAcrossDaylightSaving) {
  auto zone = TimeZone::Load("America/Chicago");
  ASSERT_TRUE(zone.ok()) << zone.error().message;
  auto s = ShiftSchedule::Parse("06:00,14:00,22:00");
  ASSERT_TRUE(s.ok());
  // 22:00 CST on 9 March 2024 is 04:00Z; clocks spring forward that night, so the shift ends
  // at 06:00 CDT (11:00Z) after 7 hours.
  Shift night = s->NextAtOrAfter(Utc("2024-03-10T01:00Z"), &*zone);
  EXPECT_EQ(night.start, Utc("2024-03-10T04:00Z"));
  EXPECT_EQ(night.length_s, 7 * 3600);
  // 22:00 CDT on 2 November 2024 is 03:00Z; clocks fall back, so it lasts 9 hours.
  night = s->NextAtOrAfter(Utc("2024-11-03T02:00Z"), &*zone);
  EXPECT_EQ(night.start, Utc("2024-11-03T03:00Z"));
  EXPECT_EQ(night.length_s, 9 * 3600);
  // A day shift in summer: 06:00 CDT = 11:00Z.
  Shift day = s->NextAtOrAfter(Utc("2024-07-01T10:59Z"), &*zone);
  EXPECT_EQ(day.start, Utc("2024-07-01T11:00Z"));
  EXPECT_EQ(day.length_s, 8 * 3600);
}

}  // namespace
}  // namespace vigil
