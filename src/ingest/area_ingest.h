// Loads polygon layers as areas (districts, beats, neighbourhoods, municipalities, a city
// outline) and joins attribute tables (statistics keyed by area code) onto loaded areas.
// Bad features never abort a load: each goes to the reject list (file, feature index, field,
// reason). A file GDAL cannot open, or whose code/name/keep fields are missing, is refused
// with one error before anything is written. Reloading the same file changes nothing: areas
// are upserted by (kind, code).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "ingest/csv_ingest.h"
#include "ingest/vector_reader.h"
#include "store/reference_store.h"

namespace vigil::ingest {

struct AreaIngestOptions {
  std::string kind;  // area kind stored with each feature: "neighborhood", "district"...; required
  std::string code_field;  // attribute holding the area code (integral reals become "51"); required
  std::string name_field;  // attribute holding the name; "" = the name is the code
  std::vector<std::string> keep_fields;  // attributes copied into Area::attributes_json;
                                         // empty = every integer, real and text field
  VectorReadOptions read;  // layer, source CRS override, shapefile encoding, repair_invalid
  std::int64_t batch_features = 1000;  // features per committed transaction; > 0

  Status Validate() const;
};

struct AreaIngestSummary {
  std::string file;
  std::string source_crs;     // CRS the coordinates were read in
  std::int64_t features = 0;  // features read
  UpsertCounts counts;        // inserted / updated / unchanged areas
  std::int64_t repaired = 0;  // invalid polygons loaded after repair (read.repair_invalid)
  std::int64_t rejected = 0;
  std::vector<RejectedRow> rejects;  // line = 1-based feature index
};

// Reads the first (or the named) layer of `path` and upserts its polygons as areas. Rejects:
// no geometry, non-polygon geometry, invalid geometry, failed reprojection (field "geometry");
// empty code (the code field); a code seen earlier in the same file ("duplicate").
Result<AreaIngestSummary> IngestAreas(ReferenceStore& store, const std::string& path,
                                      const AreaIngestOptions& options);

struct AttributeJoinOptions {
  std::string kind;                      // kind of the areas to join onto; required
  std::string key_field;                 // table column holding the area code; required
  std::vector<std::string> keep_fields;  // columns merged into the areas' attributes;
                                         // empty = every column except the key
  VectorReadOptions read;                // sheet (layer) to read, encoding
  bool numbers_from_text = true;         // turn text cells that are plain numbers into JSON numbers
                                         // (CSV has no types); the key is always text

  Status Validate() const;
};

struct AttributeJoinSummary {
  std::string file;
  std::int64_t rows = 0;     // table rows read
  std::int64_t matched = 0;  // rows whose key names an area of the kind
  UpsertCounts counts;       // areas updated / unchanged
  std::int64_t rejected = 0;
  std::vector<RejectedRow> rejects;  // empty key, unknown code, duplicate key
};

// Merges the columns of a table (CSV, XLSX, or any vector file's attributes) into the
// attributes of the areas of `kind` whose code equals the key. Existing attributes of the same
// name are replaced; others are kept. All matched areas are written in one transaction.
Result<AttributeJoinSummary> JoinAreaAttributes(ReferenceStore& store, const std::string& path,
                                                const AttributeJoinOptions& options);

}  // namespace vigil::ingest
