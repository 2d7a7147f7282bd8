#include "roads/centerline_import.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <utility>

#include "geo/projection.h"
#include "ingest/vector_reader.h"

namespace vigil::roads {
namespace {

using Line = std::vector<std::pair<double, double>>;  // lon, lat

// Reads the lines of a 2D little-endian ISO WKB LINESTRING or MULTILINESTRING.
bool ParseLines(const std::vector<std::uint8_t>& wkb, std::vector<Line>* lines) {
  std::size_t pos = 0;
  auto u32 = [&](std::uint32_t* v) {
    if (pos + 4 > wkb.size()) return false;
    std::memcpy(v, wkb.data() + pos, 4);
    pos += 4;
    return true;
  };
  auto line = [&]() {
    std::uint32_t n = 0;
    if (!u32(&n) || n > (wkb.size() - pos) / 16) return false;
    Line out(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      std::memcpy(&out[i].first, wkb.data() + pos, 8);
      std::memcpy(&out[i].second, wkb.data() + pos + 8, 8);
      pos += 16;
    }
    lines->push_back(std::move(out));
    return true;
  };
  std::uint32_t type = 0;
  if (wkb.empty() || wkb[0] != 1) return false;
  pos = 1;
  if (!u32(&type)) return false;
  if (type == 2) return line();
  if (type != 5) return false;
  std::uint32_t parts = 0;
  if (!u32(&parts)) return false;
  for (std::uint32_t p = 0; p < parts; ++p) {
    std::uint32_t sub = 0;
    if (pos >= wkb.size() || wkb[pos] != 1) return false;
    ++pos;
    if (!u32(&sub) || sub != 2 || !line()) return false;
  }
  return true;
}

struct KeyHash {
  std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& k) const {
    return std::hash<std::int64_t>()(k.first * 1000003 ^ k.second);
  }
};

}  // namespace

Status CenterlineImportOptions::Validate() const {
  VIGIL_RETURN_IF_ERROR(profile.Validate());
  return build.Validate();
}

Result<RoadGraph> ImportCenterlines(const std::string& path, const CenterlineImportOptions& options,
                                    CenterlineImportStats* stats) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  CenterlineImportStats local;
  if (stats == nullptr) stats = &local;
  *stats = {};
  ingest::VectorReadOptions read{.source_crs = options.source_crs, .check_validity = false};
  auto layer = ingest::ReadVectorLayer(path, read);
  if (!layer.ok()) return layer.error();
  const auto class_field = layer->FieldIndex(options.profile.class_field);
  if (!class_field) {
    return MakeError(ErrorCode::kNotFound, "Centreline file " + path + " has no field " +
                                               options.profile.class_field + ".");
  }
  std::optional<std::size_t> name_field, oneway_field;
  if (!options.profile.name_field.empty())
    name_field = layer->FieldIndex(options.profile.name_field);
  if (!options.profile.oneway_field.empty()) {
    oneway_field = layer->FieldIndex(options.profile.oneway_field);
    if (!oneway_field) {
      return MakeError(ErrorCode::kNotFound, "Centreline file " + path + " has no field " +
                                                 options.profile.oneway_field + ".");
    }
  }
  // House-number range fields: a side is read only when the file has both of its fields.
  auto field_or_none = [&](const std::string& name) -> std::optional<std::size_t> {
    if (name.empty()) return std::nullopt;
    return layer->FieldIndex(name);
  };
  const std::optional<std::size_t> left_from = field_or_none(options.profile.left_from_field);
  const std::optional<std::size_t> left_to = field_or_none(options.profile.left_to_field);
  const std::optional<std::size_t> right_from = field_or_none(options.profile.right_from_field);
  const std::optional<std::size_t> right_to = field_or_none(options.profile.right_to_field);
  const bool read_left = left_from && left_to;
  const bool read_right = right_from && right_to;
  auto read_side = [&](const ingest::VectorFeature& f, std::size_t from_field, std::size_t to_field,
                       AddressSide* side) {
    const std::string from = ingest::AttributeText(f.values[from_field]);
    const std::string to = ingest::AttributeText(f.values[to_field]);
    if (from.empty() && to.empty()) return;
    if (ParseHouseNumber(from, &side->from) && ParseHouseNumber(to, &side->to)) {
      side->present = true;
    } else {
      ++stats->bad_house_numbers;
    }
  };
  double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
  for (const ingest::VectorFeature& f : layer->features) {
    if (f.wkb.empty()) continue;
    min_lon = std::min(min_lon, f.min_lon);
    max_lon = std::max(max_lon, f.max_lon);
    min_lat = std::min(min_lat, f.min_lat);
    max_lat = std::max(max_lat, f.max_lat);
  }
  if (min_lon > max_lon) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "Centreline file " + path + " has no geometry.");
  }
  const std::string crs = options.crs.empty()
                              ? geo::UtmCrsFor((min_lon + max_lon) / 2, (min_lat + max_lat) / 2)
                              : options.crs;
  auto projector = geo::Projector::Create("EPSG:4326", crs);
  if (!projector.ok()) return projector.error();
  RoadGraphBuilder builder(crs);
  std::unordered_map<std::pair<std::int64_t, std::int64_t>, NodeId, KeyHash> node_at;
  std::vector<Line> lines;
  for (const ingest::VectorFeature& f : layer->features) {
    ++stats->features;
    const std::string code = ingest::AttributeText(f.values[*class_field]);
    const CenterlineClassRule* rule = options.profile.Find(code);
    CenterlineClassRule fallback{.code = code, .speed_kmh = options.profile.default_speed_kmh};
    if (rule == nullptr) {
      if (options.profile.default_speed_kmh <= 0) {
        ++stats->skipped_class;
        continue;
      }
      rule = &fallback;
    }
    lines.clear();
    if (f.wkb.empty() || !f.geometry_problem.empty() || !ParseLines(f.wkb, &lines)) {
      ++stats->skipped_geometry;
      continue;
    }
    int direction = 0;
    if (oneway_field) {
      const std::string v = ingest::AttributeText(f.values[*oneway_field]);
      const auto& fw = options.profile.forward_values;
      const auto& bw = options.profile.backward_values;
      if (std::find(fw.begin(), fw.end(), v) != fw.end()) direction = 1;
      if (std::find(bw.begin(), bw.end(), v) != bw.end()) direction = -1;
    }
    const std::string name = name_field ? ingest::AttributeText(f.values[*name_field]) : "";
    const double mps = rule->speed_kmh / 3.6;
    AddressRange range{.source_id = f.index, .street = name};
    if (read_left) read_side(f, *left_from, *left_to, &range.left);
    if (read_right) read_side(f, *right_from, *right_to, &range.right);
    const bool keep_range = range.left.present || range.right.present;
    for (const Line& line : lines) {
      NodeId prev = kNoNode;
      for (const auto& [lon, lat] : line) {
        geo::XY xy;
        if (!projector->Transform(lon, lat, &xy)) {
          prev = kNoNode;
          continue;
        }
        if (keep_range) range.line.push_back({.x = xy.x, .y = xy.y, .lon = lon, .lat = lat});
        const std::pair<std::int64_t, std::int64_t> key{std::llround(xy.x * 100),
                                                        std::llround(xy.y * 100)};
        auto [it, inserted] = node_at.try_emplace(key, kNoNode);
        if (inserted) it->second = builder.AddNode({.x = xy.x, .y = xy.y, .lon = lon, .lat = lat});
        const NodeId cur = it->second;
        if (prev != kNoNode && prev != cur) {
          const RoadNode& a = builder.node(prev);
          const RoadNode& b = builder.node(cur);
          const double len = std::hypot(b.x - a.x, b.y - a.y);
          if (direction >= 0)
            builder.AddEdge(prev, cur, len, len / mps, rule->road_class, name, f.index);
          if (direction <= 0)
            builder.AddEdge(cur, prev, len, len / mps, rule->road_class, name, f.index);
        }
        prev = cur;
      }
    }
    if (keep_range && range.line.size() >= 2) {
      ++stats->address_ranges;
      builder.AddAddressRange(std::move(range));
    }
  }
  if (builder.node_count() == 0) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "Centreline file " + path + " has no line of a routable class.");
  }
  return builder.Build(options.build);
}

}  // namespace vigil::roads
