// Routing scenarios drawn as ASCII maps (see ascii_map.h). Each route is checked with plain
// Dijkstra and with contraction hierarchies.
#include <gtest/gtest.h>

#include <cmath>

#include "roads/ascii_map.h"
#include "roads/dijkstra.h"
#include "roads/route.h"
#include "roads/snap.h"
#include "support/temp_dir.h"

namespace vigil::roads::testing {
namespace {

struct Expected {
  char from;
  char to;
  std::string nodes;  // "" = unreachable
  double time_s = 0;
  double tolerance_s = 1;
};

// km/h of the default CarProfile, for expected times.
double Seconds(double metres, double kmh) { return metres / (kmh / 3.6); }

void CheckRoutes(const AsciiNetwork& net, const std::vector<Expected>& table) {
  auto ch = ContractionHierarchy::Build(net.graph, {});
  ASSERT_TRUE(ch.ok()) << ch.error().message;
  Dijkstra dijkstra(net.graph);
  ChQuery query(*ch);
  for (const Expected& e : table) {
    SCOPED_TRACE(std::string(1, e.from) + " -> " + e.to);
    ASSERT_TRUE(net.node_of.contains(e.from) && net.node_of.contains(e.to));
    const NodeId s = net.node_of.at(e.from), t = net.node_of.at(e.to);
    const Endpoint src[] = {{.node = s}};
    const Endpoint dst[] = {{.node = t}};
    const NodePath plain = dijkstra.Search(src, dst);
    const NodePath fast = query.Search(src, dst);
    if (e.nodes.empty()) {
      EXPECT_FALSE(plain.found);
      EXPECT_FALSE(fast.found);
      continue;
    }
    ASSERT_TRUE(plain.found);
    ASSERT_TRUE(fast.found);
    EXPECT_EQ(Letters(net, plain, s), e.nodes);
    EXPECT_EQ(Letters(net, fast, s), e.nodes);
    EXPECT_EQ(plain.time_ms, fast.time_ms);
    EXPECT_NEAR(static_cast<double>(plain.time_ms) / 1000, e.time_s, e.tolerance_s);
  }
}

TEST(RoadScenario, FastestBeatsShortest) {
  // The direct residential street is shorter; the primary detour is faster.
  const char* map = R"(
    A-----B-----C
    |           |
    D-----------E
  )";
  vigil::testing::TempDir dir;
  auto net = BuildAsciiNetwork(map, 100, {{"ABC", {}}, {"ADEC", {{"highway", "primary"}}}}, {},
                               dir.path());
  ASSERT_TRUE(net.ok()) << net.error().message;
  CheckRoutes(*net, {{'A', 'C', "ADEC", Seconds(1600, 60)},
                     {'A', 'B', "AB", Seconds(600, 30)},
                     {'B', 'E', "BCE", Seconds(600, 30) + Seconds(200, 60)}});
}

TEST(RoadScenario, OneWayForcesDetour) {
  const char* map = R"(
    A---B---C
    |       |
    D-------E
  )";
  vigil::testing::TempDir dir;
  auto net =
      BuildAsciiNetwork(map, 100, {{"ABC", {{"oneway", "yes"}}}, {"ADEC", {}}}, {}, dir.path());
  ASSERT_TRUE(net.ok()) << net.error().message;
  CheckRoutes(*net, {{'A', 'C', "ABC", Seconds(800, 30)},
                     {'C', 'A', "CEDA", Seconds(1200, 30)},
                     {'B', 'A', "BCEDA", Seconds(1600, 30)}});
}

TEST(RoadScenario, ReverseOneWayMotorwayAndRoundabout) {
  // oneway=-1 runs against the drawing; motorways and roundabouts are one-way by default.
  const char* map = R"(
    A---B---C
    |   |   |
    D---E---F
  )";
  vigil::testing::TempDir dir;
  auto net = BuildAsciiNetwork(map, 100,
                               {{"ABC", {{"oneway", "-1"}}},
                                {"DEF", {{"highway", "motorway"}}},
                                {"AD", {}},
                                {"BE", {{"junction", "roundabout"}}},
                                {"CF", {}}},
                               {}, dir.path());
  ASSERT_TRUE(net.ok()) << net.error().message;
  CheckRoutes(*net, {{'C', 'A', "CBA", Seconds(800, 30)},
                     {'A', 'C', "ADEFC", Seconds(400, 30) + Seconds(800, 100)},
                     {'E', 'B', "EFCB", Seconds(400, 100) + Seconds(600, 30)}});
}

TEST(RoadScenario, MaxspeedOverridesClassSpeed) {
  // The lower street is posted at 50 mph and beats the shorter 30 km/h residential street.
  const char* map = R"(
    A-----B
    |     |
    C-----D
  )";
  vigil::testing::TempDir dir;
  auto net =
      BuildAsciiNetwork(map, 100, {{"AB", {}}, {"ACDB", {{"maxspeed", "50 mph"}}}}, {}, dir.path());
  ASSERT_TRUE(net.ok()) << net.error().message;
  CheckRoutes(*net, {{'A', 'B', "ACDB", Seconds(1000, 50 * 1.609344 * 0.9)}});
}

TEST(RoadScenario, DisconnectedPartIsUnreachable) {
  const char* map = R"(
    A---B      X---Y
  )";
  vigil::testing::TempDir dir;
  auto net = BuildAsciiNetwork(map, 100, {{"AB", {}}, {"XY", {}}}, {}, dir.path(),
                               /*keep_largest_component=*/false);
  ASSERT_TRUE(net.ok()) << net.error().message;
  CheckRoutes(*net, {{'A', 'X', ""}, {'Y', 'B', ""}, {'X', 'Y', "XY", Seconds(400, 30)}});
  // With the default, only one component is kept.
  vigil::testing::TempDir dir2;
  auto kept = BuildAsciiNetwork(map, 100, {{"AB", {}}, {"XYZ", {}}}, {}, dir2.path());
  EXPECT_FALSE(kept.ok());  // Z is not on the map
  auto largest = BuildAsciiNetwork(R"(
    A---B      X---Y--Z
  )",
                                   100, {{"AB", {}}, {"XYZ", {}}}, {}, dir2.path());
  ASSERT_TRUE(largest.ok()) << largest.error().message;
  EXPECT_EQ(largest->graph.node_count(), 3u);
  EXPECT_FALSE(largest->node_of.contains('A'));
}

TEST(RoadScenario, SnappedPointsRouteOverPartialEdges) {
  const char* map = R"(
    A-------B-------C
  )";
  vigil::testing::TempDir dir;
  auto net = BuildAsciiNetwork(map, 100, {{"ABC", {}}}, {}, dir.path());
  ASSERT_TRUE(net.ok()) << net.error().message;
  const RoadGraph& g = net->graph;
  const RoadNode& a = g.node(net->node_of.at('A'));
  const RoadNode& b = g.node(net->node_of.at('B'));
  const RoadNode& c = g.node(net->node_of.at('C'));
  SegmentIndex index(g, 100);
  // The road runs east, slightly rotated in UTM (grid convergence): step along its direction
  // (ux, uy) and off it along the normal (-uy, ux).
  const double len = std::hypot(c.x - a.x, c.y - a.y);
  const double ux = (c.x - a.x) / len, uy = (c.y - a.y) / len;
  auto at = [&](const RoadNode& from, double along, double left) {
    return index.Snap(from.x + along * ux - left * uy, from.y + along * uy + left * ux);
  };
  // 200 m past A and 30 m to the left of the road; 600 m past B, 20 m to the right.
  auto p = at(a, 200, 30);
  auto q = at(b, 600, -20);
  ASSERT_TRUE(p.ok() && q.ok());
  EXPECT_NEAR(p->distance_m, 30, 0.5);
  EXPECT_NEAR(q->distance_m, 20, 0.5);
  EXPECT_FALSE(index.Snap(a.x, a.y + 5000, 1000).ok());
  auto ch = ContractionHierarchy::Build(g, {});
  ASSERT_TRUE(ch.ok());
  ChQuery query(*ch);
  for (bool forward : {true, false}) {
    const SnapResult& from = forward ? *p : *q;
    const SnapResult& to = forward ? *q : *p;
    const auto sources = SourceEndpoints(g, from);
    const auto targets = TargetEndpoints(g, to);
    const Route route = ComposeRoute(g, from, to, sources, targets, query.Search(sources, targets));
    ASSERT_TRUE(route.found);
    EXPECT_NEAR(route.length_m, 1200, 2);
    EXPECT_NEAR(route.time_s, Seconds(1200, 30), 0.5);
    ASSERT_EQ(route.lon_lat.size(), 2u * 3);  // p, B, q
    EXPECT_NEAR(route.lon_lat[2], b.lon, 1e-9);
  }
  // Both points on one segment: no graph search is needed.
  auto r = at(a, 500, 0);
  const auto sources = SourceEndpoints(g, *p);
  const auto targets = TargetEndpoints(g, *r);
  const Route same = ComposeRoute(g, *p, *r, sources, targets, query.Search(sources, targets));
  ASSERT_TRUE(same.found);
  EXPECT_NEAR(same.length_m, 300, 1);
}

TEST(RoadScenario, TurnRestrictionsAreReadAndStored) {
  // Restrictions are parsed and kept on the graph as read.
  const char* map = R"(
        C
        |
    A---B---D
  )";
  vigil::testing::TempDir dir;
  auto net = BuildAsciiNetwork(
      map, 100, {{"AB", {}}, {"BC", {}}, {"BD", {}}},
      {{"AB", 'B', "BC", "no_left_turn"}, {"AB", 'B', "BD", "only_straight_on"}}, dir.path());
  ASSERT_TRUE(net.ok()) << net.error().message;
  const auto& r = net->graph.restrictions();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].kind, "no_left_turn");
  EXPECT_FALSE(r[0].only);
  EXPECT_EQ(r[0].from_way, 1);
  EXPECT_EQ(r[0].via_node, 'B');
  EXPECT_EQ(r[0].to_way, 2);
  EXPECT_TRUE(r[1].only);
  EXPECT_EQ(r[1].to_way, 3);
}

// The map of the two restriction scenarios: B is a crossing with C north, D east, E south.
constexpr const char* kCrossing = R"(
        C---F
        |   |
    A---B---D
        |
        E
  )";
const std::vector<AsciiWay> kCrossingWays = {{"AB", {}}, {"BC", {}}, {"BD", {}},
                                             {"DF", {}}, {"FC", {}}, {"BE", {}}};

TEST(RoadScenario, NoLeftTurnForcesTheBlockAround) {
  vigil::testing::TempDir dir;
  auto net = BuildAsciiNetwork(kCrossing, 100, kCrossingWays, {{"AB", 'B', "BC", "no_left_turn"}},
                               dir.path());
  ASSERT_TRUE(net.ok()) << net.error().message;
  EXPECT_EQ(net->graph.applied_restrictions(), 1u);
  // Not the left turn at B: right into the dead end E, U-turn, then straight on to C
  // (1,000 m) beats the block around by D and F (1,400 m).
  CheckRoutes(*net, {{'A', 'C', "ABEBC", Seconds(1000, 30)},
                     {'C', 'A', "CBA", Seconds(600, 30)},    // the other way is allowed
                     {'A', 'E', "ABE", Seconds(600, 30)},    // so is the right turn
                     {'E', 'C', "EBC", Seconds(400, 30)}});  // and C from the south
}

TEST(RoadScenario, OnlyStraightOnAllowsNoOtherTurn) {
  vigil::testing::TempDir dir;
  auto net = BuildAsciiNetwork(kCrossing, 100, kCrossingWays,
                               {{"AB", 'B', "BD", "only_straight_on"}}, dir.path());
  ASSERT_TRUE(net.ok()) << net.error().message;
  CheckRoutes(*net, {{'A', 'C', "ABDFC", Seconds(1400, 30)},
                     // Straight on to D, U-turn there, back into B from the east, then south.
                     {'A', 'E', "ABDBE", Seconds(1400, 30)},
                     {'A', 'D', "ABD", Seconds(800, 30)},
                     {'E', 'C', "EBC", Seconds(400, 30)}});
}

TEST(RoadScenario, IsochroneReachesNearNodesOnly) {
  const char* map = R"(
    A---B---C---D
  )";
  vigil::testing::TempDir dir;
  auto net = BuildAsciiNetwork(map, 100, {{"ABCD", {}}}, {}, dir.path());
  ASSERT_TRUE(net.ok()) << net.error().message;
  Dijkstra dijkstra(net->graph);
  const Endpoint start[] = {{.node = net->node_of.at('A')}};
  // 400 m at 30 km/h is 48 s: B in 48 s, C in 96 s, D in 144 s.
  const Isochrone iso = dijkstra.Reach(start, 100'000);
  ASSERT_EQ(iso.nodes.size(), 3u);
  EXPECT_EQ(iso.nodes[2], net->node_of.at('C'));
  EXPECT_NEAR(static_cast<double>(iso.node_time_ms[1]) / 1000, 48, 0.5);
  ASSERT_EQ(iso.partial_edges.size(), 2u);  // C -> D and C -> B, 4 of 48 s each
  EXPECT_NEAR(iso.partial_fraction[0], 4.0 / 48, 0.02);
  EXPECT_EQ(iso.edges.size(), 3u);  // A -> B, B -> A, B -> C finish within 100 s
}

}  // namespace
}  // namespace vigil::roads::testing
