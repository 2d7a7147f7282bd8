#include "patrol/road_travel.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

#include "patrol/avoiding_network_cache.h"
#include "roads/dijkstra.h"
#include "roads/grid_graph.h"
#include "roads/route.h"

namespace vigil::patrol {
namespace {

// A 20 x 20 lattice, 100 m spacing, from x 300000, y 4400000 (EPSG:32617).
std::shared_ptr<RoadNetwork> Network() {
  auto network = MakeRoadNetwork(roads::testing::MakeGridGraph(20, 20, 100, 7));
  EXPECT_TRUE(network.ok());
  return *network;
}

TEST(RoadTravelTest, MatrixEqualsDijkstraPlusAccess) {
  auto net = Network();
  // Sites a little off the roads (between lattice lines).
  std::vector<Point> sites;
  sites.reserve(12);
  for (int i = 0; i < 12; ++i) {
    const int column = i % 4, row = i / 4;
    sites.push_back({300000 + 35.0 + 150.0 * column, 4400000 + 20.0 + 400.0 * row});
  }
  const RoadTravelOptions options{.max_snap_m = 200, .access_speed_kmh = 15};
  auto travel = RoadTravelTimes::Build(net->graph, *net->ch, *net->index, sites, {}, options);
  ASSERT_TRUE(travel.ok()) << travel.error().message;
  roads::Dijkstra dijkstra(net->graph);
  for (int a = 0; a < 12; ++a) {
    auto sa = net->index->Snap(sites[static_cast<std::size_t>(a)].x,
                               sites[static_cast<std::size_t>(a)].y, 200);
    ASSERT_TRUE(sa.ok());
    for (int b = 0; b < 12; ++b) {
      if (a == b) {
        EXPECT_EQ((*travel)->Seconds(a, b), 0);
        continue;
      }
      auto sb = net->index->Snap(sites[static_cast<std::size_t>(b)].x,
                                 sites[static_cast<std::size_t>(b)].y, 200);
      ASSERT_TRUE(sb.ok());
      const auto path = dijkstra.Search(roads::SourceEndpoints(net->graph, *sa),
                                        roads::TargetEndpoints(net->graph, *sb));
      ASSERT_TRUE(path.found);
      const double expected = static_cast<double>(path.time_ms) / 1000.0 +
                              sa->distance_m / (15 / 3.6) + sb->distance_m / (15 / 3.6);
      EXPECT_NEAR((*travel)->Seconds(a, b), expected, 1e-6) << a << " -> " << b;
    }
  }
}

// Node (row r, column c) of the 20 x 20 grid lies at lon -80 + 0.001 c, lat 44.4 + 0.0001 r
// (x 300000 + 100 c, y 4400000 + 100 r): a no-go square over the columns and rows 5-14.
geo::AreaShape NoGoSquare() {
  geo::AreaShape square;
  const double w = -80 + 0.0045, e = -80 + 0.0145, s = 44.4 + 0.00045, n = 44.4 + 0.00145;
  square.polygons = {{{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}}};
  square.min_lon = w;
  square.max_lon = e;
  square.min_lat = s;
  square.max_lat = n;
  return square;
}

TEST(RoadTravelTest, NoGoAreaRoadsAreNotDrivenThrough) {
  const roads::RoadGraph graph = roads::testing::MakeGridGraph(20, 20, 100, 7);
  const geo::AreaShape square = NoGoSquare();
  const std::vector<geo::AreaShape> avoid = {square};
  auto plain = MakeRoadNetworkAvoiding(graph, {});
  auto avoiding = MakeRoadNetworkAvoiding(graph, avoid);
  ASSERT_TRUE(plain.ok() && avoiding.ok());
  EXPECT_EQ((*plain)->graph.edge_count(), graph.edge_count());
  EXPECT_LT((*avoiding)->graph.node_count(), graph.node_count()) << "inner nodes are cut off";
  for (const roads::RoadEdge& edge : (*avoiding)->graph.edges()) {
    const roads::RoadNode& a = (*avoiding)->graph.node(edge.from);
    const roads::RoadNode& b = (*avoiding)->graph.node(edge.to);
    // No road into the square: a route can neither cross it nor cut through a junction.
    EXPECT_FALSE(geo::AreaContains(square, a.lon, a.lat) ||
                 geo::AreaContains(square, b.lon, b.lat));
  }
  // Across the square (row 10, column 2 to column 17) the avoiding network goes round it.
  const std::vector<Point> sites = {{300000 + 200.0, 4400000 + 1000.0},
                                    {300000 + 1700.0, 4400000 + 1000.0}};
  auto through = MakeRoadTravelFactory(*plain, {}, {})(sites);
  auto around = MakeRoadTravelFactory(*avoiding, {}, {})(sites);
  ASSERT_TRUE(through.ok() && around.ok());
  EXPECT_GT((*around)->Seconds(0, 1), (*through)->Seconds(0, 1) * 1.2);
  EXPECT_LT((*around)->Seconds(0, 1), kUnreachableSeconds);
  RoadLegs legs(*avoiding, {}, {});
  const std::vector<double> path = legs.LonLat(sites[0], sites[1]);
  ASSERT_GE(path.size(), 4u);
  for (std::size_t i = 0; i + 1 < path.size(); i += 2) {
    EXPECT_FALSE(geo::AreaContains(square, path[i], path[i + 1])) << "vertex " << i / 2;
  }
}

TEST(RoadTravelTest, AStationInsideANoGoAreaKeepsItsQuickestWayOut) {
  const roads::RoadGraph graph = roads::testing::MakeGridGraph(20, 20, 100, 7);
  const geo::AreaShape square = NoGoSquare();
  const std::vector<geo::AreaShape> avoid = {square};
  // A station at the centre of the square (row 10, column 10). Its roads within 50 m stay: on
  // this grid's lon/lat (a column is 80 m, a row 11 m) the nodes of column 10, rows 6-14, which
  // are still all inside the square.
  const std::vector<geo::XY> stations = {{-80 + 0.010, 44.4 + 0.0010}};
  auto avoiding = MakeRoadNetworkAvoiding(graph, avoid, stations, 50);
  ASSERT_TRUE(avoiding.ok());
  std::size_t inside = 0;
  for (const roads::RoadNode& node : (*avoiding)->graph.nodes()) {
    if (geo::AreaContains(square, node.lon, node.lat)) ++inside;
  }
  // Of the square's 100 junctions: those by the station and a street out (and back).
  EXPECT_GT(inside, 0u);
  EXPECT_LT(inside, 50u);
  // The car gets out to a site west of the square and back, by the kept streets alone.
  const std::vector<Point> sites = {{300000 + 1000.0, 4400000 + 1000.0},
                                    {300000 + 200.0, 4400000 + 1000.0}};
  auto travel =
      MakeRoadTravelFactory(*avoiding, {}, {.max_snap_m = 60, .required_sites = 1})(sites);
  ASSERT_TRUE(travel.ok()) << travel.error().message;
  EXPECT_LT((*travel)->Seconds(0, 1), kUnreachableSeconds);
  EXPECT_LT((*travel)->Seconds(1, 0), kUnreachableSeconds);
  // Without the station the square's roads all go, and its centre is out of reach.
  auto closed = MakeRoadNetworkAvoiding(graph, avoid);
  ASSERT_TRUE(closed.ok());
  auto stranded = MakeRoadTravelFactory(*closed, {}, {.max_snap_m = 100})(sites);
  ASSERT_TRUE(stranded.ok());
  EXPECT_EQ((*stranded)->Seconds(1, 0), kUnreachableSeconds);
}

TEST(AvoidingNetworkCacheTest, BuildsOncePerDistinctAreasStationsAndRadius) {
  const roads::RoadGraph graph = roads::testing::MakeGridGraph(20, 20, 100, 7);
  AvoidingNetworkCache cache(graph, 2);
  const std::vector<geo::AreaShape> avoid = {NoGoSquare()};
  const std::vector<geo::XY> stations = {{-80 + 0.010, 44.4 + 0.0010}};
  auto first = cache.Get(avoid, stations, 50);
  auto again = cache.Get(avoid, stations, 50);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->get(), again->get());
  EXPECT_EQ(cache.builds(), 1);
  EXPECT_EQ(cache.hits(), 1);
  // The cached network is the one MakeRoadNetworkAvoiding builds.
  auto direct = MakeRoadNetworkAvoiding(graph, avoid, stations, 50);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ((*first)->graph.node_count(), (*direct)->graph.node_count());
  EXPECT_EQ((*first)->graph.edge_count(), (*direct)->graph.edge_count());
  // Any change of an area's corner, a station or the radius builds anew.
  std::vector<geo::AreaShape> moved = avoid;
  moved[0].polygons[0][0][2].x += 1e-9;
  auto other_area = cache.Get(moved, stations, 50);
  auto other_station = cache.Get(avoid, std::vector<geo::XY>{{-80 + 0.011, 44.4 + 0.0010}}, 50);
  auto other_radius = cache.Get(avoid, stations, 60);
  ASSERT_TRUE(other_area.ok() && other_station.ok() && other_radius.ok());
  EXPECT_EQ(cache.builds(), 4);
  EXPECT_NE(other_area->get(), first->get());
  // Two are kept: the first was the least recently used and is built again.
  ASSERT_TRUE(cache.Get(avoid, stations, 50).ok());
  EXPECT_EQ(cache.builds(), 5);
  EXPECT_EQ(cache.hits(), 1);
}

TEST(AvoidingNetworkCacheTest, ConcurrentRequestsShareOneBuild) {
  const roads::RoadGraph graph = roads::testing::MakeGridGraph(20, 20, 100, 7);
  AvoidingNetworkCache cache(graph, 4);
  const std::vector<geo::AreaShape> avoid = {NoGoSquare()};
  std::vector<const RoadNetwork*> got(6, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      auto network = cache.Get(avoid, {}, 50);
      if (network.ok()) got[i] = network->get();
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(cache.builds(), 1);
  EXPECT_EQ(cache.hits(), 5);
  for (const RoadNetwork* network : got) {
    EXPECT_NE(network, nullptr);
    EXPECT_EQ(network, got[0]);
  }
}

TEST(RoadTravelTest, FarSitesAreUnreachableAndFarStationsAnError) {
  auto net = Network();
  const std::vector<Point> sites = {{300050, 4400010}, {310000, 4410000}};
  auto travel =
      RoadTravelTimes::Build(net->graph, *net->ch, *net->index, sites, {}, {.max_snap_m = 100});
  ASSERT_TRUE(travel.ok());
  EXPECT_FALSE((*travel)->reachable(1));
  EXPECT_EQ((*travel)->unreachable_count(), 1);
  EXPECT_EQ((*travel)->Seconds(0, 1), kUnreachableSeconds);
  const std::vector<Point> far_station = {{310000, 4410000}, {300050, 4400010}};
  auto bad = RoadTravelTimes::Build(net->graph, *net->ch, *net->index, far_station, {},
                                    {.max_snap_m = 100, .required_sites = 1});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("site 0 (a station)"), std::string::npos);
}

TEST(RoadTravelTest, PlanWithRoadTimesIsFeasibleOnTheRoads) {
  auto net = Network();
  // Forecast over the lattice: 19 x 19 cells of 100 m, risk growing to the north-east.
  const geo::Grid grid{
      .origin_x = 300000, .origin_y = 4400000, .cell_size = 100, .columns = 19, .rows = 19};
  std::vector<double> forecast(static_cast<std::size_t>(grid.cell_count()));
  for (std::int64_t c = 0; c < grid.cell_count(); ++c) {
    const std::int64_t column = c % 19, row = c / 19;
    forecast[static_cast<std::size_t>(c)] = 0.01 * static_cast<double>(column + row + 1);
  }
  PlanOptions o;
  o.forecast = forecast;
  o.grid = grid;
  o.stations = {{"hq", 300000, 4400000}};
  o.cars = {{.name = "a", .station = 0, .shift_s = 3600},
            {.name = "b", .station = 0, .shift_s = 1800}};
  o.dwell_s = 300;
  o.top_n = 80;
  o.solver.max_iterations = 30;
  o.travel_factory = MakeRoadTravelFactory(net, {}, {.max_snap_m = 200, .required_sites = 1});
  auto plan = PlanPatrols(o);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_GT(plan->stops, 0);
  // Re-time every route with the road matrix from scratch.
  std::vector<Point> sites = {{300000, 4400000}};
  for (const Itinerary& it : plan->cars)
    for (const Stop& s : it.stops) sites.push_back({s.x, s.y});
  auto travel =
      RoadTravelTimes::Build(net->graph, *net->ch, *net->index, sites, {}, {.max_snap_m = 200});
  ASSERT_TRUE(travel.ok());
  int site = 1;
  for (std::size_t c = 0; c < plan->cars.size(); ++c) {
    double t = 0;
    int at = 0;
    for (const Stop& s : plan->cars[c].stops) {
      t += (*travel)->Seconds(at, site);
      EXPECT_NEAR(s.arrive_s, t, 1e-6);
      t += o.dwell_s;
      at = site++;
    }
    t += (*travel)->Seconds(at, 0);
    EXPECT_NEAR(plan->cars[c].return_s, t, 1e-6);
    EXPECT_LE(t, o.cars[c].shift_s + 1e-6);
  }
  // Road legs follow the lattice: more points than a straight line.
  RoadLegs legs(net, {}, {.max_snap_m = 200});
  const auto line = legs.LonLat({300000, 4400000}, {301000, 4401000});
  EXPECT_GT(line.size(), 2u * 10);
}

}  // namespace
}  // namespace vigil::patrol
