#include "risk/etas_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "risk/etas_em.h"
#include "risk/registry.h"
#include "risk_test_support.h"

namespace vigil::risk {
namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kStart = 18262 * kDay;  // 2020-01-01

// Writes simulated events into the city: cell ids of a `columns`-wide grid, random places
// inside the cell, report times rounded to the second.
void AddSimulated(testing::TestCity& city, const std::vector<testing::SimulatedEvent>& events,
                  int columns, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> offset(-40, 40);
  for (const auto& e : events) {
    city.AddInCell(static_cast<int>(e.cell % columns), static_cast<int>(e.cell / columns),
                   kStart + static_cast<UnixSeconds>(std::llround(e.t_days * kDay)),
                   Category::kBurglary, offset(rng), offset(rng));
  }
}

TEST(EtasModelTest, EmRecoversThetaAndOmegaOfASimulatedGridHawkesProcess) {
  constexpr int kSide = 20;
  constexpr double kDays = 1000;
  std::mt19937_64 rng(2015);
  std::uniform_real_distribution<double> rate(0.01, 0.05);
  std::vector<double> mu(kSide * kSide);
  for (double& m : mu) m = rate(rng);
  const auto events = testing::SimulateGridHawkes(mu, 0.4, 0.5, kDays, 42);
  ASSERT_GT(events.size(), 15000u);

  testing::TestCity city;
  city.Anchor(kSide, kSide, 100, kStart);
  AddSimulated(city, events, kSide, 7);
  const CitySnapshot snapshot = city.Build();
  ASSERT_EQ(snapshot.grid().cell_count(), kSide * kSide);

  EtasModel model(EtasOptions{});
  const EventSelection selection{.known_before = kStart + static_cast<UnixSeconds>(kDays) * kDay,
                                 .train_from = kStart};
  const Status fit = model.Fit(snapshot, selection);
  ASSERT_TRUE(fit.ok()) << fit.error().message;
  EXPECT_TRUE(model.converged()) << model.iterations();
  EXPECT_NEAR(model.theta(), 0.4, 0.04) << "events " << events.size();
  EXPECT_NEAR(model.omega_per_day(), 0.5, 0.05);
  double mu_fit = 0;
  double mu_true = 0;
  for (std::int64_t c = 0; c < kSide * kSide; ++c) {
    mu_fit += model.mu_per_day(c);
    mu_true += mu[static_cast<std::size_t>(c)];
  }
  EXPECT_NEAR(mu_fit / mu_true, 1.0, 0.1);
  std::printf(
      "etas recovery: %zu events, theta %.4f (true 0.4), omega %.4f/day (true 0.5), total mu %.3f "
      "(true %.3f), %d iterations\n",
      events.size(), model.theta(), model.omega_per_day(), mu_fit, mu_true, model.iterations());
}

TEST(EtasEmTest, RecursiveEStepMatchesThePairwiseSums) {
  CellEventTimes events;
  events.offsets.push_back(0);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> when(0, 100);
  for (int g = 0; g < 5; ++g) {
    std::vector<double> t(static_cast<std::size_t>(10 + 20 * g));
    for (double& v : t) v = when(rng);
    std::sort(t.begin(), t.end());
    events.times.insert(events.times.end(), t.begin(), t.end());
    events.cells.push_back(g * 3);
    events.offsets.push_back(static_cast<std::uint32_t>(events.times.size()));
  }
  const EtasParameters params{.mu = {0.1, 0.2, 0.05, 0.3, 0.01}, .theta = 0.6, .omega = 0.8};
  const EmStatistics fast = EStep(events, params);
  const EmStatistics slow = EStepPairwise(events, params, 1e-300);
  EXPECT_NEAR(fast.triggered, slow.triggered, 1e-9 * slow.triggered);
  EXPECT_NEAR(fast.triggered_dt, slow.triggered_dt, 1e-9 * slow.triggered_dt);
  EXPECT_NEAR(fast.log_intensity, slow.log_intensity, 1e-9 * std::abs(slow.log_intensity));
  for (std::size_t g = 0; g < 5; ++g) EXPECT_NEAR(fast.background[g], slow.background[g], 1e-9);
  // Truncating the history at 1e-8 changes the sums only a little.
  const EmStatistics truncated = EStepPairwise(events, params, 1e-8);
  EXPECT_NEAR(truncated.triggered, slow.triggered, 1e-6 * slow.triggered);
}

TEST(EtasModelTest, TiedReportTimesAreJitteredBackDeterministically) {
  testing::TestCity city;
  city.Anchor(3, 3, 100, kStart);
  const UnixSeconds t = kStart + 5 * kDay;
  for (int i = 0; i < 3; ++i) city.AddInCell(1, 1, t);
  city.AddInCell(1, 1, t, Category::kFraud);  // not selected
  city.AddInCell(1, 1, t + kDay);
  const CitySnapshot snapshot = city.Build();
  const EventSelection selection{.known_before = kStart + 10 * kDay, .train_from = kStart};
  const EtasOptions options;
  const CellEventTimes a =
      GroupEventsByCell(snapshot, selection, kStart, kStart + 10 * kDay, options);
  const CellEventTimes b =
      GroupEventsByCell(snapshot, selection, kStart, kStart + 10 * kDay, options);
  ASSERT_EQ(a.groups(), 1u);
  ASSERT_EQ(a.times.size(), 4u);
  EXPECT_EQ(a.times, b.times);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LT(a.times[i], 5.0);
    EXPECT_GE(a.times[i], 5.0 - options.jitter_s / kDay);
    if (i > 0) {
      EXPECT_LT(a.times[i - 1], a.times[i]);
    }
  }
  EXPECT_EQ(a.times[3], 6.0);  // not tied: untouched
  const CellEventTimes c = GroupEventsByCell(snapshot, selection, kStart, kStart + 10 * kDay,
                                             EtasOptions{.jitter_seed = 99});
  EXPECT_NE(a.times, c.times);
}

// A city where recent events cluster in a few cells, for the scoring tests.
void BusyCity(testing::TestCity& city, UnixSeconds cut) {
  city.Anchor(10, 10, 100, kStart);
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<int> cell(0, 99);
  std::uniform_int_distribution<UnixSeconds> when(kStart, cut - 1);
  for (int i = 0; i < 400; ++i)
    city.AddInCell(cell(rng) % 10, cell(rng) / 10, when(rng), Category::kTheft);
  for (int i = 0; i < 60; ++i) city.AddInCell(4, 4, cut - (i + 1) * 6 * 3600, Category::kRobbery);
}

TEST(EtasModelTest, ScoringUsesOnlyEventsReportedBeforeTheSlotStart) {
  const UnixSeconds cut = kStart + 200 * kDay;
  const Slot slot{.start = cut + kDay, .length_s = kDay};
  testing::TestCity city;
  BusyCity(city, cut);
  const CitySnapshot before = city.Build();
  // The same store with events at and after the slot start.
  city.AddInCell(4, 4, slot.start, Category::kRobbery);
  city.AddInCell(4, 4, slot.start + 3600, Category::kRobbery);
  city.AddInCell(2, 7, slot.start + kDay, Category::kTheft);
  const CitySnapshot with_future = city.Build();
  ASSERT_EQ(before.grid().cell_count(), with_future.grid().cell_count());
  city.AddInCell(4, 4, slot.start - 3600, Category::kRobbery);
  const CitySnapshot with_recent = city.Build();

  const auto cells = static_cast<std::size_t>(before.grid().cell_count());
  const std::int64_t hot = 4 * 10 + 4;
  // The models of this engine; learned models test the same property in their own tests.
  for (const std::string name : {"naive-28d", "naive-365d", "kde", "prospective", "etas"}) {
    SCOPED_TRACE(name);
    auto model = MakeRiskModel(name, RiskModelOptions{});
    ASSERT_TRUE(model.ok());
    ASSERT_TRUE((*model)->Fit(before, EventSelection{.known_before = cut}).ok());
    std::vector<double> a(cells);
    std::vector<double> b(cells);
    std::vector<double> c(cells);
    ASSERT_TRUE((*model)->Score(before, slot, a).ok());
    ASSERT_TRUE((*model)->Score(with_future, slot, b).ok());
    ASSERT_TRUE((*model)->Score(with_recent, slot, c).ok());
    EXPECT_EQ(a, b);
    // ...while an event just before the slot does move the hot cell: the test can fail.
    EXPECT_GT(c[hot], a[hot]);
    for (double v : a) {
      EXPECT_TRUE(std::isfinite(v));
      EXPECT_GE(v, 0.0);
    }
  }
}

// Sum of exp(-omega x age in days) over the major crimes of `cell` reported before `at`.
double DecayedMajorCount(const CitySnapshot& snapshot, std::int64_t cell, UnixSeconds at,
                         double omega_per_day) {
  double sum = 0;
  const EventColumns& e = snapshot.incidents();
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e.cell[i] == cell && IsMajorCrime(e.category[i]) && e.reported_at[i] < at) {
      sum += std::exp(-omega_per_day * static_cast<double>(at - e.reported_at[i]) / kDay);
    }
  }
  return sum;
}

TEST(EtasModelTest, SlotScoreIsTheClosedFormIntegral) {
  const UnixSeconds cut = kStart + 200 * kDay;
  testing::TestCity city;
  BusyCity(city, cut);
  const CitySnapshot snapshot = city.Build();
  EtasModel model(EtasOptions{});
  ASSERT_TRUE(model.Fit(snapshot, EventSelection{.known_before = cut}).ok());
  ASSERT_GT(model.theta(), 0);
  const Slot slot{.start = cut + 3600, .length_s = 8 * 3600};
  std::vector<double> out(100);
  ASSERT_TRUE(model.Score(snapshot, slot, out).ok());
  const std::int64_t hot = 44;
  const double excitation = DecayedMajorCount(snapshot, hot, slot.start, model.omega_per_day());
  const double length = 8.0 / 24;
  const double expected =
      model.mu_per_day(hot) * length +
      model.theta() * (1 - std::exp(-model.omega_per_day() * length)) * excitation;
  EXPECT_NEAR(out[hot], expected, 1e-9 * expected);
}

TEST(EtasModelTest, ExcitationAtAnInstantIsTheTriggeredRateOfPastEventsOnly) {
  const UnixSeconds cut = kStart + 200 * kDay;
  testing::TestCity city;
  BusyCity(city, cut);
  const CitySnapshot snapshot = city.Build();
  EtasModel model(EtasOptions{});
  ASSERT_TRUE(model.Fit(snapshot, EventSelection{.known_before = cut}).ok());
  ASSERT_GT(model.theta(), 0);
  // An instant inside the training window: later events exist and must not count.
  const UnixSeconds at = cut - 30 * kDay + 1800;
  std::vector<double> out(100);
  ASSERT_TRUE(model.ExcitationAt(snapshot, at, out).ok());
  const std::int64_t hot = 44;
  bool later = false;
  const EventColumns& e = snapshot.incidents();
  for (std::size_t i = 0; i < e.size(); ++i) {
    later = later || (e.cell[i] == hot && IsMajorCrime(e.category[i]) && e.reported_at[i] >= at);
  }
  ASSERT_TRUE(later);
  const double expected = model.theta() * model.omega_per_day() *
                          DecayedMajorCount(snapshot, hot, at, model.omega_per_day());
  ASSERT_GT(expected, 0);
  EXPECT_NEAR(out[hot], expected, 1e-9 * expected);
  std::vector<double> wrong(3);
  EXPECT_FALSE(model.ExcitationAt(snapshot, at, wrong).ok());
  EXPECT_FALSE(EtasModel(EtasOptions{}).ExcitationAt(snapshot, at, out).ok());  // not fitted
}

}  // namespace
}  // namespace vigil::risk
