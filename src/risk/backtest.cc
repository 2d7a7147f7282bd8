#include "risk/backtest.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "core/time.h"
#include "risk/backtest_views.h"

namespace vigil::risk {
namespace {

constexpr std::int64_t kDaySeconds = 86400;

std::string PercentLabel(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", share * 100);
  return buf;
}

// Runs fn(i) for i in [0, n) on up to `threads` threads (the caller's included).
template <typename Fn>
void ParallelFor(std::size_t n, int threads, const Fn& fn) {
  const std::size_t workers =
      std::min<std::size_t>(n, static_cast<std::size_t>(std::max(threads, 1)));
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto work = [&]() {
    for (std::size_t i = next++; i < n; i = next++) fn(i);
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

// A model under test on one target, with its working buffers. Touched by one thread at a time.
struct ActiveRun {
  ModelRun* run = nullptr;
  std::unique_ptr<RiskModel> model;
  std::vector<double> prediction;
  std::optional<FairnessAudit> audit;
};

std::vector<Slot> MakeSlots(const BacktestOptions& o) {
  std::vector<Slot> slots;
  for (UnixSeconds t = o.test_from; t + o.slot_length_s <= o.test_to; t += o.slot_length_s) {
    slots.push_back(Slot{.start = t, .length_s = o.slot_length_s});
  }
  return slots;
}

// Whether each slot starts a new fit: the first slot at or after each refit point.
std::vector<bool> RefitSlots(const std::vector<Slot>& slots, const BacktestOptions& o) {
  std::vector<bool> refit(slots.size(), false);
  UnixSeconds next = o.test_from;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].start < next) continue;
    refit[i] = true;
    while (next <= slots[i].start) next += static_cast<std::int64_t>(o.refit_days) * kDaySeconds;
  }
  return refit;
}

// Events of the target reported in the slot, per grid cell, divided by exposure when given.
void ObservedCounts(const CitySnapshot& snapshot, const EventSelection& target, const Slot& slot,
                    std::span<const double> exposure, std::vector<double>* out) {
  std::fill(out->begin(), out->end(), 0.0);
  const EventColumns& e = snapshot.incidents();
  const std::size_t end = snapshot.LowerBoundReported(slot.start + slot.length_s);
  for (std::size_t i = snapshot.LowerBoundReported(slot.start); i < end; ++i) {
    if (e.cell[i] >= 0 && target.Matches(e.category[i]))
      (*out)[static_cast<std::size_t>(e.cell[i])] += 1;
  }
  if (!exposure.empty()) {
    for (std::size_t c = 0; c < out->size(); ++c) (*out)[c] /= exposure[c];
  }
}

// Scores one slot with one model and adds its metrics and fairness tallies.
void ScoreSlot(const CitySnapshot& view, const Slot& slot, std::span<const double> observed,
               const BacktestOptions& o, std::span<const std::uint8_t> city, ActiveRun* a) {
  Status scored = a->model->Score(view, slot, a->prediction);
  if (!scored.ok()) {
    a->run->error = "score " + FormatUtc(slot.start) + ": " + scored.error().message;
    return;
  }
  if (!o.patrol_exposure.empty()) {
    for (std::size_t c = 0; c < a->prediction.size(); ++c) a->prediction[c] /= o.patrol_exposure[c];
  }
  auto metrics = ComputeSlotMetrics(a->prediction, observed, city, o.metrics);
  auto flags = FlagWeights(a->prediction, city, o.fairness_area_share);
  if (!metrics.ok() || !flags.ok()) {
    a->run->error = "slot " + FormatUtc(slot.start) + ": " +
                    (metrics.ok() ? flags.error() : metrics.error()).message;
    return;
  }
  a->run->slots.push_back(std::move(*metrics));
  a->audit->Add(*flags, observed);
}

void Summarise(const BacktestOptions& o, const BootstrapOptions& boot,
               const std::vector<std::string>& names, ModelRun* run) {
  const auto series = MetricSeries(run->slots, o.metrics);
  for (std::size_t k = 0; k < names.size(); ++k)
    run->summary.push_back({names[k], BlockBootstrapMean(series[k], boot)});
  run->mean_curve.assign(static_cast<std::size_t>(o.metrics.curve_steps) + 1, 0.0);
  std::int64_t n = 0;
  for (const SlotMetrics& s : run->slots) {
    if (std::isnan(s.auc)) continue;
    for (std::size_t i = 0; i < s.curve.size(); ++i) run->mean_curve[i] += s.curve[i];
    ++n;
  }
  for (double& v : run->mean_curve) v = n > 0 ? v / static_cast<double>(n) : std::nan("");
}

// Index of the run with the highest mean of metric `index` among `candidates` (runs without
// error); -1 if none. Every metric is better when higher.
int BestBy(const std::vector<const ModelRun*>& candidates, std::size_t index) {
  int best = -1;
  double best_value = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const double value = candidates[i]->summary[index].value.mean;
    if (std::isnan(value)) continue;
    if (best < 0 || value > best_value) {
      best = static_cast<int>(i);
      best_value = value;
    }
  }
  return best;
}

std::size_t MetricIndex(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

void Compare(const BacktestOptions& o, const BootstrapOptions& boot, std::size_t target,
             std::size_t models, BacktestResult* r) {
  const std::size_t headline = MetricIndex(r->metric_names, o.headline_metric);
  std::vector<const ModelRun*> ok;
  std::vector<const ModelRun*> baselines;
  std::vector<const ModelRun*> others;
  for (std::size_t m = 0; m < models; ++m) {
    const ModelRun& run = r->runs[target * models + m];
    if (!run.error.empty() || run.slots.empty()) continue;
    ok.push_back(&run);
    (run.baseline ? baselines : others).push_back(&run);
  }
  const int best_other = BestBy(others, headline);
  r->best_model.push_back(best_other >= 0 ? others[static_cast<std::size_t>(best_other)]->model
                                          : "");
  const ModelRun* ref = nullptr;
  if (const int i = BestBy(baselines, headline); i >= 0) {
    ref = baselines[static_cast<std::size_t>(i)];
  } else if (const int j = BestBy(ok, headline); j >= 0) {
    ref = ok[static_cast<std::size_t>(j)];
  }
  r->reference.push_back(ref != nullptr ? ref->model : "");
  r->verdict.emplace_back();
  if (ref == nullptr) return;
  const auto ref_series = MetricSeries(ref->slots, o.metrics);
  for (const ModelRun* run : ok) {
    if (run == ref || run->slots.size() != ref->slots.size()) continue;
    Comparison c{.target = run->target, .model = run->model, .reference = ref->model};
    const auto series = MetricSeries(run->slots, o.metrics);
    for (std::size_t k = 0; k < series.size(); ++k) {
      c.difference.push_back(
          {r->metric_names[k], PairedDifference(series[k], ref_series[k], boot)});
    }
    if (run->model == r->best_model.back()) {
      const Estimate& d = c.difference[headline].value;
      r->verdict.back() = d.low > 0 ? "better" : d.high < 0 ? "worse" : "no significant difference";
    }
    r->comparisons.push_back(std::move(c));
  }
}

Status CheckInputs(const CitySnapshot& snapshot, std::span<const ModelSpec> models,
                   const BacktestOptions& o) {
  VIGIL_RETURN_IF_ERROR(o.Validate());
  const auto cells = static_cast<std::size_t>(snapshot.grid().cell_count());
  if (cells == 0)
    return MakeError(ErrorCode::kFailedPrecondition, "the snapshot grid has no cells");
  if (o.cell_size_m > 0 && std::abs(snapshot.grid().cell_size - o.cell_size_m) > 1e-9) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the snapshot was built with " + std::to_string(snapshot.grid().cell_size) +
                         " m cells, the backtest asks for " + std::to_string(o.cell_size_m) + " m");
  }
  if (!o.city_cells.empty() && o.city_cells.size() != cells) {
    return MakeError(ErrorCode::kInvalidArgument, "city_cells must have one entry per grid cell");
  }
  if (!o.patrol_exposure.empty() && o.patrol_exposure.size() != cells) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "patrol_exposure must have one entry per grid cell");
  }
  if (models.empty())
    return MakeError(ErrorCode::kInvalidArgument, "a backtest needs at least one model");
  std::set<std::string> names;
  for (const ModelSpec& m : models) {
    if (!m.make)
      return MakeError(ErrorCode::kInvalidArgument, "model " + m.name + " has no factory");
    if (!names.insert(m.name).second)
      return MakeError(ErrorCode::kInvalidArgument, "model " + m.name + " is listed twice");
  }
  return Status::Ok();
}

}  // namespace

Status BacktestOptions::Validate() const {
  auto invalid = [](const std::string& m) {
    return Status(MakeError(ErrorCode::kInvalidArgument, m));
  };
  if (!(test_from < test_to))
    return invalid("the test period is empty: test_from must be before test_to");
  if (slot_length_s <= 0 || slot_length_s > 7 * kDaySeconds)
    return invalid("the slot length must lie in (0, 7 days]");
  if (train_days < 1) return invalid("train_days must be at least 1");
  if (refit_days < 1) return invalid("refit_days must be at least 1");
  if (categories.empty() && !major_together)
    return invalid("no target: give categories or major_together");
  if (!(cell_size_m >= 0)) return invalid("cell_size_m must be >= 0 (0 = the snapshot's)");
  for (const double e : patrol_exposure) {
    if (!(std::isfinite(e) && e > 0)) return invalid("patrol exposure must be finite and positive");
  }
  VIGIL_RETURN_IF_ERROR(metrics.Validate());
  if (!(fairness_area_share > 0 && fairness_area_share <= 1))
    return invalid("fairness_area_share must lie in (0, 1]");
  if (bootstrap_block_days < 1) return invalid("bootstrap_block_days must be at least 1");
  if (threads < 1 || threads > 256) return invalid("threads must lie in [1, 256]");
  const std::vector<std::string> names = MetricNames(metrics);
  if (std::find(names.begin(), names.end(), headline_metric) == names.end())
    return invalid("unknown headline metric '" + headline_metric + "'");
  return BootstrapOptions{.resamples = bootstrap_resamples}.Validate();
}

std::vector<Target> TargetsOf(const BacktestOptions& options) {
  std::vector<Target> targets;
  for (const Category c : options.categories)
    targets.push_back({std::string(CategoryName(c)), {c}});
  if (options.major_together) targets.push_back({"major", {}});
  return targets;
}

std::vector<std::string> MetricNames(const MetricsOptions& options) {
  std::vector<std::string> names;
  for (const char* kind : {"hit_rate@", "pai@", "pei@"}) {
    for (const double a : options.area_shares) names.push_back(kind + PercentLabel(a));
  }
  names.emplace_back("auc@" + PercentLabel(options.auc_max_share));
  names.emplace_back("log_score");
  return names;
}

std::vector<std::vector<double>> MetricSeries(std::span<const SlotMetrics> slots,
                                              const MetricsOptions& options) {
  const std::size_t shares = options.area_shares.size();
  std::vector<std::vector<double>> series(3 * shares + 2);
  for (const SlotMetrics& s : slots) {
    for (std::size_t i = 0; i < shares; ++i) {
      series[i].push_back(s.hit_rate[i]);
      series[shares + i].push_back(s.pai[i]);
      series[2 * shares + i].push_back(s.pei[i]);
    }
    series[3 * shares].push_back(s.auc);
    series[3 * shares + 1].push_back(s.log_score);
  }
  return series;
}

const ModelRun* BacktestResult::Find(const std::string& model, const std::string& target) const {
  for (const ModelRun& r : runs) {
    if (r.model == model && r.target == target) return &r;
  }
  return nullptr;
}

Result<BacktestResult> RunBacktest(const CitySnapshot& snapshot, std::span<const ModelSpec> models,
                                   const BacktestOptions& options) {
  VIGIL_RETURN_IF_ERROR(CheckInputs(snapshot, models, options));
  const auto cells = static_cast<std::size_t>(snapshot.grid().cell_count());
  BacktestResult r;
  r.options = options;
  r.options.city_cells.clear();
  r.options.patrol_exposure.clear();
  r.targets = TargetsOf(options);
  r.metric_names = MetricNames(options.metrics);
  r.slots = MakeSlots(options);
  r.grid = snapshot.grid();
  if (r.slots.empty())
    return MakeError(ErrorCode::kInvalidArgument, "the test period holds no whole slot");
  const std::vector<bool> refit = RefitSlots(r.slots, options);
  for (std::size_t s = 0; s < r.slots.size(); ++s) {
    if (refit[s]) r.refit_points.push_back(r.slots[s].start);
  }

  r.city = options.city_cells;
  if (r.city.empty()) {
    r.city.resize(cells);
    for (std::size_t c = 0; c < cells; ++c)
      r.city[c] = snapshot.IncidentsInCell(static_cast<std::int64_t>(c)).empty() ? 0 : 1;
  }
  for (const std::uint8_t in : r.city) r.city_cells += in != 0 ? 1 : 0;
  if (r.city_cells == 0)
    return MakeError(ErrorCode::kFailedPrecondition, "the city mask selects no cell");

  std::optional<CitySnapshot> citizen;
  if (options.train_only_citizen_reported) {
    const EventColumns& e = snapshot.incidents();
    auto filtered = FilterIncidents(
        snapshot, [&](std::size_t i) { return e.origin[i] == Origin::kCitizenCall; });
    if (!filtered.ok()) return filtered.error();
    if (filtered->incidents().size() == 0) {
      return MakeError(
          ErrorCode::kFailedPrecondition,
          "train_only_citizen_reported: no incident is marked citizen-reported; the source "
          "profile must map the origin of incidents");
    }
    citizen = std::move(*filtered);
  }
  const CitySnapshot& training = citizen ? *citizen : snapshot;
  const std::vector<std::int32_t> districts = CellDistricts(snapshot);
  const std::int64_t block_slots =
      std::max<std::int64_t>(1, options.bootstrap_block_days * kDaySeconds / options.slot_length_s);
  const BootstrapOptions boot{
      .resamples = options.bootstrap_resamples,
      .block_length = static_cast<int>(std::min<std::int64_t>(block_slots, 1 << 20)),
      .seed = options.bootstrap_seed};

  const std::size_t m_count = models.size();
  r.runs.resize(r.targets.size() * m_count);
  std::vector<double> observed(cells);
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    const Target& target = r.targets[t];
    std::vector<ActiveRun> active(m_count);
    for (std::size_t m = 0; m < m_count; ++m) {
      ModelRun& run = r.runs[t * m_count + m];
      run.model = models[m].name;
      run.target = target.name;
      run.baseline = models[m].baseline;
      active[m].run = &run;
      active[m].prediction.resize(cells);
      active[m].audit.emplace(districts, r.city, snapshot.incidents().district_names);
      auto made = models[m].make();
      if (made.ok() && *made == nullptr)
        made = MakeError(ErrorCode::kInternal, "the factory returned no model");
      if (!made.ok())
        run.error = "make: " + made.error().message;
      else
        active[m].model = std::move(*made);
    }
    const EventSelection target_events{.categories = target.categories};
    BacktestProgress progress{.target = target.name,
                              .target_index = t,
                              .targets = r.targets.size(),
                              .fits = r.refit_points.size()};
    for (std::size_t s = 0; s < r.slots.size(); ++s) {
      const Slot& slot = r.slots[s];
      ObservedCounts(snapshot, target_events, slot, options.patrol_exposure, &observed);
      std::optional<CitySnapshot> cut;
      if (options.isolate_future) {
        auto view = ReportedBefore(training, slot.start);
        if (!view.ok()) return view.error();
        cut = std::move(*view);
      }
      const CitySnapshot& view = cut ? *cut : training;
      const EventSelection selection{
          .categories = target.categories,
          .known_before = slot.start,
          .train_from = slot.start - static_cast<std::int64_t>(options.train_days) * kDaySeconds};
      ParallelFor(m_count, options.threads, [&](std::size_t m) {
        ActiveRun& a = active[m];
        if (!a.run->error.empty()) return;
        if (refit[s]) {
          Status fitted = a.model->Fit(view, selection);
          if (!fitted.ok()) {
            a.run->error = "fit " + FormatUtc(slot.start) + ": " + fitted.error().message;
            return;
          }
        }
        ScoreSlot(view, slot, observed, options, r.city, &a);
      });
      if (refit[s] && options.progress) {
        ++progress.fits_done;
        progress.slot_start = slot.start;
        options.progress(progress);
      }
    }
    for (std::size_t m = 0; m < m_count; ++m) {
      ModelRun& run = *active[m].run;
      if (!run.error.empty()) {
        run.slots.clear();
        continue;
      }
      run.fairness = active[m].audit->Rows();
      run.last_prediction.assign(active[m].prediction.begin(), active[m].prediction.end());
    }
    ParallelFor(m_count, options.threads, [&](std::size_t m) {
      ModelRun& run = r.runs[t * m_count + m];
      if (run.error.empty()) Summarise(options, boot, r.metric_names, &run);
    });
    Compare(options, boot, t, m_count, &r);
    if (options.progress) {
      progress.target_done = true;
      options.progress(progress);
    }
  }
  return r;
}

}  // namespace vigil::risk
