// The HTML page of a backtest (declared in report.h): plain tables and inline SVG, no scripts.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iterator>
#include <sstream>

#include "core/time.h"
#include "risk/report.h"

namespace vigil::risk {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                    "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

std::string Escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Num(double v, int digits = 3) {
  if (std::isnan(v)) return "&ndash;";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// "0.123 [0.110, 0.135]"; bold when the interval excludes zero and `mark_nonzero`.
std::string WithInterval(const Estimate& e, bool mark_nonzero) {
  std::string text = Num(e.mean) + " <small>[" + Num(e.low) + ", " + Num(e.high) + "]</small>";
  if (mark_nonzero && (e.low > 0 || e.high < 0)) return "<b>" + text + "</b>";
  return text;
}

std::vector<const ModelRun*> RunsOf(const BacktestResult& r, std::size_t target) {
  std::vector<const ModelRun*> runs;
  const std::size_t models = r.runs.size() / r.targets.size();
  for (std::size_t m = 0; m < models; ++m) runs.push_back(&r.runs[target * models + m]);
  return runs;
}

void MetricTable(const BacktestResult& r, const std::vector<const ModelRun*>& runs,
                 std::ostringstream& h) {
  h << "<table><tr><th>metric</th>";
  for (const ModelRun* run : runs)
    h << "<th>" << Escape(run->model) << (run->baseline ? " <small>(baseline)</small>" : "")
      << "</th>";
  h << "</tr>\n";
  for (std::size_t k = 0; k < r.metric_names.size(); ++k) {
    h << "<tr><td>" << Escape(r.metric_names[k]) << "</td>";
    for (const ModelRun* run : runs) {
      h << "<td>" << (run->error.empty() ? WithInterval(run->summary[k].value, false) : "failed")
        << "</td>";
    }
    h << "</tr>\n";
  }
  h << "</table>\n";
  for (const ModelRun* run : runs) {
    if (!run->error.empty())
      h << "<p class=err>" << Escape(run->model) << " failed: " << Escape(run->error) << "</p>\n";
  }
}

void ComparisonTable(const BacktestResult& r, const std::string& target, std::ostringstream& h) {
  std::vector<const Comparison*> rows;
  for (const Comparison& c : r.comparisons) {
    if (c.target == target) rows.push_back(&c);
  }
  if (rows.empty()) return;
  h << "<h3>Paired differences against " << Escape(rows.front()->reference)
    << "</h3>\n<p>Mean over slots of (model &minus; reference) with 95 % moving-block bootstrap "
       "intervals "
       "(blocks of one week of slots); bold when the interval excludes "
       "zero.</p>\n<table><tr><th>metric</th>";
  for (const Comparison* c : rows) h << "<th>" << Escape(c->model) << "</th>";
  h << "</tr>\n";
  for (std::size_t k = 0; k < r.metric_names.size(); ++k) {
    h << "<tr><td>" << Escape(r.metric_names[k]) << "</td>";
    for (const Comparison* c : rows)
      h << "<td>" << WithInterval(c->difference[k].value, true) << "</td>";
    h << "</tr>\n";
  }
  h << "</table>\n";
}

// Mean hit-rate curves to auc_max_share, one polyline per model, with the uniform diagonal.
void CurveChart(const BacktestResult& r, const std::vector<const ModelRun*>& runs,
                std::ostringstream& h) {
  const double w = 480, ht = 300, left = 50, bottom = 30;
  const double x_max = r.options.metrics.auc_max_share;
  double y_max = x_max;
  for (const ModelRun* run : runs) {
    for (const double v : run->mean_curve) {
      if (!std::isnan(v)) y_max = std::max(y_max, v);
    }
  }
  y_max = std::min(1.0, std::ceil(y_max * 10) / 10);
  auto px = [&](double x) { return left + x / x_max * w; };
  auto py = [&](double y) { return ht - y / y_max * ht; };
  h << "<svg width=\"" << left + w + 170 << "\" height=\"" << ht + bottom + 10
    << "\" style=\"font:11px sans-serif\"><g transform=\"translate(0,5)\">\n";
  h << "<line x1=\"" << px(0) << "\" y1=\"" << py(0) << "\" x2=\"" << px(x_max) << "\" y2=\""
    << py(0) << "\" stroke=\"#000\"/>";
  h << "<line x1=\"" << px(0) << "\" y1=\"" << py(0) << "\" x2=\"" << px(0) << "\" y2=\""
    << py(y_max) << "\" stroke=\"#000\"/>\n";
  for (int i = 0; i <= 4; ++i) {
    const double x = x_max * i / 4;
    const double y = y_max * i / 4;
    h << "<text x=\"" << px(x) << "\" y=\"" << ht + 14 << "\" text-anchor=\"middle\">"
      << Num(x * 100, 0) << "%</text>";
    h << "<text x=\"" << left - 4 << "\" y=\"" << py(y) + 4 << "\" text-anchor=\"end\">"
      << Num(y * 100, 0) << "%</text>\n";
  }
  h << "<text x=\"" << px(x_max / 2) << "\" y=\"" << ht + 28
    << "\" text-anchor=\"middle\">share of city area flagged</text>\n";
  h << "<line x1=\"" << px(0) << "\" y1=\"" << py(0) << "\" x2=\"" << px(x_max) << "\" y2=\""
    << py(x_max) << "\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n";
  for (std::size_t m = 0; m < runs.size(); ++m) {
    const ModelRun& run = *runs[m];
    const char* colour = kPalette[m % std::size(kPalette)];
    if (run.error.empty() && !run.mean_curve.empty()) {
      h << "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" << colour << "\" points=\"";
      const std::size_t n = run.mean_curve.size();
      for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(run.mean_curve[i])) continue;
        h << Num(px(x_max * static_cast<double>(i) / static_cast<double>(n - 1)), 1) << ","
          << Num(py(run.mean_curve[i]), 1) << " ";
      }
      h << "\"/>\n";
    }
    const double ly = 12 + 16 * static_cast<double>(m);
    h << "<rect x=\"" << left + w + 15 << "\" y=\"" << ly - 8
      << "\" width=\"10\" height=\"10\" fill=\"" << colour << "\"/><text x=\"" << left + w + 30
      << "\" y=\"" << ly << "\">" << Escape(run.model) << "</text>\n";
  }
  h << "</g></svg>\n";
}

void FairnessTable(const BacktestResult& r, const std::vector<const ModelRun*>& runs,
                   std::ostringstream& h) {
  h << "<h3>Fairness: top " << Num(r.options.fairness_area_share * 100, 1)
    << " % of cells flagged, summed over "
       "slots</h3>\n<table><tr><th>model</th><th>district</th><th>cells</th>"
       "<th>area share</th><th>crime share</th><th>flagged share</th><th>PAI</th></tr>\n";
  for (const ModelRun* run : runs) {
    for (const DistrictFairness& d : run->fairness) {
      const bool over = d.flagged_share > 1.5 * d.crime_share;
      h << "<tr><td>" << Escape(run->model) << "</td><td>" << Escape(d.district) << "</td><td>"
        << d.cells << "</td><td>" << Num(d.area_share) << "</td><td>" << Num(d.crime_share)
        << "</td><td" << (over ? " class=warn" : "") << ">" << Num(d.flagged_share) << "</td><td>"
        << Num(d.pai, 2) << "</td></tr>\n";
    }
  }
  h << "</table>\n<p>Flagged share well above crime share (highlighted above 1.5&times;) means the "
       "forecast sends "
       "patrols to a district beyond its share of recorded crime.</p>\n";
}

// The last slot's forecast of `run` as a grid of city cells, coloured by rank band.
void RiskMap(const BacktestResult& r, const ModelRun& run, std::ostringstream& h) {
  const geo::Grid& g = r.grid;
  if (run.last_prediction.size() != static_cast<std::size_t>(g.cell_count()) || g.cell_count() == 0)
    return;
  std::vector<float> city_values;
  for (std::size_t c = 0; c < run.last_prediction.size(); ++c) {
    if (r.city[c] != 0) city_values.push_back(run.last_prediction[c]);
  }
  std::sort(city_values.begin(), city_values.end(), std::greater<>());
  const auto n = static_cast<double>(city_values.size());
  struct Band {
    double share;
    const char* colour;
    const char* label;
  };
  const Band bands[] = {{0.01, "#67000d", "top 1 %"},
                        {0.05, "#d62728", "1-5 %"},
                        {0.10, "#fc8d59", "5-10 %"},
                        {0.20, "#fee08b", "10-20 %"},
                        {1.01, "#e8e8e8", "rest"}};
  const double scale = 560.0 / std::max(g.columns, g.rows);
  h << "<h2>Risk map: " << Escape(run.model) << ", " << Escape(run.target) << ", slot "
    << FormatUtc(r.slots.back().start) << "</h2>\n<svg width=\"" << Num(g.columns * scale, 0)
    << "\" height=\"" << Num(g.rows * scale, 0) << "\" viewBox=\"0 0 " << g.columns << " " << g.rows
    << "\" shape-rendering=\"crispEdges\">\n";
  for (std::int64_t c = 0; c < g.cell_count(); ++c) {
    if (r.city[static_cast<std::size_t>(c)] == 0) continue;
    const float v = run.last_prediction[static_cast<std::size_t>(c)];
    // Share of city cells ranked strictly above this one.
    const auto above =
        std::lower_bound(city_values.begin(), city_values.end(), v, std::greater<>()) -
        city_values.begin();
    const double q = static_cast<double>(above) / n;
    const Band* band = &bands[0];
    while (q >= band->share) ++band;
    h << "<rect x=\"" << c % g.columns << "\" y=\"" << g.rows - 1 - c / g.columns
      << "\" width=\"1\" height=\"1\" fill=\"" << band->colour << "\"/>\n";
  }
  h << "</svg>\n<p>";
  for (const Band& b : bands) {
    h << "<span style=\"background:" << b.colour << ";padding:0 8px\">&nbsp;</span> " << b.label
      << " &nbsp; ";
  }
  h << "(of city cells by expected count; north up, " << Num(g.cell_size, 0) << " m cells)</p>\n";
}

}  // namespace

std::string BacktestHtml(const BacktestResult& r) {
  std::ostringstream h;
  const BacktestOptions& o = r.options;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vigil "
       "backtest</title>\n<style>"
       "body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;"
       "margin:1em 0}"
       "td,th{border:1px solid #ccc;padding:3px "
       "8px;text-align:right;font-size:13px}th{background:#f2f2f2}"
       "td:first-child{text-align:left}.err{color:#b00}.warn{background:#fdd}</style></"
       "head><body>\n";
  h << "<h1>Walk-forward backtest</h1>\n<p>Test period " << FormatUtc(o.test_from) << " to "
    << FormatUtc(o.test_to) << ": " << r.slots.size() << " slots of "
    << Num(static_cast<double>(o.slot_length_s) / 3600, 1) << " h, " << r.refit_points.size()
    << " fits (every " << o.refit_days << " days, " << o.train_days
    << " days of training each). Grid " << r.grid.columns << " &times; " << r.grid.rows
    << " cells of " << Num(r.grid.cell_size, 0) << " m, " << r.city_cells << " inside the city."
    << (o.train_only_citizen_reported ? " Models trained on citizen-reported incidents only." : "")
    << (o.isolate_future ? " Models were given only incidents reported before each slot." : "")
    << "</p>\n";
  h << "<p>Hit rate: share of the slot's events in the top-ranked cells covering the given share "
       "of city area "
       "(ties averaged). PAI = hit rate / area share. PEI* = hit rate / best possible hit rate "
       "with the same area. "
       "AUC: area under the hit-rate curve up to "
    << Num(o.metrics.auc_max_share * 100, 0)
    << " % of the area, normalised to [0, 1]. Log score: mean Poisson log-likelihood per cell "
       "(higher is better). "
       "Brackets: 95 % moving-block bootstrap intervals (weekly blocks, "
    << o.bootstrap_resamples << " resamples).</p>\n";
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    const std::vector<const ModelRun*> runs = RunsOf(r, t);
    h << "<h2>Target: " << Escape(r.targets[t].name) << "</h2>\n";
    if (t < r.best_model.size() && !r.best_model[t].empty()) {
      h << "<p>Best model by mean " << Escape(r.options.headline_metric) << ": <b>"
        << Escape(r.best_model[t]) << "</b>; reference (best baseline): " << Escape(r.reference[t]);
      if (t < r.verdict.size() && !r.verdict[t].empty())
        h << "; verdict: <b>" << Escape(r.verdict[t]) << "</b>";
      h << ".</p>\n";
    }
    MetricTable(r, runs, h);
    ComparisonTable(r, r.targets[t].name, h);
    h << "<h3>Mean hit-rate curves</h3>\n";
    CurveChart(r, runs, h);
    FairnessTable(r, runs, h);
  }
  if (!r.targets.empty() && !r.slots.empty()) {
    std::string best = r.best_model.empty() || r.best_model[0].empty()
                           ? (r.reference.empty() ? "" : r.reference[0])
                           : r.best_model[0];
    if (const ModelRun* run = r.Find(best, r.targets[0].name); run != nullptr && run->error.empty())
      RiskMap(r, *run, h);
  }
  h << "</body></html>\n";
  return h.str();
}

}  // namespace vigil::risk
