// Source profiles: how the columns of one publisher's CSV map to Vigil records. A profile is a
// small JSON mapping file (docs/source-profiles.md), so a new city needs no code. The built-in
// profiles (SLMPD, Chicago, Houston, Montgomery County 911, Vigil's own sim files) are
// written in the same format.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/category.h"

namespace vigil::ingest {

enum class RecordKind { kIncident, kCall };

// One way to fill a field: the named columns' trimmed values joined by a space.
using ColumnChoice = std::vector<std::string>;

// A rule mapping a source value to an output word (a category name, a service name).
struct ValueRule {
  enum class Match { kEquals, kPrefix, kContains, kRange };
  Match match = Match::kEquals;
  std::string text;  // for equals / prefix / contains; compared case-insensitively
  double low = 0;    // for range: numeric value in [low, high]
  double high = 0;
  std::string value;  // output, e.g. "robbery"
};

struct ValueMap {
  std::string from_field;        // the Vigil field whose value is matched, e.g. "code"
  std::vector<ValueRule> rules;  // first match wins
  std::string fallback;          // output when no rule matches
};

struct Profile {
  std::string name;  // also the `source` of every record it loads
  std::string description;
  RecordKind kind = RecordKind::kIncident;
  char separator = ',';
  bool latin1_fallback = true;    // fields that are not valid UTF-8 are read as Latin-1
  std::string crs = "EPSG:4326";  // CRS of x/y (or lon/lat) columns
  std::string timezone = "UTC";   // zone of local date-time columns
  // Vigil field -> alternatives of column lists; the first alternative whose columns all
  // exist in the header is used. Fields: source_id, occurred, reported, code, description,
  // x, y, address, district, neighborhood, beat, count, call_type, priority, origin.
  std::map<std::string, std::vector<ColumnChoice>> fields;
  std::vector<std::string> required;  // fields whose columns must exist: else the file is refused
  std::map<std::string, std::vector<std::string>> date_formats;  // field -> formats to try
  std::vector<std::string> id_parts = {"source_id"};  // fields joined by '/' into the record id
  std::string cancel_value;        // value of the count field that marks a cancellation ("-1")
  bool zero_xy_is_missing = true;  // 0/0 coordinates mean "no location"
  bool reported_not_before_occurred = true;  // reported = max(reported, occurred)
  std::optional<ValueMap> category;
  std::optional<ValueMap> service;  // calls: police / ems / fire / traffic
  std::string origin = "record";    // default origin of incidents
  // Accepted WGS84 box [min_lon, min_lat, max_lon, max_lat]; points outside are rejected.
  std::optional<std::vector<double>> bounds;

  // Checks internal consistency (known fields, parseable rules); names the offending key.
  Status Validate() const;
};

// Parses a mapping file's JSON text. `origin` names the file in error messages.
Result<Profile> ParseProfile(const std::string& json_text, const std::string& origin);
Result<Profile> LoadProfileFile(const std::string& path);

// Built-in profiles by name; LookupProfile also accepts a path to a mapping file.
std::vector<std::string> BuiltinProfileNames();
Result<Profile> BuiltinProfile(const std::string& name);
Result<Profile> LookupProfile(const std::string& name_or_path);

// Applies a value map to a field value.
std::string ApplyValueMap(const ValueMap& map, std::string_view value);

}  // namespace vigil::ingest
