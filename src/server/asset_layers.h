// The map layers of the force's own assets, as GeoJSON FeatureCollections (WGS84): stations,
// cameras (points, or their fields of view as sectors), and patrol units at their newest
// reported position. Read fresh from the store on every call (these tables are small and
// units move).
#pragma once

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "store/reference_store.h"

namespace vigil::server {

// Names of the layers below, as GET /api/v1/layers/{name} serves them.
inline constexpr const char* kStationsLayer = "stations";
inline constexpr const char* kCamerasLayer = "cameras";
inline constexpr const char* kCameraCoverageLayer = "camera-coverage";
inline constexpr const char* kUnitsLayer = "units";

// Points; id = source id; properties "name", "kind", "district".
Result<nlohmann::json> StationsGeoJson(ReferenceStore& refs);

// Points; id = source id; properties "heading_deg" (null = all round), "field_of_view_deg",
// "range_m", "purpose".
Result<nlohmann::json> CamerasGeoJson(ReferenceStore& refs);

// Each camera's field of view as a Polygon: the sector of radius range_m (metres on the
// ground) from heading - fov/2 to heading + fov/2 (degrees clockwise from north), a disc for
// 360 degrees; arcs drawn every 10 degrees or finer. Same id and properties as CamerasGeoJson.
Result<nlohmann::json> CameraCoverageGeoJson(ReferenceStore& refs);

// One feature per unit; id = source id; properties "call_sign", "kind", "station",
// "shift_hours", "status", "at" (ISO UTC or null), "reported_by" and "position": "reported"
// (the newest stored position), "station" (none reported yet: drawn at its station) or "none"
// (geometry null: no position and no known station).
Result<nlohmann::json> UnitsGeoJson(ReferenceStore& refs);

// A sector around (lon, lat) as a closed GeoJSON Polygon ring, by a local equirectangular
// approximation (error well under 1 m within a few hundred metres). `heading_deg` null = disc.
nlohmann::json SectorPolygon(double lon, double lat, double range_m,
                             std::optional<double> heading_deg, double field_of_view_deg);

}  // namespace vigil::server
