#include "risk/xgboost_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include "risk/ensemble.h"
#include "risk/naive_model.h"
#include "risk_test_support.h"

namespace vigil::risk {
namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kStart = 18262 * kDay;  // 2020-01-01
constexpr int kSide = 20;                     // 20 x 20 cells of 100 m
constexpr int kTrainDays = 240;
constexpr int kTestDays = 60;

// A synthetic city whose daily rate per cell is 0.002 e^{4 z} + 0.08 x (events in the cell in
// the last 7 days), with z a known per-cell covariate in [0, 1] ("bar density"). Built once.
struct SyntheticCity {
  testing::TestCity city;
  std::unique_ptr<CitySnapshot> snapshot;
  std::vector<float> z;                   // per cell
  std::vector<std::vector<int>> counts;   // [day][cell] events
  std::vector<std::vector<double>> rate;  // [day][cell] true rate

  SyntheticCity() {
    const int cells = kSide * kSide;
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> unit(0, 1), offset(-45, 45);
    z.resize(cells);
    for (float& v : z) v = static_cast<float>(unit(rng));
    city.Anchor(kSide, kSide, 100, kStart);
    const int days = kTrainDays + kTestDays;
    counts.assign(days, std::vector<int>(cells, 0));
    rate.assign(days, std::vector<double>(cells, 0));
    for (int d = 0; d < days; ++d) {
      for (int c = 0; c < cells; ++c) {
        int recent = 0;
        for (int k = std::max(0, d - 7); k < d; ++k) recent += counts[k][c];
        rate[d][c] = 0.002 * std::exp(4.0 * z[c]) + 0.08 * recent;
        std::poisson_distribution<int> draw(rate[d][c]);
        counts[d][c] = draw(rng);
        for (int e = 0; e < counts[d][c]; ++e) {
          const auto at = kStart + d * kDay + static_cast<UnixSeconds>(unit(rng) * (kDay - 1));
          city.AddInCell(c % kSide, c / kSide, at, Category::kTheft, offset(rng), offset(rng));
        }
      }
    }
    snapshot = std::make_unique<CitySnapshot>(city.Build());
  }
};

const SyntheticCity& City() {
  static const SyntheticCity* city = new SyntheticCity();  // shared by every test, never freed
  return *city;
}

XgboostOptions Options() {
  XgboostOptions o;
  o.features.environment = {{"bar_density", City().z}};
  o.features.reason_templates = {{"bar_density", "bar density {v}"}};
  o.zero_keep_fraction = 0.2;
  o.max_rounds = 200;
  o.threads = 1;  // OpenMP workers only add synchronisation on tables this small
  return o;
}

const EventSelection kSelection{.known_before = kStart + kTrainDays * kDay};

// Poisson log score of rates `lambda` against the day's counts (without the log y! term).
double LogScore(const std::vector<double>& lambda, const std::vector<int>& y) {
  double s = 0;
  for (std::size_t c = 0; c < y.size(); ++c)
    s += y[c] * std::log(std::max(lambda[c], 1e-9)) - lambda[c];
  return s;
}

TEST(XgboostModelTest, BeatsNaiveCountsOnHeldOutDaysAndExplainsWithTheDriver) {
  const SyntheticCity& sc = City();
  ASSERT_EQ(sc.snapshot->grid().cell_count(), kSide * kSide);
  XgboostModel model(Options());
  const Status fit = model.Fit(*sc.snapshot, kSelection);
  ASSERT_TRUE(fit.ok()) << fit.error().message;
  EXPECT_GT(model.rounds(), 0);
  // The other models' readings are features too (XgboostOptions::model_readings).
  std::set<std::string> names;
  for (const FeatureSpec& f : model.features()) names.insert(f.name);
  EXPECT_EQ(names.count("kde_rate"), 1u);
  EXPECT_EQ(names.count("etas_excitation"), 1u);

  const auto cells = static_cast<std::size_t>(kSide * kSide);
  double learned = 0, naive = 0, truth = 0;
  std::vector<double> out(cells), baseline(cells);
  for (int d = kTrainDays; d < kTrainDays + kTestDays; ++d) {
    const Status s = model.Score(*sc.snapshot, Slot{kStart + d * kDay, kDay}, out);
    ASSERT_TRUE(s.ok()) << s.error().message;
    for (std::size_t c = 0; c < cells; ++c) {
      ASSERT_TRUE(std::isfinite(out[c]) && out[c] >= 0);
      int last28 = 0;
      for (int k = d - 28; k < d; ++k) last28 += sc.counts[k][c];
      baseline[c] = (last28 + 0.1) / 28.0;  // naive-28d, smoothed so empty cells are not impossible
    }
    learned += LogScore(out, sc.counts[d]);
    naive += LogScore(baseline, sc.counts[d]);
    truth += LogScore(sc.rate[d], sc.counts[d]);
  }
  std::printf(
      "held-out Poisson log score over %d days: xgboost %.1f, naive-28d %.1f, true rate %.1f "
      "(rounds %d, training rows %zu)\n",
      kTestDays, learned, naive, truth, model.rounds(), model.training_rows());
  EXPECT_GT(learned, naive + 0.02 * std::abs(naive));
  EXPECT_LE(learned, truth + 0.02 * std::abs(truth));  // no better than the truth, beyond noise

  // The cell with the highest covariate: its top reason is the covariate.
  const auto top =
      static_cast<std::int64_t>(std::max_element(sc.z.begin(), sc.z.end()) - sc.z.begin());
  auto reasons = model.Explain(*sc.snapshot, Slot{kStart + kTrainDays * kDay, kDay}, top, 3);
  ASSERT_TRUE(reasons.ok()) << reasons.error().message;
  ASSERT_FALSE(reasons->empty());
  EXPECT_LE(reasons->size(), 3u);
  EXPECT_EQ(reasons->front().feature, "env_bar_density");
  EXPECT_EQ(reasons->front().text.rfind("bar density 0.", 0), 0u) << reasons->front().text;
  for (std::size_t i = 1; i < reasons->size(); ++i) {
    EXPECT_GE((*reasons)[i - 1].contribution, (*reasons)[i].contribution);
  }
}

// Past events at the cells of `cells`, `per_cell` each, spread over the `days` days before
// `before`, added to a copy of `snapshot`'s incidents (same grid, same calls).
CitySnapshot WithMoreEvents(const CitySnapshot& snapshot, const std::vector<std::int64_t>& cells,
                            int per_cell, int days, UnixSeconds before) {
  struct Event {
    UnixSeconds t;
    double x, y;
    Category category;
  };
  const EventColumns& in = snapshot.incidents();
  std::vector<Event> events;
  for (std::size_t i = 0; i < in.size(); ++i)
    events.push_back({in.reported_at[i], in.x[i], in.y[i], in.category[i]});
  const geo::Grid& g = snapshot.grid();
  for (std::size_t k = 0; k < cells.size(); ++k) {
    for (int e = 0; e < per_cell; ++e) {
      const UnixSeconds t =
          before - 3600 - static_cast<UnixSeconds>((k * 7 + e * 13) % days) * kDay;
      events.push_back({t, g.CenterX(cells[k]), g.CenterY(cells[k]), Category::kTheft});
    }
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.t < b.t; });
  EventColumns out;
  for (const Event& e : events) {
    out.reported_at.push_back(e.t);
    out.occurred_at.push_back(e.t);
    out.category.push_back(e.category);
    out.x.push_back(e.x);
    out.y.push_back(e.y);
  }
  auto more = CitySnapshot::FromColumns(g, std::move(out), snapshot.calls());
  EXPECT_TRUE(more.ok()) << more.error().message;
  return std::move(*more);
}

TEST(XgboostModelTest, MoreCrimeInThePastNeverLowersAForecast) {
  // With monotone counts (the default), every count feature and model reading only rises when
  // events are added before the slot, so no cell's forecast may fall, wherever they are added.
  const SyntheticCity& sc = City();
  XgboostOptions o = Options();
  ASSERT_TRUE(o.monotone_counts);
  XgboostModel model(o);
  ASSERT_TRUE(model.Fit(*sc.snapshot, kSelection).ok());
  const UnixSeconds start = kStart + kTrainDays * kDay;
  std::vector<std::int64_t> busy;  // every third cell, two to eight events each over a year
  for (std::int64_t c = 0; c < kSide * kSide; c += 3) busy.push_back(c);
  const auto cells = static_cast<std::size_t>(kSide * kSide);
  for (const int per_cell : {2, 8}) {
    const CitySnapshot more = WithMoreEvents(*sc.snapshot, busy, per_cell, 365, start);
    for (const int day : {0, 20}) {
      const Slot slot{start + day * kDay, kDay};
      std::vector<double> before(cells), after(cells);
      ASSERT_TRUE(model.Score(*sc.snapshot, slot, before).ok());
      ASSERT_TRUE(model.Score(more, slot, after).ok());
      int rose = 0;
      for (std::size_t c = 0; c < cells; ++c) {
        EXPECT_GE(after[c], before[c] * (1 - 1e-5)) << "cell " << c << ", day " << day;
        rose += after[c] > before[c] * 1.01 ? 1 : 0;
      }
      EXPECT_GT(rose, 50);  // the added events count
    }
  }
}

TEST(XgboostModelTest, SameSeedSameForecast) {
  const SyntheticCity& sc = City();
  XgboostOptions o = Options();
  o.max_rounds = 40;
  XgboostModel a(o), b(o);
  ASSERT_TRUE(a.Fit(*sc.snapshot, kSelection).ok());
  ASSERT_TRUE(b.Fit(*sc.snapshot, kSelection).ok());
  const auto cells = static_cast<std::size_t>(kSide * kSide);
  std::vector<double> out_a(cells), out_b(cells);
  const Slot slot{kStart + kTrainDays * kDay, kDay};
  ASSERT_TRUE(a.Score(*sc.snapshot, slot, out_a).ok());
  ASSERT_TRUE(b.Score(*sc.snapshot, slot, out_b).ok());
  EXPECT_EQ(out_a, out_b);
  EXPECT_EQ(a.training_rows(), b.training_rows());
}

TEST(XgboostModelTest, BadOptionsAndCallsAreErrorsNotCrashes) {
  const SyntheticCity& sc = City();
  const auto cells = static_cast<std::size_t>(kSide * kSide);
  std::vector<double> out(cells);
  const Slot slot{kStart + kTrainDays * kDay, kDay};

  XgboostModel unfitted(Options());
  EXPECT_EQ(unfitted.Score(*sc.snapshot, slot, out).error().code, ErrorCode::kFailedPrecondition);

  auto expect_fit_error = [&](XgboostOptions o, const EventSelection& sel, ErrorCode code) {
    XgboostModel m(std::move(o));
    const Status s = m.Fit(*sc.snapshot, sel);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, code) << s.error().message;
  };
  XgboostOptions o = Options();
  o.max_rounds = 0;
  expect_fit_error(o, kSelection, ErrorCode::kInvalidArgument);
  o = Options();
  o.zero_keep_fraction = 0;
  expect_fit_error(o, kSelection, ErrorCode::kInvalidArgument);
  o = Options();
  o.features.rings = 5;
  expect_fit_error(o, kSelection, ErrorCode::kInvalidArgument);
  o = Options();
  o.features.environment = {{"short", std::vector<float>(7)}};
  expect_fit_error(o, kSelection, ErrorCode::kInvalidArgument);
  // 30 days cannot hold 28 days of warm-up, 28 of validation and any training.
  expect_fit_error(Options(), EventSelection{.known_before = kStart + 30 * kDay},
                   ErrorCode::kFailedPrecondition);

  XgboostOptions small = Options();
  small.max_rounds = 5;
  XgboostModel m(small);
  ASSERT_TRUE(m.Fit(*sc.snapshot, kSelection).ok());
  EXPECT_FALSE(m.Score(*sc.snapshot, Slot{kStart, kDay}, out).ok());  // before the cut-off
  std::vector<double> wrong(3);
  EXPECT_FALSE(m.Score(*sc.snapshot, slot, wrong).ok());
  EXPECT_FALSE(m.Explain(*sc.snapshot, slot, 0, -1).ok());
  EXPECT_FALSE(m.Explain(*sc.snapshot, slot, kSide * kSide, 3).ok());  // outside the grid
}

TEST(EnsembleTest, SimplexWeightsPreferTheMemberThatMatchesTheCounts) {
  // Member 0 predicts the counts exactly; member 1 is flat with the same total.
  const std::vector<double> y = {1, 2, 3, 6};
  const std::vector<std::vector<double>> p = {{1, 2, 3, 6}, {3, 3, 3, 3}};
  const std::vector<double> totals = {12, 12};
  const std::vector<double> w = FitSimplexWeights(p, y, totals, 500);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_GT(w[0], 0.99);
  EXPECT_NEAR(w[0] + w[1], 1.0, 1e-12);
}

TEST(EnsembleTest, HitRateWeightsPickTheMemberThatRanksTheEventCellsFirst) {
  // Two days of 4 cells, one flagged cell a day. Member 0 puts the day's event cell first,
  // member 1 puts it last; any weight on member 1 turns the mixture's top cell away.
  const std::vector<std::vector<double>> observed = {{0, 0, 3, 0}, {1, 0, 0, 0}};
  const std::vector<std::vector<std::vector<double>>> surfaces = {
      {{0.1, 0.2, 0.9, 0.3}, {0.9, 0.8, 0.0, 0.7}}, {{0.9, 0.2, 0.1, 0.3}, {0.0, 0.8, 0.9, 0.7}}};
  std::vector<double> w = FitHitRateWeights(surfaces, observed, 1, 10);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_DOUBLE_EQ(w[0], 1.0);
  EXPECT_DOUBLE_EQ(w[1], 0.0);
  // Swapped, the first weighting (in grid order, from all weight on member 0) that flags both
  // event cells leans on member 1: at w = (0.5, 0.5) day 1's mixture is 0.45 at cell 2 against
  // 0.50 at cell 0; at (0.4, 0.6) it is 0.54 against at most 0.46 elsewhere.
  std::vector<std::vector<std::vector<double>>> swapped = surfaces;
  for (auto& day : swapped) std::swap(day[0], day[1]);
  w = FitHitRateWeights(swapped, observed, 1, 10);
  EXPECT_NEAR(w[0], 0.4, 1e-12);
  EXPECT_NEAR(w[1], 0.6, 1e-12);
  // A day without events counts for nothing; one member gets all the weight.
  EXPECT_EQ(FitHitRateWeights({{{1, 0}}}, {{0, 0}}, 1, 10), std::vector<double>{1.0});
}

TEST(EnsembleTest, FitsWeightsOverMembersFromAFactory) {
  const SyntheticCity& sc = City();
  RiskModelFactory factory = [](const std::string& name) -> Result<std::unique_ptr<RiskModel>> {
    if (name == "naive-28d") return std::unique_ptr<RiskModel>(std::make_unique<NaiveModel>(28));
    if (name == "xgboost") {
      XgboostOptions o = Options();
      o.max_rounds = 60;
      return std::unique_ptr<RiskModel>(std::make_unique<XgboostModel>(o));
    }
    return MakeError(ErrorCode::kNotFound, "no model " + name);
  };
  std::vector<double> out(static_cast<std::size_t>(kSide * kSide));
  for (const EnsembleObjective objective :
       {EnsembleObjective::kLikelihood, EnsembleObjective::kHitRate}) {
    EnsembleOptions options{
        .members = {"naive-28d", "xgboost"}, .objective = objective, .refit_members = false};
    EnsembleModel ensemble(options, factory);
    const Status fit = ensemble.Fit(*sc.snapshot, kSelection);
    ASSERT_TRUE(fit.ok()) << fit.error().message;
    const std::vector<double>& w = ensemble.weights();
    ASSERT_EQ(w.size(), 2u);
    std::printf("ensemble weights (%s): naive-28d %.3f, xgboost %.3f\n",
                objective == EnsembleObjective::kHitRate ? "hit rate" : "likelihood", w[0], w[1]);
    EXPECT_NEAR(w[0] + w[1], 1.0, 1e-9);
    // The learned model explains the counts far better than last month's counts.
    if (objective == EnsembleObjective::kLikelihood) {
      EXPECT_GT(w[1], w[0]);
    }
    ASSERT_TRUE(ensemble.Score(*sc.snapshot, Slot{kStart + kTrainDays * kDay, kDay}, out).ok());
    for (const double v : out) EXPECT_TRUE(std::isfinite(v) && v >= 0);
  }

  EnsembleModel unknown(EnsembleOptions{.members = {"naive-28d", "crystal-ball"}}, factory);
  EXPECT_EQ(unknown.Fit(*sc.snapshot, kSelection).error().code, ErrorCode::kNotFound);
  EnsembleModel empty(EnsembleOptions{.members = {}}, factory);
  EXPECT_EQ(empty.Fit(*sc.snapshot, kSelection).error().code, ErrorCode::kInvalidArgument);
  EnsembleModel twice(EnsembleOptions{.members = {"xgboost", "xgboost"}}, factory);
  EXPECT_FALSE(twice.Fit(*sc.snapshot, kSelection).ok());
  EnsembleModel no_factory(EnsembleOptions{}, nullptr);
  EXPECT_FALSE(no_factory.Fit(*sc.snapshot, kSelection).ok());
  EXPECT_FALSE(unknown.Score(*sc.snapshot, Slot{kStart + kTrainDays * kDay, kDay}, out).ok());
}

}  // namespace
}  // namespace vigil::risk
