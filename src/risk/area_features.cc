#include "risk/area_features.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <optional>

namespace vigil::risk {
namespace {

using nlohmann::json;

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
constexpr double kMetresPerDegree = 111'320.0;

// Keys that identify an area rather than describe it.
bool IsIdentity(const std::string& key) {
  return key == "code" || key == "name" || key == "kind" || key == "id" || key == "fid" ||
         key == "type_id";
}

// A JSON number, or text that is wholly a finite number.
std::optional<double> NumberOf(const json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  double out = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(out)) {
    return std::nullopt;
  }
  return out;
}

// Type values as text: "3" for a number 3, the text itself otherwise.
std::optional<std::string> TypeValueOf(const json& value) {
  if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
    return value.get<std::string>();
  }
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  return std::nullopt;
}

// "land_residential" -> "land residential".
std::string Words(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

// Column-name-safe form of a type value: letters and digits kept (lower case), others '_'.
std::string Slug(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    out += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '_';
  }
  return out;
}

// The areas of one kind with a usable polygon, by code.
struct KindAreas {
  std::vector<const Area*> areas;
  std::vector<geo::AreaShape> shapes;
  std::vector<json> attributes;
};

// Keeps the `limit` keys counted most often (ties by name).
std::vector<std::string> MostCommon(const std::map<std::string, int>& counts, std::size_t limit) {
  std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < sorted.size() && i < limit; ++i) out.push_back(sorted[i].first);
  return out;
}

void AddKindColumns(const std::string& kind, const KindAreas& k, std::span<const int> owner,
                    const AreaFeatureOptions& options, EnvironmentColumns* env) {
  const std::string the = "the " + kind;
  auto column_of = [&](const std::vector<double>& per_area) {
    std::vector<float> column(owner.size(), kMissing);
    for (std::size_t c = 0; c < owner.size(); ++c) {
      if (owner[c] >= 0)
        column[c] = static_cast<float>(per_area[static_cast<std::size_t>(owner[c])]);
    }
    return column;
  };

  // Numeric attributes, the most widely present first. An attribute that repeats each
  // area's code (the file's code field, e.g. NHD_NUM) is an identifier, not a statistic.
  std::map<std::string, int> presence;
  std::map<std::string, bool> repeats_code;
  for (std::size_t i = 0; i < k.areas.size(); ++i) {
    const std::optional<double> code = NumberOf(json(k.areas[i]->code));
    for (const auto& [key, value] : k.attributes[i].items()) {
      const bool is_type = std::find(options.type_attributes.begin(), options.type_attributes.end(),
                                     key) != options.type_attributes.end();
      const std::optional<double> number = NumberOf(value);
      if (IsIdentity(key) || is_type || !number) continue;
      ++presence[key];
      const bool same = code && *code == *number;
      repeats_code[key] = repeats_code.contains(key) ? repeats_code[key] && same : same;
    }
  }
  for (const auto& [key, same] : repeats_code) {
    if (same) presence.erase(key);
  }
  for (const std::string& key : MostCommon(presence, options.max_attributes_per_kind)) {
    std::vector<double> per_area(k.areas.size(), std::nan(""));
    for (std::size_t i = 0; i < k.areas.size(); ++i) {
      if (const auto it = k.attributes[i].find(key); it != k.attributes[i].end()) {
        per_area[i] = NumberOf(*it).value_or(std::nan(""));
      }
    }
    const std::string name = kind + "_" + key;
    env->columns.emplace_back(name, column_of(per_area));
    const bool land_share = key.rfind("land_", 0) == 0 && key.size() > 5;
    const std::string text = key == "population"   ? the + " has {v} residents"
                             : key == "households" ? the + " has {v} households"
                             : land_share
                                 ? the + "'s " + Words(key.substr(5)) + " land share is {v}"
                                 : the + "'s " + Words(key) + " is {v}";
    env->reason_templates.emplace_back(name, text);
    if (key == "population") {
      std::vector<double> density(k.areas.size(), std::nan(""));
      for (std::size_t i = 0; i < k.areas.size(); ++i) {
        const double km2 = ShapeAreaKm2(k.shapes[i]);
        if (km2 > 1e-6 && std::isfinite(per_area[i])) density[i] = per_area[i] / km2;
      }
      const std::string density_name = kind + "_population_per_km2";
      env->columns.emplace_back(density_name, column_of(density));
      env->reason_templates.emplace_back(density_name, the + " has {v} residents per km²");
    }
  }

  // The regional type: one indicator per value.
  std::vector<std::optional<std::string>> types(k.areas.size());
  std::map<std::string, int> type_counts;
  for (const std::string& attribute : options.type_attributes) {
    for (std::size_t i = 0; i < k.areas.size(); ++i) {
      if (const auto it = k.attributes[i].find(attribute); it != k.attributes[i].end()) {
        types[i] = TypeValueOf(*it);
      }
    }
    if (std::any_of(types.begin(), types.end(), [](const auto& t) { return t.has_value(); })) break;
  }
  for (const auto& t : types) {
    if (t) ++type_counts[*t];
  }
  for (const std::string& value : MostCommon(type_counts, options.max_type_values)) {
    std::vector<double> per_area(k.areas.size(), std::nan(""));
    for (std::size_t i = 0; i < k.areas.size(); ++i) {
      if (types[i]) per_area[i] = *types[i] == value ? 1.0 : 0.0;
    }
    const std::string name = kind + "_type_" + Slug(value);
    env->columns.emplace_back(name, column_of(per_area));
    env->reason_templates.emplace_back(name, the + " is {not}of the type '" + value + "'");
  }
}

}  // namespace

Status AreaFeatureOptions::Validate() const { return Status::Ok(); }

double ShapeAreaKm2(const geo::AreaShape& shape) {
  const double lat0 = (shape.min_lat + shape.max_lat) / 2;
  const double sx = kMetresPerDegree * std::cos(lat0 * std::numbers::pi / 180);
  const double sy = kMetresPerDegree;
  double total_m2 = 0;
  for (const auto& polygon : shape.polygons) {
    for (std::size_t r = 0; r < polygon.size(); ++r) {
      const auto& ring = polygon[r];
      double twice = 0;
      for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        twice += (ring[j].x * sx) * (ring[i].y * sy) - (ring[i].x * sx) * (ring[j].y * sy);
      }
      total_m2 += (r == 0 ? 1 : -1) * std::abs(twice) / 2;
    }
  }
  return std::max(0.0, total_m2) / 1e6;
}

Result<EnvironmentColumns> BuildAreaColumns(const geo::Grid& grid, const geo::ToLonLat& to_lon_lat,
                                            std::span<const Area> areas,
                                            const AreaFeatureOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  std::map<std::string, std::vector<const Area*>> by_kind;
  for (const Area& a : areas) {
    const bool wanted =
        options.kinds.empty()
            ? a.kind != "boundary"
            : std::find(options.kinds.begin(), options.kinds.end(), a.kind) != options.kinds.end();
    if (wanted) by_kind[a.kind].push_back(&a);
  }
  EnvironmentColumns env;
  if (by_kind.empty()) return env;
  const std::vector<double> centres = geo::CellCentresLonLat(grid, to_lon_lat);
  const auto cells = static_cast<std::size_t>(grid.cell_count());
  for (auto& [kind, list] : by_kind) {
    std::sort(list.begin(), list.end(),
              [](const Area* a, const Area* b) { return a->code < b->code; });
    KindAreas k;
    for (const Area* a : list) {
      auto shape = geo::ParseAreaWkb(a->geometry_wkb);
      if (!shape.ok()) continue;  // points and lines describe no cells
      json attributes = json::parse(a->attributes_json, nullptr, false);
      k.areas.push_back(a);
      k.shapes.push_back(std::move(*shape));
      k.attributes.push_back(attributes.is_object() ? std::move(attributes) : json::object());
    }
    if (k.areas.empty()) continue;
    std::vector<int> owner(cells, -1);
    for (std::size_t i = 0; i < k.areas.size(); ++i) {
      for (const std::int64_t cell : geo::CellsInArea(k.shapes[i], centres)) {
        int& o = owner[static_cast<std::size_t>(cell)];
        if (o < 0) o = static_cast<int>(i);
      }
    }
    AddKindColumns(kind, k, owner, options, &env);
  }
  return env;
}

void AddEnvironment(EnvironmentColumns more, FeatureOptions* features) {
  for (auto& c : more.columns) features->environment.push_back(std::move(c));
  for (auto& t : more.reason_templates) features->reason_templates.push_back(std::move(t));
}

}  // namespace vigil::risk
