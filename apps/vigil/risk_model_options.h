// The risk models' options for a store: registry defaults, plus the learned model's
// environment features built from the store's points of interest (risk/environment.h).
#pragma once

#include <string>

#include "core/result.h"
#include "geo/grid.h"
#include "risk/options.h"

namespace vigil::app {

// Options for models fitted over `grid` on the store at `store_path`. A store without points
// of interest gives the registry defaults; a store that cannot be read is an error.
Result<risk::RiskModelOptions> RiskModelOptionsFor(const std::string& store_path,
                                                   const geo::Grid& grid);

}  // namespace vigil::app
