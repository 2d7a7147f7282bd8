// Predicted calls for service per district for a shift, the calls half of the allocation
// workload (allocation.h): a seasonal naive forecast, the mean number of past calls located in
// the district and received in the same hours of the week as the shift, over the weeks before it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "geo/grid.h"
#include "store/sqlite_db.h"

namespace vigil::patrol {

// A past call for service: when it was received, and where in the grid's CRS (metres).
struct PastCall {
  UnixSeconds received_at = 0;
  double x = 0;
  double y = 0;
};

// The calls behind the predicted workload of a shift starting at `shift_start`.
struct CallHistory {
  std::vector<PastCall> calls;  // any order; those outside the weeks looked at are ignored
  UnixSeconds shift_start = 0;  // UTC seconds
  int weeks = 8;                // weeks looked back, 1-52
};

// The located calls of the `weeks` weeks (1-52) before `shift_start`, read from the store.
Result<CallHistory> LoadCallHistory(sqlite::Database& db, UnixSeconds shift_start, int weeks);

// For each district (its grid cells), the mean over weeks k = 1..weeks of the calls received in
// [shift_start - k weeks, shift_start - k weeks + shift_s) inside its cells; calls outside the
// grid or in no district count for none. Cells may belong to one district only (the first
// wins). `shift_s` > 0; `history.weeks` is clamped to 1-52.
std::vector<double> PredictCallsByDistrict(const CallHistory& history, const geo::Grid& grid,
                                           std::span<const std::vector<std::int64_t>> districts,
                                           std::int64_t shift_s);

}  // namespace vigil::patrol
