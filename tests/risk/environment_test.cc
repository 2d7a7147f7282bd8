#include "risk/environment.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace vigil::risk {
namespace {

PointOfInterest Poi(const std::string& kind, double x, double y) {
  PointOfInterest p;
  p.source_id = kind + std::to_string(x) + "," + std::to_string(y);
  p.kind = kind;
  p.location.x = x;
  p.location.y = y;
  return p;
}

const geo::Grid kGrid{.origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = 20, .rows = 20};

const CellColumn* Find(const EnvironmentColumns& env, const std::string& name) {
  for (const CellColumn& c : env.columns) {
    if (c.first == name) return &c;
  }
  return nullptr;
}

TEST(EnvironmentTest, CountsPointsWithinEachRadiusAndTheNearestDistance) {
  std::vector<PointOfInterest> pois;
  // Five bars 60 m east of the centre of cell (row 5, column 5), centre (550, 550).
  for (int i = 0; i < 5; ++i) pois.push_back(Poi("bar", 610, 550));
  // Six ATMs in a far corner; three schools (fewer than the minimum of 5, left out).
  for (int i = 0; i < 6; ++i) pois.push_back(Poi("atm", 1950, 1950));
  for (int i = 0; i < 3; ++i) pois.push_back(Poi("school", 550, 550));
  auto env = BuildEnvironmentColumns(kGrid, pois, EnvironmentOptions{});
  ASSERT_TRUE(env.ok()) << env.error().message;
  // Bars (5) and ATMs (6), the more common first: 3 columns each.
  ASSERT_EQ(env->columns.size(), 6u);
  EXPECT_EQ(env->columns[0].first, "atm_within_150m");
  EXPECT_EQ(Find(*env, "school_within_150m"), nullptr);

  const CellColumn* bars150 = Find(*env, "bar_within_150m");
  const CellColumn* bars500 = Find(*env, "bar_within_500m");
  const CellColumn* nearest = Find(*env, "bar_nearest_m");
  ASSERT_TRUE(bars150 && bars500 && nearest);
  const auto cell = [](int row, int column) { return static_cast<std::size_t>(row * 20 + column); };
  EXPECT_EQ(bars150->second[cell(5, 5)], 5.0f);   // 60 m away
  EXPECT_EQ(bars150->second[cell(5, 6)], 5.0f);   // 40 m away
  EXPECT_EQ(bars150->second[cell(5, 7)], 5.0f);   // 140 m away
  EXPECT_EQ(bars150->second[cell(5, 8)], 0.0f);   // 240 m away
  EXPECT_EQ(bars500->second[cell(5, 9)], 5.0f);   // 340 m away
  EXPECT_EQ(bars500->second[cell(5, 12)], 0.0f);  // 640 m away
  EXPECT_EQ(nearest->second[cell(5, 5)], 60.0f);
  EXPECT_EQ(nearest->second[cell(9, 5)], std::round(std::hypot(60.0, 400.0)));
  EXPECT_EQ(nearest->second[cell(19, 19)], std::round(std::hypot(1950.0 - 610, 1950.0 - 550)));

  bool found = false;
  for (const auto& [name, text] : env->reason_templates) {
    if (name == "bar_within_150m") {
      found = true;
      EXPECT_EQ(text, "{v} bars within 150 m");
    }
  }
  EXPECT_TRUE(found);
}

TEST(EnvironmentTest, CapsDistancesAndRejectsBadOptions) {
  std::vector<PointOfInterest> pois;
  for (int i = 0; i < 5; ++i) pois.push_back(Poi("bus_stop", 50, 50));
  EnvironmentOptions options;
  options.distance_cap_m = 500;
  options.count_radii_m = {100};
  auto env = BuildEnvironmentColumns(kGrid, pois, options);
  ASSERT_TRUE(env.ok()) << env.error().message;
  ASSERT_EQ(env->columns.size(), 2u);
  EXPECT_EQ(env->columns[1].second[static_cast<std::size_t>(19 * 20 + 19)], 500.0f);
  EXPECT_EQ(env->reason_templates[0].second, "{v} bus stops within 100 m");

  options.count_radii_m = {0};
  EXPECT_FALSE(BuildEnvironmentColumns(kGrid, pois, options).ok());
  EXPECT_TRUE(BuildEnvironmentColumns(kGrid, {}, EnvironmentOptions{})->columns.empty());
}

TEST(EnvironmentTest, UseEnvironmentFeedsTheFeatureBuilderItsColumnsAndReasons) {
  std::vector<PointOfInterest> pois;
  for (int i = 0; i < 5; ++i) pois.push_back(Poi("bar", 610, 550));
  auto env = BuildEnvironmentColumns(kGrid, pois, EnvironmentOptions{});
  ASSERT_TRUE(env.ok());
  FeatureOptions features;
  UseEnvironment(std::move(*env), &features);
  ASSERT_EQ(features.environment.size(), 3u);
  ASSERT_EQ(features.reason_templates.size(), 3u);
  FeatureSpec spec{"env_bar_within_150m", features.reason_templates[0].second, ValueKind::kReal};
  EXPECT_EQ(RenderReason(spec, 2), "2 bars within 150 m");
}

}  // namespace
}  // namespace vigil::risk
