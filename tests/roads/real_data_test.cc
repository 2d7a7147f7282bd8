// Imports: a small hand-written centreline GeoJSON (always runs), then the real Columbus OSM
// extract and the St. Louis TIGER roads (skip when ../shared/data is absent).
#include <gtest/gtest.h>

#include "roads/centerline_import.h"
#include "roads/contraction.h"
#include "roads/osm_import.h"
#include "roads/snap.h"
#include "support/temp_dir.h"

namespace vigil::roads {
namespace {

TEST(CenterlineImportTest, NodesSharedVerticesAndHonoursOneWay) {
  vigil::testing::TempDir dir;
  // Two streets crossing at (-90.2, 38.6); a one-way alley; a walkway that is skipped.
  const std::string path = dir.Write("roads.geojson", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"MTFCC": "S1400", "FULLNAME": "Main St", "DIR": ""},
     "geometry": {"type": "LineString", "coordinates": [[-90.21, 38.6], [-90.2, 38.6], [-90.19, 38.6]]}},
    {"type": "Feature", "properties": {"MTFCC": "S1200", "FULLNAME": "Grand Blvd", "DIR": ""},
     "geometry": {"type": "MultiLineString", "coordinates": [[[-90.2, 38.59], [-90.2, 38.6]], [[-90.2, 38.6], [-90.2, 38.61]]]}},
    {"type": "Feature", "properties": {"MTFCC": "S1730", "FULLNAME": "", "DIR": "FT"},
     "geometry": {"type": "LineString", "coordinates": [[-90.19, 38.6], [-90.19, 38.61], [-90.2, 38.61]]}},
    {"type": "Feature", "properties": {"MTFCC": "S1710", "FULLNAME": "Walk", "DIR": ""},
     "geometry": {"type": "LineString", "coordinates": [[-90.21, 38.6], [-90.21, 38.61]]}}
  ]})");
  CenterlineImportOptions options;
  options.profile.oneway_field = "DIR";
  options.build.keep_largest_component = false;
  CenterlineImportStats stats;
  auto g = ImportCenterlines(path, options, &stats);
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(stats.features, 4u);
  EXPECT_EQ(stats.skipped_class, 1u);
  EXPECT_EQ(g->crs(), "EPSG:32615");
  // Nodes: 3 on Main St, 2 more on Grand Blvd (the crossing is shared), 1 alley corner.
  EXPECT_EQ(g->node_count(), 6u);
  // Two-way streets: 2 * (2 + 2) edges; the alley one way: 2 edges.
  EXPECT_EQ(g->edge_count(), 10u);
  std::size_t one_way = 0;
  for (EdgeId e = 0; e < g->edge_count(); ++e) one_way += g->ReverseOf(e) == kNoEdge;
  EXPECT_EQ(one_way, 2u);
  options.profile.oneway_field = "NOPE";
  EXPECT_EQ(ImportCenterlines(path, options).error().code, ErrorCode::kNotFound);
}

TEST(RealDataTest, ColumbusOsm) {
  const std::string path = vigil::testing::SharedData("osm/columbus.osm.pbf");
  if (path.empty()) GTEST_SKIP() << "columbus.osm.pbf is not present";
  auto g = ImportOsm(path, {});
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g->crs(), "EPSG:32617");
  EXPECT_GT(g->node_count(), 10000u);
  EXPECT_GT(g->edge_count(), g->node_count());
  std::size_t one_way = 0, motorway = 0;
  for (EdgeId e = 0; e < g->edge_count(); ++e) {
    one_way += g->ReverseOf(e) == kNoEdge;
    motorway += g->edge(e).road_class == RoadClass::kMotorway;
  }
  EXPECT_GT(one_way, 0u);
  EXPECT_GT(motorway, 0u);
  // Any point in town snaps to a road a few metres away.
  SegmentIndex index(*g);
  const RoadNode& n = g->node(static_cast<NodeId>(g->node_count() / 2));
  auto snap = index.Snap(n.x + 3, n.y + 4);
  ASSERT_TRUE(snap.ok());
  EXPECT_LE(snap->distance_m, 5.0 + 1e-9);
  std::printf("columbus: %zu nodes, %zu edges, %zu one-way edges, %zu restrictions\n",
              g->node_count(), g->edge_count(), one_way, g->restrictions().size());
}

TEST(RealDataTest, StLouisTigerRoads) {
  const std::string path = vigil::testing::SharedData("stlouis/roads/tl_2019_29510_roads.geojson");
  if (path.empty()) GTEST_SKIP() << "tl_2019_29510_roads.geojson is not present";
  CenterlineImportStats stats;
  auto g = ImportCenterlines(path, {}, &stats);
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(stats.features, 7306u);
  EXPECT_EQ(stats.skipped_geometry, 0u);
  // The TIGER "roads" layer has no house-number fields (the "edges" layer has them).
  EXPECT_EQ(stats.address_ranges, 0u);
  EXPECT_TRUE(g->address_ranges().empty());
  EXPECT_EQ(g->crs(), "EPSG:32615");
  EXPECT_GT(g->node_count(), 10000u);
  auto ch = ContractionHierarchy::Build(*g, {});
  ASSERT_TRUE(ch.ok());
  std::printf("st louis: %zu features, %zu skipped by class, %zu nodes, %zu edges\n",
              stats.features, stats.skipped_class, g->node_count(), g->edge_count());
}

}  // namespace
}  // namespace vigil::roads
