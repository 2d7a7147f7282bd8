// The city's cells on a forecast grid: the grid clipped to the store's city boundary (areas of
// kind "boundary", loaded with `vigil ingest-areas --kind boundary`). Forecasts, grades and
// backtests count only these cells, so the corners of the grid's bounding rectangle that lie
// outside the city neither dilute the grades nor count as area in PAI.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "geo/grid.h"

namespace vigil::app {

// One entry per cell of `grid` (in the store's city CRS): 1 for a cell that the boundary
// covers or crosses (geo::MaskCellsTouching). Empty when the store holds no boundary area or no
// city CRS yet; an error when the store cannot be read or a boundary's geometry is not a
// polygon.
Result<std::vector<std::uint8_t>> CityCellsFor(const std::string& store_path,
                                               const geo::Grid& grid);

}  // namespace vigil::app
