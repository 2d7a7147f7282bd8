#include "ingest/area_ingest.h"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "core/text.h"

namespace vigil::ingest {
namespace {

using Json = nlohmann::ordered_json;

Json ToJson(const AttributeValue& value, bool numbers_from_text) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* s = std::get_if<std::string>(&value)) {
    if (numbers_from_text) {
      long long integer = 0;
      double real = 0;
      if (ParseInt64(*s, &integer)) return integer;
      if (ParseDouble(*s, &real) && std::isfinite(real)) return real;
    }
    return *s;
  }
  return nullptr;
}

// Resolves the fields to copy: the named ones (all must exist) or every integer/real/text one.
Result<std::vector<std::size_t>> KeptFields(const VectorLayer& layer,
                                            const std::vector<std::string>& names,
                                            std::optional<std::size_t> skip) {
  std::vector<std::size_t> kept;
  if (names.empty()) {
    for (std::size_t i = 0; i < layer.fields.size(); ++i) {
      if (layer.fields[i].kind != FieldKind::kOther && skip != i) kept.push_back(i);
    }
    return kept;
  }
  std::string missing;
  for (const std::string& name : names) {
    auto index = layer.FieldIndex(name);
    if (!index) {
      missing += (missing.empty() ? "" : ", ") + name;
    } else {
      kept.push_back(*index);
    }
  }
  if (!missing.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + layer.path + "' has no field " + missing);
  }
  return kept;
}

Result<std::size_t> RequiredField(const VectorLayer& layer, const std::string& name,
                                  const char* role) {
  auto index = layer.FieldIndex(name);
  if (!index) {
    std::string known;
    for (const FieldInfo& f : layer.fields) known += (known.empty() ? "" : ", ") + f.name;
    return MakeError(
        ErrorCode::kInvalidArgument,
        "'" + layer.path + "' has no " + role + " field '" + name + "' (fields: " + known + ")");
  }
  return *index;
}

}  // namespace

Status AreaIngestOptions::Validate() const {
  if (kind.empty()) return MakeError(ErrorCode::kInvalidArgument, "area kind must be given");
  if (code_field.empty())
    return MakeError(ErrorCode::kInvalidArgument, "area code field must be given");
  if (batch_features <= 0)
    return MakeError(ErrorCode::kInvalidArgument, "batch_features must be positive");
  return read.Validate();
}

Status AttributeJoinOptions::Validate() const {
  if (kind.empty()) return MakeError(ErrorCode::kInvalidArgument, "area kind must be given");
  if (key_field.empty()) return MakeError(ErrorCode::kInvalidArgument, "key field must be given");
  return read.Validate();
}

Result<AreaIngestSummary> IngestAreas(ReferenceStore& store, const std::string& path,
                                      const AreaIngestOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  auto layer = ReadVectorLayer(path, options.read);
  if (!layer.ok()) return layer.error();
  auto code_index = RequiredField(*layer, options.code_field, "code");
  if (!code_index.ok()) return code_index.error();
  std::optional<std::size_t> name_index;
  if (!options.name_field.empty()) {
    auto found = RequiredField(*layer, options.name_field, "name");
    if (!found.ok()) return found.error();
    name_index = *found;
  }
  auto kept = KeptFields(*layer, options.keep_fields, std::nullopt);
  if (!kept.ok()) return kept.error();

  AreaIngestSummary summary;
  summary.file = path;
  summary.source_crs = layer->source_crs;
  std::vector<Area> batch;
  std::set<std::string> seen;
  auto reject = [&](const VectorFeature& f, const std::string& field, std::string reason) {
    ++summary.rejected;
    summary.rejects.push_back(RejectedRow{path, f.index, field, std::move(reason)});
  };
  for (VectorFeature& f : layer->features) {
    ++summary.features;
    const std::string code(Trim(AttributeText(f.values[*code_index])));
    if (code.empty()) {
      reject(f, options.code_field, "no area code");
      continue;
    }
    if (f.geometry_type.empty()) {
      reject(f, "geometry", "no geometry");
      continue;
    }
    if (f.geometry_type != "POLYGON" && f.geometry_type != "MULTIPOLYGON") {
      reject(f, "geometry", "geometry is " + f.geometry_type + ", not a polygon");
      continue;
    }
    if (!f.geometry_problem.empty()) {
      reject(f, "geometry", f.geometry_problem);
      continue;
    }
    if (!seen.insert(code).second) {
      reject(f, options.code_field, "duplicate area code '" + code + "' in this file");
      continue;
    }
    if (f.repaired) ++summary.repaired;
    Json attributes = Json::object();
    for (std::size_t i : *kept) attributes[layer->fields[i].name] = ToJson(f.values[i], false);
    Area area{.kind = options.kind,
              .code = code,
              .name = name_index ? std::string(Trim(AttributeText(f.values[*name_index]))) : code,
              .geometry_wkb = std::move(f.wkb),
              .min_lon = f.min_lon,
              .min_lat = f.min_lat,
              .max_lon = f.max_lon,
              .max_lat = f.max_lat,
              .attributes_json = attributes.dump()};
    batch.push_back(std::move(area));
    if (static_cast<std::int64_t>(batch.size()) >= options.batch_features) {
      VIGIL_RETURN_IF_ERROR(store.UpsertAreas(batch, &summary.counts));
      batch.clear();
    }
  }
  VIGIL_RETURN_IF_ERROR(store.UpsertAreas(batch, &summary.counts));
  return summary;
}

Result<AttributeJoinSummary> JoinAreaAttributes(ReferenceStore& store, const std::string& path,
                                                const AttributeJoinOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  auto table = ReadVectorLayer(path, options.read);
  if (!table.ok()) return table.error();
  auto key_index = RequiredField(*table, options.key_field, "key");
  if (!key_index.ok()) return key_index.error();
  auto kept = KeptFields(*table, options.keep_fields, *key_index);
  if (!kept.ok()) return kept.error();

  std::unordered_map<std::string, Area> areas;
  VIGIL_RETURN_IF_ERROR(
      store.ForEachArea(options.kind, [&](const Area& a) { areas.emplace(a.code, a); }));

  AttributeJoinSummary summary;
  summary.file = path;
  std::map<std::string, Area> changed;  // by code, written once at the end
  std::set<std::string> seen;
  for (const VectorFeature& row : table->features) {
    ++summary.rows;
    const std::string key(Trim(AttributeText(row.values[*key_index])));
    auto reject = [&](std::string reason) {
      ++summary.rejected;
      summary.rejects.push_back(RejectedRow{path, row.index, options.key_field, std::move(reason)});
    };
    if (key.empty()) {
      reject("no area code");
      continue;
    }
    auto area = areas.find(key);
    if (area == areas.end()) {
      reject("no " + options.kind + " area with code '" + key + "'");
      continue;
    }
    if (!seen.insert(key).second) {
      reject("duplicate area code '" + key + "' in this table");
      continue;
    }
    ++summary.matched;
    Json attributes = Json::parse(area->second.attributes_json, nullptr, false);
    if (!attributes.is_object()) attributes = Json::object();
    for (std::size_t i : *kept) {
      attributes[table->fields[i].name] = ToJson(row.values[i], options.numbers_from_text);
    }
    Area updated = area->second;
    updated.attributes_json = attributes.dump();
    changed.emplace(key, std::move(updated));
  }
  std::vector<Area> batch;
  batch.reserve(changed.size());
  for (auto& [code, area] : changed) batch.push_back(std::move(area));
  VIGIL_RETURN_IF_ERROR(store.UpsertAreas(batch, &summary.counts));
  return summary;
}

}  // namespace vigil::ingest
