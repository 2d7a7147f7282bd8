#include "risk/naive_model.h"

#include <gtest/gtest.h>

#include <vector>

#include "risk/registry.h"
#include "risk_test_support.h"

namespace vigil::risk {
namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kStart = 18262 * kDay;  // 2020-01-01

TEST(NaiveModelTest, CountsOverTheWindowScaledToTheSlot) {
  testing::TestCity city;
  city.Anchor(5, 5, 100, kStart);
  const UnixSeconds cut = kStart + 400 * kDay;
  // Cell (1, 1): 3 events in the last 28 days, 5 more within 365 days, 1 older.
  for (int d : {1, 10, 27}) city.AddInCell(1, 1, cut - d * kDay);
  for (int d : {29, 100, 200, 300, 364}) city.AddInCell(1, 1, cut - d * kDay);
  city.AddInCell(1, 1, cut - 366 * kDay);
  // Cell (3, 2): one robbery 2 days ago, one fraud (not a major crime) and one event at the
  // slot start, which must not count.
  city.AddInCell(3, 2, cut - 2 * kDay, Category::kRobbery);
  city.AddInCell(3, 2, cut - 2 * kDay, Category::kFraud);
  city.AddInCell(3, 2, cut, Category::kRobbery);
  const CitySnapshot snapshot = city.Build();
  ASSERT_EQ(snapshot.grid().cell_count(), 25);
  const std::int64_t a = 1 * 5 + 1;
  const std::int64_t b = 2 * 5 + 3;

  const EventSelection selection{.known_before = cut};
  const Slot day{.start = cut, .length_s = kDay};
  std::vector<double> out(25);

  NaiveModel naive28(28);
  ASSERT_TRUE(naive28.Fit(snapshot, selection).ok());
  ASSERT_TRUE(naive28.Score(snapshot, day, out).ok());
  EXPECT_DOUBLE_EQ(out[a], 3.0 / 28);
  EXPECT_DOUBLE_EQ(out[b], 1.0 / 28);
  EXPECT_EQ(out[0], 0.0);

  NaiveModel naive365(365);
  EXPECT_EQ(naive365.name(), "naive-365d");
  ASSERT_TRUE(naive365.Fit(snapshot, selection).ok());
  const Slot week{.start = cut, .length_s = 7 * kDay};
  ASSERT_TRUE(naive365.Score(snapshot, week, out).ok());
  EXPECT_DOUBLE_EQ(out[a], 8.0 * 7 / 365);
  EXPECT_DOUBLE_EQ(out[b], 1.0 * 7 / 365);

  // Only robbery selected: cell a (thefts) drops out.
  NaiveModel robbery(28);
  ASSERT_TRUE(
      robbery.Fit(snapshot, EventSelection{.categories = {Category::kRobbery}, .known_before = cut})
          .ok());
  ASSERT_TRUE(robbery.Score(snapshot, day, out).ok());
  EXPECT_EQ(out[a], 0.0);
  EXPECT_DOUBLE_EQ(out[b], 1.0 / 28);
}

TEST(NaiveModelTest, RejectsBadArguments) {
  testing::TestCity city;
  city.Anchor(3, 3, 100, kStart);
  city.AddInCell(1, 1, kStart + kDay);
  const CitySnapshot snapshot = city.Build();
  NaiveModel model(28);
  std::vector<double> out(9);
  // Not fitted yet.
  EXPECT_FALSE(model.Score(snapshot, Slot{.start = kStart + 2 * kDay}, out).ok());
  // Empty training window.
  EXPECT_FALSE(model.Fit(snapshot, EventSelection{.known_before = kStart - kDay}).ok());
  ASSERT_TRUE(model.Fit(snapshot, EventSelection{.known_before = kStart + 2 * kDay}).ok());
  // Slot before the cut-off, wrong output size, empty slot.
  EXPECT_FALSE(model.Score(snapshot, Slot{.start = kStart + kDay}, out).ok());
  std::vector<double> small(4);
  EXPECT_FALSE(model.Score(snapshot, Slot{.start = kStart + 2 * kDay}, small).ok());
  EXPECT_FALSE(model.Score(snapshot, Slot{.start = kStart + 2 * kDay, .length_s = 0}, out).ok());
}

}  // namespace
}  // namespace vigil::risk
