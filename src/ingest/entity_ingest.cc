#include "ingest/entity_ingest.h"

#include <array>
#include <cctype>
#include <cmath>
#include <functional>

#include "core/csv_reader.h"
#include "core/text.h"
#include "core/time.h"
#include "geo/projection.h"

namespace vigil::ingest {
namespace {

constexpr std::string_view kStationColumns[] = {"id", "name", "kind", "district", "lon", "lat"};
constexpr std::string_view kUnitColumns[] = {"id", "call_sign", "kind", "station_id",
                                             "shift_hours"};
constexpr std::string_view kCameraColumns[] = {
    "id", "lon", "lat", "heading_deg", "field_of_view_deg", "range_m", "purpose"};
constexpr std::string_view kPoiColumns[] = {"id", "kind", "name", "lon", "lat"};
constexpr std::string_view kPersonColumns[] = {
    "id", "full_name", "birth_year", "status", "offence_category", "lon", "lat"};
constexpr std::string_view kVehicleColumns[] = {"plate", "make", "model", "color", "hot_list"};
constexpr std::string_view kPlateReadColumns[] = {"id",      "plate", "camera_id",
                                                  "read_at", "lon",   "lat"};
constexpr std::string_view kRelationColumns[] = {"id", "kind", "from_id", "to_id", "at", "weight"};

// Why a row was refused: the column at fault and a sentence.
struct FieldError {
  std::string field;
  std::string reason;
};
using Problem = std::optional<FieldError>;

// One data row with its columns found by header name.
class Row {
 public:
  Row(const CsvRecord& record, const std::vector<std::size_t>& columns)
      : record_(record), columns_(columns) {}
  // Trimmed text of a required column, by its position in the layer's column list.
  std::string_view operator[](std::size_t column) const {
    return Trim(record_.fields[columns_[column]]);
  }
  std::string Text(std::size_t column) const { return ToUtf8Lenient((*this)[column]); }

 private:
  const CsvRecord& record_;
  const std::vector<std::size_t>& columns_;
};

Problem Error(std::string_view field, std::string reason) {
  return FieldError{std::string(field), std::move(reason)};
}

Problem Required(const Row& row, std::size_t column, std::string_view name) {
  if (row[column].empty()) return Error(name, "empty " + std::string(name));
  return std::nullopt;
}

Problem Number(const Row& row, std::size_t column, std::string_view name, double* out) {
  if (!ParseDouble(row[column], out) || !std::isfinite(*out)) {
    return Error(name, "'" + std::string(row[column]) + "' is not a number");
  }
  return std::nullopt;
}

// UTC "YYYY-MM-DD HH:MM:SS", or ISO 8601 ("2024-01-02T03:04:05Z").
Problem Time(const Row& row, std::size_t column, std::string_view name, UnixSeconds* out) {
  LocalDateTime t;
  if (ParseLocalDateTime(row[column], "%Y-%m-%d %H:%M:%S", &t)) {
    *out = AsIfUtc(t);
    return std::nullopt;
  }
  auto iso = ParseUtc(row[column]);
  if (!iso.ok())
    return Error(name, "'" + std::string(row[column]) + "' is not a UTC time YYYY-MM-DD HH:MM:SS");
  *out = *iso;
  return std::nullopt;
}

// Upper case, spaces and hyphens removed: "ab 123-c" -> "AB123C".
std::string NormalisePlate(std::string_view plate) {
  std::string out;
  for (const char c : plate) {
    if (c == ' ' || c == '-') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

// Turns lon/lat columns into a Location: from the input CRS to WGS84, then to the city CRS,
// choosing the city CRS from the first point when the store has none.
class Locator {
 public:
  static Result<Locator> Create(const std::string& coordinate_crs, const std::string& city_crs) {
    Locator locator;
    if (!coordinate_crs.empty()) {
      auto to_wgs84 = geo::Projector::Create(coordinate_crs, "EPSG:4326");
      if (!to_wgs84.ok()) return to_wgs84.error();
      locator.to_wgs84_.emplace(std::move(*to_wgs84));
    }
    if (!city_crs.empty()) VIGIL_RETURN_IF_ERROR(locator.SetCity(city_crs));
    return locator;
  }

  Problem Locate(const Row& row, std::size_t lon_column, std::size_t lat_column, Location* out) {
    double a = 0;
    double b = 0;
    if (auto p = Number(row, lon_column, "lon", &a)) return p;
    if (auto p = Number(row, lat_column, "lat", &b)) return p;
    if (to_wgs84_) {
      geo::XY ll;
      if (!to_wgs84_->Transform(a, b, &ll))
        return Error("lon", "coordinates cannot be converted to WGS84");
      a = ll.x;
      b = ll.y;
    }
    if (a == 0 && b == 0) return Error("lon", "coordinates 0,0 (no location)");
    if (a < -180 || a > 180)
      return Error("lon", "longitude " + std::to_string(a) + " outside [-180, 180]");
    if (b < -90 || b > 90)
      return Error("lat", "latitude " + std::to_string(b) + " outside [-90, 90]");
    if (!to_city_) {
      if (Status s = SetCity(geo::UtmCrsFor(a, b)); !s.ok()) return Error("lon", s.error().message);
    }
    geo::XY xy;
    if (!to_city_->Transform(a, b, &xy))
      return Error("lon", "coordinates outside the city CRS " + city_crs_);
    *out = Location{.lon = a, .lat = b, .x = xy.x, .y = xy.y};
    return std::nullopt;
  }

  const std::string& city_crs() const { return city_crs_; }

 private:
  Status SetCity(const std::string& crs) {
    auto to_city = geo::Projector::Create("EPSG:4326", crs);
    if (!to_city.ok()) return to_city.error();
    to_city_.emplace(std::move(*to_city));
    city_crs_ = crs;
    return Status::Ok();
  }

  std::optional<geo::Projector> to_wgs84_;
  std::optional<geo::Projector> to_city_;
  std::string city_crs_;
};

// Column positions follow the k*Columns arrays above.
Problem ParseStation(const Row& r, Locator& loc, Station* s) {
  if (auto p = Required(r, 0, "id")) return p;
  *s = Station{r.Text(0), r.Text(1), r.Text(2), r.Text(3), {}};
  return loc.Locate(r, 4, 5, &s->location);
}

Problem ParseUnit(const Row& r, Locator&, Unit* u) {
  if (auto p = Required(r, 0, "id")) return p;
  *u = Unit{r.Text(0), r.Text(1), r.Text(2), r.Text(3), 8};
  if (!r[4].empty()) {
    if (auto p = Number(r, 4, "shift_hours", &u->shift_hours)) return p;
    if (u->shift_hours <= 0 || u->shift_hours > 24)
      return Error("shift_hours", "shift_hours outside (0, 24]");
  }
  return std::nullopt;
}

Problem ParseCamera(const Row& r, Locator& loc, Camera* c) {
  if (auto p = Required(r, 0, "id")) return p;
  *c = Camera{r.Text(0), {}, std::nullopt, 360, 50, r.Text(6)};
  if (!r[3].empty()) {
    double heading = 0;
    if (auto p = Number(r, 3, "heading_deg", &heading)) return p;
    if (heading < 0 || heading >= 360) return Error("heading_deg", "heading outside [0, 360)");
    c->heading_deg = heading;
  }
  if (!r[4].empty()) {
    if (auto p = Number(r, 4, "field_of_view_deg", &c->field_of_view_deg)) return p;
    if (c->field_of_view_deg <= 0 || c->field_of_view_deg > 360) {
      return Error("field_of_view_deg", "field of view outside (0, 360]");
    }
  }
  if (!c->heading_deg) c->field_of_view_deg = 360;
  if (!r[5].empty()) {
    if (auto p = Number(r, 5, "range_m", &c->range_m)) return p;
    if (c->range_m <= 0) return Error("range_m", "range must be positive");
  }
  return loc.Locate(r, 1, 2, &c->location);
}

Problem ParsePoi(const Row& r, Locator& loc, PointOfInterest* p) {
  if (auto e = Required(r, 0, "id")) return e;
  if (auto e = Required(r, 1, "kind")) return e;
  *p = PointOfInterest{r.Text(0), r.Text(1), r.Text(2), {}};
  return loc.Locate(r, 3, 4, &p->location);
}

Problem ParsePerson(const Row& r, Locator& loc, PersonOfInterest* p) {
  if (auto e = Required(r, 0, "id")) return e;
  *p = PersonOfInterest{r.Text(0), r.Text(1), std::nullopt, r.Text(3), std::nullopt, std::nullopt};
  if (!r[2].empty()) {
    long long year = 0;
    if (!ParseInt64(r[2], &year) || year < 1900 || year > 2100) {
      return Error("birth_year", "'" + std::string(r[2]) + "' is not a year 1900-2100");
    }
    p->birth_year = static_cast<int>(year);
  }
  if (!r[4].empty()) {
    p->offence_category = ParseCategory(r[4]);
    if (!p->offence_category)
      return Error("offence_category", "unknown category '" + std::string(r[4]) + "'");
  }
  if (r[5].empty() && r[6].empty()) return std::nullopt;  // no known address
  p->location.emplace();
  return loc.Locate(r, 5, 6, &*p->location);
}

Problem ParseVehicle(const Row& r, Locator&, Vehicle* v) {
  *v = Vehicle{NormalisePlate(r[0]), r.Text(1), r.Text(2), r.Text(3), std::nullopt};
  if (v->plate.empty()) return Error("plate", "empty plate");
  if (!r[4].empty()) v->hot_list = r.Text(4);
  return std::nullopt;
}

Problem ParsePlateRead(const Row& r, Locator& loc, PlateRead* p) {
  if (auto e = Required(r, 0, "id")) return e;
  *p = PlateRead{r.Text(0), NormalisePlate(r[1]), r.Text(2), 0, {}};
  if (p->plate.empty()) return Error("plate", "empty plate");
  if (auto e = Time(r, 3, "read_at", &p->read_at)) return e;
  return loc.Locate(r, 4, 5, &p->location);
}

Problem ParseRelation(const Row& r, Locator&, Relation* rel) {
  if (auto e = Required(r, 0, "id")) return e;
  if (auto e = Required(r, 1, "kind")) return e;
  if (auto e = Required(r, 2, "from_id")) return e;
  if (auto e = Required(r, 3, "to_id")) return e;
  *rel = Relation{r.Text(0), r.Text(1), r.Text(2), r.Text(3), std::nullopt, 1};
  if (!r[4].empty()) {
    UnixSeconds at = 0;
    if (auto e = Time(r, 4, "at", &at)) return e;
    rel->at = at;
  }
  if (!r[5].empty()) {
    if (auto e = Number(r, 5, "weight", &rel->weight)) return e;
  }
  return std::nullopt;
}

// Shared state of one file's load.
struct LoadContext {
  Store& settings;
  ReferenceStore& refs;
  CsvReader& reader;
  const std::vector<std::size_t>& columns;
  Locator& locator;
  const EntityIngestOptions& options;
  EntityIngestSummary& summary;
  bool crs_saved = false;
};

template <typename T>
using Parser = Problem (*)(const Row&, Locator&, T*);
template <typename T>
using Writer = Status (ReferenceStore::*)(std::span<const T>, UpsertCounts*);

template <typename T>
Status Load(LoadContext& ctx, Parser<T> parse, Writer<T> write) {
  std::vector<T> batch;
  auto flush = [&]() -> Status {
    if (!ctx.crs_saved && !ctx.locator.city_crs().empty()) {
      VIGIL_RETURN_IF_ERROR(ctx.settings.SetSetting("city.crs", ctx.locator.city_crs()));
      ctx.crs_saved = true;
    }
    VIGIL_RETURN_IF_ERROR((ctx.refs.*write)(batch, &ctx.summary.counts));
    batch.clear();
    return Status::Ok();
  };
  CsvRecord record;
  while (ctx.reader.Next(&record)) {
    ++ctx.summary.rows;
    Problem problem;
    T item;
    std::size_t needed = 0;
    for (std::size_t c : ctx.columns) needed = std::max(needed, c + 1);
    if (record.fields.size() < needed) {
      problem = Error("*", "expected at least " + std::to_string(needed) + " fields, found " +
                               std::to_string(record.fields.size()));
    } else {
      problem = parse(Row(record, ctx.columns), ctx.locator, &item);
    }
    if (problem) {
      ++ctx.summary.rejected;
      if (ctx.summary.rejects.size() < ctx.options.max_rejects_kept) {
        ctx.summary.rejects.push_back(RejectedRow{
            ctx.summary.file, record.line, std::move(problem->field), std::move(problem->reason)});
      }
      continue;
    }
    batch.push_back(std::move(item));
    if (static_cast<std::int64_t>(batch.size()) >= ctx.options.batch_rows)
      VIGIL_RETURN_IF_ERROR(flush());
  }
  return flush();
}

}  // namespace

std::string_view EntityLayerName(EntityLayer layer) {
  switch (layer) {
    case EntityLayer::kStations: return "stations";
    case EntityLayer::kUnits: return "units";
    case EntityLayer::kCameras: return "cameras";
    case EntityLayer::kPois: return "pois";
    case EntityLayer::kPersons: return "persons";
    case EntityLayer::kVehicles: return "vehicles";
    case EntityLayer::kPlateReads: return "plate-reads";
    case EntityLayer::kRelations: return "relations";
  }
  return "unknown";
}

std::optional<EntityLayer> ParseEntityLayer(std::string_view name) {
  std::string wanted = ToLower(Trim(name));
  for (char& c : wanted) c = c == '_' ? '-' : c;
  for (int i = 0; i <= static_cast<int>(EntityLayer::kRelations); ++i) {
    const auto layer = static_cast<EntityLayer>(i);
    if (EntityLayerName(layer) == wanted) return layer;
  }
  return std::nullopt;
}

std::span<const std::string_view> EntityLayerColumns(EntityLayer layer) {
  switch (layer) {
    case EntityLayer::kStations: return kStationColumns;
    case EntityLayer::kUnits: return kUnitColumns;
    case EntityLayer::kCameras: return kCameraColumns;
    case EntityLayer::kPois: return kPoiColumns;
    case EntityLayer::kPersons: return kPersonColumns;
    case EntityLayer::kVehicles: return kVehicleColumns;
    case EntityLayer::kPlateReads: return kPlateReadColumns;
    case EntityLayer::kRelations: return kRelationColumns;
  }
  return {};
}

Status EntityIngestOptions::Validate() const {
  if (batch_rows <= 0) return MakeError(ErrorCode::kInvalidArgument, "batch_rows must be positive");
  return Status::Ok();
}

Result<EntityIngestSummary> IngestEntityCsv(Store& settings, ReferenceStore& refs,
                                            EntityLayer layer, const std::string& path,
                                            const EntityIngestOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.error();
  CsvRecord header;
  if (!reader->Next(&header)) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + path + "' is empty: no header row");
  }
  std::vector<std::size_t> columns;
  std::string missing;
  for (std::string_view wanted : EntityLayerColumns(layer)) {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < header.fields.size() && !found; ++i) {
      if (EqualsIgnoreCase(Trim(header.fields[i]), wanted)) found = i;
    }
    if (found) {
      columns.push_back(*found);
    } else {
      missing += (missing.empty() ? "" : ", ") + std::string(wanted);
    }
  }
  if (!missing.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + path + "' is not a " +
                                                      std::string(EntityLayerName(layer)) +
                                                      " file: missing column " + missing);
  }
  auto city_crs = settings.GetSetting("city.crs");
  if (!city_crs.ok()) return city_crs.error();
  auto locator = Locator::Create(options.coordinate_crs, city_crs->value_or(""));
  if (!locator.ok()) return locator.error();

  EntityIngestSummary summary;
  summary.file = path;
  summary.layer = std::string(EntityLayerName(layer));
  LoadContext ctx{settings, refs,    *reader, columns,
                  *locator, options, summary, city_crs->has_value()};
  Status status;
  switch (layer) {
    case EntityLayer::kStations:
      status = Load<Station>(ctx, ParseStation, &ReferenceStore::UpsertStations);
      break;
    case EntityLayer::kUnits:
      status = Load<Unit>(ctx, ParseUnit, &ReferenceStore::UpsertUnits);
      break;
    case EntityLayer::kCameras:
      status = Load<Camera>(ctx, ParseCamera, &ReferenceStore::UpsertCameras);
      break;
    case EntityLayer::kPois:
      status = Load<PointOfInterest>(ctx, ParsePoi, &ReferenceStore::UpsertPointsOfInterest);
      break;
    case EntityLayer::kPersons:
      status = Load<PersonOfInterest>(ctx, ParsePerson, &ReferenceStore::UpsertPersonsOfInterest);
      break;
    case EntityLayer::kVehicles:
      status = Load<Vehicle>(ctx, ParseVehicle, &ReferenceStore::UpsertVehicles);
      break;
    case EntityLayer::kPlateReads:
      status = Load<PlateRead>(ctx, ParsePlateRead, &ReferenceStore::UpsertPlateReads);
      break;
    case EntityLayer::kRelations:
      status = Load<Relation>(ctx, ParseRelation, &ReferenceStore::UpsertRelations);
      break;
  }
  if (!status.ok()) return status.error();
  summary.city_crs = locator->city_crs();
  return summary;
}

}  // namespace vigil::ingest
