// Patrol exposure per grid cell, for backtests that correct recorded crime for where the police
// already are (BacktestOptions::patrol_exposure): a cell patrolled twice as much as the average
// records more of the same true crime, so its counts are read as true crime x exposure.
//
// File format (CSV with a header; docs/risk.md, "Patrol exposure"): one row per place, with
//   cell,exposure          grid cell ids as `vigil predict` writes them for the same cell size, or
//   lon,lat,exposure       WGS84 points, or
//   x,y,exposure           points in the city CRS (projected metres).
// `exposure` is relative presence: > 0, 1 = the city's average. Several rows in one cell are
// averaged; cells without a row read 1. Points outside the grid are counted and skipped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "geo/grid.h"

namespace vigil::risk {

struct PatrolExposure {
  std::vector<double> per_cell;  // one value per grid cell, > 0
  std::int64_t rows = 0;         // data rows read
  std::int64_t cells = 0;        // distinct cells given a value
  std::int64_t outside = 0;      // rows whose cell or point lies outside the grid
};

// Reads the file at `path` for `grid`, whose coordinates are in `city_crs` (used for lon/lat
// rows only). Errors name the line and the field: a missing column, a value that is not a
// number, an exposure that is not finite and > 0, a cell id that is not a whole number.
Result<PatrolExposure> ReadPatrolExposure(const std::string& path, const geo::Grid& grid,
                                          const std::string& city_crs);

}  // namespace vigil::risk
