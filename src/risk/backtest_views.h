// Snapshot copies the backtest hands to models: the incidents a model may know of, and nothing
// else. Both keep the source snapshot's grid, so cell ids agree.
#pragma once

#include <functional>

#include "core/result.h"
#include "store/snapshot.h"

namespace vigil::risk {

// The incidents and calls of `snapshot` reported before `t` (UTC seconds).
Result<CitySnapshot> ReportedBefore(const CitySnapshot& snapshot, UnixSeconds t);

// The incidents of `snapshot` for which `keep(index)` is true, with every call.
Result<CitySnapshot> FilterIncidents(const CitySnapshot& snapshot,
                                     const std::function<bool(std::size_t)>& keep);

}  // namespace vigil::risk
