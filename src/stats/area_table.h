// A table of areas (municipalities, districts, neighbourhoods) by named numeric features, read
// from the attribute table of any vector or table file GDAL/OGR opens (GeoJSON, shapefile/DBF,
// GeoPackage, CSV), plus derived ratio features (density, stores per 1,000 people...).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::stats {

struct AreaTable {
  std::vector<std::string> codes;     // one per area, unique
  std::vector<std::string> names;     // one per area ("" when the file has no name field)
  std::vector<std::string> features;  // column names
  std::vector<double> values;         // codes.size() x features.size(), row-major; NaN = missing

  std::size_t rows() const { return codes.size(); }
  std::size_t cols() const { return features.size(); }
  double At(std::size_t r, std::size_t c) const { return values[r * features.size() + c]; }
  // Index of a feature by exact name; nullopt when absent.
  std::optional<std::size_t> FeatureIndex(std::string_view name) const;
  // Adds a column (one value per row). Fails when the name exists or the length differs.
  Status AddFeature(std::string name, const std::vector<double>& column);
  // A copy with only the named columns, in the given order. kNotFound names a missing one.
  Result<AreaTable> Select(const std::vector<std::string>& wanted) const;
  // Appends one row; `row` has one value per feature.
  Status AddRow(std::string code, std::string name, const std::vector<double>& row);
};

struct AreaTableReadOptions {
  std::string code_field;                   // attribute holding the area code; required
  std::string name_field;                   // attribute holding the area name; "" = none
  std::vector<std::string> numeric_fields;  // fields to read; empty = every field that is
                                            // numeric (integer/real, or text where every
                                            // non-empty value parses as a number), except the
                                            // code and name fields
  std::string layer;                        // layer name; "" = the first layer
  std::string encoding;                     // encoding of shapefile/DBF text without a .cpg
                                            // ("CP949"); "" = GDAL's detection. Text that is
                                            // not valid UTF-8 after that is read as Latin-1.

  Status Validate() const;
};

// Reads the attribute table (geometry is ignored). Text values of the numeric fields are
// parsed as decimals; empty and null values become NaN. Fails with kNotFound (file, layer or
// field absent), kUnsupported (GDAL cannot open it), kInvalidArgument (a requested field has a
// non-numeric value, a code is empty or repeated), naming the file, field and row.
Result<AreaTable> ReadAreaTable(const std::string& path, const AreaTableReadOptions& options);

// A derived feature: scale * sum(numerator) / sum(denominator) (denominator empty = 1).
// Field names ending in '*' match every feature with that prefix ("store_cnt_*").
struct RatioFeature {
  std::string name;                      // new column name
  std::vector<std::string> numerator;    // summed fields
  std::vector<std::string> denominator;  // summed fields; empty = no division
  double scale = 1;                      // multiplier (1000 for "per 1,000 people")
  bool zero_is_missing = false;          // a numerator sum of exactly 0 means "not recorded"
                                         // (a gap in the source), giving NaN
};

// Parses "name=a+b/c+d*1000" (numerator fields, optional '/' denominator fields, optional
// '*' scale) into a RatioFeature. kInvalidArgument on a malformed spec.
Result<RatioFeature> ParseRatioFeature(std::string_view spec);

// Adds each derived column to `table`. A row whose denominator is 0 or NaN gets NaN, and so
// does a zero numerator when `zero_is_missing`.
// kNotFound when a field (or a prefix pattern) matches nothing.
Status DeriveFeatures(AreaTable& table, const std::vector<RatioFeature>& features);

// The derived features used for the Korean bitSpatial si/gun/gu and eup/myeon/dong files
// (docs/typology.md): density (people per km2), household_size (people per household),
// mean_age (copy of age_mean, years), stores_per_1k (stores in the 10 sectors per 1,000
// people), food_lodging_share (food + lodging stores / all stores), clinics_per_1k (medical
// institutions per 1,000 people), schools_per_1k (primary + middle + high schools per 1,000
// people), sex_ratio (copy of male_per_female). The store features treat an area with no
// store at all as not recorded (NaN): in the 2024-06 file 43745 Jeungpyeong-gun has 0 in all
// 10 sectors, a gap in the source.
std::vector<RatioFeature> BitSpatialFeatures();

}  // namespace vigil::stats
