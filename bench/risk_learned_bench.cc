// bench_risk_learned: the learned risk model ("xgboost") beside the naive-28d baseline in the
// same run (STYLE.md habit 12), on a generated city of 150 x 120 cells of 100 m (18,000 cells)
// with two years of events whose daily rate per cell is driven by a per-cell covariate and by
// the cell's events of the last 7 days.
//
//   bench_risk_learned [--seed N]
//
// Prints: feature building for every active cell x one year of daily slots; the xgboost fit on
// one year of daily cell-slots (sampled rows); scoring 28 held-out days with each model and
// their Poisson log scores on those days.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "risk/features.h"
#include "risk/naive_model.h"
#include "risk/openmp_wait.h"
#include "risk/xgboost_model.h"
#include "store/snapshot.h"

namespace {

using Clock = std::chrono::steady_clock;
using vigil::UnixSeconds;
constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kStart = 18262 * kDay;  // 2020-01-01
constexpr int kColumns = 150, kRows = 120, kDays = 730, kTestDays = 28;

double Seconds(Clock::time_point from) {
  return std::chrono::duration<double>(Clock::now() - from).count();
}

struct City {
  vigil::CitySnapshot snapshot;
  std::vector<float> z;
  std::vector<std::vector<int>> counts;  // [day][cell]
};

City Generate(std::uint64_t seed) {
  const int cells = kColumns * kRows;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::normal_distribution<double> normal(0, 1);
  City city{vigil::CitySnapshot(), std::vector<float>(cells),
            std::vector<std::vector<int>>(kDays, std::vector<int>(cells))};
  for (float& v : city.z) v = static_cast<float>(normal(rng));
  vigil::geo::Grid grid{
      .origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = kColumns, .rows = kRows};
  vigil::EventColumns inc;
  std::vector<int> recent(cells, 0);
  for (int d = 0; d < kDays; ++d) {
    std::vector<std::pair<UnixSeconds, int>> day;
    for (int c = 0; c < cells; ++c) {
      if (d >= 7) recent[c] -= city.counts[d - 7][c];
      const double rate = 0.004 * std::exp(0.9 * city.z[c]) + 0.05 * recent[c];
      city.counts[d][c] = std::poisson_distribution<int>(rate)(rng);
      recent[c] += city.counts[d][c];
      for (int e = 0; e < city.counts[d][c]; ++e)
        day.emplace_back(kStart + d * kDay + static_cast<UnixSeconds>(unit(rng) * (kDay - 1)), c);
    }
    std::sort(day.begin(), day.end());
    for (const auto& [t, c] : day) {
      inc.reported_at.push_back(t);
      inc.occurred_at.push_back(t);
      inc.category.push_back(vigil::Category::kTheft);
      inc.x.push_back((c % kColumns + unit(rng)) * 100);
      inc.y.push_back((c / kColumns + unit(rng)) * 100);
    }
  }
  auto snapshot = vigil::CitySnapshot::FromColumns(grid, std::move(inc), vigil::EventColumns{});
  if (!snapshot.ok()) {
    std::fprintf(stderr, "bench_risk_learned: %s\n", snapshot.error().message.c_str());
    std::exit(1);
  }
  city.snapshot = std::move(*snapshot);
  return city;
}

double LogScore(const std::vector<double>& lambda, const std::vector<int>& y) {
  double s = 0;
  for (std::size_t c = 0; c < y.size(); ++c)
    s += y[c] * std::log(std::max(lambda[c], 1e-9)) - lambda[c];
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  vigil::risk::PreferPassiveOpenMpWait(argv);
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: bench_risk_learned [--seed N]\n");
      return 2;
    }
  }
  auto t0 = Clock::now();
  City city = Generate(seed);
  std::printf("city: %d cells, %zu events over %d days (generated in %.2f s)\n", kColumns * kRows,
              city.snapshot.incidents().size(), kDays, Seconds(t0));

  const UnixSeconds cut = kStart + (kDays - kTestDays) * kDay;
  // One year of daily training slots: the window starts 28 days (the warm-up) before them.
  const vigil::risk::EventSelection selection{.known_before = cut,
                                              .train_from = cut - (365 + 28) * kDay};

  vigil::risk::XgboostOptions options;
  options.features.environment = {{"covariate", city.z}};

  // Feature building for every active cell x every daily slot of the training year.
  t0 = Clock::now();
  auto builder = vigil::risk::FeatureBuilder::Create(city.snapshot, selection, options.features);
  if (!builder.ok()) return std::fprintf(stderr, "%s\n", builder.error().message.c_str()), 1;
  const std::vector<std::int64_t> active = builder->CellsWithEvents(cut);
  std::vector<float> rows(active.size() * builder->feature_count());
  for (int d = 0; d < 365; ++d) {
    const vigil::Status s =
        builder->Build(vigil::risk::Slot{cut - (365 - d) * kDay, kDay}, active, rows);
    if (!s.ok()) return std::fprintf(stderr, "%s\n", s.error().message.c_str()), 1;
  }
  const double build_s = Seconds(t0);
  std::printf("features: %zu active cells x 365 slots x %zu features in %.2f s (%.1f M rows/s)\n",
              active.size(), builder->feature_count(), build_s,
              static_cast<double>(active.size()) * 365 / build_s / 1e6);

  // Fits.
  vigil::risk::NaiveModel naive(28);
  t0 = Clock::now();
  if (!naive.Fit(city.snapshot, selection).ok()) return 1;
  const double naive_fit_s = Seconds(t0);
  vigil::risk::XgboostModel xgb(options);
  t0 = Clock::now();
  const vigil::Status fit = xgb.Fit(city.snapshot, selection);
  if (!fit.ok()) return std::fprintf(stderr, "%s\n", fit.error().message.c_str()), 1;
  const double xgb_fit_s = Seconds(t0);
  std::printf(
      "fit (one year of daily cell-slots): naive-28d %.4f s | xgboost %.2f s (%zu sampled rows, %d "
      "rounds)\n",
      naive_fit_s, xgb_fit_s, xgb.training_rows(), xgb.rounds());

  // Held-out days.
  const auto cells = static_cast<std::size_t>(kColumns * kRows);
  std::vector<double> out(cells);
  double naive_score_s = 0, xgb_score_s = 0, naive_ll = 0, xgb_ll = 0;
  for (int d = kDays - kTestDays; d < kDays; ++d) {
    const vigil::risk::Slot slot{kStart + d * kDay, kDay};
    t0 = Clock::now();
    if (!naive.Score(city.snapshot, slot, out).ok()) return 1;
    naive_score_s += Seconds(t0);
    for (double& v : out) v = std::max(v, 0.1 / 28);  // smoothed so empty cells are not impossible
    naive_ll += LogScore(out, city.counts[static_cast<std::size_t>(d)]);
    t0 = Clock::now();
    if (!xgb.Score(city.snapshot, slot, out).ok()) return 1;
    xgb_score_s += Seconds(t0);
    xgb_ll += LogScore(out, city.counts[static_cast<std::size_t>(d)]);
  }
  std::printf("score %d days: naive-28d %.3f s | xgboost %.3f s (ratio %.0fx)\n", kTestDays,
              naive_score_s, xgb_score_s, xgb_score_s / std::max(naive_score_s, 1e-9));
  std::printf(
      "held-out Poisson log score: naive-28d %.0f | xgboost %.0f (difference %.0f, %.1f%%)\n",
      naive_ll, xgb_ll, xgb_ll - naive_ll, 100 * (xgb_ll - naive_ll) / std::abs(naive_ll));
  return 0;
}
