// A regular grid of square cells over projected metres. Cell ids are row-major from the
// south-west corner: id = row * columns + column.
#pragma once

#include <cmath>
#include <cstdint>

namespace vigil::geo {

struct Grid {
  double origin_x = 0;     // metres, west edge
  double origin_y = 0;     // metres, south edge
  double cell_size = 100;  // metres, > 0
  std::int32_t columns = 0;
  std::int32_t rows = 0;

  // Smallest grid of `cell_size` covering [min_x, max_x] x [min_y, max_y].
  static Grid Covering(double min_x, double min_y, double max_x, double max_y, double cell_size);

  std::int64_t cell_count() const { return static_cast<std::int64_t>(columns) * rows; }

  // Cell containing a point, or -1 when outside the grid.
  std::int64_t CellOf(double x, double y) const {
    const double fx = (x - origin_x) / cell_size;
    const double fy = (y - origin_y) / cell_size;
    if (!(fx >= 0) || !(fy >= 0)) return -1;
    const auto c = static_cast<std::int64_t>(fx);
    const auto r = static_cast<std::int64_t>(fy);
    if (c >= columns || r >= rows) return -1;
    return r * columns + c;
  }

  double CenterX(std::int64_t cell) const {
    return origin_x + (static_cast<double>(cell % columns) + 0.5) * cell_size;
  }
  double CenterY(std::int64_t cell) const {
    const std::int64_t row = cell / columns;  // whole rows below the cell
    return origin_y + (static_cast<double>(row) + 0.5) * cell_size;
  }
};

inline Grid Grid::Covering(double min_x, double min_y, double max_x, double max_y, double size) {
  Grid g;
  g.cell_size = size;
  g.origin_x = std::floor(min_x / size) * size;
  g.origin_y = std::floor(min_y / size) * size;
  g.columns = static_cast<std::int32_t>(std::floor((max_x - g.origin_x) / size)) + 1;
  g.rows = static_cast<std::int32_t>(std::floor((max_y - g.origin_y) / size)) + 1;
  return g;
}

}  // namespace vigil::geo
