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

// One load's share of a write: the rows of one file's batch. Several loads' parts can commit in
// one transaction (one fsync), which is what makes loading many small files fast.
struct IncidentWrite {
  std::int64_t load_id = 0;
  std::span<const Incident> incidents;
  std::span<const SourceKey> cancellations;
  UpsertCounts* counts = nullptr;  // when not null, receives this part's counts on commit
  // IncidentContentHash (store/content_hash.h) of each incident, when the caller computed
  // them already (a loader does so on its parsing thread); empty = computed by the write.
  std::span<const std::int64_t> content_hashes;
  // Indices into `incidents` in (source, source_id) order, stable (of two rows with one key the
  // later comes later and wins), when the caller sorted them already; empty = sorted by the
  // write. The store writes in this order: its unique index then grows in runs.
  std::span<const std::uint32_t> key_order;
};
struct CallWrite {
  std::int64_t load_id = 0;
  std::span<const Call> calls;
  UpsertCounts* counts = nullptr;  // when not null, receives this part's counts on commit
  std::span<const std::int64_t> content_hashes;  // CallContentHash of each call, or empty
};

// The record tables whose secondary indexes a bulk load may defer.
enum class RecordTable : std::uint8_t { kIncidents, kCalls };

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

  // Writes all parts in one transaction, atomically and durably: when this returns ok every
  // part survives a crash; on failure none is written and no count is touched. Upserts are
  // keyed by (source, source_id); loading the same records twice changes nothing. Within a
  // part, and across parts in order, the later of two rows with one key wins. Cancellations
  // mark records as cancelled (unfounded or reclassified); a cancellation stands even when the
  // record it names arrives later. Each part's counts are added to its load's record too.
  virtual Status WriteIncidents(std::span<const IncidentWrite> parts) = 0;
  virtual Status WriteCalls(std::span<const CallWrite> parts) = 0;

  // One load's batch: WriteIncidents / WriteCalls with a single part; counts are added to
  // `*counts` when not null.
  Status WriteIncidentBatch(std::int64_t load_id, std::span<const Incident> incidents,
                            std::span<const SourceKey> cancellations, UpsertCounts* counts) {
    UpsertCounts part;
    const IncidentWrite write{load_id, incidents, cancellations, &part};
    VIGIL_RETURN_IF_ERROR(WriteIncidents({&write, 1}));
    if (counts != nullptr) *counts += part;
    return Status::Ok();
  }
  Status WriteCallBatch(std::int64_t load_id, std::span<const Call> calls, UpsertCounts* counts) {
    UpsertCounts part;
    const CallWrite write{load_id, calls, &part};
    VIGIL_RETURN_IF_ERROR(WriteCalls({&write, 1}));
    if (counts != nullptr) *counts += part;
    return Status::Ok();
  }

  // Bulk loads. DeferIndexes drops the secondary indexes of `table` (never the (source,
  // source_id) key that upserts need), so a large load appends rows without maintaining them
  // row by row; RestoreIndexes rebuilds every missing one by sorting, several times faster in
  // all. Meanwhile every query still gives the same answers, only slower. A store opened after
  // a load that never restored them (a killed process) rebuilds them while opening.
  virtual Status DeferIndexes(RecordTable table) = 0;
  virtual Status RestoreIndexes() = 0;

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
