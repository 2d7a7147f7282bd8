// `vigil backtest`: walk-forward evaluation of the crime-risk models over the store's history,
// with a summary table on stdout and PREFIX.json / PREFIX.html reports.
#include <cstdio>
#include <iostream>
#include <memory>

#include "city_cells.h"
#include "commands.h"
#include "core/text.h"
#include "core/time.h"
#include "risk/backtest.h"
#include "risk/exposure.h"
#include "risk/registry.h"
#include "risk/report.h"
#include "risk_model_options.h"
#include "store/snapshot.h"
#include "store/sqlite_store.h"

namespace vigil::app {
namespace {

struct BacktestArgs {
  std::string models;  // comma-separated; empty = every registered model
  std::string categories = "major";
  std::string test_from;
  std::string test_to;
  std::string slot = "day";
  int train_days = 365;
  int refit_days = 28;
  double cell_size = 100;
  bool citizen_only = false;
  std::string out = "backtest";
  int threads = 2;
  std::string headline = "pai@1%";
  bool no_environment = false;
  int label_days = 1;
  bool no_model_readings = false;
  bool no_monotone_counts = false;
  std::vector<int> count_windows;  // empty = the learned model's default windows
  std::string patrol_exposure;     // CSV of relative patrol presence (risk/exposure.h); "" = none
};

Result<std::int64_t> SlotSeconds(const std::string& slot) {
  if (slot == "2h") return std::int64_t{7200};
  if (slot == "8h" || slot == "shift8") return std::int64_t{28800};
  if (slot == "12h" || slot == "shift12") return std::int64_t{43200};
  if (slot == "day" || slot == "1d") return std::int64_t{86400};
  if (slot == "week" || slot == "7d") return std::int64_t{604800};
  return MakeError(ErrorCode::kInvalidArgument,
                   "unknown slot '" + slot + "' (2h, 8h, 12h, day, week)");
}

Result<risk::BacktestOptions> ToOptions(const BacktestArgs& a) {
  risk::BacktestOptions o;
  auto from = ParseUtc(a.test_from);
  if (!from.ok()) return from.error();
  auto to = ParseUtc(a.test_to);
  if (!to.ok()) return to.error();
  auto slot = SlotSeconds(a.slot);
  if (!slot.ok()) return slot.error();
  o.test_from = *from;
  o.test_to = *to;
  o.slot_length_s = *slot;
  o.train_days = a.train_days;
  o.refit_days = a.refit_days;
  o.cell_size_m = a.cell_size;
  o.train_only_citizen_reported = a.citizen_only;
  o.threads = a.threads;
  o.headline_metric = a.headline;
  o.major_together = false;
  for (const std::string& name : SplitList(a.categories)) {
    if (name == "major") {
      o.major_together = true;
    } else if (auto c = ParseCategory(name)) {
      o.categories.push_back(*c);
    } else {
      return MakeError(ErrorCode::kInvalidArgument, "unknown category '" + name + "'");
    }
  }
  VIGIL_RETURN_IF_ERROR(o.Validate());
  return o;
}

// Specs of the listed models (empty = all). `options` are the registry defaults, tuned before
// any test period, with the store's environment columns (risk_model_options.h).
Result<std::vector<risk::ModelSpec>> ModelSpecs(const std::string& list,
                                                const risk::RiskModelOptions& options) {
  std::vector<std::string> names = list.empty() ? risk::RiskModelNames() : SplitList(list);
  const auto shared = std::make_shared<const risk::RiskModelOptions>(options);
  std::vector<risk::ModelSpec> specs;
  for (const std::string& name : names) {
    auto probe = risk::MakeRiskModel(name, options);  // reports unknown names before any work
    if (!probe.ok()) return probe.error();
    specs.push_back(risk::ModelSpec{
        .name = name, .baseline = risk::IsBaselineModel(name), .make = [name, shared]() {
          return risk::MakeRiskModel(name, *shared);
        }});
  }
  return specs;
}

std::string Cell(const risk::Estimate& e) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f [%.3f,%.3f]", e.mean, e.low, e.high);
  return buf;
}

void PrintSummary(const risk::BacktestResult& r) {
  std::printf("backtest %s to %s: %zu slots, %zu fits, %lld city cells\n",
              FormatUtc(r.options.test_from).c_str(), FormatUtc(r.options.test_to).c_str(),
              r.slots.size(), r.refit_points.size(), static_cast<long long>(r.city_cells));
  const std::vector<std::string> shown = {"hit_rate@1%", "pai@1%",  "pei@1%",
                                          "hit_rate@5%", "auc@20%", "log_score"};
  const std::size_t models = r.runs.size() / r.targets.size();
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    auto or_dash = [](const std::string& s) { return s.empty() ? "-" : s.c_str(); };
    std::printf("\n%s (best: %s, reference: %s)\n%-14s", r.targets[t].name.c_str(),
                or_dash(r.best_model[t]), or_dash(r.reference[t]), "model");
    for (const std::string& m : shown) std::printf(" %-25s", m.c_str());
    std::printf("\n");
    for (std::size_t m = 0; m < models; ++m) {
      const risk::ModelRun& run = r.runs[t * models + m];
      std::printf("%-14s", run.model.c_str());
      if (!run.error.empty()) {
        std::printf(" failed: %s\n", run.error.c_str());
        continue;
      }
      for (const std::string& name : shown) {
        for (const risk::MetricEstimate& e : run.summary) {
          if (e.name == name) std::printf(" %-25s", Cell(e.value).c_str());
        }
      }
      std::printf("\n");
    }
    for (const risk::Comparison& c : r.comparisons) {
      if (c.target != r.targets[t].name) continue;
      // Paired differences with their 95% block-bootstrap intervals: the area under the
      // hit-rate curve and PAI at 1% of area, the figure forecast quality is judged by.
      std::string line;
      for (const risk::MetricEstimate& d : c.difference) {
        if (d.name == "auc@20%" || d.name == "pai@1%") {
          line += "  " + d.name + " " + Cell(d.value);
        }
      }
      if (!line.empty())
        std::printf("  %s - %s:%s\n", c.model.c_str(), c.reference.c_str(), line.c_str());
    }
    if (!r.verdict[t].empty()) {
      const char* relation = r.verdict[t] == "better"  ? "better than"
                             : r.verdict[t] == "worse" ? "worse than"
                                                       : "not significantly different from";
      std::printf("  verdict on %s: %s is %s %s\n", r.options.headline_metric.c_str(),
                  r.best_model[t].c_str(), relation, r.reference[t].c_str());
    }
  }
  int better = 0, worse = 0;
  for (const std::string& v : r.verdict) {
    better += v == "better" ? 1 : 0;
    worse += v == "worse" ? 1 : 0;
  }
  std::printf(
      "\nbest model against the best baseline on %s: better in %d of %zu targets, "
      "significantly worse in %d\n",
      r.options.headline_metric.c_str(), better, r.targets.size(), worse);
}

// One line per fit round on stderr, so a long backtest shows where it is.
void PrintProgress(const risk::BacktestProgress& p) {
  if (p.target_done) {
    std::fprintf(stderr, "backtest: target %zu/%zu %s done\n", p.target_index + 1, p.targets,
                 p.target.c_str());
  } else {
    std::fprintf(stderr, "backtest: target %zu/%zu %s, fit %zu/%zu at %s\n", p.target_index + 1,
                 p.targets, p.target.c_str(), p.fits_done, p.fits, FormatUtc(p.slot_start).c_str());
  }
}

// The city's cells from the store's boundary (when it has one) and the patrol exposure file
// (when given), on the snapshot's grid.
Status AddCityCellsAndExposure(const GlobalOptions& global, const BacktestArgs& args,
                               const geo::Grid& grid, risk::BacktestOptions* options) {
  auto city = CityCellsFor(global.store_path, grid);
  if (!city.ok()) return city.error();
  options->city_cells = std::move(*city);
  if (args.patrol_exposure.empty()) return Status::Ok();
  auto store = OpenSqliteStore(global.store_path);
  if (!store.ok()) return store.error();
  auto crs = (*store)->GetSetting("city.crs");
  if (!crs.ok()) return crs.error();
  if (!*crs) return MakeError(ErrorCode::kFailedPrecondition, "the store has no city.crs setting");
  auto exposure = risk::ReadPatrolExposure(args.patrol_exposure, grid, **crs);
  if (!exposure.ok()) return exposure.error();
  if (!global.quiet) {
    std::fprintf(stderr,
                 "patrol exposure: %lld rows, %lld cells given a value, %lld outside the grid\n",
                 static_cast<long long>(exposure->rows), static_cast<long long>(exposure->cells),
                 static_cast<long long>(exposure->outside));
  }
  options->patrol_exposure = std::move(exposure->per_cell);
  return Status::Ok();
}

int RunBacktestCommand(const GlobalOptions& global, const BacktestArgs& args) {
  auto options = ToOptions(args);
  if (!options.ok()) {
    std::cerr << "vigil backtest: " << options.error().message << "\n";
    return 2;
  }
  if (auto names = ModelSpecs(args.models, risk::RiskModelOptions{}); !names.ok()) {
    std::cerr << "vigil backtest: " << names.error().message << "\n";
    return 2;
  }
  auto store = OpenSqliteStore(global.store_path);
  if (!store.ok()) {
    std::cerr << "vigil backtest: " << store.error().message << "\n";
    return 1;
  }
  auto snapshot = CitySnapshot::Build(**store, SnapshotOptions{.cell_size_m = args.cell_size});
  if (!snapshot.ok()) {
    std::cerr << "vigil backtest: " << snapshot.error().message << "\n";
    return 1;
  }
  if (!global.quiet) options->progress = PrintProgress;
  if (Status s = AddCityCellsAndExposure(global, args, snapshot->grid(), &*options); !s.ok()) {
    std::cerr << "vigil backtest: " << s.error().message << "\n";
    return 1;
  }
  auto model_options = args.no_environment
                           ? Result<risk::RiskModelOptions>(risk::RiskModelOptions{})
                           : RiskModelOptionsFor(global.store_path, snapshot->grid());
  if (!model_options.ok()) {
    std::cerr << "vigil backtest: " << model_options.error().message << "\n";
    return 1;
  }
  model_options->xgboost.label_days = args.label_days;
  model_options->xgboost.model_readings = !args.no_model_readings;
  model_options->xgboost.monotone_counts = !args.no_monotone_counts;
  if (!args.count_windows.empty())
    model_options->xgboost.features.count_windows_days = args.count_windows;
  auto specs = ModelSpecs(args.models, *model_options);
  if (!specs.ok()) {
    std::cerr << "vigil backtest: " << specs.error().message << "\n";
    return 2;
  }
  auto result = risk::RunBacktest(*snapshot, *specs, *options);
  if (!result.ok()) {
    std::cerr << "vigil backtest: " << result.error().message << "\n";
    return 1;
  }
  PrintSummary(*result);
  if (Status written = risk::WriteBacktestReport(*result, args.out); !written.ok()) {
    std::cerr << "vigil backtest: " << written.error().message << "\n";
    return 1;
  }
  if (!global.quiet)
    std::printf("\nwrote %s.json and %s.html\n", args.out.c_str(), args.out.c_str());
  return 0;
}

}  // namespace

void RegisterBacktest(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<BacktestArgs>();
  CLI::App* cmd =
      app.add_subcommand("backtest", "Walk-forward evaluation of the crime-risk models");
  cmd->add_option("--models", args->models,
                  "Comma-separated model names (default: every registered model)");
  cmd->add_option(
         "--categories", args->categories,
         "Comma-separated targets: category names and/or 'major' (the six major crimes together)")
      ->capture_default_str();
  cmd->add_option("--test-from", args->test_from, "First slot start, UTC (YYYY-MM-DD[THH:MM])")
      ->required();
  cmd->add_option("--test-to", args->test_to, "End of the test period (exclusive), UTC")
      ->required();
  cmd->add_option("--slot", args->slot, "Slot length: 2h, 8h, 12h, day, week")
      ->capture_default_str();
  cmd->add_option("--train-days", args->train_days, "Days of history each fit sees")
      ->capture_default_str();
  cmd->add_option("--refit-days", args->refit_days, "Days between refits")->capture_default_str();
  cmd->add_option("--cell-size", args->cell_size, "Grid cell edge, metres")->capture_default_str();
  cmd->add_flag("--citizen-only", args->citizen_only, "Train on citizen-reported incidents only");
  cmd->add_option("--threads", args->threads, "Worker threads")->capture_default_str();
  cmd->add_flag("--no-environment", args->no_environment,
                "Leave the points-of-interest features out of the learned model (ablation)");
  cmd->add_flag("--no-monotone-counts", args->no_monotone_counts,
                "Let the learned model lower a forecast for more past events (ablation)");
  cmd->add_flag("--no-model-readings", args->no_model_readings,
                "Leave the kernel-density and self-excitation readings out of the learned model "
                "(ablation)");
  cmd->add_option("--label-days", args->label_days,
                  "Days of target counts in each training label of the learned model (smoothing)")
      ->capture_default_str();
  cmd->add_option("--count-windows", args->count_windows,
                  "Days of the learned model's lagged-count windows (default 1,7,28,91,365,730)")
      ->delimiter(',');
  cmd->add_option("--patrol-exposure", args->patrol_exposure,
                  "CSV of relative patrol presence (cell|lon,lat|x,y and exposure; 1 = average): "
                  "counts and forecasts are corrected for it")
      ->check(CLI::ExistingFile);
  cmd->add_option("--headline", args->headline,
                  "Metric that picks the reference and the best model, e.g. pai@1%, auc@20%")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Report prefix: writes PREFIX.json and PREFIX.html")
      ->capture_default_str();
  cmd->callback([&global, &exit_code, args]() { exit_code = RunBacktestCommand(global, *args); });
}

}  // namespace vigil::app
