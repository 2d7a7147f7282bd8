#include "patrol/planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "patrol/plan_geojson.h"

namespace vigil::patrol {
namespace {

// One row of 21 cells of 1 km; the station sits in cell 10. Travel at 36 km/h = 10 m/s.
struct Corridor {
  geo::Grid grid{.origin_x = 0, .origin_y = 0, .cell_size = 1000, .columns = 21, .rows = 1};
  std::vector<double> forecast = std::vector<double>(21, 0.0);

  PlanOptions Options() const {
    PlanOptions o;
    o.forecast = forecast;
    o.grid = grid;
    o.stations = {{"hq", 10500, 500}};
    o.cars = {{.name = "a", .station = 0, .shift_s = 800}};
    o.dwell_s = 0;
    o.speed_kmh = 36;
    o.solver.max_iterations = 50;
    return o;
  }
};

// Greedy goes to the nearest hotspot (2 km east, risk 1) and then cannot reach the two
// hotspots 3 and 4 km west (risk 5 each) and be back in time; the plan takes those.
TEST(PlannerTest, BeatsGreedyWhereNearestIsWrong) {
  Corridor c;
  c.forecast[12] = 1;
  c.forecast[7] = 5;
  c.forecast[6] = 5;
  const PlanOptions o = c.Options();
  auto greedy = PlanGreedy(o);
  auto plan = PlanPatrols(o);
  ASSERT_TRUE(greedy.ok() && plan.ok());
  EXPECT_DOUBLE_EQ(greedy->risk_covered, 1);
  EXPECT_DOUBLE_EQ(plan->risk_covered, 10);
  ASSERT_EQ(plan->cars.size(), 1u);
  const Itinerary& it = plan->cars[0];
  ASSERT_EQ(it.stops.size(), 2u);
  // 7 then 6 or 6 then 7: the same time either way.
  const bool west_first = it.stops[0].cell == 7;
  EXPECT_EQ(it.stops[0].cell, west_first ? 7 : 6);
  EXPECT_EQ(it.stops[1].cell, west_first ? 6 : 7);
  EXPECT_DOUBLE_EQ(it.stops[0].arrive_s, west_first ? 300 : 400);
  EXPECT_DOUBLE_EQ(it.stops[1].arrive_s, it.stops[0].arrive_s + 100);
  EXPECT_DOUBLE_EQ(it.return_s, 800);
}

TEST(PlannerTest, DwellNoGoAndPriorityAreas) {
  Corridor c;
  c.forecast[12] = 1;
  c.forecast[7] = 5;
  c.forecast[6] = 5;
  PlanOptions o = c.Options();
  o.dwell_s = 60;
  o.cars[0].shift_s = 1000;
  o.no_go_cells = {6};
  auto plan = PlanPatrols(o);
  ASSERT_TRUE(plan.ok());
  std::set<std::int64_t> cells;
  for (const Stop& s : plan->cars[0].stops) {
    cells.insert(s.cell);
    EXPECT_DOUBLE_EQ(s.depart_s - s.arrive_s, 60);
  }
  EXPECT_FALSE(cells.contains(6));
  EXPECT_LE(plan->cars[0].return_s, 1000);
  // West (7) and east (12) both fit in 1000 s: 300+60 back 300, then 200+60+200 is too much
  // (1120), so one side only: 7 (risk 5). A priority area on 12 (x 10) flips the choice.
  EXPECT_EQ(cells, (std::set<std::int64_t>{7}));
  o.priority_areas = {{.cells = {12}, .multiplier = 10}};
  auto prioritised = PlanPatrols(o);
  ASSERT_TRUE(prioritised.ok());
  ASSERT_EQ(prioritised->cars[0].stops.size(), 1u);
  EXPECT_EQ(prioritised->cars[0].stops[0].cell, 12);
  EXPECT_DOUBLE_EQ(prioritised->cars[0].stops[0].score, 10);
  EXPECT_DOUBLE_EQ(prioritised->risk_covered, 1);
}

TEST(PlannerTest, ManyCarsStayInShiftAndNeverShareACell) {
  geo::Grid grid{.origin_x = 0, .origin_y = 0, .cell_size = 200, .columns = 40, .rows = 40};
  std::vector<double> forecast(static_cast<std::size_t>(grid.cell_count()));
  for (std::size_t i = 0; i < forecast.size(); ++i)
    forecast[i] = static_cast<double>((i * 7919) % 101) / 100.0;
  PlanOptions o;
  o.forecast = forecast;
  o.grid = grid;
  o.stations = {{"a", 1000, 1000}, {"b", 7000, 7000}};
  for (int c = 0; c < 5; ++c)
    o.cars.push_back({.name = "", .station = c % 2, .shift_s = 2 * 3600.0});
  o.top_n = 80;
  o.solver.max_iterations = 40;
  auto plan = PlanPatrols(o);
  auto greedy = PlanGreedy(o);
  ASSERT_TRUE(plan.ok() && greedy.ok());
  std::set<std::int64_t> seen;
  for (const Itinerary& it : plan->cars) {
    EXPECT_LE(it.return_s, 2 * 3600.0 + 1e-6);
    double previous = 0;
    for (const Stop& s : it.stops) {
      EXPECT_TRUE(seen.insert(s.cell).second) << "cell " << s.cell << " visited twice";
      EXPECT_GE(s.arrive_s, previous);
      EXPECT_DOUBLE_EQ(s.depart_s, s.arrive_s + 900);
      previous = s.depart_s;
    }
  }
  EXPECT_EQ(plan->cars[0].car, "car-1");
  EXPECT_EQ(plan->candidate_sites, 80);
  EXPECT_GE(plan->risk_covered, greedy->risk_covered);
}

TEST(PlannerTest, RejectsBadOptions) {
  Corridor c;
  PlanOptions o = c.Options();
  o.cars[0].station = 3;
  EXPECT_FALSE(PlanPatrols(o).ok());
  o = c.Options();
  o.speed_kmh = 0;
  EXPECT_FALSE(PlanPatrols(o).ok());
  o = c.Options();
  o.no_go_cells = {99};
  EXPECT_FALSE(PlanGreedy(o).ok());
  std::vector<double> short_forecast(5, 1.0);
  o = c.Options();
  o.forecast = short_forecast;
  EXPECT_FALSE(PlanPatrols(o).ok());
}

TEST(PlanGeoJsonTest, RoutesAndStops) {
  Corridor c;
  c.forecast[7] = 5;
  c.forecast[6] = 5;
  auto plan = PlanPatrols(c.Options());
  ASSERT_TRUE(plan.ok());
  const ToLonLat scale = [](double x, double y, double* lon, double* lat) {
    *lon = x / 1000;
    *lat = y / 1000;
    return true;
  };
  auto text = PlanToGeoJson(*plan, scale);
  ASSERT_TRUE(text.ok());
  const auto doc = nlohmann::json::parse(*text);
  ASSERT_EQ(doc["features"].size(), 3u);  // two stops and one route
  const auto& route = doc["features"][2];
  EXPECT_EQ(route["geometry"]["type"], "LineString");
  ASSERT_EQ(route["geometry"]["coordinates"].size(), 4u);
  EXPECT_DOUBLE_EQ(route["geometry"]["coordinates"][0][0].get<double>(), 10.5);
  const double first_x = route["geometry"]["coordinates"][1][0].get<double>();
  EXPECT_TRUE(first_x == 7.5 || first_x == 6.5) << first_x;
  EXPECT_EQ(doc["features"][0]["properties"]["cell"], first_x == 7.5 ? 7 : 6);
  EXPECT_EQ(doc["features"][0]["properties"]["kind"], "stop");
  EXPECT_EQ(route["properties"]["kind"], "route");
  const ToLonLat failing = [](double, double, double*, double*) { return false; };
  EXPECT_FALSE(PlanToGeoJson(*plan, failing).ok());
}

TEST(PlanGeoJsonTest, ProjectsFromUtm) {
  auto to = LonLatFromCrs("EPSG:32615");
  ASSERT_TRUE(to.ok()) << to.error().ToString();
  double lon = 0, lat = 0;
  ASSERT_TRUE((*to)(500000, 0, &lon, &lat));
  EXPECT_NEAR(lon, -93, 1e-6);
  EXPECT_NEAR(lat, 0, 1e-6);
}

}  // namespace
}  // namespace vigil::patrol
