#include "server/asset_layers.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "core/time.h"

namespace vigil::server {
namespace {

using nlohmann::json;

constexpr double kMetresPerDegreeLat = 111'320.0;

double Round6(double v) { return std::round(v * 1e6) / 1e6; }

json PointGeometry(double lon, double lat) {
  return {{"type", "Point"}, {"coordinates", {Round6(lon), Round6(lat)}}};
}

json Collection(const char* name, json features) {
  return {{"type", "FeatureCollection"}, {"name", name}, {"features", std::move(features)}};
}

json CameraProperties(const Camera& camera) {
  return {{"heading_deg", camera.heading_deg ? json(*camera.heading_deg) : json(nullptr)},
          {"field_of_view_deg", camera.field_of_view_deg},
          {"range_m", camera.range_m},
          {"purpose", camera.purpose}};
}

}  // namespace

json SectorPolygon(double lon, double lat, double range_m, std::optional<double> heading_deg,
                   double field_of_view_deg) {
  const bool disc = !heading_deg || field_of_view_deg >= 360;
  const double span = disc ? 360 : std::clamp(field_of_view_deg, 0.0, 360.0);
  const double start = disc ? 0 : *heading_deg - span / 2;
  const int steps = std::max(2, static_cast<int>(std::ceil(span / 10)));
  const double metres_per_degree_lon =
      kMetresPerDegreeLat * std::max(1e-6, std::cos(lat * std::numbers::pi / 180));
  json ring = json::array();
  if (!disc) ring.push_back({Round6(lon), Round6(lat)});
  for (int i = 0; i <= steps; ++i) {
    if (disc && i == steps) break;  // the ring is closed below
    const double bearing = (start + span * i / steps) * std::numbers::pi / 180;
    const double east = range_m * std::sin(bearing);
    const double north = range_m * std::cos(bearing);
    ring.push_back(
        {Round6(lon + east / metres_per_degree_lon), Round6(lat + north / kMetresPerDegreeLat)});
  }
  ring.push_back(ring.front());
  return {{"type", "Polygon"}, {"coordinates", json::array({std::move(ring)})}};
}

Result<json> StationsGeoJson(ReferenceStore& refs) {
  auto stations = refs.ListStations();
  if (!stations.ok()) return stations.error();
  json features = json::array();
  for (const Station& s : *stations) {
    features.push_back(
        {{"type", "Feature"},
         {"id", s.source_id},
         {"geometry", PointGeometry(s.location.lon, s.location.lat)},
         {"properties", {{"name", s.name}, {"kind", s.kind}, {"district", s.district}}}});
  }
  return Collection(kStationsLayer, std::move(features));
}

// Every camera as a feature named `layer`, its geometry from `geometry_of`.
template <class GeometryOf>
Result<json> CameraCollection(ReferenceStore& refs, const char* layer, GeometryOf geometry_of) {
  auto cameras = refs.ListCameras();
  if (!cameras.ok()) return cameras.error();
  json features = json::array();
  for (const Camera& c : *cameras) {
    features.push_back({{"type", "Feature"},
                        {"id", c.source_id},
                        {"geometry", geometry_of(c)},
                        {"properties", CameraProperties(c)}});
  }
  return Collection(layer, std::move(features));
}

Result<json> CamerasGeoJson(ReferenceStore& refs) {
  return CameraCollection(refs, kCamerasLayer, [](const Camera& c) {
    return PointGeometry(c.location.lon, c.location.lat);
  });
}

Result<json> CameraCoverageGeoJson(ReferenceStore& refs) {
  return CameraCollection(refs, kCameraCoverageLayer, [](const Camera& c) {
    return SectorPolygon(c.location.lon, c.location.lat, c.range_m, c.heading_deg,
                         c.field_of_view_deg);
  });
}

Result<json> UnitsGeoJson(ReferenceStore& refs) {
  auto units = refs.ListUnits();
  if (!units.ok()) return units.error();
  auto stations = refs.ListStations();
  if (!stations.ok()) return stations.error();
  auto latest = refs.LatestUnitPositions();
  if (!latest.ok()) return latest.error();
  std::map<std::string, const Station*> station_by_id;
  for (const Station& s : *stations) station_by_id[s.source_id] = &s;
  std::map<std::string, const UnitPosition*> position_by_unit;
  for (const UnitPosition& p : *latest) position_by_unit[p.unit_id] = &p;

  json features = json::array();
  for (const Unit& u : *units) {
    json properties = {{"call_sign", u.call_sign},
                       {"kind", u.kind},
                       {"station", u.station_id},
                       {"shift_hours", u.shift_hours},
                       {"status", ""},
                       {"at", nullptr},
                       {"reported_by", ""}};
    json geometry = nullptr;
    const auto reported = position_by_unit.find(u.source_id);
    const auto station = station_by_id.find(u.station_id);
    if (reported != position_by_unit.end()) {
      const UnitPosition& p = *reported->second;
      geometry = PointGeometry(p.lon, p.lat);
      properties["status"] = p.status;
      properties["at"] = FormatUtc(p.at);
      properties["reported_by"] = p.reported_by;
      properties["position"] = "reported";
    } else if (station != station_by_id.end()) {
      geometry = PointGeometry(station->second->location.lon, station->second->location.lat);
      properties["position"] = "station";
    } else {
      properties["position"] = "none";
    }
    features.push_back({{"type", "Feature"},
                        {"id", u.source_id},
                        {"geometry", std::move(geometry)},
                        {"properties", std::move(properties)}});
  }
  return Collection(kUnitsLayer, std::move(features));
}

}  // namespace vigil::server
