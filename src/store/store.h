// The system of record. Engines never talk to a store directly: they read a CitySnapshot
// built from it. `Store` is the interface every backend (SQLite file, PostgreSQL) implements.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/records.h"

namespace vigil {

// What an upsert batch did, per record.
struct UpsertCounts {
  std::int64_t inserted = 0;   // new (source, source_id)
  std::int64_t updated = 0;    // existing key, content changed
  std::int64_t unchanged = 0;  // existing key, same content
  std::int64_t cancelled = 0;  // cancellation records applied

  UpsertCounts& operator+=(const UpsertCounts& o) {
    inserted += o.inserted;
    updated += o.updated;
    unchanged += o.unchanged;
    cancelled += o.cancelled;
    return *this;
  }
};

// A key naming a record in its source system.
struct SourceKey {
  std::string source;
  std::string source_id;
};

// One ingest run of one file, kept for provenance.
struct LoadRecord {
  std::int64_t id = 0;
  std::string source;
  std::string path;
  UnixSeconds started_at = 0;
  std::optional<UnixSeconds> finished_at;
  UpsertCounts counts;
  std::int64_t rejected = 0;
};

// Filter for reading incidents; empty fields match everything.
struct IncidentFilter {
  std::optional<UnixSeconds> reported_from;  // inclusive
  std::optional<UnixSeconds> reported_to;    // exclusive
  std::optional<Category> category;
  bool include_cancelled = false;
};

// Overview of what a store holds, for `vigil summary` and the dashboard.
struct StoreSummary {
  std::int64_t incidents = 0;  // live (not cancelled)
  std::int64_t cancelled = 0;  // cancellation records
  std::int64_t unlocated = 0;  // live incidents without coordinates
  std::int64_t calls = 0;
  std::optional<UnixSeconds> first_reported;
  std::optional<UnixSeconds> last_reported;
  std::vector<std::pair<Category, std::int64_t>> by_category;     // live incidents, descending
  std::vector<std::pair<std::string, std::int64_t>> by_district;  // live incidents, descending
  std::int64_t loads = 0;
  std::int64_t rejected = 0;  // rows rejected over all loads
};

class Store {
 public:
  virtual ~Store() = default;

  // Key/value settings of the city: "city.crs" (projected CRS), "city.timezone", "city.name".
  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Status SetSetting(const std::string& key, const std::string& value) = 0;

  // Starts a load; returns its id. Counts are added as batches commit.
  virtual Result<std::int64_t> BeginLoad(const std::string& source, const std::string& path) = 0;
  virtual Status FinishLoad(std::int64_t load_id, std::int64_t rejected) = 0;
  virtual Result<std::vector<LoadRecord>> ListLoads() = 0;

  // Writes one batch atomically and durably: when this returns ok the batch survives a crash.
  // Upserts are keyed by (source, source_id); loading the same records twice changes nothing.
  // `cancellations` mark records as cancelled (unfounded or reclassified); a cancellation
  // stands even when the record it names arrives later.
  virtual Status WriteIncidentBatch(std::int64_t load_id, std::span<const Incident> incidents,
                                    std::span<const SourceKey> cancellations,
                                    UpsertCounts* counts) = 0;
  virtual Status WriteCallBatch(std::int64_t load_id, std::span<const Call> calls,
                                UpsertCounts* counts) = 0;

  virtual Result<std::int64_t> CountIncidents(const IncidentFilter& filter) = 0;
  virtual Result<std::int64_t> CountCalls() = 0;
  virtual Result<StoreSummary> Summarize() = 0;

  // Calls `visit` for each matching incident in order of report time.
  virtual Status ForEachIncident(const IncidentFilter& filter,
                                 const std::function<void(const Incident&)>& visit) = 0;
  virtual Status ForEachCall(const std::function<void(const Call&)>& visit) = 0;

  // Ids (ascending) of the incidents whose projected location (metres of the city CRS) lies in
  // the closed rectangle, through the grid-cell spatial index (store/spatial_key.h); always
  // up to date with every committed incident. An empty or inverted rectangle gives none.
  virtual Result<std::vector<std::int64_t>> IncidentIdsInBox(double min_x, double min_y,
                                                             double max_x, double max_y) = 0;
};

}  // namespace vigil
