// GeoJSON rendering of what the store holds: area geometries (ISO WKB, WGS84) and forecast
// grids (cells in the city's projected metres, rendered as WGS84 squares).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/mutex.h"
#include "geo/projection.h"
#include "model/entities.h"
#include "store/forecast_store.h"

namespace vigil::server {

// A GeoJSON geometry from ISO WKB (Point, LineString, Polygon, MultiPolygon; 2D, either byte
// order). null when the bytes are empty, malformed or another type.
nlohmann::json WkbToGeoJson(std::span<const std::uint8_t> wkb);

// A Feature for an area: id "kind:code", properties kind, code, name, bbox and attributes.
nlohmann::json AreaFeature(const Area& area, bool with_geometry);

// A FeatureCollection with one Polygon per cell of `cells` (grade and expected count as
// properties) and the forecast's header as "forecast". Coordinates are rounded to 1e-6
// degrees (about 0.1 m). `to_wgs84` maps the grid's projected
// metres to lon/lat.
nlohmann::json ForecastGeoJson(std::int64_t id, const ForecastHeader& header,
                               std::span<const ForecastCell> cells, const geo::Projector& to_wgs84);
// The header alone, for lists.
nlohmann::json ForecastHeaderJson(std::int64_t id, const ForecastHeader& header);

// A rendered layer: the GeoJSON text and its gzip compression.
struct RenderedLayer {
  std::string json;
  std::string gzip;  // empty when compression failed
};

// `text` compressed as a gzip member (RFC 1952); "" on failure.
std::string Gzip(std::string_view text);

// Rendered forecast layers by forecast id. Stored forecasts never change, so a rendering
// stays valid; the cache holds at most `capacity` and is emptied when full. Thread-safe.
class LayerCache {
 public:
  explicit LayerCache(std::size_t capacity = 32) : capacity_(capacity) {}
  std::shared_ptr<const RenderedLayer> Find(std::int64_t forecast_id) const VIGIL_EXCLUDES(mutex_);
  void Put(std::int64_t forecast_id, std::shared_ptr<const RenderedLayer> layer)
      VIGIL_EXCLUDES(mutex_);

 private:
  std::size_t capacity_;
  mutable Mutex mutex_;
  std::unordered_map<std::int64_t, std::shared_ptr<const RenderedLayer>> bodies_
      VIGIL_GUARDED_BY(mutex_);
};

}  // namespace vigil::server
