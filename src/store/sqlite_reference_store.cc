#include "store/sqlite_reference_store.h"

#include <sqlite3.h>

#include <memory>
#include <variant>

#include "store/migrations.h"

namespace vigil {
namespace {

// A value bound to a statement parameter. Blobs are the reason this file does not use
// sqlite::Statement, which binds no blobs.
using Value =
    std::variant<std::monostate, std::int64_t, double, std::string, std::vector<std::uint8_t>>;
using Row = std::vector<Value>;

Value Opt(const std::optional<double>& v) { return v ? Value(*v) : Value(); }
Value Opt(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(); }
Value Opt(const std::optional<std::string>& v) { return v ? Value(*v) : Value(); }

// One table's upsert key and value columns.
struct TableSpec {
  const char* table;
  std::vector<const char*> keys;
  std::vector<const char*> values;
};

const TableSpec kAreas{
    "areas",
    {"kind", "code"},
    {"name", "geometry_wkb", "min_lon", "min_lat", "max_lon", "max_lat", "attributes"}};
const TableSpec kStations{
    "stations", {"source_id"}, {"name", "kind", "district", "lon", "lat", "x", "y"}};
const TableSpec kUnits{"units", {"source_id"}, {"call_sign", "kind", "station_id", "shift_hours"}};
const TableSpec kCameras{
    "cameras",
    {"source_id"},
    {"lon", "lat", "x", "y", "heading_deg", "field_of_view_deg", "range_m", "purpose"}};
const TableSpec kPois{
    "points_of_interest", {"source_id"}, {"kind", "name", "lon", "lat", "x", "y"}};
const TableSpec kPersons{
    "persons_of_interest",
    {"source_id"},
    {"full_name", "birth_year", "status", "offence_category", "lon", "lat", "x", "y"}};
const TableSpec kVehicles{"vehicles", {"plate"}, {"make", "model", "color", "hot_list"}};
const TableSpec kPlateReads{
    "plate_reads", {"source_id"}, {"plate", "camera_id", "read_at", "lon", "lat", "x", "y"}};
const TableSpec kRelations{
    "relations", {"source_id"}, {"kind", "from_id", "to_id", "at", "weight"}};

std::string Join(const std::vector<const char*>& names, const std::string& prefix,
                 const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += sep;
    out += prefix + names[i];
  }
  return out;
}

std::string ExistsSql(const TableSpec& spec) {
  std::string where;
  for (std::size_t i = 0; i < spec.keys.size(); ++i) {
    if (i > 0) where += " AND ";
    where += std::string(spec.keys[i]) + " = ?";
  }
  return std::string("SELECT 1 FROM ") + spec.table + " WHERE " + where;
}

// Updates only when some value differs, so sqlite3_changes() tells updated from unchanged.
std::string UpsertSql(const TableSpec& spec) {
  std::vector<const char*> all = spec.keys;
  all.insert(all.end(), spec.values.begin(), spec.values.end());
  std::string params;
  for (std::size_t i = 0; i < all.size(); ++i) params += i > 0 ? ", ?" : "?";
  std::string set;
  std::string same;
  for (std::size_t i = 0; i < spec.values.size(); ++i) {
    const std::string c = spec.values[i];
    set.append(i > 0 ? ", " : "").append(c).append(" = excluded.").append(c);
    same.append(i > 0 ? " AND " : "")
        .append(spec.table)
        .append(".")
        .append(c)
        .append(" IS excluded.")
        .append(c);
  }
  return std::string("INSERT INTO ") + spec.table + " (" + Join(all, "", ", ") + ") VALUES (" +
         params + ") ON CONFLICT (" + Join(spec.keys, "", ", ") + ") DO UPDATE SET " + set +
         " WHERE NOT (" + same + ")";
}

struct StmtDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

void Bind(sqlite3_stmt* stmt, int index, const Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    sqlite3_bind_int64(stmt, index, *i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    sqlite3_bind_double(stmt, index, *d);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  } else if (const auto* b = std::get_if<std::vector<std::uint8_t>>(&value)) {
    sqlite3_bind_blob(stmt, index, b->data(), static_cast<int>(b->size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(stmt, index);
  }
}

// Column readers over a stepped statement.
std::string Text(sqlite3_stmt* s, int col) {
  const auto* text = sqlite3_column_text(s, col);
  return text == nullptr ? std::string()
                         : std::string(reinterpret_cast<const char*>(text),
                                       static_cast<std::size_t>(sqlite3_column_bytes(s, col)));
}
double Real(sqlite3_stmt* s, int col) { return sqlite3_column_double(s, col); }
std::int64_t Int(sqlite3_stmt* s, int col) { return sqlite3_column_int64(s, col); }
bool IsNull(sqlite3_stmt* s, int col) { return sqlite3_column_type(s, col) == SQLITE_NULL; }
Location Loc(sqlite3_stmt* s, int col) {
  return Location{
      .lon = Real(s, col), .lat = Real(s, col + 1), .x = Real(s, col + 2), .y = Real(s, col + 3)};
}
Row LocRow(const Location& l) { return {l.lon, l.lat, l.x, l.y}; }
// A unit position from the columns unit_id, at, lon, lat, status, reported_by.
UnitPosition ReadUnitPosition(sqlite3_stmt* s) {
  return UnitPosition{Text(s, 0), Int(s, 1), Real(s, 2), Real(s, 3), Text(s, 4), Text(s, 5)};
}

class SqliteReferenceStore final : public ReferenceStore {
 public:
  explicit SqliteReferenceStore(sqlite::Database db) : db_(std::move(db)) {}

  Status UpsertAreas(std::span<const Area> areas, UpsertCounts* counts) override {
    return Upsert(kAreas, areas, counts, [](const Area& a) {
      return Row{a.kind,    a.code,    a.name,    a.geometry_wkb,   a.min_lon,
                 a.min_lat, a.max_lon, a.max_lat, a.attributes_json};
    });
  }
  Status UpsertStations(std::span<const Station> stations, UpsertCounts* counts) override {
    return Upsert(kStations, stations, counts, [](const Station& s) {
      Row row{s.source_id, s.name, s.kind, s.district};
      for (Value& v : LocRow(s.location)) row.push_back(std::move(v));
      return row;
    });
  }
  Status UpsertUnits(std::span<const Unit> units, UpsertCounts* counts) override {
    return Upsert(kUnits, units, counts, [](const Unit& u) {
      return Row{u.source_id, u.call_sign, u.kind, u.station_id, u.shift_hours};
    });
  }
  Status UpsertCameras(std::span<const Camera> cameras, UpsertCounts* counts) override {
    return Upsert(kCameras, cameras, counts, [](const Camera& c) {
      Row row{c.source_id};
      for (Value& v : LocRow(c.location)) row.push_back(std::move(v));
      row.insert(row.end(), {Opt(c.heading_deg), c.field_of_view_deg, c.range_m, c.purpose});
      return row;
    });
  }
  Status UpsertPointsOfInterest(std::span<const PointOfInterest> pois,
                                UpsertCounts* counts) override {
    return Upsert(kPois, pois, counts, [](const PointOfInterest& p) {
      Row row{p.source_id, p.kind, p.name};
      for (Value& v : LocRow(p.location)) row.push_back(std::move(v));
      return row;
    });
  }
  Status UpsertPersonsOfInterest(std::span<const PersonOfInterest> persons,
                                 UpsertCounts* counts) override {
    return Upsert(kPersons, persons, counts, [](const PersonOfInterest& p) {
      Row row{p.source_id, p.full_name, p.birth_year ? Value(std::int64_t{*p.birth_year}) : Value(),
              p.status,
              p.offence_category ? Value(static_cast<std::int64_t>(*p.offence_category)) : Value()};
      if (p.location) {
        for (Value& v : LocRow(*p.location)) row.push_back(std::move(v));
      } else {
        row.resize(row.size() + 4);
      }
      return row;
    });
  }
  Status UpsertVehicles(std::span<const Vehicle> vehicles, UpsertCounts* counts) override {
    return Upsert(kVehicles, vehicles, counts, [](const Vehicle& v) {
      return Row{v.plate, v.make, v.model, v.color, Opt(v.hot_list)};
    });
  }
  Status UpsertPlateReads(std::span<const PlateRead> reads, UpsertCounts* counts) override {
    return Upsert(kPlateReads, reads, counts, [](const PlateRead& r) {
      Row row{r.source_id, r.plate, r.camera_id, std::int64_t{r.read_at}};
      for (Value& v : LocRow(r.location)) row.push_back(std::move(v));
      return row;
    });
  }
  Status UpsertRelations(std::span<const Relation> relations, UpsertCounts* counts) override {
    return Upsert(kRelations, relations, counts, [](const Relation& r) {
      return Row{
          r.source_id, r.kind, r.from_id, r.to_id, r.at ? Value(std::int64_t{*r.at}) : Value(),
          r.weight};
    });
  }

  Result<ReferenceCounts> Count() override {
    ReferenceCounts c;
    const std::pair<const char*, std::int64_t*> tables[] = {
        {"areas", &c.areas},
        {"stations", &c.stations},
        {"units", &c.units},
        {"cameras", &c.cameras},
        {"points_of_interest", &c.points_of_interest},
        {"persons_of_interest", &c.persons_of_interest},
        {"vehicles", &c.vehicles},
        {"plate_reads", &c.plate_reads},
        {"relations", &c.relations}};
    for (const auto& [table, out] : tables) {
      VIGIL_RETURN_IF_ERROR(Query(std::string("SELECT COUNT(*) FROM ") + table, {},
                                  [out = out](sqlite3_stmt* s) { *out = Int(s, 0); }));
    }
    return c;
  }

  Status ForEachArea(const std::string& kind,
                     const std::function<void(const Area&)>& visit) override {
    return Query(std::string(kAreaSelect) + " WHERE ?1 = '' OR kind = ?1 ORDER BY kind, code",
                 {kind}, [&](sqlite3_stmt* s) { visit(ReadArea(s)); });
  }
  Result<std::optional<Area>> FindArea(const std::string& kind, const std::string& code) override {
    std::optional<Area> found;
    VIGIL_RETURN_IF_ERROR(Query(std::string(kAreaSelect) + " WHERE kind = ? AND code = ?",
                                {kind, code}, [&](sqlite3_stmt* s) { found = ReadArea(s); }));
    return found;
  }
  Result<std::vector<std::pair<std::string, std::int64_t>>> AreaKinds() override {
    std::vector<std::pair<std::string, std::int64_t>> kinds;
    VIGIL_RETURN_IF_ERROR(
        Query("SELECT kind, COUNT(*) FROM areas GROUP BY kind ORDER BY kind", {},
              [&](sqlite3_stmt* s) { kinds.emplace_back(Text(s, 0), Int(s, 1)); }));
    return kinds;
  }

  Result<std::vector<Station>> ListStations() override {
    return List<Station>(
        "SELECT source_id, name, kind, district, lon, lat, x, y FROM stations ORDER BY source_id",
        [](sqlite3_stmt* s) {
          return Station{Text(s, 0), Text(s, 1), Text(s, 2), Text(s, 3), Loc(s, 4)};
        });
  }
  Result<std::vector<Unit>> ListUnits() override {
    return List<Unit>(
        "SELECT source_id, call_sign, kind, station_id, shift_hours FROM units ORDER BY source_id",
        [](sqlite3_stmt* s) {
          return Unit{Text(s, 0), Text(s, 1), Text(s, 2), Text(s, 3), Real(s, 4)};
        });
  }
  Result<std::vector<Camera>> ListCameras() override {
    return List<Camera>(
        "SELECT source_id, lon, lat, x, y, heading_deg, field_of_view_deg, range_m, purpose FROM "
        "cameras "
        "ORDER BY source_id",
        [](sqlite3_stmt* s) {
          return Camera{Text(s, 0),
                        Loc(s, 1),
                        IsNull(s, 5) ? std::nullopt : std::optional<double>(Real(s, 5)),
                        Real(s, 6),
                        Real(s, 7),
                        Text(s, 8)};
        });
  }
  Result<std::vector<PointOfInterest>> ListPointsOfInterest() override {
    return List<PointOfInterest>(
        "SELECT source_id, kind, name, lon, lat, x, y FROM points_of_interest ORDER BY source_id",
        [](sqlite3_stmt* s) {
          return PointOfInterest{Text(s, 0), Text(s, 1), Text(s, 2), Loc(s, 3)};
        });
  }
  Result<std::vector<PersonOfInterest>> ListPersonsOfInterest() override {
    return List<PersonOfInterest>(
        "SELECT source_id, full_name, birth_year, status, offence_category, lon, lat, x, y "
        "FROM persons_of_interest ORDER BY source_id",
        [](sqlite3_stmt* s) {
          PersonOfInterest p{Text(s, 0), Text(s, 1),   std::nullopt,
                             Text(s, 3), std::nullopt, std::nullopt};
          if (!IsNull(s, 2)) p.birth_year = static_cast<int>(Int(s, 2));
          const std::int64_t category = Int(s, 4);
          if (!IsNull(s, 4) && category >= 0 && category < kCategoryCount) {
            p.offence_category = static_cast<Category>(category);
          }
          if (!IsNull(s, 5)) p.location = Loc(s, 5);
          return p;
        });
  }
  Result<std::vector<Vehicle>> ListVehicles() override {
    return List<Vehicle>(
        "SELECT plate, make, model, color, hot_list FROM vehicles ORDER BY plate",
        [](sqlite3_stmt* s) {
          return Vehicle{Text(s, 0), Text(s, 1), Text(s, 2), Text(s, 3),
                         IsNull(s, 4) ? std::nullopt : std::optional<std::string>(Text(s, 4))};
        });
  }

  Status AppendUnitPosition(const UnitPosition& p) override {
    if (p.unit_id.empty()) return MakeError(ErrorCode::kInvalidArgument, "unit_id is empty");
    if (!(p.lon >= -180 && p.lon <= 180) || !(p.lat >= -90 && p.lat <= 90)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "position of unit '" + p.unit_id + "' is outside WGS84 lon/lat");
    }
    return Query(
        "INSERT INTO unit_positions (unit_id, at, lon, lat, status, reported_by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {p.unit_id, p.at, p.lon, p.lat, p.status, p.reported_by}, [](sqlite3_stmt*) {});
  }
  Result<std::vector<UnitPosition>> LatestUnitPositions() override {
    // One index probe per unit: each unit's last entry in (unit_id, at, id) order.
    return List<UnitPosition>(
        "SELECT p.unit_id, p.at, p.lon, p.lat, p.status, p.reported_by FROM "
        "(SELECT DISTINCT unit_id FROM unit_positions) AS u JOIN unit_positions AS p ON p.id = "
        "(SELECT id FROM unit_positions WHERE unit_id = u.unit_id ORDER BY at DESC, id DESC "
        "LIMIT 1) ORDER BY p.unit_id",
        ReadUnitPosition);
  }

  Result<std::vector<UnitPosition>> UnitTrack(const std::string& unit_id, UnixSeconds from,
                                              UnixSeconds to, std::int64_t limit) override {
    if (limit <= 0) return MakeError(ErrorCode::kInvalidArgument, "track limit must be positive");
    std::vector<UnitPosition> track;
    VIGIL_RETURN_IF_ERROR(
        Query("SELECT unit_id, at, lon, lat, status, reported_by FROM unit_positions "
              "WHERE unit_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id LIMIT ?4",
              {unit_id, from, to, limit},
              [&](sqlite3_stmt* s) { track.push_back(ReadUnitPosition(s)); }));
    return track;
  }

  Status ForEachPlateRead(const PlateReadFilter& filter,
                          const std::function<void(const PlateRead&)>& visit) override {
    return Query(
        "SELECT source_id, plate, camera_id, read_at, lon, lat, x, y FROM plate_reads "
        "WHERE (?1 IS NULL OR plate = ?1) AND (?2 IS NULL OR read_at >= ?2) AND (?3 IS NULL OR "
        "read_at < ?3) "
        "ORDER BY read_at, source_id",
        {Opt(filter.plate), Opt(filter.read_from), Opt(filter.read_to)}, [&](sqlite3_stmt* s) {
          visit(PlateRead{Text(s, 0), Text(s, 1), Text(s, 2), Int(s, 3), Loc(s, 4)});
        });
  }
  Status ForEachRelation(const std::string& kind,
                         const std::function<void(const Relation&)>& visit) override {
    return Query(
        "SELECT source_id, kind, from_id, to_id, at, weight FROM relations WHERE ?1 = '' OR kind = "
        "?1 "
        "ORDER BY source_id",
        {kind}, [&](sqlite3_stmt* s) {
          visit(Relation{Text(s, 0), Text(s, 1), Text(s, 2), Text(s, 3),
                         IsNull(s, 4) ? std::nullopt : std::optional<UnixSeconds>(Int(s, 4)),
                         Real(s, 5)});
        });
  }

 private:
  static constexpr const char* kAreaSelect =
      "SELECT kind, code, name, geometry_wkb, min_lon, min_lat, max_lon, max_lat, attributes FROM "
      "areas";

  static Area ReadArea(sqlite3_stmt* s) {
    Area a{Text(s, 0), Text(s, 1), Text(s, 2), {},        Real(s, 4),
           Real(s, 5), Real(s, 6), Real(s, 7), Text(s, 8)};
    const auto* blob = static_cast<const std::uint8_t*>(sqlite3_column_blob(s, 3));
    const int bytes = sqlite3_column_bytes(s, 3);
    if (blob != nullptr && bytes > 0) a.geometry_wkb.assign(blob, blob + bytes);
    return a;
  }

  Result<Stmt> Prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_.handle(), sql.c_str(), static_cast<int>(sql.size()), &stmt,
                           nullptr) != SQLITE_OK) {
      return db_.LastError("prepare '" + sql.substr(0, 60) + "'");
    }
    return Stmt(stmt);
  }

  Status StepError(sqlite3_stmt* stmt) {
    return db_.LastError(std::string("sqlite step '") +
                         std::string(sqlite3_sql(stmt)).substr(0, 60) + "'");
  }

  // Runs `sql` with `params`, calling `row` for each result row.
  Status Query(const std::string& sql, const Row& params,
               const std::function<void(sqlite3_stmt*)>& row) {
    auto stmt = Prepare(sql);
    if (!stmt.ok()) return stmt.error();
    for (std::size_t i = 0; i < params.size(); ++i)
      Bind(stmt->get(), static_cast<int>(i) + 1, params[i]);
    while (true) {
      const int rc = sqlite3_step(stmt->get());
      if (rc == SQLITE_DONE) return Status::Ok();
      if (rc != SQLITE_ROW) return StepError(stmt->get());
      row(stmt->get());
    }
  }

  template <typename T, typename Read>
  Result<std::vector<T>> List(const std::string& sql, Read read) {
    std::vector<T> out;
    VIGIL_RETURN_IF_ERROR(Query(sql, {}, [&](sqlite3_stmt* s) { out.push_back(read(s)); }));
    return out;
  }

  // Writes `items` in one transaction. `to_row` gives the key values then the value columns
  // in the order of `spec`.
  template <typename T, typename ToRow>
  Status Upsert(const TableSpec& spec, std::span<const T> items, UpsertCounts* counts,
                ToRow to_row) {
    if (items.empty()) return Status::Ok();
    auto exists = Prepare(ExistsSql(spec));
    if (!exists.ok()) return exists.error();
    auto upsert = Prepare(UpsertSql(spec));
    if (!upsert.ok()) return upsert.error();
    UpsertCounts batch;
    VIGIL_RETURN_IF_ERROR(sqlite::InTransaction(db_, [&]() -> Status {
      for (const T& item : items) {
        const Row row = to_row(item);
        sqlite3_stmt* e = exists->get();
        sqlite3_reset(e);
        for (std::size_t k = 0; k < spec.keys.size(); ++k) Bind(e, static_cast<int>(k) + 1, row[k]);
        const int found = sqlite3_step(e);
        if (found != SQLITE_ROW && found != SQLITE_DONE) return StepError(e);
        sqlite3_reset(e);
        sqlite3_stmt* u = upsert->get();
        sqlite3_reset(u);
        for (std::size_t i = 0; i < row.size(); ++i) Bind(u, static_cast<int>(i) + 1, row[i]);
        if (sqlite3_step(u) != SQLITE_DONE) return StepError(u);
        if (found == SQLITE_DONE) {
          ++batch.inserted;
        } else if (sqlite3_changes(db_.handle()) > 0) {
          ++batch.updated;
        } else {
          ++batch.unchanged;
        }
      }
      return Status::Ok();
    }));
    if (counts != nullptr) *counts += batch;
    return Status::Ok();
  }

  sqlite::Database db_;
};

}  // namespace

Result<std::unique_ptr<ReferenceStore>> OpenSqliteReferenceStore(const std::string& path) {
  auto db = sqlite::OpenStoreDatabase(path);
  if (!db.ok()) return db.error();
  return std::unique_ptr<ReferenceStore>(std::make_unique<SqliteReferenceStore>(std::move(*db)));
}

}  // namespace vigil
