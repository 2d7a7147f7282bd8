// Predicted calls per district for a shift: the same hours of the week over the weeks before.
#include "patrol/call_workload.h"

#include <gtest/gtest.h>

#include <vector>

namespace vigil::patrol {
namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kWeek = 7 * kDay;

// 4 x 1 cells of 100 m: district A holds cells 0-1, district B cells 2-3.
const geo::Grid kGrid{.origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = 4, .rows = 1};
const std::vector<std::vector<std::int64_t>> kDistricts = {{0, 1}, {2, 3}};

TEST(CallWorkloadTest, MeanOfTheSameHoursOfTheWeekOverTheWeeksBefore) {
  const UnixSeconds shift = 100 * kWeek + 2 * kDay + 8 * 3600;  // some day, 08:00
  const std::int64_t shift_s = 8 * 3600;
  CallHistory history{.shift_start = shift, .weeks = 4};
  auto at = [&](int weeks_before, double hours_in) {
    return shift - weeks_before * kWeek + static_cast<UnixSeconds>(hours_in * 3600);
  };
  history.calls = {
      {at(1, 0.0), 50, 50},    // A, week 1, at the shift's start: counts
      {at(1, 7.99), 150, 50},  // A, week 1, just inside
      {at(2, 3.0), 250, 50},   // B, week 2
      {at(4, 1.0), 350, 50},   // B, week 4: the last week looked at
      {at(5, 1.0), 50, 50},    // 5 weeks before: not looked at
      {at(1, 8.0), 50, 50},    // the shift's end in week 1: outside
      {at(1, -1.0), 50, 50},   // an hour before the shift's hours: outside
      {at(0, 1.0), 50, 50},    // during the shift itself: the future, never counted
      {at(2, 2.0), 450, 50},   // outside the grid
  };
  const std::vector<double> predicted = PredictCallsByDistrict(history, kGrid, kDistricts, shift_s);
  ASSERT_EQ(predicted.size(), 2u);
  EXPECT_DOUBLE_EQ(predicted[0], 2.0 / 4);
  EXPECT_DOUBLE_EQ(predicted[1], 2.0 / 4);

  history.weeks = 1;  // only last week: A's two calls
  const std::vector<double> last_week = PredictCallsByDistrict(history, kGrid, kDistricts, shift_s);
  EXPECT_DOUBLE_EQ(last_week[0], 2.0);
  EXPECT_DOUBLE_EQ(last_week[1], 0.0);
}

TEST(CallWorkloadTest, NoCallsOrNoShiftGiveZeros) {
  const CallHistory empty{.shift_start = 10 * kWeek, .weeks = 8};
  EXPECT_EQ(PredictCallsByDistrict(empty, kGrid, kDistricts, 3600), (std::vector<double>{0, 0}));
  CallHistory one{.calls = {{10 * kWeek - kWeek, 50, 50}}, .shift_start = 10 * kWeek, .weeks = 8};
  EXPECT_EQ(PredictCallsByDistrict(one, kGrid, kDistricts, 0), (std::vector<double>{0, 0}));
  EXPECT_DOUBLE_EQ(PredictCallsByDistrict(one, kGrid, kDistricts, 3600)[0], 1.0 / 8);
}

}  // namespace
}  // namespace vigil::patrol
