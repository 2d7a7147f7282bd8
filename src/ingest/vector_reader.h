// Reads one vector layer through GDAL/OGR: GeoJSON, TopoJSON, ESRI shapefile, GeoPackage,
// and tables without geometry (CSV, XLSX) for attribute joins. Geometries come out in WGS84
// longitude/latitude (x = lon, y = lat), reprojected with OGR/PROJ from the file's CRS, as 2D
// ISO WKB. Attribute text comes out as UTF-8 (shapefiles are recoded from their .cpg or the
// `encoding` option). Per-feature problems are reported on the feature, never as a failure:
// the caller decides what to reject. Thread-safe: each call opens its own dataset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace vigil::ingest {

// An attribute value: null, integer, real or text (UTF-8). Dates and lists come as text.
using AttributeValue = std::variant<std::monostate, std::int64_t, double, std::string>;

enum class FieldKind : std::uint8_t { kInteger, kReal, kText, kOther };

struct FieldInfo {
  std::string name;
  FieldKind kind = FieldKind::kText;
};

struct VectorFeature {
  std::int64_t index = 0;         // 1-based position of the feature in the layer
  std::vector<std::uint8_t> wkb;  // WGS84 lon/lat, 2D ISO WKB, little-endian; empty = none
  std::string geometry_type;      // OGR name ("POLYGON", "MULTIPOLYGON", ...); "" = none
  std::string geometry_problem;   // why the geometry is unusable ("" = none): invalid,
                                  // reprojection failed, outside lon/lat range
  double min_lon = 0;             // bounding box of the geometry in degrees (when wkb is set)
  double min_lat = 0;
  double max_lon = 0;
  double max_lat = 0;
  bool repaired = false;               // the geometry was invalid and was repaired
  std::vector<AttributeValue> values;  // one per VectorLayer::fields, same order
};

struct VectorLayer {
  std::string path;
  std::string driver;  // GDAL driver short name: "GeoJSON", "TopoJSON", "ESRI Shapefile"...
  std::string layer_name;
  std::string source_crs;  // "AUTHORITY:CODE" or name of the CRS the coordinates were read in;
                           // "" for tables without geometry
  std::vector<FieldInfo> fields;
  std::vector<VectorFeature> features;

  // Index of a field by name (exact first, then case-insensitive); nullopt when absent.
  std::optional<std::size_t> FieldIndex(std::string_view name) const;
};

struct VectorReadOptions {
  std::string layer;       // layer name to read; "" = the first layer
  std::string source_crs;  // CRS of the file's coordinates ("EPSG:32615", "ESRI:102696", PROJ
                           // string or WKT); "" = what the file declares, WGS84 when it declares
                           // none. When set it overrides the file's own declaration.
  std::string encoding;    // character encoding of shapefile attributes when the file has no
                           // .cpg ("CP949", "ISO-8859-1"); "" = GDAL's detection
  bool check_validity = true;   // report OGC-invalid geometries (self-intersections...) as problems
  bool repair_invalid = false;  // instead, replace an invalid polygon by the polygonal part of
                                // OGR MakeValid (GEOS) and mark the feature `repaired`

  Status Validate() const;
};

// Reads every feature of one layer. Fails, naming the path, with kNotFound when the file does
// not exist, kUnsupported when GDAL cannot open it as a vector file, kNotFound when the layer
// is absent, kInvalidArgument when the CRS cannot be understood or when coordinates declared
// (or defaulted) as degrees are plainly not degrees (a projected file with no CRS: pass
// `source_crs`).
Result<VectorLayer> ReadVectorLayer(const std::string& path, const VectorReadOptions& options);

// Text of a value for codes and names: integers and integral reals without a decimal point
// ("51" for 51.0), other reals in shortest round-trip form, "" for null.
std::string AttributeText(const AttributeValue& value);

}  // namespace vigil::ingest
