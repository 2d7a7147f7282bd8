// The risk models' options for a store: registry defaults, plus the learned model's
// environment features: points of interest (risk/environment.h) and the statistics and
// regional type of the areas each cell lies in (risk/area_features.h).
#pragma once

#include <string>

#include "core/result.h"
#include "geo/grid.h"
#include "risk/options.h"

namespace vigil::app {

// Options for models fitted over `grid` (in the store's city CRS) on the store at
// `store_path`. A store without points of interest or areas gives the registry defaults; a
// store that cannot be read is an error.
Result<risk::RiskModelOptions> RiskModelOptionsFor(const std::string& store_path,
                                                   const geo::Grid& grid);

}  // namespace vigil::app
