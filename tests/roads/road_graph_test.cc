// Graph building, strongly connected components, snapping and speed profiles.
#include "roads/road_graph.h"

#include <gtest/gtest.h>

#include "roads/grid_graph.h"
#include "roads/osm_import.h"
#include "roads/snap.h"
#include "roads/speed_profile.h"

namespace vigil::roads {
namespace {

RoadNode At(double x, double y) { return {.x = x, .y = y, .lon = x, .lat = y}; }

TEST(RoadGraphTest, KeepsLargestStronglyConnectedComponent) {
  RoadGraphBuilder b("EPSG:32617");
  for (int i = 0; i < 6; ++i) b.AddNode(At(i * 10.0, 0));
  // 0 <-> 1 <-> 2 is strongly connected; 2 -> 3 is a dead end; 4 <-> 5 is a smaller island.
  for (auto [u, v] : {std::pair{0, 1}, {1, 0}, {1, 2}, {2, 1}, {2, 3}, {4, 5}, {5, 4}}) {
    b.AddEdge(u, v, 10, 1, RoadClass::kResidential, "Main", 1);
  }
  b.AddEdge(0, 0, 10, 1, RoadClass::kResidential, "loop", 2);  // self-loop dropped
  auto g = b.Build({});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->node_count(), 3u);
  EXPECT_EQ(g->edge_count(), 4u);
  EXPECT_EQ(g->names()[g->edge(0).name], "Main");
  for (NodeId v = 0; v < 3; ++v) {
    EXPECT_EQ(g->out_end(v) - g->out_begin(v), v == 1 ? 2u : 1u);
    EXPECT_EQ(g->in_end(v) - g->in_begin(v), v == 1 ? 2u : 1u);
    for (std::uint32_t i = g->in_begin(v); i < g->in_end(v); ++i)
      EXPECT_EQ(g->edge(g->in_edge(i)).to, v);
  }
  EXPECT_NE(g->ReverseOf(0), kNoEdge);
  auto all = b.Build({.keep_largest_component = false});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->node_count(), 6u);
}

TEST(RoadGraphTest, SccIsIterativeOnLongChains) {
  // A 200,000-node ring would overflow a recursive DFS's stack under ASan.
  const std::size_t n = 200000;
  std::vector<RoadEdge> edges;
  for (std::size_t i = 0; i < n; ++i) {
    edges.push_back({.from = static_cast<NodeId>(i), .to = static_cast<NodeId>((i + 1) % n)});
  }
  std::vector<std::uint32_t> component;
  EXPECT_EQ(StronglyConnectedComponents(n, edges, &component), 1u);
  edges.pop_back();  // now a chain: every node its own component
  EXPECT_EQ(StronglyConnectedComponents(n, edges, &component), n);
}

TEST(RoadGraphTest, EmptyGraphIsAnError) {
  RoadGraphBuilder b("EPSG:32617");
  EXPECT_FALSE(b.Build({}).ok());
}

TEST(SnapTest, FindsNearestSegmentAgainstBruteForce) {
  const RoadGraph g = testing::MakeGridGraph(20, 20, 100, 9);
  SegmentIndex index(g, 150);
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> x(300000 - 50, 300000 + 1950),
      y(4400000 - 50, 4400000 + 1950);
  for (int i = 0; i < 300; ++i) {
    const double px = x(rng), py = y(rng);
    auto snap = index.Snap(px, py, 500);
    ASSERT_TRUE(snap.ok());
    double best = 1e18;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      const RoadNode& a = g.node(g.edge(e).from);
      const RoadNode& b = g.node(g.edge(e).to);
      const double dx = b.x - a.x, dy = b.y - a.y;
      const double t =
          std::clamp(((px - a.x) * dx + (py - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
      best = std::min(best, std::hypot(a.x + t * dx - px, a.y + t * dy - py));
    }
    EXPECT_NEAR(snap->distance_m, best, 1e-6);
    EXPECT_GE(snap->fraction, 0);
    EXPECT_LE(snap->fraction, 1);
  }
}

TEST(SpeedProfileTest, ParsesMaxspeed) {
  double kmh = 0;
  EXPECT_TRUE(ParseMaxspeed("50", &kmh));
  EXPECT_DOUBLE_EQ(kmh, 50);
  EXPECT_TRUE(ParseMaxspeed("30 mph", &kmh));
  EXPECT_NEAR(kmh, 48.28, 0.01);
  EXPECT_TRUE(ParseMaxspeed("25mph", &kmh));
  EXPECT_TRUE(ParseMaxspeed("70 km/h", &kmh));
  EXPECT_DOUBLE_EQ(kmh, 70);
  EXPECT_FALSE(ParseMaxspeed("none", &kmh));
  EXPECT_FALSE(ParseMaxspeed("US:urban", &kmh));
  EXPECT_FALSE(ParseMaxspeed("signals", &kmh));
  EXPECT_FALSE(ParseMaxspeed("-5", &kmh));
}

TEST(SpeedProfileTest, CarRoadClasses) {
  RoadClass c;
  bool link = false;
  EXPECT_TRUE(CarRoadClass("motorway_link", &c, &link));
  EXPECT_EQ(c, RoadClass::kMotorway);
  EXPECT_TRUE(link);
  EXPECT_TRUE(CarRoadClass("living_street", &c, &link));
  EXPECT_FALSE(link);
  EXPECT_FALSE(CarRoadClass("footway", &c, &link));
  EXPECT_FALSE(CarRoadClass("cycleway", &c, &link));
  EXPECT_FALSE(CarRoadClass("residential_link", &c, &link));
}

TEST(SpeedProfileTest, ReadsCenterlineProfileJson) {
  auto p = ParseCenterlineProfile(R"({"class_field": "CLASS", "oneway_field": "ONEWAY",
      "classes": [{"code": "1", "class": "primary", "speed_kmh": 70},
                  {"code": "5", "speed_kmh": 25}]})");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->class_field, "CLASS");
  EXPECT_EQ(p->oneway_field, "ONEWAY");
  ASSERT_NE(p->Find("1"), nullptr);
  EXPECT_EQ(p->Find("1")->road_class, RoadClass::kPrimary);
  EXPECT_EQ(p->Find("5")->road_class, RoadClass::kOther);
  EXPECT_EQ(p->Find("9"), nullptr);
  EXPECT_FALSE(ParseCenterlineProfile("[1]").ok());
  EXPECT_FALSE(ParseCenterlineProfile(R"({"classes": [{"code": "1", "speed_kmh": -3}]})").ok());
  EXPECT_FALSE(
      ParseCenterlineProfile(R"({"classes": [{"code": "1", "class": "lane", "speed_kmh": 3}]})")
          .ok());
  EXPECT_FALSE(ParseCenterlineProfile("{not json").ok());
  EXPECT_NE(TigerProfile().Find("S1400"), nullptr);
  EXPECT_EQ(TigerProfile().Find("S1710"), nullptr);  // walkways are not car roads
}

}  // namespace
}  // namespace vigil::roads
