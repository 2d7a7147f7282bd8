// `vigil predict` as a function, for the commands that forecast on their own account (the
// shift schedule, forecast_schedule_command.cc).
#pragma once

#include <cstdint>
#include <string>

#include "commands.h"
#include "core/result.h"

namespace vigil::app {

struct PredictArgs {
  std::string model = "etas";
  std::string category = "major";  // a category machine name or "major"
  std::string at;                  // ISO UTC; empty = after the last report
  std::string horizon = "1d";      // slot length, ParseHorizon: "8h", "1d", ...
  double cell_size_m = 100;
  int train_days = 365;
  std::string out = "forecast";
  int min_grade = 2;        // cells written to the files: grade >= min_grade ...
  int top = 0;              // ... or, when > 0, the `top` cells with the highest expected count
  int reasons = 3;          // learned model: plain-words reasons per explained cell
  int explain_cells = 500;  // learned model: the highest cells get reasons (cost grows with it)
};

// Seconds of a slot length written "N h" (1-168 hours), "N d" (1-31 days) or "N min" (60-10080
// minutes), without spaces: "8h", "12h", "1d", "7d", "450min".
Result<std::int64_t> ParseHorizon(const std::string& text);

// Fits the model, forecasts the slot, writes PREFIX.geojson and PREFIX.csv and stores the
// forecast (docs/risk.md). Prints a summary unless global.quiet. Returns the exit code: 0 ok,
// 1 error, 2 bad arguments. Not audited: callers wrap it in RunAuditedChange.
int RunPredict(const GlobalOptions& global, const PredictArgs& args);

}  // namespace vigil::app
