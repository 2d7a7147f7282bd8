// Loads reference-entity CSV files (stations, units, cameras, points of interest, persons of
// interest, vehicles, plate reads, relations; formats in docs/reference-layers.md) into the
// store's reference tables. Columns are found by header name (any order, case-insensitive,
// extra columns ignored); a file missing a required column is refused before anything is
// written. Bad rows go to the reject list (file, line, field, reason) and the load goes on.
// lon/lat columns are WGS84 unless `coordinate_crs` says otherwise; projected x/y are computed
// in the store's `city.crs`, which is chosen (UTM zone of the first point) and saved when
// unset. Each batch commits durably; reloading a file changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ingest/csv_ingest.h"
#include "store/reference_store.h"
#include "store/store.h"

namespace vigil::ingest {

enum class EntityLayer : std::uint8_t {
  kStations,
  kUnits,
  kCameras,
  kPois,
  kPersons,
  kVehicles,
  kPlateReads,
  kRelations,
};

// "stations", "units", "cameras", "pois", "persons", "vehicles", "plate-reads", "relations".
std::string_view EntityLayerName(EntityLayer layer);
// Parses a layer name ('_' accepted for '-', case-insensitive).
std::optional<EntityLayer> ParseEntityLayer(std::string_view name);
// The columns a layer's file must have, in documented order.
std::span<const std::string_view> EntityLayerColumns(EntityLayer layer);

struct EntityIngestOptions {
  std::int64_t batch_rows = 10000;  // rows per committed transaction; > 0
  std::string coordinate_crs;       // CRS of the lon/lat columns ("EPSG:3857", PROJ string...);
                                    // "" = WGS84 degrees (lon, lat)
  std::size_t max_rejects_kept = 100000;  // rejects listed in the summary; all are counted

  Status Validate() const;
};

struct EntityIngestSummary {
  std::string file;
  std::string layer;
  std::int64_t rows = 0;  // data rows read
  UpsertCounts counts;    // inserted / updated / unchanged
  std::int64_t rejected = 0;
  std::vector<RejectedRow> rejects;
  std::string city_crs;  // projected CRS used for x/y ("" when the layer has no coordinates)
};

// Loads one CSV file of `layer`. `settings` supplies and keeps the city CRS (`city.crs`);
// `refs` receives the records. Fails with kNotFound / kIo for an unreadable file,
// kInvalidArgument for an empty file, a missing column or an unknown `coordinate_crs`.
Result<EntityIngestSummary> IngestEntityCsv(Store& settings, ReferenceStore& refs,
                                            EntityLayer layer, const std::string& path,
                                            const EntityIngestOptions& options);

}  // namespace vigil::ingest
