#include "geo/projection.h"

#include <gtest/gtest.h>

namespace vigil::geo {
namespace {

TEST(ProjectionTest, UtmZoneFromLongitude) {
  EXPECT_EQ(UtmCrsFor(-90.2, 38.6), "EPSG:32615");   // St. Louis
  EXPECT_EQ(UtmCrsFor(127.0, 37.5), "EPSG:32652");   // Seoul
  EXPECT_EQ(UtmCrsFor(151.2, -33.9), "EPSG:32756");  // Sydney
}

TEST(ProjectionTest, MissouriEastStatePlaneFeetToWgs84) {
  auto p = Projector::Create("ESRI:102696", "EPSG:4326");
  ASSERT_TRUE(p.ok()) << p.error().message;
  XY lonlat;
  // Gateway Arch grounds, about (-90.185, 38.624).
  ASSERT_TRUE(p->Transform(907500.0, 1018500.0, &lonlat));
  EXPECT_NEAR(lonlat.x, -90.19, 0.03);
  EXPECT_NEAR(lonlat.y, 38.63, 0.03);
}

TEST(ProjectionTest, RoundTripThroughUtmKeepsMillimetres) {
  auto forward = Projector::Create("EPSG:4326", "EPSG:32615");
  auto back = Projector::Create("EPSG:32615", "EPSG:4326");
  ASSERT_TRUE(forward.ok() && back.ok());
  XY metres;
  XY lonlat;
  ASSERT_TRUE(forward->Transform(-90.2, 38.6, &metres));
  ASSERT_TRUE(back->Transform(metres.x, metres.y, &lonlat));
  EXPECT_NEAR(lonlat.x, -90.2, 1e-8);
  EXPECT_NEAR(lonlat.y, 38.6, 1e-8);
}

TEST(ProjectionTest, UnknownCrsIsAnError) {
  auto p = Projector::Create("EPSG:999999", "EPSG:4326");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kUnsupported);
}

TEST(ProjectionTest, NonFiniteInputFails) {
  auto p = Projector::Create("EPSG:4326", "EPSG:32615");
  ASSERT_TRUE(p.ok());
  XY out;
  EXPECT_FALSE(p->Transform(std::numeric_limits<double>::quiet_NaN(), 1, &out));
}

}  // namespace
}  // namespace vigil::geo
