// bench_risk_backtest: a one-year walk-forward backtest of every registered risk model (daily
// slots, 365 training days, refit every 28 days, one target, 2 threads), timed beside the same
// backtest of the naive-28d baseline alone, in the same run.
//
//   bench_risk_backtest                       a simulated self-exciting city (120 x 120 cells
//                                             of 100 m, two years of burglaries)
//   bench_risk_backtest --store FILE --from YYYY-MM-DD [--category theft]
//                                             a real store, e.g. St. Louis with --from 2019-01-01
//
// Prints the wall time of each backtest and each model's mean PAI at 1 % of area.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/time.h"
#include "risk/backtest.h"
#include "risk/hawkes_city.h"
#include "risk/openmp_wait.h"
#include "risk/registry.h"
#include "store/snapshot.h"
#include "store/sqlite_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using vigil::UnixSeconds;
constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kSimStart = 18262 * kDay;  // 2020-01-01

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Two years of burglaries from a grid Hawkes process: 120 x 120 cells, a third of them active,
// trigger weight 0.4, decay 0.3/day, about 60,000 events.
vigil::Result<vigil::CitySnapshot> SimulatedCity() {
  return vigil::risk::testing::MakeHawkesCity({.side = 120,
                                               .days = 730,
                                               .theta = 0.4,
                                               .omega_per_day = 0.3,
                                               .target_events = 60000,
                                               .start = kSimStart,
                                               .rates_seed = 3,
                                               .simulator_seed = 5})
      .snapshot;
}

std::vector<vigil::risk::ModelSpec> Specs(const std::vector<std::string>& names) {
  std::vector<vigil::risk::ModelSpec> specs;
  for (const std::string& name : names) {
    specs.push_back(
        {.name = name, .baseline = vigil::risk::IsBaselineModel(name), .make = [name]() {
           return vigil::risk::MakeRiskModel(name, vigil::risk::RiskModelOptions{});
         }});
  }
  return specs;
}

double MeanOf(const vigil::risk::ModelRun& run, const std::string& metric) {
  for (const auto& m : run.summary) {
    if (m.name == metric) return m.value.mean;
  }
  return std::nan("");
}

}  // namespace

int main(int argc, char** argv) {
  vigil::risk::PreferPassiveOpenMpWait(argv);
  std::string store_path, from = "2021-01-01", category = "burglary";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--store") == 0) {
      store_path = argv[i + 1];
    } else if (std::strcmp(argv[i], "--from") == 0) {
      from = argv[i + 1];
    } else if (std::strcmp(argv[i], "--category") == 0) {
      category = argv[i + 1];
    } else {
      std::fprintf(stderr,
                   "usage: bench_risk_backtest [--store FILE --from DATE] [--category C]\n");
      return 2;
    }
  }
  if (argc % 2 == 0) {
    std::fprintf(stderr, "usage: bench_risk_backtest [--store FILE --from DATE] [--category C]\n");
    return 2;
  }
  auto t0 = Clock::now();
  vigil::Result<vigil::CitySnapshot> snapshot = vigil::MakeError(vigil::ErrorCode::kInternal, "");
  if (store_path.empty()) {
    snapshot = SimulatedCity();
  } else {
    auto store = vigil::OpenSqliteStore(store_path);
    if (!store.ok()) {
      std::fprintf(stderr, "bench_risk_backtest: %s\n", store.error().message.c_str());
      return 1;
    }
    snapshot = vigil::CitySnapshot::Build(**store, vigil::SnapshotOptions{});
  }
  const auto parsed_from = vigil::ParseUtc(from);
  const auto parsed_category = vigil::ParseCategory(category);
  if (!snapshot.ok() || !parsed_from.ok() || !parsed_category) {
    std::fprintf(stderr, "bench_risk_backtest: %s\n",
                 !snapshot.ok()      ? snapshot.error().message.c_str()
                 : !parsed_from.ok() ? parsed_from.error().message.c_str()
                                     : "unknown category");
    return 1;
  }
  std::printf("%s: %zu incidents, %lld grid cells, built in %.2f s\n",
              store_path.empty() ? "simulated city" : store_path.c_str(),
              snapshot->incidents().size(), static_cast<long long>(snapshot->grid().cell_count()),
              SecondsSince(t0));

  vigil::risk::BacktestOptions options;
  options.test_from = *parsed_from;
  options.test_to = *parsed_from + 365 * kDay;
  options.categories = {*parsed_category};
  options.major_together = false;
  options.threads = 2;
  std::printf(
      "one-year daily backtest of %s from %s, 365 training days, refit every 28 days, "
      "%d threads\n\n%-28s %10s\n",
      category.c_str(), from.c_str(), options.threads, "backtest", "wall s");

  for (const bool everything : {false, true}) {
    const auto specs =
        Specs(everything ? vigil::risk::RiskModelNames() : std::vector<std::string>{"naive-28d"});
    t0 = Clock::now();
    auto result = vigil::risk::RunBacktest(*snapshot, specs, options);
    const double seconds = SecondsSince(t0);
    if (!result.ok()) {
      std::fprintf(stderr, "bench_risk_backtest: %s\n", result.error().message.c_str());
      return 1;
    }
    std::printf("%-28s %10.1f\n", everything ? "all models" : "naive-28d only (baseline)", seconds);
    if (!everything) continue;
    std::printf("\n%-14s %10s %10s\n", "model", "pai@1%", "auc@20%");
    for (const vigil::risk::ModelRun& run : result->runs) {
      if (!run.error.empty()) {
        std::printf("%-14s failed: %s\n", run.model.c_str(), run.error.c_str());
        continue;
      }
      std::printf("%-14s %10.3f %10.3f\n", run.model.c_str(), MeanOf(run, "pai@1%"),
                  MeanOf(run, "auc@20%"));
    }
    std::printf("best model %s against best baseline %s on pai@1%%: %s\n",
                result->best_model[0].c_str(), result->reference[0].c_str(),
                result->verdict[0].c_str());
  }
  return 0;
}
