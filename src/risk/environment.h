// Environment features of the learned model from the store's points of interest: per grid
// cell, how many points of each kind lie within a radius of the cell centre, and how far the
// nearest one is. Bars, nightclubs, transit stops, schools and ATMs shape where crime happens
// (routine-activity theory); the learned model weighs them against the recent counts, and its
// reasons quote them in plain words ("2 bars within 150 m").
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "geo/grid.h"
#include "model/entities.h"
#include "risk/features.h"

namespace vigil::risk {

struct EnvironmentOptions {
  // Radii of the per-kind counts around each cell centre, metres; each > 0. Default {150, 500}.
  std::vector<double> count_radii_m = {150, 500};
  // Nearest-point distances are capped here, metres (a kind absent nearby reads as this);
  // > 0. Default 3000.
  double distance_cap_m = 3000;
  // Kinds with fewer points than this are left out (too rare to learn from); >= 1. Default 5.
  std::size_t min_points_per_kind = 5;
  // At most this many kinds, the most common first (ties by name); >= 1. Default 12.
  std::size_t max_kinds = 12;

  Status Validate() const;
};

// Per-cell columns and their reason templates, ready for FeatureOptions::environment and
// FeatureOptions::reason_templates.
struct EnvironmentColumns {
  std::vector<CellColumn> columns;  // names "<kind>_within_<r>m", "<kind>_nearest_m"
  std::vector<std::pair<std::string, std::string>> reason_templates;
};

// Columns over `grid` from `pois` (their projected x/y must be in the grid's CRS). Points
// outside the grid still count for cells within reach. No point of a usable kind gives no
// columns. Cost: O(kinds x (cells x points near each cell)) with a bucket index.
Result<EnvironmentColumns> BuildEnvironmentColumns(const geo::Grid& grid,
                                                   std::span<const PointOfInterest> pois,
                                                   const EnvironmentOptions& options);

// Adds `env` to the learned model's feature options (replacing earlier environment columns).
void UseEnvironment(EnvironmentColumns env, FeatureOptions* features);

}  // namespace vigil::risk
