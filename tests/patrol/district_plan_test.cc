#include "patrol/district_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "patrol/itinerary.h"

namespace vigil::patrol {
namespace {

// 20 x 10 cells of 100 m: district W is columns 0-9, E columns 10-19; E has three times the risk.
struct TwoDistricts {
  geo::Grid grid{.origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = 20, .rows = 10};
  std::vector<double> forecast = std::vector<double>(200, 0.0);
  DistrictPlanOptions options;

  TwoDistricts() {
    District w{.code = "W", .cells = {}, .stations = {0}, .predicted_calls = 0};
    District e{.code = "E", .cells = {}, .stations = {1}, .predicted_calls = 0};
    for (std::int64_t c = 0; c < grid.cell_count(); ++c) {
      const bool east = c % 20 >= 10;
      forecast[static_cast<std::size_t>(c)] = east ? 0.3 : 0.1;
      (east ? e : w).cells.push_back(c);
    }
    options.plan.forecast = forecast;
    options.plan.grid = grid;
    options.plan.stations = {{"west", 500, 500}, {"east", 1500, 500}};
    options.plan.dwell_s = 600;
    options.plan.top_n = 100;
    options.plan.solver.max_iterations = 20;
    options.districts = {w, e};
    options.total_cars = 4;
    options.min_per_district = 1;
    options.shift_s = 3600;
  }
};

TEST(DistrictPlanTest, CarsFollowWorkloadAndStayInTheirDistrict) {
  TwoDistricts t;
  auto plans = PlanByDistrict(t.options, &PlanPatrols);
  ASSERT_TRUE(plans.ok()) << plans.error().message;
  ASSERT_EQ(plans->districts.size(), 2u);
  EXPECT_EQ(plans->districts[0].cars, 1);  // W: workload 10 of 40
  EXPECT_EQ(plans->districts[1].cars, 3);  // E: workload 30 of 40
  ASSERT_EQ(plans->merged.cars.size(), 4u);
  ASSERT_EQ(plans->cars.size(), 4u);
  std::set<std::int64_t> seen;
  for (const Itinerary& it : plans->merged.cars) {
    const bool east = it.car.rfind("E-", 0) == 0;
    EXPECT_EQ(it.station, east ? 1 : 0) << it.car;
    EXPECT_LE(it.return_s, 3600 + 1e-6);
    EXPECT_FALSE(it.stops.empty());
    for (const Stop& s : it.stops) {
      EXPECT_EQ(s.cell % 20 >= 10, east) << it.car << " stops in cell " << s.cell;
      EXPECT_TRUE(seen.insert(s.cell).second);
    }
  }
  EXPECT_GT(plans->merged.risk_covered, 0);
  // Itineraries of the merged plan: one CSV row per stop plus leave and return per car.
  PlanOptions names = t.options.plan;
  names.cars = plans->cars;
  const std::string csv = ItineraryCsv(plans->merged, names, {});
  const auto rows = static_cast<int>(std::count(csv.begin(), csv.end(), '\n'));
  EXPECT_EQ(rows, 1 + plans->merged.stops + 2 * 4);
}

TEST(DistrictPlanTest, MinimumStaffingAndValidation) {
  TwoDistricts t;
  t.options.total_cars = 2;
  t.options.min_per_district = 1;
  t.forecast.assign(200, 0.0);
  t.forecast[15] = 5;  // all risk in E
  t.options.plan.forecast = t.forecast;
  auto plans = PlanByDistrict(t.options, &PlanGreedy);
  ASSERT_TRUE(plans.ok()) << plans.error().message;
  EXPECT_EQ(plans->districts[0].cars, 1);
  EXPECT_EQ(plans->districts[1].cars, 1);
  t.options.total_cars = 1;  // below 1 per district x 2
  EXPECT_FALSE(PlanByDistrict(t.options, &PlanPatrols).ok());
  t.options.total_cars = 2;
  t.options.districts[0].cells.push_back(999);
  auto bad = PlanByDistrict(t.options, &PlanPatrols);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("district 'W'"), std::string::npos);
}

TEST(ItineraryTest, TimesAsOffsetsOrClock) {
  EXPECT_EQ(FormatShiftTime(0, -1), "+00:00");
  EXPECT_EQ(FormatShiftTime(5430, -1), "+01:31");  // 90.5 min rounds to 91
  EXPECT_EQ(FormatShiftTime(3600, 22 * 3600), "23:00");
  EXPECT_EQ(FormatShiftTime(3 * 3600, 22 * 3600), "01:00");  // past midnight
  EXPECT_FALSE(ItineraryOptions{.shift_start_s = 90000}.Validate().ok());
}

}  // namespace
}  // namespace vigil::patrol
