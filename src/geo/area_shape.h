// Grid cells inside reference areas (districts, neighbourhoods, priority or no-go zones): the
// cells whose centre lies inside the area's polygon. Areas are stored as ISO WKB in WGS84
// lon/lat (model/entities.h); cell centres are converted to lon/lat once.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "geo/grid.h"
#include "geo/projection.h"

namespace vigil::geo {

// Projected metres (x, y) to WGS84 degrees; false when the point cannot be converted.
using ToLonLat = std::function<bool(double x, double y, double* lon, double* lat)>;

// A ToLonLat through PROJ from `crs` (any CRS PROJ knows, e.g. "EPSG:32615") to EPSG:4326.
// The result uses one PROJ context: call it from one thread at a time.
Result<ToLonLat> LonLatFromCrs(const std::string& crs);

// Polygons with holes in lon/lat degrees: polygons[p][ring][vertex] = {lon, lat}; ring 0 is
// the shell, the others holes.
struct AreaShape {
  std::vector<std::vector<std::vector<XY>>> polygons;
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;  // bounding box
};

// Parses an ISO/OGC WKB Polygon or MultiPolygon (either byte order; Z and M ordinates are
// dropped). kInvalidArgument names the byte offset of a malformed record.
Result<AreaShape> ParseAreaWkb(std::span<const std::uint8_t> wkb);

// True when (lon, lat) is inside the shape (even-odd rule over the rings).
bool AreaContains(const AreaShape& shape, double lon, double lat);

// Cell centres of `grid` in lon/lat, two doubles per cell (NaN where conversion fails).
std::vector<double> CellCentresLonLat(const Grid& grid, const ToLonLat& to_lon_lat);

// Ids of the cells whose centre (from CellCentresLonLat) lies inside the shape, ascending.
std::vector<std::int64_t> CellsInArea(const AreaShape& shape, std::span<const double> centres);

// One entry per cell of `grid`: 1 when the cell's centre or one of its four corners lies inside
// any of `shapes`, else 0. This is the grid clipped to an outline such as the city boundary: a
// cell that the outline crosses is kept when any of those five points is inside (a sliver
// touching no corner and not the centre is left out). Points that cannot be converted to
// lon/lat are outside.
std::vector<std::uint8_t> MaskCellsTouching(const Grid& grid, std::span<const AreaShape> shapes,
                                            const ToLonLat& to_lon_lat);

}  // namespace vigil::geo
