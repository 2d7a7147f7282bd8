#include "risk/backtest_views.h"

namespace vigil::risk {
namespace {

// Copies of the events `keep(i)` selects, in order.
template <typename Keep>
EventColumns Select(const EventColumns& from, Keep keep) {
  EventColumns to;
  to.district_names = from.district_names;
  for (std::size_t i = 0; i < from.size(); ++i) {
    if (!keep(i)) continue;
    to.reported_at.push_back(from.reported_at[i]);
    to.occurred_at.push_back(from.occurred_at[i]);
    to.category.push_back(from.category[i]);
    to.x.push_back(from.x[i]);
    to.y.push_back(from.y[i]);
    if (!from.origin.empty()) to.origin.push_back(from.origin[i]);
    if (!from.district.empty()) to.district.push_back(from.district[i]);
  }
  return to;
}

// The first `n` events (incidents are sorted by report time, so a prefix is a time cut).
EventColumns Prefix(const EventColumns& from, std::size_t n) {
  EventColumns to;
  to.district_names = from.district_names;
  const auto end = static_cast<std::ptrdiff_t>(n);
  to.reported_at.assign(from.reported_at.begin(), from.reported_at.begin() + end);
  to.occurred_at.assign(from.occurred_at.begin(), from.occurred_at.begin() + end);
  to.category.assign(from.category.begin(), from.category.begin() + end);
  to.x.assign(from.x.begin(), from.x.begin() + end);
  to.y.assign(from.y.begin(), from.y.begin() + end);
  if (!from.origin.empty()) to.origin.assign(from.origin.begin(), from.origin.begin() + end);
  if (!from.district.empty())
    to.district.assign(from.district.begin(), from.district.begin() + end);
  return to;
}

}  // namespace

Result<CitySnapshot> ReportedBefore(const CitySnapshot& snapshot, UnixSeconds t) {
  const EventColumns& calls = snapshot.calls();
  return CitySnapshot::FromColumns(
      snapshot.grid(), Prefix(snapshot.incidents(), snapshot.LowerBoundReported(t)),
      Select(calls, [&](std::size_t i) { return calls.reported_at[i] < t; }));
}

Result<CitySnapshot> FilterIncidents(const CitySnapshot& snapshot,
                                     const std::function<bool(std::size_t)>& keep) {
  return CitySnapshot::FromColumns(snapshot.grid(), Select(snapshot.incidents(), keep),
                                   Select(snapshot.calls(), [](std::size_t) { return true; }));
}

}  // namespace vigil::risk
