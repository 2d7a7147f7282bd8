// Reads a forecast CSV written by `vigil predict` (columns cell, x, y, ..., expected, ...; see
// docs/file-formats.md) back into a dense forecast over its grid. The file lists only some
// cells, so the grid is reconstructed from the cell ids and centres: the cell size is the
// smallest spacing between distinct centres (or given), the column count follows from two
// cells in different rows, and the origin from any cell. Cells not listed get 0.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "geo/grid.h"

namespace vigil::patrol {

struct ForecastGrid {
  geo::Grid grid;
  std::vector<double> expected;  // grid.cell_count() entries
};

struct ForecastCsvOptions {
  double cell_size_m = 0;  // grid cell edge in metres; 0 (default) = infer from the centres

  Status Validate() const;
};

// kInvalidArgument names the line and field of a bad record, or says why the grid cannot be
// reconstructed (e.g. cell ids that disagree with the centres).
Result<ForecastGrid> ReadForecastCsv(const std::string& path, const ForecastCsvOptions& options);
// The same over CSV text (for tests).
Result<ForecastGrid> ParseForecastCsv(std::string text, const ForecastCsvOptions& options);

}  // namespace vigil::patrol
