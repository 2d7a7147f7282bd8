// Walk-forward backtesting of crime-risk models.
//
// The test period [test_from, test_to) is cut into slots of `slot_length_s`. Refit points are
// test_from + k * refit_days; every model is fitted before the first slot starting at or after
// each refit point, with known_before = that slot's start and train_from = known_before -
// train_days, then scores every slot until the next refit. Models never see the test period
// when they are fitted: model settings come from the models' own options, tuned only on
// data before test_from. Every model runs on the same slots, targets, mask and snapshot.
//
// No look-ahead by construction (isolate_future, default on): for each slot the models get a
// copy of the snapshot holding only the incidents and calls reported before the slot's start,
// so even a model that ignored known_before could not read the future. Observed counts of a
// slot are the incidents of the target's categories *reported* in the slot (the time a model
// forecasts), in the full snapshot whatever train_only_citizen_reported says.
//
// Per slot, the metrics of metrics.h; per model x target, the mean of each metric over slots
// with a moving-block bootstrap interval (backtest_stats.h: blocks of one week of slots, 2000
// resamples, seeded); per target, the paired difference of every model against the reference
// model (the best baseline by the headline metric, or the best model when no baseline ran), with
// its interval; per model x target, the fairness audit of fairness.h.
//
// The reference is the best baseline and the best model the best non-baseline, both by the mean
// of the headline metric (default PAI at 1 % of area, the figure forecast quality is judged
// by); the verdict of each target says whether the best model's paired difference against the
// reference has its 95 % interval above zero (better), below zero (worse) or across it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/category.h"
#include "risk/backtest_stats.h"
#include "risk/fairness.h"
#include "risk/metrics.h"
#include "risk/model.h"
#include "store/snapshot.h"

namespace vigil::risk {

struct BacktestProgress;

struct BacktestOptions {
  // First slot start, UTC seconds. Required: test_from < test_to.
  UnixSeconds test_from = 0;
  // End of the test period (exclusive), UTC seconds; a last slot that would cross it is dropped.
  UnixSeconds test_to = 0;
  // Slot length, seconds; in (0, 7 days]. Default 86400 (a day); 7200 (2 h), 28800 (8 h shift),
  // 43200 (12 h shift) and 604800 (a week) are the usual alternatives. Slots start at test_from,
  // so align test_from to the shift change for shift slots.
  std::int64_t slot_length_s = 86400;
  // Each fit sees events reported in the last train_days before its cut-off, days; >= 1.
  // Default 365.
  int train_days = 365;
  // Days between refits; >= 1. Default 28.
  int refit_days = 28;
  // Categories evaluated one by one, each as its own target. Default empty.
  std::vector<Category> categories;
  // Also evaluate the six major crimes together (target "major"). Default true. At least one
  // target (a category or this) is required.
  bool major_together = true;
  // Grid cell edge, metres; the snapshot must have been built with it (SnapshotOptions);
  // 0 = take the snapshot's. Default 100.
  double cell_size_m = 100;
  // Cells inside the city boundary: empty, or one entry per grid cell, non-zero inside. Empty =
  // the cells holding any located incident of any category in the whole snapshot (this uses
  // the future only to draw the city's outline, never to rank). Default empty.
  std::vector<std::uint8_t> city_cells;
  // Fit and score on citizen-reported incidents only (Origin::kCitizenCall), to keep patrol
  // activity (officer-initiated stops, drug arrests) from steering patrols to where patrols
  // already are; observed counts still use every incident. Fails when no incident is
  // citizen-reported (the source profile maps no origin). Default false.
  bool train_only_citizen_reported = false;
  // Relative patrol presence per grid cell (> 0, 1 = average); empty = none (default). Recorded
  // crime is taken as true crime x exposure, so when given the backtest divides both each
  // model's expected counts and the observed counts of a cell by its exposure: the model is
  // corrected for exposure (exact for models linear in past counts, such as naive counts, where
  // this equals dividing the training counts; first order for smoothing models) and judged
  // against the exposure-adjusted estimate of true crime. Adjusted observed counts are
  // fractional; the log score then uses lgamma(y + 1) for the factorial.
  std::vector<double> patrol_exposure;
  // Give models snapshot copies truncated at each slot's start (see above). Default true; false
  // is faster and trusts every model to honour known_before and Score's contract.
  bool isolate_future = true;
  // Per-slot metrics (area shares, AUC limit, log-score floor).
  MetricsOptions metrics;
  // Share of the city flagged in the fairness audit, (0, 1]. Default 0.05 (top 5 % of cells).
  double fairness_area_share = 0.05;
  // Bootstrap resamples (>= 100, default 2000), seed (default 1) and block length in days
  // (>= 1, default 7; converted to slots: block_days * 86400 / slot_length_s, at least 1).
  int bootstrap_resamples = 2000;
  std::uint64_t bootstrap_seed = 1;
  int bootstrap_block_days = 7;
  // Worker threads; models run in parallel within a slot; >= 1. Default 2.
  int threads = 2;
  // The metric that picks the reference and the best model and decides the verdict; one of
  // MetricNames(metrics). Default "pai@1%".
  std::string headline_metric = "pai@1%";
  // Called from the backtest's own thread after each fit round and at the end of each target,
  // for progress output; may be empty.
  std::function<void(const BacktestProgress&)> progress;

  Status Validate() const;
};

// Where a running backtest is: `fits_done` of `fits` fit rounds of target `target_index` (of
// `targets`) are complete; `slot_start` is the cut-off of the last fit, UTC seconds.
struct BacktestProgress {
  std::string target;
  std::size_t target_index = 0;
  std::size_t targets = 0;
  std::size_t fits_done = 0;
  std::size_t fits = 0;
  UnixSeconds slot_start = 0;
  bool target_done = false;
};

// How to build one model under test. `make` is called once per target, from one thread.
struct ModelSpec {
  std::string name;  // shown in reports; unique within a backtest
  // A published reference method (naive counts, kernel density, prospective hotspot, self-
  // exciting): the reference model is the best baseline.
  bool baseline = false;
  std::function<Result<std::unique_ptr<RiskModel>>()> make;
};

// Names and selections of the targets a backtest evaluates, in report order: each category of
// `options.categories` by its machine name, then "major" when major_together.
struct Target {
  std::string name;
  std::vector<Category> categories;  // empty = the major crimes together
};
std::vector<Target> TargetsOf(const BacktestOptions& options);

// Mean and interval of one metric; `name` as in MetricNames.
struct MetricEstimate {
  std::string name;
  Estimate value;
};

// Names of the per-slot metrics in their fixed order: "hit_rate@1%", "pai@1%", "pei@1%" for
// each area share, then "auc@20%" and "log_score".
std::vector<std::string> MetricNames(const MetricsOptions& options);
// The per-slot values of every metric of MetricNames, one series per metric.
std::vector<std::vector<double>> MetricSeries(std::span<const SlotMetrics> slots,
                                              const MetricsOptions& options);

// One model on one target.
struct ModelRun {
  std::string model;
  std::string target;
  bool baseline = false;
  std::string error;                    // why the model failed (fit or score); empty when it ran
  std::vector<SlotMetrics> slots;       // per slot, in time order
  std::vector<MetricEstimate> summary;  // per MetricNames
  std::vector<double> mean_curve;       // mean hit-rate curve (MetricsOptions::curve_steps + 1)
  std::vector<DistrictFairness> fairness;
  std::vector<float> last_prediction;  // expected counts per grid cell in the last slot
};

// Paired difference model - reference on one target, per metric.
struct Comparison {
  std::string target;
  std::string model;
  std::string reference;
  std::vector<MetricEstimate> difference;  // per MetricNames
};

struct BacktestResult {
  BacktestOptions options;  // as run (city_cells and patrol_exposure cleared)
  std::vector<Target> targets;
  std::vector<std::string> metric_names;
  std::vector<Slot> slots;
  std::vector<UnixSeconds> refit_points;  // known_before of each fit
  geo::Grid grid;
  std::vector<std::uint8_t> city;  // the mask used, per grid cell
  std::int64_t city_cells = 0;
  std::vector<ModelRun> runs;  // target-major: runs[t * models + m]
  std::vector<Comparison> comparisons;
  // Per target: the best non-baseline by the mean headline metric ("" if none).
  std::vector<std::string> best_model;
  // Per target: the reference of the comparisons (the best baseline by the headline metric).
  std::vector<std::string> reference;
  // Per target: "better", "worse" or "no significant difference" for best_model against
  // reference on the headline metric (95 % paired interval); "" when either is missing.
  std::vector<std::string> verdict;

  const ModelRun* Find(const std::string& model, const std::string& target) const;
};

// Runs the walk-forward backtest of `models` over `snapshot`. Fails on invalid options, an
// empty or duplicate-named model list, a grid or mask that does not match, or a test period
// with no whole slot; a model that fails to fit or score is reported in its ModelRun::error and
// the other models go on.
Result<BacktestResult> RunBacktest(const CitySnapshot& snapshot, std::span<const ModelSpec> models,
                                   const BacktestOptions& options);

}  // namespace vigil::risk
