#include "server/geojson.h"

#include <zlib.h>

#include <cmath>
#include <cstring>

#include "core/time.h"

namespace vigil::server {
namespace {

using nlohmann::json;

// Bounds-checked reader of WKB; every read fails once the input is exhausted.
class WkbReader {
 public:
  explicit WkbReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  bool Byte(std::uint8_t* out) {
    if (pos_ + 1 > bytes_.size()) return false;
    *out = bytes_[pos_++];
    return true;
  }
  bool U32(bool little, std::uint32_t* out) {
    if (pos_ + 4 > bytes_.size()) return false;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const std::uint32_t b = bytes_[pos_ + (little ? i : 3 - i)];
      v |= b << (8 * i);
    }
    pos_ += 4;
    *out = v;
    return true;
  }
  bool F64(bool little, double* out) {
    if (pos_ + 8 > bytes_.size()) return false;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
      const std::uint64_t b = bytes_[pos_ + (little ? i : 7 - i)];
      v |= b << (8 * i);
    }
    pos_ += 8;
    std::memcpy(out, &v, sizeof v);
    return true;
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

bool ReadPoints(WkbReader& r, bool little, json* out) {
  std::uint32_t n = 0;
  if (!r.U32(little, &n) || n > r.remaining() / 16) return false;
  *out = json::array();
  for (std::uint32_t i = 0; i < n; ++i) {
    double x = 0;
    double y = 0;
    if (!r.F64(little, &x) || !r.F64(little, &y)) return false;
    out->push_back({x, y});
  }
  return true;
}

bool ReadRings(WkbReader& r, bool little, json* out) {
  std::uint32_t n = 0;
  if (!r.U32(little, &n) || n > r.remaining() / 4) return false;
  *out = json::array();
  for (std::uint32_t i = 0; i < n; ++i) {
    json ring;
    if (!ReadPoints(r, little, &ring)) return false;
    out->push_back(std::move(ring));
  }
  return true;
}

// One geometry; `depth` stops a multi-geometry from nesting more than once.
bool ReadGeometry(WkbReader& r, int depth, json* out) {
  std::uint8_t order = 0;
  std::uint32_t type = 0;
  if (!r.Byte(&order) || order > 1) return false;
  const bool little = order == 1;
  if (!r.U32(little, &type)) return false;
  json coordinates;
  switch (type) {
    case 1: {
      double x = 0;
      double y = 0;
      if (!r.F64(little, &x) || !r.F64(little, &y)) return false;
      *out = {{"type", "Point"}, {"coordinates", {x, y}}};
      return true;
    }
    case 2:
      if (!ReadPoints(r, little, &coordinates)) return false;
      *out = {{"type", "LineString"}, {"coordinates", std::move(coordinates)}};
      return true;
    case 3:
      if (!ReadRings(r, little, &coordinates)) return false;
      *out = {{"type", "Polygon"}, {"coordinates", std::move(coordinates)}};
      return true;
    case 6: {
      if (depth > 0) return false;
      std::uint32_t n = 0;
      if (!r.U32(little, &n) || n > r.remaining() / 9) return false;
      coordinates = json::array();
      for (std::uint32_t i = 0; i < n; ++i) {
        json polygon;
        if (!ReadGeometry(r, depth + 1, &polygon) || polygon["type"] != "Polygon") return false;
        coordinates.push_back(std::move(polygon["coordinates"]));
      }
      *out = {{"type", "MultiPolygon"}, {"coordinates", std::move(coordinates)}};
      return true;
    }
    default: return false;
  }
}

}  // namespace

json WkbToGeoJson(std::span<const std::uint8_t> wkb) {
  WkbReader reader(wkb);
  json geometry;
  if (!ReadGeometry(reader, 0, &geometry)) return nullptr;
  return geometry;
}

json AreaFeature(const Area& area, bool with_geometry) {
  json attributes = json::parse(area.attributes_json, nullptr, false);
  if (attributes.is_discarded()) attributes = json::object();
  return {{"type", "Feature"},
          {"id", area.kind + ":" + area.code},
          {"bbox", {area.min_lon, area.min_lat, area.max_lon, area.max_lat}},
          {"geometry", with_geometry ? WkbToGeoJson(area.geometry_wkb) : json(nullptr)},
          {"properties",
           {{"kind", area.kind},
            {"code", area.code},
            {"name", area.name},
            {"attributes", std::move(attributes)}}}};
}

json ForecastHeaderJson(std::int64_t id, const ForecastHeader& h) {
  return {{"id", id},
          {"model", h.model},
          {"category", h.category},
          {"slot_start", FormatUtc(h.slot_start)},
          {"slot_length_s", h.slot_length_s},
          {"created_at", FormatUtc(h.created_at)},
          {"grid",
           {{"origin_x", h.grid.origin_x},
            {"origin_y", h.grid.origin_y},
            {"cell_size_m", h.grid.cell_size},
            {"columns", h.grid.columns},
            {"rows", h.grid.rows}}}};
}

json ForecastGeoJson(std::int64_t id, const ForecastHeader& header,
                     std::span<const ForecastCell> cells, const geo::Projector& to_wgs84) {
  json features = json::array();
  const geo::Grid& grid = header.grid;
  const double half = grid.cell_size / 2;
  for (const ForecastCell& cell : cells) {
    if (grid.columns <= 0 || cell.cell < 0 || cell.cell >= grid.cell_count()) continue;
    const double cx = grid.CenterX(cell.cell);
    const double cy = grid.CenterY(cell.cell);
    const double corners[4][2] = {{cx - half, cy - half},
                                  {cx + half, cy - half},
                                  {cx + half, cy + half},
                                  {cx - half, cy + half}};
    json ring = json::array();
    bool ok = true;
    for (const auto& corner : corners) {
      geo::XY p;
      ok = ok && to_wgs84.Transform(corner[0], corner[1], &p);
      ring.push_back({std::round(p.x * 1e6) / 1e6, std::round(p.y * 1e6) / 1e6});
    }
    if (!ok) continue;
    ring.push_back(ring[0]);
    features.push_back(
        {{"type", "Feature"},
         {"id", cell.cell},
         {"geometry", {{"type", "Polygon"}, {"coordinates", {std::move(ring)}}}},
         {"properties",
          {{"cell", cell.cell}, {"expected", cell.expected}, {"grade", cell.grade}}}});
  }
  return {{"type", "FeatureCollection"},
          {"forecast", ForecastHeaderJson(id, header)},
          {"features", std::move(features)}};
}

std::string Gzip(std::string_view text) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return status == Z_STREAM_END ? out : std::string();
}

std::shared_ptr<const RenderedLayer> LayerCache::Find(std::int64_t forecast_id) const {
  MutexLock lock(&mutex_);
  auto it = bodies_.find(forecast_id);
  return it == bodies_.end() ? nullptr : it->second;
}

void LayerCache::Put(std::int64_t forecast_id, std::shared_ptr<const RenderedLayer> layer) {
  MutexLock lock(&mutex_);
  if (bodies_.size() >= capacity_) bodies_.clear();
  bodies_[forecast_id] = std::move(layer);
}

}  // namespace vigil::server
