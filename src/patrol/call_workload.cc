#include "patrol/call_workload.h"

#include <algorithm>

#include "store/record_query.h"

namespace vigil::patrol {

Result<CallHistory> LoadCallHistory(sqlite::Database& db, UnixSeconds shift_start, int weeks) {
  if (weeks < 1 || weeks > 52) {
    return MakeError(ErrorCode::kInvalidArgument, "call weeks must be between 1 and 52");
  }
  CallHistory history{.shift_start = shift_start, .weeks = weeks};
  const UnixSeconds from = shift_start - static_cast<UnixSeconds>(weeks) * 7 * 86'400;
  auto calls = LocatedCallsBetween(db, from, shift_start);
  if (!calls.ok()) return calls.error();
  history.calls.reserve(calls->size());
  for (const LocatedCall& c : *calls) history.calls.push_back({c.received_at, c.x, c.y});
  return history;
}

std::vector<double> PredictCallsByDistrict(const CallHistory& history, const geo::Grid& grid,
                                           std::span<const std::vector<std::int64_t>> districts,
                                           std::int64_t shift_s) {
  std::vector<double> predicted(districts.size(), 0.0);
  if (shift_s <= 0 || grid.cell_count() <= 0) return predicted;
  const int weeks = std::clamp(history.weeks, 1, 52);
  std::vector<int> district_of(static_cast<std::size_t>(grid.cell_count()), -1);
  for (std::size_t d = 0; d < districts.size(); ++d) {
    for (const std::int64_t cell : districts[d]) {
      if (cell < 0 || cell >= grid.cell_count()) continue;
      int& owner = district_of[static_cast<std::size_t>(cell)];
      if (owner < 0) owner = static_cast<int>(d);
    }
  }
  constexpr std::int64_t kWeek = std::int64_t{7} * 86400;
  for (const PastCall& call : history.calls) {
    const std::int64_t before = history.shift_start - call.received_at;  // > 0 in the past
    if (before <= 0 || before > weeks * kWeek) continue;
    // Week k holds [shift_start - k weeks, shift_start - k weeks + shift_s).
    const std::int64_t k = (before + kWeek - 1) / kWeek;
    const std::int64_t offset = call.received_at - (history.shift_start - k * kWeek);
    if (offset < 0 || offset >= shift_s) continue;
    const std::int64_t cell = grid.CellOf(call.x, call.y);
    if (cell < 0) continue;
    const int owner = district_of[static_cast<std::size_t>(cell)];
    if (owner >= 0) predicted[static_cast<std::size_t>(owner)] += 1.0 / weeks;
  }
  return predicted;
}

}  // namespace vigil::patrol
