#include "ingest/profile.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/text.h"

namespace vigil::ingest {
namespace {

using nlohmann::json;

const std::set<std::string>& KnownFields() {
  static const std::set<std::string> kFields = {
      "source_id", "occurred", "reported",  "code",     "description",
      "x",         "y",        "address",   "district", "neighborhood",
      "beat",      "count",    "call_type", "priority", "origin"};
  return kFields;
}

Error Bad(const std::string& origin, const std::string& what) {
  return MakeError(ErrorCode::kInvalidArgument, "profile '" + origin + "': " + what);
}

Result<ValueMap> ParseValueMap(const json& j, const std::string& origin, const std::string& key) {
  ValueMap map;
  if (!j.is_object()) return Bad(origin, "'" + key + "' must be an object");
  map.from_field = j.value("from", "");
  map.fallback = j.value("default", "");
  if (!j.contains("rules") || !j["rules"].is_array()) {
    return Bad(origin, "'" + key + ".rules' must be an array");
  }
  int index = 0;
  for (const json& r : j["rules"]) {
    const std::string where = key + ".rules[" + std::to_string(index++) + "]";
    if (!r.is_object() || !r.contains("value") || !r["value"].is_string()) {
      return Bad(origin, "'" + where + "' needs a string 'value'");
    }
    ValueRule rule;
    rule.value = r["value"].get<std::string>();
    if (r.contains("equals")) {
      rule.match = ValueRule::Match::kEquals;
      rule.text = r["equals"].get<std::string>();
    } else if (r.contains("prefix")) {
      rule.match = ValueRule::Match::kPrefix;
      rule.text = r["prefix"].get<std::string>();
    } else if (r.contains("contains")) {
      rule.match = ValueRule::Match::kContains;
      rule.text = r["contains"].get<std::string>();
    } else if (r.contains("range") && r["range"].is_array() && r["range"].size() == 2) {
      rule.match = ValueRule::Match::kRange;
      rule.low = r["range"][0].get<double>();
      rule.high = r["range"][1].get<double>();
    } else {
      return Bad(origin, "'" + where + "' needs one of equals, prefix, contains or range [lo, hi]");
    }
    rule.text = ToLower(rule.text);
    map.rules.push_back(std::move(rule));
  }
  return map;
}

}  // namespace

Status Profile::Validate() const {
  if (name.empty()) return Bad("?", "'name' is empty");
  for (const auto& [field, choices] : fields) {
    if (!KnownFields().contains(field)) return Bad(name, "unknown field '" + field + "'");
    if (choices.empty()) return Bad(name, "field '" + field + "' lists no columns");
  }
  for (const std::string& field : required) {
    if (!fields.contains(field)) return Bad(name, "required field '" + field + "' has no columns");
  }
  const char* time_field = kind == RecordKind::kIncident ? "occurred" : "reported";
  if (!fields.contains(time_field))
    return Bad(name, std::string("needs a '") + time_field + "' field");
  for (const auto& [field, formats] : date_formats) {
    if (field != "occurred" && field != "reported") {
      return Bad(name, "date_formats names '" + field + "', which is not a time field");
    }
    if (formats.empty()) return Bad(name, "date_formats for '" + field + "' is empty");
  }
  if (category) {
    for (const ValueRule& rule : category->rules) {
      if (!ParseCategory(rule.value)) {
        return Bad(name, "category rule gives '" + rule.value + "', which is not a category");
      }
    }
    if (!category->fallback.empty() && !ParseCategory(category->fallback)) {
      return Bad(name, "category default '" + category->fallback + "' is not a category");
    }
  }
  if (bounds && bounds->size() != 4)
    return Bad(name, "'bounds' needs [min_lon, min_lat, max_lon, max_lat]");
  return Status::Ok();
}

Result<Profile> ParseProfile(const std::string& json_text, const std::string& origin) {
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1e999
    return Bad(origin, std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) return Bad(origin, "top level must be an object");
  Profile p;
  try {
    p.name = j.value("name", "");
    p.description = j.value("description", "");
    const std::string kind = j.value("record", "incident");
    if (kind == "incident") {
      p.kind = RecordKind::kIncident;
    } else if (kind == "call") {
      p.kind = RecordKind::kCall;
    } else {
      return Bad(origin, "'record' must be 'incident' or 'call', not '" + kind + "'");
    }
    const std::string separator = j.value("separator", ",");
    if (separator.size() != 1) return Bad(origin, "'separator' must be one character");
    p.separator = separator[0];
    const std::string encoding = j.value("encoding", "utf8");
    if (encoding != "utf8" && encoding != "latin1") {
      return Bad(origin, "'encoding' must be 'utf8' or 'latin1'");
    }
    p.latin1_fallback = true;  // both read Latin-1 bytes that are not UTF-8; never lose a row
    p.crs = j.value("crs", "EPSG:4326");
    p.timezone = j.value("timezone", "UTC");
    if (j.contains("fields")) {
      for (const auto& [field, value] : j["fields"].items()) {
        std::vector<ColumnChoice> choices;
        auto add_choice = [&](const json& v) -> bool {
          if (v.is_string()) {
            choices.push_back({v.get<std::string>()});
            return true;
          }
          if (v.is_array()) {
            ColumnChoice choice;
            for (const json& c : v) {
              if (!c.is_string()) return false;
              choice.push_back(c.get<std::string>());
            }
            choices.push_back(std::move(choice));
            return true;
          }
          return false;
        };
        bool ok = true;
        if (value.is_array()) {
          for (const json& v : value) ok = ok && add_choice(v);
        } else {
          ok = add_choice(value);
        }
        if (!ok) return Bad(origin, "field '" + field + "' must list column names");
        p.fields[field] = std::move(choices);
      }
    }
    p.required = j.value("required", std::vector<std::string>{});
    if (j.contains("date_formats")) {
      for (const auto& [field, formats] : j["date_formats"].items()) {
        p.date_formats[field] = formats.is_string()
                                    ? std::vector<std::string>{formats.get<std::string>()}
                                    : formats.get<std::vector<std::string>>();
      }
    }
    p.id_parts = j.value("id_parts", std::vector<std::string>{"source_id"});
    p.cancel_value = j.value("cancel_value", "");
    p.zero_xy_is_missing = j.value("zero_xy_is_missing", true);
    p.reported_not_before_occurred = j.value("reported_not_before_occurred", true);
    p.origin = j.value("origin", "record");
    if (j.contains("category")) {
      auto map = ParseValueMap(j["category"], origin, "category");
      if (!map.ok()) return map.error();
      p.category = std::move(*map);
    }
    if (j.contains("service")) {
      auto map = ParseValueMap(j["service"], origin, "service");
      if (!map.ok()) return map.error();
      p.service = std::move(*map);
    }
    if (j.contains("bounds")) p.bounds = j["bounds"].get<std::vector<double>>();
  } catch (const json::exception& e) {
    return Bad(origin, std::string("wrong value type: ") + e.what());
  }
  if (p.name.empty()) return Bad(origin, "'name' is missing");
  VIGIL_RETURN_IF_ERROR(p.Validate());
  return p;
}

Result<Profile> LoadProfileFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorCode::kNotFound, "cannot open profile file '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  return ParseProfile(text.str(), path);
}

Result<Profile> LookupProfile(const std::string& name_or_path) {
  auto builtin = BuiltinProfile(name_or_path);
  if (builtin.ok()) return builtin;
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".json")) {
    return LoadProfileFile(name_or_path);
  }
  std::string names;
  for (const std::string& n : BuiltinProfileNames()) names += (names.empty() ? "" : ", ") + n;
  return MakeError(ErrorCode::kNotFound, "no profile named '" + name_or_path + "' (built in: " +
                                             names + "; or give a mapping file path)");
}

std::string ApplyValueMap(const ValueMap& map, std::string_view value) {
  const std::string lower = ToLower(Trim(value));
  double number = 0;
  const bool numeric = ParseDouble(value, &number);
  for (const ValueRule& rule : map.rules) {
    switch (rule.match) {
      case ValueRule::Match::kEquals:
        if (lower == rule.text) return rule.value;
        break;
      case ValueRule::Match::kPrefix:
        if (lower.starts_with(rule.text)) return rule.value;
        break;
      case ValueRule::Match::kContains:
        if (lower.find(rule.text) != std::string::npos) return rule.value;
        break;
      case ValueRule::Match::kRange:
        if (numeric && number >= rule.low && number <= rule.high) return rule.value;
        break;
    }
  }
  return map.fallback;
}

}  // namespace vigil::ingest
