// The synthetic city generator: options, the order of the stages, and the files written.
#include "sim/sim.h"

#include <filesystem>
#include <utility>

#include "sim/entities.h"
#include "sim/writers.h"

namespace vigil::sim {
namespace {

Error Invalid(const std::string& message) {
  return MakeError(ErrorCode::kInvalidArgument, message);
}

}  // namespace

Status SimOptions::Validate() const {
  LocalDateTime date;
  if (!ParseLocalDateTime(start_date, "%Y-%m-%d", &date) ||
      AsIfUtc(date) != DaysFromCivil(date.year, date.month, date.day) * 86400) {
    return Invalid("start_date \"" + start_date + "\" is not a date YYYY-MM-DD.");
  }
  if (days < 1 || days > 3650)
    return Invalid("days must be 1-3650, not " + std::to_string(days) + ".");
  if (!(incident_scale > 0) || incident_scale > 20)
    return Invalid("incident_scale must be in (0, 20].");
  if (!(other_calls_per_day >= 0) || other_calls_per_day > 100000)
    return Invalid("other_calls_per_day must be in [0, 100000].");
  if (!(theta_scale >= 0) || theta_scale > 1.5) return Invalid("theta_scale must be in [0, 1.5].");
  if (plate_read_days < 0) return Invalid("plate_read_days must be >= 0.");
  if (timezone.empty()) return Invalid("timezone must name an IANA time zone.");
  if (!(center_lon >= -180 && center_lon <= 180) || !(center_lat >= -80 && center_lat <= 84)) {
    return Invalid("The city centre must be a WGS84 longitude/latitude within UTM coverage.");
  }
  if (crs.empty()) return Invalid("crs must name a projected CRS.");
  return Status::Ok();
}

Result<City> BuildCity(const SimOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  auto zone = TimeZone::Load(options.timezone);
  if (!zone.ok()) return MakeError(ErrorCode::kUnsupported, zone.error().message);
  Rng root(options.seed);
  Rng layout_rng = root.Fork(1);
  Rng incident_rng = root.Fork(2);
  Rng call_rng = root.Fork(3);
  Rng entity_rng = root.Fork(4);
  Rng activity_rng = root.Fork(5);

  auto layout = Layout::Build(options.center_lon, options.center_lat, options.crs, layout_rng);
  if (!layout.ok()) return layout.error();

  City city;
  city.options = options;
  city.layout = std::move(*layout);
  LocalDateTime date;
  (void)ParseLocalDateTime(options.start_date, "%Y-%m-%d", &date);
  SimPeriod period;
  period.first_day = DaysFromCivil(date.year, date.month, date.day);
  period.days = options.days;
  period.start_utc = zone->ToUtc(date);
  LocalDateTime end = CivilFromUnix((period.first_day + options.days) * 86400);
  period.end_utc = zone->ToUtc(end);
  city.start_utc = period.start_utc;
  city.end_utc = period.end_utc;

  city.truth = DefaultCategoryTruth(city.layout, options.incident_scale);
  for (CategoryTruth& t : city.truth) t.theta *= options.theta_scale;
  VIGIL_RETURN_IF_ERROR(SimulateIncidents(city.layout, city.truth, period, *zone, incident_rng,
                                          &city.incidents, &city.incident_truth));
  SimulateCalls(city.layout, city.incidents, period, options.other_calls_per_day, *zone, call_rng,
                &city.calls);

  Entities entities;
  BuildFixedEntities(city.layout, entity_rng, &entities);
  BuildActivity(city.layout, period, options.plate_read_days, activity_rng, &entities);
  city.stations = std::move(entities.stations);
  city.units = std::move(entities.units);
  city.cameras = std::move(entities.cameras);
  city.persons = std::move(entities.persons);
  city.vehicles = std::move(entities.vehicles);
  city.plate_reads = std::move(entities.plate_reads);
  city.relations = std::move(entities.relations);
  city.convoys = std::move(entities.convoys);
  city.ring = std::move(entities.ring);
  return city;
}

Result<SimCounts> WriteCity(const City& city, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return MakeError(ErrorCode::kIo, "Cannot create directory " + dir + ": " + ec.message() + ".");
  const std::pair<std::string, std::string> files[] = {
      {"roads.geojson", RoadsGeoJson(city)},
      {"districts.geojson", AreasGeoJson(city, "district")},
      {"neighborhoods.geojson", AreasGeoJson(city, "neighborhood")},
      {"boundary.geojson", AreasGeoJson(city, "boundary")},
      {"pois.csv", PoisCsv(city)},
      {"stations.csv", StationsCsv(city)},
      {"units.csv", UnitsCsv(city)},
      {"cameras.csv", CamerasCsv(city)},
      {"persons.csv", PersonsCsv(city)},
      {"vehicles.csv", VehiclesCsv(city)},
      {"plate_reads.csv", PlateReadsCsv(city)},
      {"relations.csv", RelationsCsv(city)},
      {"incidents.csv", IncidentsCsv(city)},
      {"calls.csv", CallsCsv(city)},
      {"truth_cells.csv", TruthCellsCsv(city)},
  };
  SimCounts counts;
  for (const auto& [name, text] : files) {
    VIGIL_RETURN_IF_ERROR(WriteTextFile((std::filesystem::path(dir) / name).string(), text));
    const bool geojson = name.ends_with(".geojson");
    std::int64_t rows = 0;
    if (geojson) {
      for (std::size_t at = text.find("\"type\":\"Feature\""); at != std::string::npos;
           at = text.find("\"type\":\"Feature\"", at + 1)) {
        ++rows;
      }
    } else {
      for (const char c : text) rows += c == '\n' ? 1 : 0;
      rows -= 1;  // header
    }
    counts[name] = rows;
  }
  VIGIL_RETURN_IF_ERROR(
      WriteTextFile((std::filesystem::path(dir) / "truth.json").string(), TruthJson(city, counts)));
  return counts;
}

Result<SimCounts> GenerateCity(const SimOptions& options, const std::string& dir) {
  auto city = BuildCity(options);
  if (!city.ok()) return city.error();
  return WriteCity(*city, dir);
}

}  // namespace vigil::sim
