#include "risk/prospective_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "risk_test_support.h"

namespace vigil::risk {
namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kStart = 18262 * kDay;  // 2020-01-01

TEST(ProspectiveModelTest, WeightsByCellDistanceAndWeeksElapsed) {
  testing::TestCity city;
  city.Anchor(12, 12, 100, kStart);
  const UnixSeconds at = kStart + 100 * kDay;
  city.AddInCell(5, 5, at - 3 * kDay);                // A: week 0
  city.AddInCell(5, 7, at - 10 * kDay);               // B: week 1 (floor(10 / 7))
  city.AddInCell(5, 5, at - 60 * kDay);               // C: beyond 8 weeks
  city.AddInCell(5, 5, at);                           // D: not yet known at `at`
  city.AddInCell(6, 6, at - kDay, Category::kFraud);  // not selected
  const CitySnapshot snapshot = city.Build();
  ASSERT_EQ(snapshot.grid().columns, 12);
  std::vector<double> s(144);
  ProspectiveSurface(snapshot, EventSelection{.known_before = at}, ProspectiveOptions{}, at, s);
  auto at_cell = [&](int column, int row) {
    return s[static_cast<std::size_t>(row * 12 + column)];
  };
  const double root2 = std::sqrt(2.0);
  EXPECT_DOUBLE_EQ(at_cell(5, 5), 1.0 + 1.0 / 3 * 0.5);
  EXPECT_DOUBLE_EQ(at_cell(6, 6), 1.0 / (1 + root2) + 1.0 / (1 + root2) * 0.5);
  EXPECT_DOUBLE_EQ(at_cell(5, 9), 1.0 / 5 + 1.0 / 3 * 0.5);  // A at 4 cells (400 m): included
  EXPECT_DOUBLE_EQ(at_cell(5, 10), 1.0 / 4 * 0.5);           // A at 5 cells: too far
  EXPECT_DOUBLE_EQ(at_cell(5, 0), 0.0);                      // A 5 cells away, B 7
  EXPECT_DOUBLE_EQ(at_cell(8, 8),
                   1.0 / (1 + std::sqrt(10.0)) * 0.5);  // A at sqrt(18) cells: too far
}

TEST(ProspectiveModelTest, ScoresAreTheSurfaceTimesTheFittedFactor) {
  testing::TestCity city;
  city.Anchor(12, 12, 100, kStart);
  const UnixSeconds cut = kStart + 200 * kDay;
  for (int d = 1; d < 200; d += 3) city.AddInCell(d % 12, (d / 12) % 12, kStart + d * kDay);
  const CitySnapshot snapshot = city.Build();
  ProspectiveModel model(ProspectiveOptions{});
  ASSERT_TRUE(model.Fit(snapshot, EventSelection{.known_before = cut}).ok());
  ASSERT_GT(model.counts_per_day(), 0);
  std::vector<double> raw(144);
  std::vector<double> out(144);
  ProspectiveSurface(snapshot, EventSelection{.known_before = cut}, ProspectiveOptions{}, cut, raw);
  ASSERT_TRUE(model.Score(snapshot, Slot{.start = cut, .length_s = 2 * kDay}, out).ok());
  for (std::size_t c = 0; c < 144; ++c)
    EXPECT_DOUBLE_EQ(out[c], raw[c] * model.counts_per_day() * 2);
}

TEST(ProspectiveModelTest, OptionsValidate) {
  EXPECT_TRUE(ProspectiveOptions{}.Validate().ok());
  EXPECT_FALSE(ProspectiveOptions{.window_days = 0}.Validate().ok());
  EXPECT_FALSE(ProspectiveOptions{.distance_m = -1}.Validate().ok());
}

}  // namespace
}  // namespace vigil::risk
