#include "store/sqlite_store.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <string_view>
#include <tuple>

#include "core/text.h"
#include "store/content_hash.h"
#include "store/deferred_indexes.h"
#include "store/migrations.h"
#include "store/spatial_key.h"
#include "store/sqlite_db.h"

namespace vigil {
namespace {

using sqlite::Database;
using sqlite::Statement;

// Page cache of a connection during a bulk load, in KiB (the default is kDefaultCacheKib).
constexpr int kBulkLoadCacheKib = 4 << 10;

// WAL size at which a commit checkpoints it into the database file, in bytes.
constexpr std::int64_t kWalCheckpointBytes = 64 << 20;

// The same during a bulk load (DeferIndexes to RestoreIndexes). A checkpoint in the middle of
// a load stalls its writer thread, and the parsing thread behind it, while tens of MiB are
// copied and fsynced; RestoreIndexes instead checkpoints from another connection while this
// one sorts the indexes (CheckpointInBackground). The WAL may grow this large meanwhile.
constexpr std::int64_t kBulkLoadWalCheckpointBytes = 256 << 20;

// Sets the WAL size, in bytes, at which a commit checkpoints (counted in the store's pages:
// older stores have 4 KiB ones).
Status SetWalCheckpointBytes(Database& db, std::int64_t bytes) {
  auto page_bytes = sqlite::PageBytes(db);
  if (!page_bytes.ok()) return page_bytes.error();
  return db.Exec("PRAGMA wal_autocheckpoint = " + std::to_string(bytes / *page_bytes));
}

// Copies the pages committed to the store's WAL into its database file, on a thread and a
// connection of its own, while the caller goes on writing (a WAL checkpoint runs beside one
// writer). Best effort: what it cannot copy, a later checkpoint does.
std::future<void> CheckpointInBackground(const std::string& path) {
  return std::async(std::launch::async, [path] {
    auto db = Database::Open(path);
    if (db.ok()) (void)db->Exec("PRAGMA wal_checkpoint(PASSIVE)");
  });
}

UnixSeconds NowUtc() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void BindLocation(Statement& s, int first, const std::optional<Location>& location) {
  if (location) {
    s.BindDouble(first, location->lon);
    s.BindDouble(first + 1, location->lat);
    s.BindDouble(first + 2, location->x);
    s.BindDouble(first + 3, location->y);
  } else {
    for (int i = 0; i < 4; ++i) s.BindNull(first + i);
  }
}

std::optional<Location> ReadLocation(const Statement& s, int first) {
  if (s.ColumnIsNull(first)) return std::nullopt;
  return Location{s.ColumnDouble(first), s.ColumnDouble(first + 1), s.ColumnDouble(first + 2),
                  s.ColumnDouble(first + 3)};
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(Database db) : db_(std::move(db)) {}

  Status Prepare() {
    auto upsert_incident = db_.Prepare(R"sql(
      INSERT INTO incidents (source, source_id, category, source_code, source_description,
        occurred_at, reported_at, lon, lat, x, y, address, district, neighborhood, beat, origin,
        content_hash, first_load, last_load, cell_key)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18,
        ?19)
      ON CONFLICT (source, source_id) DO UPDATE SET
        category = excluded.category, source_code = excluded.source_code,
        source_description = excluded.source_description, occurred_at = excluded.occurred_at,
        reported_at = excluded.reported_at, lon = excluded.lon, lat = excluded.lat,
        x = excluded.x, y = excluded.y, address = excluded.address,
        district = excluded.district, neighborhood = excluded.neighborhood,
        beat = excluded.beat, origin = excluded.origin, content_hash = excluded.content_hash,
        last_load = excluded.last_load, cell_key = excluded.cell_key
      WHERE incidents.content_hash != excluded.content_hash)sql");
    if (!upsert_incident.ok()) return upsert_incident.error();
    upsert_incident_ = std::move(*upsert_incident);

    auto cancel = db_.Prepare(
        "INSERT OR IGNORE INTO incident_cancellations (source, source_id, load_id) VALUES (?, ?, "
        "?)");
    if (!cancel.ok()) return cancel.error();
    cancel_incident_ = std::move(*cancel);

    auto upsert_call = db_.Prepare(R"sql(
      INSERT INTO calls (source, source_id, call_type, service, category, priority, received_at,
        lon, lat, x, y, address, district, content_hash, first_load, last_load)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)
      ON CONFLICT (source, source_id) DO UPDATE SET
        call_type = excluded.call_type, service = excluded.service, category = excluded.category,
        priority = excluded.priority, received_at = excluded.received_at, lon = excluded.lon,
        lat = excluded.lat, x = excluded.x, y = excluded.y, address = excluded.address,
        district = excluded.district, content_hash = excluded.content_hash,
        last_load = excluded.last_load
      WHERE calls.content_hash != excluded.content_hash)sql");
    if (!upsert_call.ok()) return upsert_call.error();
    upsert_call_ = std::move(*upsert_call);

    auto add_counts = db_.Prepare(
        "UPDATE loads SET inserted = inserted + ?2, updated = updated + ?3, "
        "unchanged = unchanged + ?4, cancelled = cancelled + ?5 WHERE id = ?1");
    if (!add_counts.ok()) return add_counts.error();
    add_load_counts_ = std::move(*add_counts);
    return Status::Ok();
  }

  Result<std::optional<std::string>> GetSetting(const std::string& key) override {
    auto s = db_.Prepare("SELECT value FROM settings WHERE key = ?");
    if (!s.ok()) return s.error();
    s->BindText(1, key);
    auto row = s->Step();
    if (!row.ok()) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(s->ColumnText(0));
  }

  Status SetSetting(const std::string& key, const std::string& value) override {
    auto s = db_.Prepare(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!s.ok()) return s.error();
    s->BindText(1, key);
    s->BindText(2, value);
    return s->Run();
  }

  Result<std::int64_t> BeginLoad(const std::string& source, const std::string& path) override {
    auto s = db_.Prepare("INSERT INTO loads (source, path, started_at) VALUES (?, ?, ?)");
    if (!s.ok()) return s.error();
    s->BindText(1, source);
    s->BindText(2, path);
    s->BindInt(3, NowUtc());
    VIGIL_RETURN_IF_ERROR(RunBookkeeping(*s));
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.handle()));
  }

  Status FinishLoad(std::int64_t load_id, std::int64_t rejected) override {
    auto s = db_.Prepare("UPDATE loads SET finished_at = ?, rejected = ? WHERE id = ?");
    if (!s.ok()) return s.error();
    s->BindInt(1, NowUtc());
    s->BindInt(2, rejected);
    s->BindInt(3, load_id);
    return RunBookkeeping(*s);
  }

  // Load bookkeeping rows are not acknowledged data: they commit without their own fsync
  // (synchronous=NORMAL, which in WAL mode survives a killed process and loses at most these
  // rows on power loss), and the next data batch's synchronous=FULL commit fsyncs the WAL with
  // them. This saves two fsyncs per file, most of the wall time of loading many small files.
  Status RunBookkeeping(Statement& statement) {
    VIGIL_RETURN_IF_ERROR(db_.Exec("PRAGMA synchronous = NORMAL"));
    Status status = statement.Run();
    Status restored = db_.Exec("PRAGMA synchronous = FULL");
    if (!status.ok()) return status;
    return restored;
  }

  Result<std::vector<LoadRecord>> ListLoads() override {
    auto s = db_.Prepare(
        "SELECT id, source, path, started_at, finished_at, inserted, updated, unchanged, "
        "cancelled, rejected FROM loads ORDER BY id");
    if (!s.ok()) return s.error();
    std::vector<LoadRecord> loads;
    while (true) {
      auto row = s->Step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      LoadRecord r;
      r.id = s->ColumnInt(0);
      r.source = s->ColumnText(1);
      r.path = s->ColumnText(2);
      r.started_at = s->ColumnInt(3);
      if (!s->ColumnIsNull(4)) r.finished_at = s->ColumnInt(4);
      r.counts = {s->ColumnInt(5), s->ColumnInt(6), s->ColumnInt(7), s->ColumnInt(8)};
      r.rejected = s->ColumnInt(9);
      loads.push_back(std::move(r));
    }
    return loads;
  }

  Status WriteIncidents(std::span<const IncidentWrite> parts) override {
    std::vector<UpsertCounts> counts(parts.size());
    std::vector<const Incident*> ordered;
    Status status = sqlite::InTransaction(db_, [&]() -> Status {
      for (std::size_t p = 0; p < parts.size(); ++p) {
        const IncidentWrite& part = parts[p];
        // In key order: the unique index then grows in runs instead of at random pages.
        // Stable, so of two rows with one key the later still wins, as in file order.
        ordered.clear();
        if (part.key_order.size() == part.incidents.size()) {
          for (const std::uint32_t i : part.key_order) ordered.push_back(&part.incidents[i]);
        } else {
          for (const Incident& r : part.incidents) ordered.push_back(&r);
          std::stable_sort(
              ordered.begin(), ordered.end(), [](const Incident* a, const Incident* b) {
                return std::tie(a->source, a->source_id) < std::tie(b->source, b->source_id);
              });
        }
        const bool hashed = part.content_hashes.size() == part.incidents.size();
        for (const Incident* row : ordered) {
          const auto index = static_cast<std::size_t>(row - part.incidents.data());
          const std::int64_t hash = hashed ? part.content_hashes[index] : IncidentContentHash(*row);
          VIGIL_RETURN_IF_ERROR(UpsertIncident(*row, hash, part.load_id, &counts[p]));
        }
        for (const SourceKey& key : part.cancellations) {
          Statement& s = cancel_incident_;
          s.Reset();
          s.BindTextNoCopy(1, key.source);
          s.BindTextNoCopy(2, key.source_id);
          s.BindInt(3, part.load_id);
          VIGIL_RETURN_IF_ERROR(s.Run());
          counts[p].cancelled += sqlite3_changes(db_.handle());
        }
        VIGIL_RETURN_IF_ERROR(AddLoadCounts(part.load_id, counts[p]));
      }
      return Status::Ok();
    });
    if (!status.ok()) return status;
    for (std::size_t p = 0; p < parts.size(); ++p) {
      if (parts[p].counts != nullptr) *parts[p].counts += counts[p];
    }
    return Status::Ok();
  }

  Status WriteCalls(std::span<const CallWrite> parts) override {
    std::vector<UpsertCounts> counts(parts.size());
    Status status = sqlite::InTransaction(db_, [&]() -> Status {
      for (std::size_t p = 0; p < parts.size(); ++p) {
        const CallWrite& part = parts[p];
        const bool hashed = part.content_hashes.size() == part.calls.size();
        for (std::size_t i = 0; i < part.calls.size(); ++i) {
          const std::int64_t hash =
              hashed ? part.content_hashes[i] : CallContentHash(part.calls[i]);
          VIGIL_RETURN_IF_ERROR(UpsertCall(part.calls[i], hash, part.load_id, &counts[p]));
        }
        VIGIL_RETURN_IF_ERROR(AddLoadCounts(parts[p].load_id, counts[p]));
      }
      return Status::Ok();
    });
    if (!status.ok()) return status;
    for (std::size_t p = 0; p < parts.size(); ++p) {
      if (parts[p].counts != nullptr) *parts[p].counts += counts[p];
    }
    return Status::Ok();
  }

  // A bulk load streams its pages through the cache once: the table grows at its end and the
  // secondary indexes are rebuilt by sorting. A small cache then serves as well as a large one
  // and spares the page faults of first touching tens of MiB of fresh cache memory: on the
  // St. Louis files faults fell from 45,000 to 29,000 and the median load from 2.64-2.83 s to
  // 2.32-2.45 s (bench_ingest, three alternating pairs of five runs). The default comes back
  // with the indexes.
  Status DeferIndexes(RecordTable table) override {
    VIGIL_RETURN_IF_ERROR(sqlite::DeferSecondaryIndexes(
        db_, table == RecordTable::kIncidents ? "incidents" : "calls"));
    VIGIL_RETURN_IF_ERROR(SetWalCheckpointBytes(db_, kBulkLoadWalCheckpointBytes));
    return sqlite::SetCacheSize(db_, kBulkLoadCacheKib);
  }

  // The load's table pages are checkpointed on the other core while the indexes are sorted,
  // so the checkpoint at close copies little more than the indexes: on the St. Louis files the
  // median load fell from 1.69-1.76 s to 1.58-1.67 s (three alternating sets of three runs),
  // the writer's time from 0.96-0.99 s to 0.87-0.91 s.
  Status RestoreIndexes() override {
    std::future<void> checkpoint = CheckpointInBackground(db_.path());
    Status restored = sqlite::RestoreDeferredIndexes(db_);
    checkpoint.wait();
    Status wal = SetWalCheckpointBytes(db_, kWalCheckpointBytes);
    if (!restored.ok()) return restored;
    return wal;
  }

  Result<std::int64_t> CountIncidents(const IncidentFilter& filter) override {
    auto s = db_.Prepare("SELECT COUNT(*) FROM incidents i WHERE " + WhereClause(filter));
    if (!s.ok()) return s.error();
    BindFilter(*s, filter);
    auto row = s->Step();
    if (!row.ok()) return row.error();
    return s->ColumnInt(0);
  }

  Result<std::int64_t> CountCalls() override {
    auto s = db_.Prepare("SELECT COUNT(*) FROM calls");
    if (!s.ok()) return s.error();
    auto row = s->Step();
    if (!row.ok()) return row.error();
    return s->ColumnInt(0);
  }

  Result<StoreSummary> Summarize() override {
    StoreSummary summary;
    const std::string live =
        "FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_cancellations c WHERE "
        "c.source = i.source AND c.source_id = i.source_id)";
    auto totals =
        db_.Prepare("SELECT COUNT(*), SUM(x IS NULL), MIN(reported_at), MAX(reported_at) " + live);
    if (!totals.ok()) return totals.error();
    if (auto row = totals->Step(); !row.ok()) return row.error();
    summary.incidents = totals->ColumnInt(0);
    summary.unlocated = totals->ColumnInt(1);
    if (!totals->ColumnIsNull(2)) {
      summary.first_reported = totals->ColumnInt(2);
      summary.last_reported = totals->ColumnInt(3);
    }
    auto scalar = [this](const std::string& sql) -> Result<std::int64_t> {
      auto s = db_.Prepare(sql);
      if (!s.ok()) return s.error();
      auto row = s->Step();
      if (!row.ok()) return row.error();
      return s->ColumnInt(0);
    };
    for (auto [target, sql] :
         {std::pair{&summary.cancelled, "SELECT COUNT(*) FROM incident_cancellations"},
          std::pair{&summary.calls, "SELECT COUNT(*) FROM calls"},
          std::pair{&summary.loads, "SELECT COUNT(*) FROM loads"},
          std::pair{&summary.rejected, "SELECT COALESCE(SUM(rejected), 0) FROM loads"}}) {
      auto value = scalar(sql);
      if (!value.ok()) return value.error();
      *target = *value;
    }
    auto by_category = db_.Prepare("SELECT category, COUNT(*) AS n " + live +
                                   " GROUP BY category ORDER BY n DESC");
    if (!by_category.ok()) return by_category.error();
    while (true) {
      auto row = by_category->Step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      summary.by_category.emplace_back(static_cast<Category>(by_category->ColumnInt(0)),
                                       by_category->ColumnInt(1));
    }
    auto by_district = db_.Prepare("SELECT district, COUNT(*) AS n " + live +
                                   " GROUP BY district ORDER BY n DESC");
    if (!by_district.ok()) return by_district.error();
    while (true) {
      auto row = by_district->Step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      summary.by_district.emplace_back(by_district->ColumnText(0), by_district->ColumnInt(1));
    }
    return summary;
  }

  Status ForEachIncident(const IncidentFilter& filter,
                         const std::function<void(const Incident&)>& visit) override {
    auto s = db_.Prepare(
        "SELECT source, source_id, category, source_code, source_description, occurred_at, "
        "reported_at, lon, lat, x, y, address, district, neighborhood, beat, origin "
        "FROM incidents i WHERE " +
        WhereClause(filter) + " ORDER BY reported_at, id");
    if (!s.ok()) return s.error();
    BindFilter(*s, filter);
    Incident r;
    while (true) {
      auto row = s->Step();
      if (!row.ok()) return row.error();
      if (!*row) return Status::Ok();
      r.source = s->ColumnText(0);
      r.source_id = s->ColumnText(1);
      r.category = static_cast<Category>(s->ColumnInt(2));
      r.source_code = s->ColumnText(3);
      r.source_description = s->ColumnText(4);
      r.occurred_at = s->ColumnInt(5);
      r.reported_at = s->ColumnInt(6);
      r.location = ReadLocation(*s, 7);
      r.address = s->ColumnText(11);
      r.district = s->ColumnText(12);
      r.neighborhood = s->ColumnText(13);
      r.beat = s->ColumnText(14);
      r.origin = static_cast<Origin>(s->ColumnInt(15));
      visit(r);
    }
  }

  Status ForEachCall(const std::function<void(const Call&)>& visit) override {
    auto s = db_.Prepare(
        "SELECT source, source_id, call_type, service, category, priority, received_at, lon, lat, "
        "x, y, address, district FROM calls ORDER BY received_at, id");
    if (!s.ok()) return s.error();
    Call r;
    while (true) {
      auto row = s->Step();
      if (!row.ok()) return row.error();
      if (!*row) return Status::Ok();
      r.source = s->ColumnText(0);
      r.source_id = s->ColumnText(1);
      r.call_type = s->ColumnText(2);
      r.service = s->ColumnText(3);
      r.category = static_cast<Category>(s->ColumnInt(4));
      r.priority = static_cast<int>(s->ColumnInt(5));
      r.received_at = s->ColumnInt(6);
      r.location = ReadLocation(*s, 7);
      r.address = s->ColumnText(11);
      r.district = s->ColumnText(12);
      visit(r);
    }
  }

  Result<std::vector<std::int64_t>> IncidentIdsInBox(double min_x, double min_y, double max_x,
                                                     double max_y) override {
    std::vector<std::int64_t> ids;
    if (!(min_x <= max_x && min_y <= max_y)) return ids;  // empty (or NaN) box
    // Keyed points lie strictly inside +-kSpatialOffsetM; clamp the box to that square.
    const double limit = std::nextafter(kSpatialOffsetM, 0.0);
    const double x0 = std::max(min_x, -limit), x1 = std::min(max_x, limit);
    const double y0 = std::max(min_y, -limit), y1 = std::min(max_y, limit);
    if (x0 > x1 || y0 > y1) return ids;
    // One key range per row of cells, then the exact test on the stored coordinates.
    auto s = db_.Prepare(
        "SELECT id FROM incidents WHERE cell_key BETWEEN ?1 AND ?2 AND x BETWEEN ?3 AND ?4 AND "
        "y BETWEEN ?5 AND ?6");
    if (!s.ok()) return s.error();
    // A box taller than kMaxRowRanges rows of cells (16 km) is one range over all its rows.
    constexpr std::int64_t kMaxRowRanges = 64;
    const std::int64_t first_row = SpatialCellIndex(y0), last_row = SpatialCellIndex(y1);
    const bool one_range = last_row - first_row >= kMaxRowRanges;
    const std::int64_t first_column = one_range ? 0 : SpatialCellIndex(x0);
    const std::int64_t last_column =
        one_range ? (std::int64_t{1} << kSpatialColumnBits) - 1 : SpatialCellIndex(x1);
    for (std::int64_t row = first_row; row <= (one_range ? first_row : last_row); ++row) {
      s->Reset();
      s->BindInt(1, SpatialKey(row, first_column));
      s->BindInt(2, SpatialKey(one_range ? last_row : row, last_column));
      s->BindDouble(3, min_x);
      s->BindDouble(4, max_x);
      s->BindDouble(5, min_y);
      s->BindDouble(6, max_y);
      while (true) {
        auto has_row = s->Step();
        if (!has_row.ok()) return has_row.error();
        if (!*has_row) break;
        ids.push_back(s->ColumnInt(0));
      }
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

 private:
  static std::string WhereClause(const IncidentFilter& filter) {
    std::string where = "1";
    if (filter.reported_from) where += " AND reported_at >= :from";
    if (filter.reported_to) where += " AND reported_at < :to";
    if (filter.category) where += " AND category = :category";
    if (!filter.include_cancelled) {
      where +=
          " AND NOT EXISTS (SELECT 1 FROM incident_cancellations c WHERE c.source = i.source AND "
          "c.source_id = i.source_id)";
    }
    return where;
  }

  static void BindFilter(Statement& s, const IncidentFilter& filter) {
    int index = 1;
    if (filter.reported_from) s.BindInt(index++, *filter.reported_from);
    if (filter.reported_to) s.BindInt(index++, *filter.reported_to);
    if (filter.category) s.BindInt(index++, static_cast<int>(*filter.category));
  }

  // Texts are bound without a copy: `r` outlives the statement's step.
  Status UpsertIncident(const Incident& r, std::int64_t content_hash, std::int64_t load_id,
                        UpsertCounts* counts) {
    Statement& s = upsert_incident_;
    s.Reset();
    s.BindTextNoCopy(1, r.source);
    s.BindTextNoCopy(2, r.source_id);
    s.BindInt(3, static_cast<int>(r.category));
    s.BindTextNoCopy(4, r.source_code);
    s.BindTextNoCopy(5, r.source_description);
    s.BindInt(6, r.occurred_at);
    s.BindInt(7, r.reported_at);
    BindLocation(s, 8, r.location);
    s.BindTextNoCopy(12, r.address);
    s.BindTextNoCopy(13, r.district);
    s.BindTextNoCopy(14, r.neighborhood);
    s.BindTextNoCopy(15, r.beat);
    s.BindInt(16, static_cast<int>(r.origin));
    s.BindInt(17, content_hash);
    s.BindInt(18, load_id);
    if (auto key = r.location ? SpatialKeyOf(r.location->x, r.location->y) : std::nullopt) {
      s.BindInt(19, *key);
    } else {
      s.BindNull(19);
    }
    return CountUpsert(s, counts);
  }

  Status UpsertCall(const Call& r, std::int64_t content_hash, std::int64_t load_id,
                    UpsertCounts* counts) {
    Statement& s = upsert_call_;
    s.Reset();
    s.BindTextNoCopy(1, r.source);
    s.BindTextNoCopy(2, r.source_id);
    s.BindTextNoCopy(3, r.call_type);
    s.BindTextNoCopy(4, r.service);
    s.BindInt(5, static_cast<int>(r.category));
    s.BindInt(6, r.priority);
    s.BindInt(7, r.received_at);
    BindLocation(s, 8, r.location);
    s.BindTextNoCopy(12, r.address);
    s.BindTextNoCopy(13, r.district);
    s.BindInt(14, content_hash);
    s.BindInt(15, load_id);
    return CountUpsert(s, counts);
  }

  // Runs an upsert and counts what it did, without RETURNING (which makes SQLite buffer every
  // row's result in a temporary table): no change = unchanged content; otherwise a new rowid
  // means an insert (only an INSERT sets it; it is cleared first) and none means an update.
  Status CountUpsert(Statement& s, UpsertCounts* batch) {
    sqlite3_set_last_insert_rowid(db_.handle(), 0);
    VIGIL_RETURN_IF_ERROR(s.Run());
    if (sqlite3_changes(db_.handle()) == 0) {
      ++batch->unchanged;
    } else if (sqlite3_last_insert_rowid(db_.handle()) != 0) {
      ++batch->inserted;
    } else {
      ++batch->updated;
    }
    return Status::Ok();
  }

  Status AddLoadCounts(std::int64_t load_id, const UpsertCounts& batch) {
    Statement& s = add_load_counts_;
    s.Reset();
    s.BindInt(1, load_id);
    s.BindInt(2, batch.inserted);
    s.BindInt(3, batch.updated);
    s.BindInt(4, batch.unchanged);
    s.BindInt(5, batch.cancelled);
    return s.Run();
  }

  Database db_;
  Statement upsert_incident_;
  Statement cancel_incident_;
  Statement upsert_call_;
  Statement add_load_counts_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  auto db = sqlite::OpenStoreDatabase(path);
  if (!db.ok()) return db.error();
  // Bulk loads dirty pages all over the indexes, and every commit appends
  // them to the WAL again; checkpointing every 1,000 pages (the default) copied most of them
  // into the database file after nearly every batch. Checkpoint once the WAL holds 64 MiB of
  // pages instead (counted in the store's own pages: older stores have 4 KiB ones), and cut the
  // WAL back to 64 MiB after a checkpoint. Durability is unchanged: each commit is still fsynced
  // to the WAL (synchronous=FULL).
  VIGIL_RETURN_IF_ERROR(SetWalCheckpointBytes(*db, kWalCheckpointBytes));
  VIGIL_RETURN_IF_ERROR(db->Exec("PRAGMA journal_size_limit = 67108864"));
  // A bulk load that was killed before it rebuilt its deferred indexes left them recorded.
  VIGIL_RETURN_IF_ERROR(sqlite::RestoreDeferredIndexes(*db));
  auto store = std::make_unique<SqliteStore>(std::move(*db));
  VIGIL_RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<Store>(std::move(store));
}

Result<int> SqliteSchemaVersion(const std::string& path) {
  auto db = Database::Open(path);
  if (!db.ok()) return db.error();
  auto s = db->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!s.ok()) return s.error();
  auto row = s->Step();
  if (!row.ok()) return row.error();
  return static_cast<int>(s->ColumnInt(0));
}

}  // namespace vigil
