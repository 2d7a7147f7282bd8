// The reference tables of the store: areas and the entities engines work with (stations,
// units, cameras, points of interest, persons of interest, vehicles, plate reads, relations).
// Every Upsert* writes one batch in one transaction, durably (when it returns ok the batch
// survives a crash), keyed by the table's unique key: areas by (kind, code), vehicles by plate,
// the others by source_id. Loading the same batch twice changes nothing. Not thread-safe: one
// per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/entities.h"
#include "store/store.h"

namespace vigil {

// Rows held in each reference table.
struct ReferenceCounts {
  std::int64_t areas = 0;
  std::int64_t stations = 0;
  std::int64_t units = 0;
  std::int64_t cameras = 0;
  std::int64_t points_of_interest = 0;
  std::int64_t persons_of_interest = 0;
  std::int64_t vehicles = 0;
  std::int64_t plate_reads = 0;
  std::int64_t relations = 0;
};

// Filter for plate reads; empty fields match everything.
struct PlateReadFilter {
  std::optional<std::string> plate;      // exact, upper case
  std::optional<UnixSeconds> read_from;  // inclusive
  std::optional<UnixSeconds> read_to;    // exclusive
};

class ReferenceStore {
 public:
  virtual ~ReferenceStore() = default;

  // Upserts: `counts` (may be null) gets inserted / updated / unchanged added per record.
  // A batch with two records of the same key keeps the last.
  virtual Status UpsertAreas(std::span<const Area> areas, UpsertCounts* counts) = 0;
  virtual Status UpsertStations(std::span<const Station> stations, UpsertCounts* counts) = 0;
  virtual Status UpsertUnits(std::span<const Unit> units, UpsertCounts* counts) = 0;
  virtual Status UpsertCameras(std::span<const Camera> cameras, UpsertCounts* counts) = 0;
  virtual Status UpsertPointsOfInterest(std::span<const PointOfInterest> pois,
                                        UpsertCounts* counts) = 0;
  virtual Status UpsertPersonsOfInterest(std::span<const PersonOfInterest> persons,
                                         UpsertCounts* counts) = 0;
  virtual Status UpsertVehicles(std::span<const Vehicle> vehicles, UpsertCounts* counts) = 0;
  virtual Status UpsertPlateReads(std::span<const PlateRead> reads, UpsertCounts* counts) = 0;
  virtual Status UpsertRelations(std::span<const Relation> relations, UpsertCounts* counts) = 0;

  virtual Result<ReferenceCounts> Count() = 0;

  // Areas of one kind ("" = every kind), ordered by (kind, code).
  virtual Status ForEachArea(const std::string& kind,
                             const std::function<void(const Area&)>& visit) = 0;
  // One area by key; nullopt when absent.
  virtual Result<std::optional<Area>> FindArea(const std::string& kind,
                                               const std::string& code) = 0;
  // Distinct area kinds with their counts, ordered by kind.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> AreaKinds() = 0;

  // Small tables as lists, ordered by source_id (vehicles by plate).
  virtual Result<std::vector<Station>> ListStations() = 0;
  virtual Result<std::vector<Unit>> ListUnits() = 0;
  virtual Result<std::vector<Camera>> ListCameras() = 0;
  virtual Result<std::vector<PointOfInterest>> ListPointsOfInterest() = 0;
  virtual Result<std::vector<PersonOfInterest>> ListPersonsOfInterest() = 0;
  virtual Result<std::vector<Vehicle>> ListVehicles() = 0;

  // Appends one reported unit position; durable when it returns ok. Fails with
  // kInvalidArgument when unit_id is empty or lon/lat is out of range.
  virtual Status AppendUnitPosition(const UnitPosition& position) = 0;
  // The newest position (largest `at`, then last appended) of every unit that has one,
  // ordered by unit id.
  virtual Result<std::vector<UnitPosition>> LatestUnitPositions() = 0;
  // The positions of one unit taken in [from, to) (UTC seconds), in order of `at` and then of
  // appending, at most `limit` (> 0) of them: the earliest. One range of the (unit_id, at, id)
  // index.
  virtual Result<std::vector<UnitPosition>> UnitTrack(const std::string& unit_id, UnixSeconds from,
                                                      UnixSeconds to, std::int64_t limit) = 0;

  // Large tables streamed: plate reads in order of (read_at, source_id); relations of one kind
  // ("" = all) in order of source_id.
  virtual Status ForEachPlateRead(const PlateReadFilter& filter,
                                  const std::function<void(const PlateRead&)>& visit) = 0;
  virtual Status ForEachRelation(const std::string& kind,
                                 const std::function<void(const Relation&)>& visit) = 0;
};

}  // namespace vigil
