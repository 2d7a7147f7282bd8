#include "risk/features.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "core/time.h"
#include "risk/holidays.h"
#include "risk_test_support.h"

namespace vigil::risk {
namespace {

constexpr UnixSeconds kDay = 86400;

float Value(const FeatureBuilder& b, const std::vector<float>& row, const std::string& name) {
  const auto& specs = b.features();
  for (std::size_t f = 0; f < specs.size(); ++f) {
    if (specs[f].name == name) return row[f];
  }
  ADD_FAILURE() << "no feature " << name;
  return -1;
}

void AddCall(Store& store, double x, double y, UnixSeconds at, const std::string& id) {
  auto load = store.BeginLoad("calls", "synthetic");
  ASSERT_TRUE(load.ok());
  Call c;
  c.source = "calls";
  c.source_id = id;
  c.received_at = at;
  c.location = Location{0, 0, x, y};
  const std::vector<Call> batch = {c};
  ASSERT_TRUE(store.WriteCallBatch(*load, batch, nullptr).ok());
}

// A 10 x 10 grid of 100 m cells; the slot starts 2024-07-04 00:00 UTC (a Thursday, a US
// federal holiday). Burglaries are the target; thefts count only as major crimes.
class FeaturesTest : public ::testing::Test {
 protected:
  static constexpr UnixSeconds kSlot = 19908 * kDay;  // 2024-07-04

  void SetUp() override {
    city_.Anchor(10, 10, 100, kSlot - 800 * kDay);
    const Category b = Category::kBurglary;
    // Cell (5, 5): one burglary in each window 1, 7, 28, 91, 365 and 730 days.
    for (double d : {0.5, 3.0, 20.0, 60.0, 200.0, 400.0}) {
      city_.AddInCell(5, 5, kSlot - static_cast<UnixSeconds>(d * kDay), b);
    }
    city_.AddInCell(5, 5, kSlot - 5 * kDay, Category::kTheft);
    city_.AddInCell(6, 5, kSlot - 2 * kDay, b);   // ring 1, 100 m away
    city_.AddInCell(5, 6, kSlot - 10 * kDay, b);  // ring 1, 100 m away
    city_.AddInCell(7, 7, kSlot - 10 * kDay, b);  // ring 2, 283 m away
    // Reported at and after the slot start: must never be counted.
    city_.AddInCell(5, 5, kSlot, b);
    city_.AddInCell(5, 5, kSlot + 3600, b);
    city_.AddInCell(6, 5, kSlot, Category::kTheft);
    city_.AddInCell(7, 7, kSlot + 60, b);
    const double cx = testing::TestCity::kOriginX + 550, cy = testing::TestCity::kOriginY + 550;
    AddCall(city_.store(), cx, cy, kSlot - 2 * kDay, "c1");
    AddCall(city_.store(), cx + 100, cy, kSlot - 20 * kDay, "c2");
    AddCall(city_.store(), cx, cy, kSlot, "c3");  // at the slot start: not counted
    snapshot_ = std::make_unique<CitySnapshot>(city_.Build());
  }

  std::vector<float> Row(const FeatureBuilder& b, std::int64_t cell, UnixSeconds start = kSlot) {
    std::vector<float> row(b.feature_count());
    const std::int64_t cells[] = {cell};
    const Status s = b.Build(Slot{start, kDay}, cells, row);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return row;
  }

  testing::TestCity city_;
  std::unique_ptr<CitySnapshot> snapshot_;
  const EventSelection burglary_{.categories = {Category::kBurglary}};
  const std::int64_t centre_ = 5 * 10 + 5;
};

TEST_F(FeaturesTest, CountsPerWindowAndRingWithoutTheFuture) {
  FeatureOptions options;
  options.holidays = UsFederalHolidays(2024, 2024);
  auto b = FeatureBuilder::Create(*snapshot_, burglary_, options);
  ASSERT_TRUE(b.ok()) << b.error().message;
  const std::vector<float> row = Row(*b, centre_);

  EXPECT_EQ(Value(*b, row, "target_cell_1d"), 1);
  EXPECT_EQ(Value(*b, row, "target_cell_7d"), 2);
  EXPECT_EQ(Value(*b, row, "target_cell_28d"), 3);
  EXPECT_EQ(Value(*b, row, "target_cell_91d"), 4);
  EXPECT_EQ(Value(*b, row, "target_cell_365d"), 5);
  EXPECT_EQ(Value(*b, row, "target_cell_730d"), 6);
  EXPECT_EQ(Value(*b, row, "target_ring1_1d"), 0);
  EXPECT_EQ(Value(*b, row, "target_ring1_7d"), 1);
  EXPECT_EQ(Value(*b, row, "target_ring1_28d"), 2);
  EXPECT_EQ(Value(*b, row, "target_ring2_7d"), 0);
  EXPECT_EQ(Value(*b, row, "target_ring2_28d"), 1);
  EXPECT_EQ(Value(*b, row, "major_cell_7d"), 3);    // two burglaries and a theft
  EXPECT_EQ(Value(*b, row, "major_ring1_7d"), 1);   // the theft at the slot start is excluded
  EXPECT_EQ(Value(*b, row, "near_repeat_7d"), 3);   // own cell x2 and (6, 5)
  EXPECT_EQ(Value(*b, row, "near_repeat_14d"), 4);  // plus (5, 6); (7, 7) is beyond 200 m
  EXPECT_EQ(Value(*b, row, "calls_cell_7d"), 1);
  EXPECT_EQ(Value(*b, row, "calls_cell_28d"), 1);
  EXPECT_EQ(Value(*b, row, "calls_ring1_28d"), 1);
  EXPECT_EQ(Value(*b, row, "hour"), 0);
  EXPECT_EQ(Value(*b, row, "weekday"), 3);  // Thursday
  EXPECT_EQ(Value(*b, row, "month"), 7);
  EXPECT_EQ(Value(*b, row, "holiday"), 1);

  // Cell (7, 7) sees only the old burglary there, not the one 60 s after the slot start.
  const std::vector<float> corner = Row(*b, 7 * 10 + 7);
  EXPECT_EQ(Value(*b, corner, "target_cell_28d"), 1);
  EXPECT_EQ(Value(*b, corner, "target_cell_1d"), 0);

  // A day later the events at the slot start are in the past and do count.
  const std::vector<float> later = Row(*b, centre_, kSlot + kDay);
  EXPECT_EQ(Value(*b, later, "target_cell_1d"), 2);
  EXPECT_EQ(Value(*b, later, "calls_cell_7d"), 2);
  EXPECT_EQ(Value(*b, later, "holiday"), 0);
  EXPECT_EQ(b->TargetCount(centre_, kSlot, kSlot + kDay), 2);
}

TEST_F(FeaturesTest, LocalTimeAndReasons) {
  FeatureOptions options;
  options.time_zone = "America/Chicago";
  options.holidays = UsFederalHolidays(2024, 2024);
  std::vector<float> bars(static_cast<std::size_t>(snapshot_->grid().cell_count()), 0.0f);
  bars[static_cast<std::size_t>(centre_)] = 4;
  options.environment = {{"bars_150m", bars}};
  options.reason_templates = {{"bars_150m", "{v} bars within 150 m"}};
  auto b = FeatureBuilder::Create(*snapshot_, burglary_, options);
  ASSERT_TRUE(b.ok()) << b.error().message;
  const std::vector<float> row = Row(*b, centre_);
  EXPECT_EQ(Value(*b, row, "hour"), 19);  // 2024-07-03 19:00 in Chicago (UTC-5)
  EXPECT_EQ(Value(*b, row, "weekday"), 2);
  EXPECT_EQ(Value(*b, row, "holiday"), 0);
  EXPECT_EQ(Value(*b, row, "env_bars_150m"), 4);

  const auto& specs = b->features();
  auto spec = [&](const std::string& name) {
    return *std::find_if(specs.begin(), specs.end(),
                         [&](const FeatureSpec& s) { return s.name == name; });
  };
  EXPECT_EQ(RenderReason(spec("near_repeat_14d"), 4),
            "4 burglaries within 200 m in the last 14 days");
  EXPECT_EQ(RenderReason(spec("near_repeat_14d"), 1),
            "1 burglary within 200 m in the last 14 days");
  EXPECT_EQ(RenderReason(spec("target_cell_7d"), 1), "1 burglary in this cell in the last 7 days");
  EXPECT_EQ(RenderReason(spec("target_cell_7d"), 2),
            "2 burglaries in this cell in the last 7 days");
  EXPECT_EQ(RenderReason(spec("calls_cell_7d"), 1),
            "1 call for service in this cell in the last 7 days");
  EXPECT_EQ(RenderReason(spec("env_bars_150m"), 4), "4 bars within 150 m");
  EXPECT_EQ(RenderReason(spec("weekday"), 5), "the slot falls on a Saturday");
  EXPECT_EQ(RenderReason(spec("holiday"), 0), "the slot day is not a public holiday");
  EXPECT_EQ(RenderReason(spec("hour"), 19), "the slot starts at 19:00");
  for (const FeatureSpec& s : specs)
    EXPECT_EQ(RenderReason(s, 1).find('{'), std::string::npos) << s.name;
}

TEST_F(FeaturesTest, BadOptionsAndArgumentsAreErrors) {
  FeatureOptions bad;
  bad.rings = 3;
  EXPECT_FALSE(FeatureBuilder::Create(*snapshot_, burglary_, bad).ok());
  bad = FeatureOptions{};
  bad.count_windows_days = {0};
  EXPECT_FALSE(FeatureBuilder::Create(*snapshot_, burglary_, bad).ok());
  bad = FeatureOptions{};
  bad.environment = {{"short", std::vector<float>(3)}};
  EXPECT_FALSE(FeatureBuilder::Create(*snapshot_, burglary_, bad).ok());
  bad = FeatureOptions{};
  bad.time_zone = "Mars/Olympus_Mons";
  EXPECT_FALSE(FeatureBuilder::Create(*snapshot_, burglary_, bad).ok());

  auto b = FeatureBuilder::Create(*snapshot_, burglary_, FeatureOptions{});
  ASSERT_TRUE(b.ok());
  std::vector<float> row(b->feature_count());
  const std::int64_t outside[] = {100};
  EXPECT_FALSE(b->Build(Slot{kSlot, kDay}, outside, row).ok());
  const std::int64_t inside[] = {0};
  std::vector<float> wrong(1);
  EXPECT_FALSE(b->Build(Slot{kSlot, kDay}, inside, wrong).ok());
}

TEST_F(FeaturesTest, SlotColumnsAreReadAtEachSlotForEachCell) {
  FeatureOptions options;
  // A reading that depends on both the slot and the cell: days since the epoch + cell / 1000.
  options.slot_columns = {
      {"probe", "the probe reads {v}", [this](const Slot& slot, std::span<double> out) {
         EXPECT_EQ(static_cast<std::int64_t>(out.size()), snapshot_->grid().cell_count());
         for (std::size_t c = 0; c < out.size(); ++c)
           out[c] = static_cast<double>(slot.start / kDay) + static_cast<double>(c) / 1000.0;
         return Status::Ok();
       }}};
  auto b = FeatureBuilder::Create(*snapshot_, burglary_, options);
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->features().back().name, "probe");
  EXPECT_FLOAT_EQ(Value(*b, Row(*b, centre_), "probe"), 19908.055f);
  EXPECT_FLOAT_EQ(Value(*b, Row(*b, 7, kSlot - 3 * kDay), "probe"), 19905.007f);
  EXPECT_EQ(RenderReason(b->features().back(), 0.25), "the probe reads 0.25");

  // A failing reading fails the build; a nameless or function-less column is refused.
  options.slot_columns[0].values = [](const Slot&, std::span<double>) {
    return MakeError(ErrorCode::kInternal, "probe broke");
  };
  auto failing = FeatureBuilder::Create(*snapshot_, burglary_, options);
  ASSERT_TRUE(failing.ok());
  std::vector<float> row(failing->feature_count());
  const std::int64_t cells[] = {centre_};
  EXPECT_FALSE(failing->Build(Slot{kSlot, kDay}, cells, row).ok());
  options.slot_columns[0].values = nullptr;
  EXPECT_FALSE(FeatureBuilder::Create(*snapshot_, burglary_, options).ok());
}

TEST(HolidaysTest, UsFederal2024And2021Observed) {
  const std::vector<std::int64_t> us = UsFederalHolidays(2024, 2024);
  const std::vector<std::int64_t> expected = {
      DaysFromCivil(2024, 1, 1),   DaysFromCivil(2024, 1, 15),  DaysFromCivil(2024, 2, 19),
      DaysFromCivil(2024, 5, 27),  DaysFromCivil(2024, 6, 19),  DaysFromCivil(2024, 7, 4),
      DaysFromCivil(2024, 9, 2),   DaysFromCivil(2024, 10, 14), DaysFromCivil(2024, 11, 11),
      DaysFromCivil(2024, 11, 28), DaysFromCivil(2024, 12, 25)};
  EXPECT_EQ(us, expected);
  const std::vector<std::int64_t> y2021 = UsFederalHolidays(2021, 2021);
  for (const auto& [m, d] :
       {std::pair{7, 5}, std::pair{12, 24}, std::pair{6, 18}, std::pair{7, 4}}) {
    EXPECT_TRUE(std::binary_search(y2021.begin(), y2021.end(), DaysFromCivil(2021, m, d)))
        << m << "-" << d;
  }
  // 2020: ten holidays (no Juneteenth yet) plus Friday 3 July observed for Saturday 4 July.
  EXPECT_EQ(UsFederalHolidays(2020, 2020).size(), 11u);
}

TEST(HolidaysTest, Korean2024WithSubstitutesAndLunarDates) {
  const std::vector<std::int64_t> kr = KoreanPublicHolidays(2024, 2024);
  const std::vector<std::int64_t> expected = {
      DaysFromCivil(2024, 1, 1),  DaysFromCivil(2024, 2, 9),  DaysFromCivil(2024, 2, 10),
      DaysFromCivil(2024, 2, 11), DaysFromCivil(2024, 2, 12), DaysFromCivil(2024, 3, 1),
      DaysFromCivil(2024, 5, 5),  DaysFromCivil(2024, 5, 6),  DaysFromCivil(2024, 5, 15),
      DaysFromCivil(2024, 6, 6),  DaysFromCivil(2024, 8, 15), DaysFromCivil(2024, 9, 16),
      DaysFromCivil(2024, 9, 17), DaysFromCivil(2024, 9, 18), DaysFromCivil(2024, 10, 3),
      DaysFromCivil(2024, 10, 9), DaysFromCivil(2024, 12, 25)};
  EXPECT_EQ(kr, expected);
  const std::vector<std::int64_t> all = KoreanPublicHolidays(2010, 2030);
  auto has = [&](int y, int m, int d) {
    return std::binary_search(all.begin(), all.end(), DaysFromCivil(y, m, d));
  };
  EXPECT_TRUE(has(2017, 10, 6));   // Chuseok on National Foundation Day: substitute
  EXPECT_TRUE(has(2023, 5, 29));   // Buddha's Birthday on a Saturday: substitute
  EXPECT_TRUE(has(2023, 1, 24));   // Seollal on a Sunday: substitute
  EXPECT_FALSE(has(2012, 10, 9));  // Hangul Day became a holiday again in 2013
  EXPECT_TRUE(has(2013, 10, 9));
  EXPECT_TRUE(KoreanPublicHolidays(2031, 2040).empty());
  EXPECT_EQ(WeekdayOfDay(DaysFromCivil(2024, 7, 4)), 3);
  EXPECT_EQ(WeekdayOfDay(DaysFromCivil(1969, 12, 28)), 6);
}

}  // namespace
}  // namespace vigil::risk
