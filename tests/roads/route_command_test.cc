// `vigil route` run as the binary on a small centreline file with house-number ranges: between
// two lon,lat points, between two addresses (the same route when the addresses lie at those
// points), and the errors a dispatcher would meet (an unknown number, a file without ranges,
// text that is neither).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "support/temp_dir.h"

namespace {

// An L of two streets: Main St east from (-90.21, 38.6) to (-90.2, 38.6), left odd 101-199,
// right even 100-198; Grand Blvd north from (-90.2, 38.6) to (-90.2, 38.61), right 2-98.
constexpr const char* kStreets = R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"MTFCC": "S1400", "FULLNAME": "Main St",
    "LFROMADD": "101", "LTOADD": "199", "RFROMADD": "100", "RTOADD": "198"},
   "geometry": {"type": "LineString", "coordinates": [[-90.21, 38.6], [-90.2, 38.6]]}},
  {"type": "Feature", "properties": {"MTFCC": "S1400", "FULLNAME": "Grand Blvd",
    "LFROMADD": "", "LTOADD": "", "RFROMADD": "2", "RTOADD": "98"},
   "geometry": {"type": "LineString", "coordinates": [[-90.2, 38.6], [-90.2, 38.61]]}}
]})";

struct CommandRun {
  int rc = 0;
  std::string out;
};

CommandRun Route(const vigil::testing::TempDir& dir, const std::string& graph,
                 const std::string& from, const std::string& to) {
  const std::string log = dir.File("route.log");
  const std::string cmd = std::string(VIGIL_BINARY) + " route --graph " + graph + " --from '" +
                          from + "' --to '" + to + "' > " + log + " 2>&1";
  CommandRun run;
  run.rc = std::system(cmd.c_str());
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  run.out = text.str();
  return run;
}

std::string Line(const std::string& out, const std::string& key) {
  const auto at = out.find(key);
  if (at == std::string::npos) return "";
  return out.substr(at, out.find('\n', at) - at);
}

TEST(RouteCommandTest, RoutesBetweenPointsAndBetweenAddresses) {
  vigil::testing::TempDir dir;
  const std::string graph = dir.Write("streets.geojson", kStreets);
  // 100 Main St is the west end of Main St; 98 Grand Blvd the north end of Grand Blvd.
  const CommandRun points = Route(dir, graph, "-90.21,38.6", "-90.2,38.61");
  ASSERT_EQ(points.rc, 0) << points.out;
  const CommandRun addresses = Route(dir, graph, "100 Main St", "98 grand blvd");
  ASSERT_EQ(addresses.rc, 0) << addresses.out;
  EXPECT_NE(Line(points.out, "distance_m:"), "");
  EXPECT_EQ(Line(addresses.out, "distance_m:"), Line(points.out, "distance_m:"));
  EXPECT_EQ(Line(addresses.out, "time_s:"), Line(points.out, "time_s:"));
  // 150 Main St lies about half way along Main St: a shorter route to the same end.
  const CommandRun middle = Route(dir, graph, "150 Main St", "98 Grand Blvd");
  ASSERT_EQ(middle.rc, 0) << middle.out;
  const double full = std::atof(Line(points.out, "distance_m:").substr(11).c_str());
  const double half = std::atof(Line(middle.out, "distance_m:").substr(11).c_str());
  EXPECT_GT(full, 1500);
  EXPECT_NEAR(full - half, 0.5 * 870, 30) << points.out << middle.out;
}

TEST(RouteCommandTest, ExplainsAddressesItCannotPlace) {
  vigil::testing::TempDir dir;
  const std::string graph = dir.Write("streets.geojson", kStreets);
  CommandRun run = Route(dir, graph, "500 Main St", "98 Grand Blvd");
  EXPECT_NE(run.rc, 0);
  EXPECT_NE(run.out.find("--from: No address range holds 500 Main St"), std::string::npos)
      << run.out;
  run = Route(dir, graph, "Main St", "98 Grand Blvd");
  EXPECT_NE(run.rc, 0);
  EXPECT_NE(run.out.find("lon,lat in degrees or an address"), std::string::npos) << run.out;
  std::string plain = kStreets;
  for (const char* field : {"LFROMADD", "LTOADD", "RFROMADD", "RTOADD"}) {
    for (auto at = plain.find(field); at != std::string::npos; at = plain.find(field, at + 1))
      plain.replace(at, 1, "X");  // rename the range fields away
  }
  const std::string bare = dir.Write("bare.geojson", plain);
  run = Route(dir, bare, "100 Main St", "98 Grand Blvd");
  EXPECT_NE(run.rc, 0);
  EXPECT_NE(run.out.find("has no house-number ranges"), std::string::npos) << run.out;
}

}  // namespace
