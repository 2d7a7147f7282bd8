// RowParser's point memo: a point seen before is taken from the memo of the load's projector
// cache, and gives exactly what the projections give.
#include "ingest/row_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/csv_reader.h"
#include "geo/point_memo.h"
#include "geo/projection.h"
#include "ingest/profile.h"

namespace vigil::ingest {
namespace {

const std::vector<std::string> kHeader = {"Complaint",   "CodedMonth", "DateOccur", "Crime",
                                          "Description", "XCoord",     "YCoord",    "Count"};

// One SLMPD row at State Plane feet (x, y).
ParsedRow ParseAt(RowParser& parser, const std::string& id, const std::string& x,
                  const std::string& y) {
  const std::vector<std::string> values = {id, "2019-03", "03/02/2019 14:05", "31111", "ROBBERY", x,
                                           y,  "1"};
  CsvRecord record;
  for (const std::string& v : values) record.fields.emplace_back(v);
  record.line = 2;
  return parser.Parse(record);
}

TEST(RowParserTest, RepeatedPointsComeFromTheMemoExactlyAsProjected) {
  auto profile = BuiltinProfile("slmpd");
  ASSERT_TRUE(profile.ok());
  geo::ProjectorCache shared;
  auto parser = RowParser::Create(*profile, kHeader, "", &shared);
  ASSERT_TRUE(parser.ok()) << parser.error().message;
  const ParsedRow first = ParseAt(*parser, "19-1", "904558.2", "1018213.9");
  ASSERT_TRUE(std::holds_alternative<Incident>(first));
  const std::string crs = parser->city_crs();
  ASSERT_FALSE(crs.empty());

  // A second parser of the same load (another file) finds the point in the shared memo.
  auto to_wgs84 = shared.Get(profile->crs, "EPSG:4326");
  auto to_city = shared.Get("EPSG:4326", crs);
  ASSERT_TRUE(to_wgs84.ok() && to_city.ok());
  const geo::PointMemo& memo = shared.MemoFor(to_wgs84->get(), to_city->get());
  EXPECT_EQ(memo.size(), 1u);
  auto second_file = RowParser::Create(*profile, kHeader, crs, &shared);
  ASSERT_TRUE(second_file.ok());
  const ParsedRow again = ParseAt(*second_file, "19-2", "904558.2", "1018213.9");
  ASSERT_TRUE(std::holds_alternative<Incident>(again));
  EXPECT_EQ(memo.size(), 1u);

  // A parser with its own cache projects the point afresh: the same bits.
  auto fresh = RowParser::Create(*profile, kHeader, crs, nullptr);
  ASSERT_TRUE(fresh.ok());
  const ParsedRow projected = ParseAt(*fresh, "19-3", "904558.2", "1018213.9");
  ASSERT_TRUE(std::holds_alternative<Incident>(projected));
  const Location a = *std::get<Incident>(again).location;
  const Location b = *std::get<Incident>(projected).location;
  EXPECT_EQ(a.lon, b.lon);
  EXPECT_EQ(a.lat, b.lat);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(std::get<Incident>(first).location->x, b.x);
}

// The memo is shared by every profile with the same projections (the server keeps one cache),
// so a point a profile without bounds remembered must still count as out of another's bounds.
TEST(RowParserTest, RememberedPointsOutsideTheBoundsAreCounted) {
  auto open = BuiltinProfile("slmpd");
  ASSERT_TRUE(open.ok());
  open->bounds.reset();
  Profile bounded = *open;
  bounded.bounds = std::vector<double>{-90.5, 38.4, -90.25, 38.9};  // cuts the city in two
  geo::ProjectorCache shared;
  auto first = RowParser::Create(*open, kHeader, "", &shared);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(std::get<Incident>(ParseAt(*first, "19-1", "904558.2", "1018213.9")).location);
  auto second = RowParser::Create(bounded, kHeader, first->city_crs(), &shared);
  ASSERT_TRUE(second.ok());
  const ParsedRow east = ParseAt(*second, "19-2", "904558.2", "1018213.9");
  ASSERT_TRUE(std::holds_alternative<Incident>(east));
  EXPECT_FALSE(std::get<Incident>(east).location.has_value());
  EXPECT_EQ(second->out_of_bounds(), 1);
  EXPECT_TRUE(std::get<Incident>(ParseAt(*second, "19-3", "870000", "1018213.9")).location);
  EXPECT_EQ(second->out_of_bounds(), 1);
}

}  // namespace
}  // namespace vigil::ingest
