// The grid-cell key of the incidents' spatial index (SQLite column incidents.cell_key).
//
// Cells are kSpatialCellM x kSpatialCellM metres of the city's projected CRS, counted from
// -kSpatialOffsetM on both axes; key = row << 20 | column. Points with |x| or |y| of
// kSpatialOffsetM or more (not a real projected coordinate) have no key. The arithmetic is
// the same as the SQL of store migration 6, which keys rows already stored: IEEE doubles,
// division, then truncation of a non-negative value.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

namespace vigil {

inline constexpr double kSpatialCellM = 256.0;
inline constexpr double kSpatialOffsetM = 100000000.0;
inline constexpr int kSpatialColumnBits = 20;

// Row (from y) or column (from x) of the cell holding coordinate `v` (metres); requires
// |v| < kSpatialOffsetM.
inline std::int64_t SpatialCellIndex(double v) {
  return static_cast<std::int64_t>((v + kSpatialOffsetM) / kSpatialCellM);
}

inline bool HasSpatialKey(double x, double y) {
  return std::abs(x) < kSpatialOffsetM && std::abs(y) < kSpatialOffsetM;
}

inline std::int64_t SpatialKey(std::int64_t row, std::int64_t column) {
  return (row << kSpatialColumnBits) | column;
}

// The key of a projected point, or nullopt when it has none.
inline std::optional<std::int64_t> SpatialKeyOf(double x, double y) {
  if (!HasSpatialKey(x, y)) return std::nullopt;
  return SpatialKey(SpatialCellIndex(y), SpatialCellIndex(x));
}

}  // namespace vigil
