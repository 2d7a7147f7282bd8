// Backtest reports: a JSON document for programs and a self-contained HTML page for people
// (inline SVG charts, no scripts, no network). Both are deterministic for a given result.
//
// JSON layout (NaN, e.g. a metric with no defined slot, is written as null):
//   { "options": {...as run...}, "grid": {origin_x, origin_y, cell_size, columns, rows},
//     "city_cells": N, "slot_count": S, "slots": {"first": ISO, "last": ISO},
//     "refit_points": [ISO...], "metric_names": [...],
//     "targets": [ { "name", "categories": [...], "best_model", "reference", "verdict",
//       "models": [ { "model", "baseline", "error", "slots",
//                     "metrics": { name: {"mean", "low", "high", "n"} },
//                     "curve": {"area_share": [...], "hit_rate": [...]},
//                     "fairness": [ {"district", "cells", "area_share", "crime_share",
//                                    "flagged_share", "pai"} ] } ],
//       "comparisons": [ {"model", "reference", "difference": { name: {...} } } ] } ] }
// The HTML page holds, per target: the metric table with 95 % intervals, the paired
// differences against the reference, hit-rate curves and the fairness table; and the risk map
// of the last slot for the best model of the first target.
#pragma once

#include <string>

#include "core/result.h"
#include "risk/backtest.h"

namespace vigil::risk {

// The JSON document, pretty-printed with two-space indentation.
std::string BacktestJson(const BacktestResult& result);

// The HTML page.
std::string BacktestHtml(const BacktestResult& result);

// Writes `prefix`.json and `prefix`.html. Fails with kIo naming the file it could not write.
Status WriteBacktestReport(const BacktestResult& result, const std::string& prefix);

}  // namespace vigil::risk
