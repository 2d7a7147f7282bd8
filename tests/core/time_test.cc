#include "core/time.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(TimeTest, CivilRoundTrip) {
  for (UnixSeconds t : {0LL, 951782400LL, 1552000000LL, -86400LL, 4102444799LL}) {
    EXPECT_EQ(AsIfUtc(CivilFromUnix(t)), t) << t;
  }
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
}

TEST(TimeTest, ParsesSourceFormats) {
  LocalDateTime t;
  ASSERT_TRUE(ParseLocalDateTime("5/10/2017 13:30", "%m/%d/%Y %H:%M", &t));
  EXPECT_EQ(t.year, 2017);
  EXPECT_EQ(t.month, 5);
  EXPECT_EQ(t.day, 10);
  EXPECT_EQ(t.hour, 13);
  ASSERT_TRUE(ParseLocalDateTime("03/01/2019 12:05:00 AM", "%m/%d/%Y %I:%M:%S %p", &t));
  EXPECT_EQ(t.hour, 0);
  ASSERT_TRUE(ParseLocalDateTime("03/01/2019 12:05:00 pm", "%m/%d/%Y %I:%M:%S %p", &t));
  EXPECT_EQ(t.hour, 12);
  ASSERT_TRUE(ParseLocalDateTime("2015-04", "%Y-%m", &t));
  EXPECT_EQ(t.day, 1);
}

TEST(TimeTest, RejectsImpossibleDatesAndTrailingText) {
  LocalDateTime t;
  EXPECT_FALSE(ParseLocalDateTime("02/30/2019 10:00", "%m/%d/%Y %H:%M", &t));
  EXPECT_FALSE(ParseLocalDateTime("02/29/2019 10:00", "%m/%d/%Y %H:%M", &t));
  EXPECT_TRUE(ParseLocalDateTime("02/29/2020 10:00", "%m/%d/%Y %H:%M", &t));
  EXPECT_FALSE(ParseLocalDateTime("01/01/2019 25:00", "%m/%d/%Y %H:%M", &t));
  EXPECT_FALSE(ParseLocalDateTime("01/01/2019 10:00 extra", "%m/%d/%Y %H:%M", &t));
  EXPECT_FALSE(ParseLocalDateTime("", "%Y", &t));
}

TEST(TimeTest, FormatsAndParsesIsoUtc) {
  EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00Z");
  auto t = ParseUtc("2019-03-01T14:05:00Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatUtc(*t), "2019-03-01T14:05:00Z");
  EXPECT_FALSE(ParseUtc("yesterday").ok());
}

TEST(TimeTest, ChicagoZoneHandlesDaylightSaving) {
  auto zone = TimeZone::Load("America/Chicago");
  ASSERT_TRUE(zone.ok()) << zone.error().message;
  // Winter: UTC-6.
  EXPECT_EQ(FormatUtc(zone->ToUtc({2019, 1, 15, 12, 0, 0})), "2019-01-15T18:00:00Z");
  // Summer: UTC-5.
  EXPECT_EQ(FormatUtc(zone->ToUtc({2019, 7, 15, 12, 0, 0})), "2019-07-15T17:00:00Z");
  // Fall back 2019-11-03 01:30 happens twice: take the earlier (CDT).
  EXPECT_EQ(FormatUtc(zone->ToUtc({2019, 11, 3, 1, 30, 0})), "2019-11-03T06:30:00Z");
  // Spring forward 2019-03-10 02:30 does not exist: moved forward an hour (03:30 CDT).
  EXPECT_EQ(FormatUtc(zone->ToUtc({2019, 3, 10, 2, 30, 0})), "2019-03-10T08:30:00Z");
  const LocalDateTime back = zone->ToLocal(1563210000);  // 2019-07-15T17:00:00Z
  EXPECT_EQ(back.hour, 12);
}

TEST(TimeTest, UnknownZoneIsAnError) {
  auto zone = TimeZone::Load("Mars/Olympus_Mons");
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace vigil
