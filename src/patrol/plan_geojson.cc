#include "patrol/plan_geojson.h"

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "geo/projection.h"

namespace vigil::patrol {
namespace {

using nlohmann::json;

Result<json> LonLat(const ToLonLat& to_lon_lat, double x, double y) {
  double lon = 0;
  double lat = 0;
  if (!to_lon_lat(x, y, &lon, &lat)) {
    return MakeError(ErrorCode::kInvalidArgument, "patrol GeoJSON: point (" + std::to_string(x) +
                                                      ", " + std::to_string(y) +
                                                      ") cannot be converted to lon/lat");
  }
  return json::array({lon, lat});
}

}  // namespace

Result<std::string> PlanToGeoJson(const PatrolPlan& plan, const ToLonLat& to_lon_lat,
                                  const LegLonLat& legs) {
  json features = json::array();
  for (const Itinerary& it : plan.cars) {
    json line = json::array();
    auto station = LonLat(to_lon_lat, it.station_x, it.station_y);
    if (!station.ok()) return station.error();
    line.push_back(*station);
    Point at_point{it.station_x, it.station_y};
    auto add_leg = [&](const Point& to) {
      if (!legs) return;
      const std::vector<double> road = legs(at_point, to);
      for (std::size_t k = 0; k + 1 < road.size(); k += 2)
        line.push_back(json::array({road[k], road[k + 1]}));
    };
    for (std::size_t i = 0; i < it.stops.size(); ++i) {
      const Stop& stop = it.stops[i];
      auto at = LonLat(to_lon_lat, stop.x, stop.y);
      if (!at.ok()) return at.error();
      add_leg({stop.x, stop.y});
      at_point = {stop.x, stop.y};
      line.push_back(*at);
      features.push_back({{"type", "Feature"},
                          {"geometry", {{"type", "Point"}, {"coordinates", *at}}},
                          {"properties",
                           {{"kind", "stop"},
                            {"car", it.car},
                            {"order", i + 1},
                            {"cell", stop.cell},
                            {"arrive_s", stop.arrive_s},
                            {"depart_s", stop.depart_s},
                            {"risk", stop.risk},
                            {"score", stop.score}}}});
    }
    add_leg({it.station_x, it.station_y});
    line.push_back(*station);
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "LineString"}, {"coordinates", line}}},
                        {"properties",
                         {{"kind", "route"},
                          {"car", it.car},
                          {"station", it.station},
                          {"stops", it.stops.size()},
                          {"risk_covered", it.risk_covered},
                          {"return_s", it.return_s}}}});
  }
  const json doc = {{"type", "FeatureCollection"}, {"features", features}};
  return doc.dump();
}

Status WritePlanGeoJson(const PatrolPlan& plan, const ToLonLat& to_lon_lat, const std::string& path,
                        const LegLonLat& legs) {
  auto text = PlanToGeoJson(plan, to_lon_lat, legs);
  if (!text.ok()) return text.error();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << *text;
  out.close();
  if (!out) return MakeError(ErrorCode::kIo, "cannot write patrol GeoJSON " + path);
  return Status::Ok();
}

}  // namespace vigil::patrol
