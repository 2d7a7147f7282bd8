#include "risk/report.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/time.h"

namespace vigil::risk {
namespace {

using nlohmann::json;

json EstimateJson(const Estimate& e) {
  return json{{"mean", e.mean}, {"low", e.low}, {"high", e.high}, {"n", e.n}};
}

json EstimatesJson(const std::vector<MetricEstimate>& estimates) {
  json out = json::object();
  for (const MetricEstimate& m : estimates) out[m.name] = EstimateJson(m.value);
  return out;
}

json OptionsJson(const BacktestOptions& o) {
  json categories = json::array();
  for (const Category c : o.categories) categories.push_back(std::string(CategoryName(c)));
  return json{{"test_from", FormatUtc(o.test_from)},
              {"test_to", FormatUtc(o.test_to)},
              {"slot_length_s", o.slot_length_s},
              {"train_days", o.train_days},
              {"refit_days", o.refit_days},
              {"categories", categories},
              {"major_together", o.major_together},
              {"cell_size_m", o.cell_size_m},
              {"train_only_citizen_reported", o.train_only_citizen_reported},
              {"isolate_future", o.isolate_future},
              {"area_shares", o.metrics.area_shares},
              {"auc_max_share", o.metrics.auc_max_share},
              {"log_score_floor", o.metrics.log_score_floor},
              {"fairness_area_share", o.fairness_area_share},
              {"headline_metric", o.headline_metric},
              {"bootstrap",
               {{"resamples", o.bootstrap_resamples},
                {"block_days", o.bootstrap_block_days},
                {"seed", o.bootstrap_seed},
                {"method", "moving-block, percentile 95%"}}}};
}

json RunJson(const ModelRun& run, const MetricsOptions& metrics) {
  json curve_x = json::array();
  for (int i = 0; i <= metrics.curve_steps; ++i)
    curve_x.push_back(metrics.auc_max_share * i / metrics.curve_steps);
  json fairness = json::array();
  for (const DistrictFairness& d : run.fairness) {
    fairness.push_back({{"district", d.district},
                        {"cells", d.cells},
                        {"area_share", d.area_share},
                        {"crime_share", d.crime_share},
                        {"flagged_share", d.flagged_share},
                        {"pai", d.pai}});
  }
  return json{{"model", run.model},
              {"baseline", run.baseline},
              {"error", run.error},
              {"slots", run.slots.size()},
              {"metrics", EstimatesJson(run.summary)},
              {"curve", {{"area_share", curve_x}, {"hit_rate", run.mean_curve}}},
              {"fairness", fairness}};
}

}  // namespace

std::string BacktestJson(const BacktestResult& r) {
  json doc;
  doc["options"] = OptionsJson(r.options);
  doc["grid"] = {{"origin_x", r.grid.origin_x},
                 {"origin_y", r.grid.origin_y},
                 {"cell_size", r.grid.cell_size},
                 {"columns", r.grid.columns},
                 {"rows", r.grid.rows}};
  doc["city_cells"] = r.city_cells;
  doc["slot_count"] = r.slots.size();
  if (!r.slots.empty())
    doc["slots"] = {{"first", FormatUtc(r.slots.front().start)},
                    {"last", FormatUtc(r.slots.back().start)}};
  json refits = json::array();
  for (const UnixSeconds t : r.refit_points) refits.push_back(FormatUtc(t));
  doc["refit_points"] = refits;
  doc["metric_names"] = r.metric_names;
  json targets = json::array();
  const std::size_t models = r.targets.empty() ? 0 : r.runs.size() / r.targets.size();
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    json categories = json::array();
    for (const Category c : r.targets[t].categories)
      categories.push_back(std::string(CategoryName(c)));
    json runs = json::array();
    for (std::size_t m = 0; m < models; ++m)
      runs.push_back(RunJson(r.runs[t * models + m], r.options.metrics));
    json comparisons = json::array();
    for (const Comparison& c : r.comparisons) {
      if (c.target != r.targets[t].name) continue;
      comparisons.push_back({{"model", c.model},
                             {"reference", c.reference},
                             {"difference", EstimatesJson(c.difference)}});
    }
    targets.push_back({{"name", r.targets[t].name},
                       {"categories", categories},
                       {"best_model", t < r.best_model.size() ? r.best_model[t] : ""},
                       {"reference", t < r.reference.size() ? r.reference[t] : ""},
                       {"verdict", t < r.verdict.size() ? r.verdict[t] : ""},
                       {"models", runs},
                       {"comparisons", comparisons}});
  }
  doc["targets"] = targets;
  return doc.dump(2);
}

Status WriteBacktestReport(const BacktestResult& result, const std::string& prefix) {
  for (const auto& [path, text] : {std::pair{prefix + ".json", BacktestJson(result)},
                                   std::pair{prefix + ".html", BacktestHtml(result)}}) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return MakeError(ErrorCode::kIo, "cannot write the backtest report " + path);
  }
  return Status::Ok();
}

}  // namespace vigil::risk
