// GeoJSON (RFC 7946, WGS84 lon/lat) of a patrol plan: per car one LineString feature
// (station -> stops -> station) and one Point feature per stop.
#pragma once

#include <functional>
#include <string>

#include "core/result.h"
#include "patrol/planner.h"

namespace vigil::patrol {

// Converts projected x/y (metres) to lon/lat degrees; false when the point cannot be converted.
using ToLonLat = std::function<bool(double x, double y, double* lon, double* lat)>;

// A ToLonLat through PROJ from `crs` (any CRS PROJ knows, e.g. "EPSG:32615") to EPSG:4326.
Result<ToLonLat> LonLatFromCrs(const std::string& crs);

// The plan as a GeoJSON FeatureCollection. Route properties: kind "route", car, station,
// stops, risk_covered, return_s. Stop properties: kind "stop", car, order (1-based), cell,
// arrive_s, depart_s, risk, score. Fails with kInvalidArgument when a point cannot be converted.
Result<std::string> PlanToGeoJson(const PatrolPlan& plan, const ToLonLat& to_lon_lat);

// Writes PlanToGeoJson to `path` (kIo when the file cannot be written).
Status WritePlanGeoJson(const PatrolPlan& plan, const ToLonLat& to_lon_lat,
                        const std::string& path);

}  // namespace vigil::patrol
