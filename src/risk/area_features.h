// Features of the learned model from the store's areas (districts, neighbourhoods,
// municipalities): each grid cell reads the public statistics of the area, of each kind, whose
// polygon contains the cell centre, and the area's regional type (docs/typology.md) when one
// has been joined onto it. Population, households and land use tell a dense commercial core
// from a quiet residential edge; the learned model weighs them against the recent counts, and
// its reasons quote them ("the neighbourhood's population density is 12,400 per km²").
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "geo/area_shape.h"
#include "geo/grid.h"
#include "model/entities.h"
#include "risk/environment.h"

namespace vigil::risk {

struct AreaFeatureOptions {
  // Area kinds read; empty = every kind given except "boundary" (one area: no contrast).
  // Default empty.
  std::vector<std::string> kinds;
  // Numeric attributes kept per kind, those present in the most areas first (ties by name);
  // >= 0. Default 12.
  std::size_t max_attributes_per_kind = 12;
  // Text attributes read as the area's regional type, the first present wins. Default
  // {"type_name", "region_type", "type"}.
  std::vector<std::string> type_attributes = {"type_name", "region_type", "type"};
  // Distinct type values kept per kind (one indicator column each), the most common first;
  // >= 0. Default 12.
  std::size_t max_type_values = 12;

  Status Validate() const;
};

// Per-cell columns, NaN where no area of the kind contains the cell centre (the learned model
// treats NaN as missing):
//   "<kind>_<attribute>" for each numeric attribute (JSON numbers, or text that is a number);
//   "<kind>_population_per_km2" when the areas have "population" (their polygon's area on the
//   ground from lon/lat, by a local equirectangular approximation);
//   "<kind>_type_<value>" = 1 or 0 for each regional type value.
// Areas whose geometry is not a Polygon or MultiPolygon are skipped. `to_lon_lat` converts the
// grid's projected metres to WGS84. A cell inside several areas of a kind takes the first by
// code.
Result<EnvironmentColumns> BuildAreaColumns(const geo::Grid& grid, const geo::ToLonLat& to_lon_lat,
                                            std::span<const Area> areas,
                                            const AreaFeatureOptions& options);

// Ground area of a shape in square kilometres (shells minus holes), from lon/lat degrees.
double ShapeAreaKm2(const geo::AreaShape& shape);

// Appends `more` to the learned model's environment columns and reason templates.
void AddEnvironment(EnvironmentColumns more, FeatureOptions* features);

}  // namespace vigil::risk
