// GeoJSON (RFC 7946, WGS84 lon/lat) of a patrol plan: per car one LineString feature
// (station -> stops -> station) and one Point feature per stop.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "geo/area_shape.h"
#include "patrol/planner.h"

namespace vigil::patrol {

// Converts projected x/y (metres) to lon/lat degrees; false when the point cannot be converted.
using ToLonLat = geo::ToLonLat;

// A ToLonLat through PROJ from `crs` (geo/area_shape.h).
using geo::LonLatFromCrs;

// Road geometry of one leg between two plan points (projected metres): lon, lat, lon, lat, ...
// (WGS84); empty = draw the leg as a straight line. See RoadLegs (road_travel.h).
using LegLonLat = std::function<std::vector<double>(const Point& from, const Point& to)>;

// The plan as a GeoJSON FeatureCollection. Route properties: kind "route", car, station,
// stops, risk_covered, return_s. Stop properties: kind "stop", car, order (1-based), cell,
// arrive_s, depart_s, risk, score. A route follows `legs` where given (station and stops are
// joined to the road polyline), straight lines otherwise. Fails with kInvalidArgument when a
// point cannot be converted.
Result<std::string> PlanToGeoJson(const PatrolPlan& plan, const ToLonLat& to_lon_lat,
                                  const LegLonLat& legs = {});

// Writes PlanToGeoJson to `path` (kIo when the file cannot be written).
Status WritePlanGeoJson(const PatrolPlan& plan, const ToLonLat& to_lon_lat, const std::string& path,
                        const LegLonLat& legs = {});

}  // namespace vigil::patrol
