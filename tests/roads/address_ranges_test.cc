// House-number ranges: kept from a centreline file that has them (TIGER field names and a
// profile's own), left out side by side when a value is not a number, carried through
// FilterEdges, and geocoded by interpolation along the feature's line.
#include "roads/address_ranges.h"

#include <gtest/gtest.h>

#include <cmath>

#include "roads/centerline_import.h"
#include "roads/speed_profile.h"
#include "support/temp_dir.h"

namespace vigil::roads {
namespace {

TEST(AddressRangesTest, ParsesPlainHouseNumbersOnly) {
  std::int64_t n = -1;
  EXPECT_TRUE(ParseHouseNumber("4500", &n));
  EXPECT_EQ(n, 4500);
  EXPECT_TRUE(ParseHouseNumber(" 12 ", &n));
  EXPECT_EQ(n, 12);
  EXPECT_FALSE(ParseHouseNumber("", &n));
  EXPECT_FALSE(ParseHouseNumber("12A", &n));
  EXPECT_FALSE(ParseHouseNumber("-3", &n));
  EXPECT_FALSE(ParseHouseNumber("1234567890123", &n));
}

// A straight 200 m line east, left side odd 101-199, right side even 100-198.
std::vector<AddressRange> OneBlock() {
  AddressRange r;
  r.source_id = 7;
  r.street = "Market  St";
  r.left = {.present = true, .from = 101, .to = 199};
  r.right = {.present = true, .from = 100, .to = 198};
  r.line = {{.x = 0, .y = 0, .lon = -90.2, .lat = 38.6},
            {.x = 50, .y = 0, .lon = -90.1995, .lat = 38.6},
            {.x = 200, .y = 0, .lon = -90.198, .lat = 38.6}};
  return {r};
}

TEST(AddressRangesTest, InterpolatesAlongTheLineOnTheSideOfTheNumbersParity) {
  const auto ranges = OneBlock();
  auto even = GeocodeAddress(ranges, 149 + 1, "market st");
  ASSERT_TRUE(even.ok()) << even.error().message;
  EXPECT_FALSE(even->left);
  EXPECT_EQ(even->source_id, 7);
  EXPECT_EQ(even->street, "Market  St");
  EXPECT_NEAR(even->fraction, 50.0 / 98.0, 1e-12);
  EXPECT_NEAR(even->point.x, 200 * 50.0 / 98.0, 1e-9);  // past the bend at 50 m
  EXPECT_NEAR(even->point.y, 0, 1e-12);
  auto odd = GeocodeAddress(ranges, 101, "MARKET ST");
  ASSERT_TRUE(odd.ok());
  EXPECT_TRUE(odd->left);
  EXPECT_NEAR(odd->point.x, 0, 1e-9);
  EXPECT_NEAR(odd->point.lon, -90.2, 1e-12);
  auto last = GeocodeAddress(ranges, 199, "Market St");
  ASSERT_TRUE(last.ok());
  EXPECT_NEAR(last->point.x, 200, 1e-9);
  EXPECT_EQ(GeocodeAddress(ranges, 201, "Market St").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(GeocodeAddress(ranges, 150, "Olive St").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(GeocodeAddress(ranges, -1, "Market St").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(GeocodeAddress(ranges, 150, "  ").error().code, ErrorCode::kInvalidArgument);
}

TEST(AddressRangesTest, ADescendingRangeRunsAgainstTheLine) {
  auto ranges = OneBlock();
  ranges[0].right = {.present = true, .from = 198, .to = 100};
  auto match = GeocodeAddress(ranges, 198, "Market St");
  ASSERT_TRUE(match.ok());
  EXPECT_NEAR(match->point.x, 0, 1e-9);
  match = GeocodeAddress(ranges, 100, "Market St");
  ASSERT_TRUE(match.ok());
  EXPECT_NEAR(match->point.x, 200, 1e-9);
}

TEST(AddressRangesTest, CentrelineImportKeepsRangesWhenTheFileHasThem) {
  vigil::testing::TempDir dir;
  // Main St with both sides; Grand Blvd with a right side only and a bad left value; an alley
  // without numbers.
  const std::string path = dir.Write("roads.geojson", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"MTFCC": "S1400", "FULLNAME": "Main St",
      "LFROMADD": "101", "LTOADD": "199", "RFROMADD": "100", "RTOADD": "198"},
     "geometry": {"type": "LineString", "coordinates": [[-90.21, 38.6], [-90.2, 38.6]]}},
    {"type": "Feature", "properties": {"MTFCC": "S1200", "FULLNAME": "Grand Blvd",
      "LFROMADD": "3A", "LTOADD": "99", "RFROMADD": "2", "RTOADD": "98"},
     "geometry": {"type": "LineString", "coordinates": [[-90.2, 38.6], [-90.2, 38.61]]}},
    {"type": "Feature", "properties": {"MTFCC": "S1730", "FULLNAME": "",
      "LFROMADD": "", "LTOADD": "", "RFROMADD": "", "RTOADD": ""},
     "geometry": {"type": "LineString", "coordinates": [[-90.21, 38.6], [-90.2, 38.61]]}}
  ]})");
  CenterlineImportStats stats;
  auto g = ImportCenterlines(path, {}, &stats);
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(stats.address_ranges, 2u);
  EXPECT_EQ(stats.bad_house_numbers, 1u);
  ASSERT_EQ(g->address_ranges().size(), 2u);
  const AddressRange& main = g->address_ranges()[0];
  EXPECT_EQ(main.source_id, 1);
  EXPECT_EQ(main.street, "Main St");
  EXPECT_TRUE(main.left.present && main.right.present);
  EXPECT_EQ(main.line.size(), 2u);
  const AddressRange& grand = g->address_ranges()[1];
  EXPECT_FALSE(grand.left.present);
  EXPECT_TRUE(grand.right.present);
  // 150 Main St: halfway along Main St (about 870 m long at 38.6 N), on the right.
  auto match = GeocodeAddress(g->address_ranges(), 150, "Main St");
  ASSERT_TRUE(match.ok());
  EXPECT_NEAR(match->point.lon, -90.21 + 0.01 * 50.0 / 98.0, 1e-9);
  EXPECT_NEAR(match->point.lat, 38.6, 1e-9);
  EXPECT_EQ(GeocodeAddress(g->address_ranges(), 51, "Grand Blvd").error().code,
            ErrorCode::kNotFound);  // the left side was left out
  // Kept through FilterEdges (as the patrol planner's no-go networks are made).
  auto filtered = FilterEdges(*g, [](EdgeId) { return true; }, {});
  ASSERT_TRUE(filtered.ok());
  EXPECT_EQ(filtered->address_ranges().size(), 2u);

  // A profile naming other fields; without them in the file the import has no ranges.
  CenterlineImportOptions options;
  options.profile.left_from_field = "L_F_ADD";
  options.profile.left_to_field = "L_T_ADD";
  options.profile.right_from_field = "";
  auto none = ImportCenterlines(path, options, &stats);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->address_ranges().empty());
  EXPECT_EQ(stats.address_ranges, 0u);
}

TEST(AddressRangesTest, ProfileJsonNamesTheRangeFields) {
  auto profile = ParseCenterlineProfile(
      R"({"left_from_field": "L_F_ADD", "left_to_field": "L_T_ADD", "right_from_field": "R_F_ADD",
          "right_to_field": "R_T_ADD"})");
  ASSERT_TRUE(profile.ok()) << profile.error().message;
  EXPECT_EQ(profile->left_from_field, "L_F_ADD");
  EXPECT_EQ(profile->right_to_field, "R_T_ADD");
  EXPECT_FALSE(ParseCenterlineProfile(R"({"left_from_field": 3})").ok());
}

}  // namespace
}  // namespace vigil::roads
