// The synthetic city generator: a deterministic city (roads, districts, neighbourhoods, points
// of interest, police stations, units, cameras, persons of interest, vehicles, plate reads,
// relations) with two years of incidents drawn from a KNOWN self-exciting model and calls for
// service, written as the ordinary files `vigil ingest` loads (docs/file-formats.md, section
// "Synthetic city files") plus truth.json, the parameters models should recover.
// Same options (seed included) => byte-identical files on every run.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "model/entities.h"
#include "model/records.h"
#include "sim/city_layout.h"
#include "sim/incident_process.h"

namespace vigil::sim {

struct SimOptions {
  // Seed of every random draw. Same seed (and options) => identical files. Default 1.
  std::uint64_t seed = 1;
  // First local day of the simulated period, "YYYY-MM-DD", midnight in `timezone`. Default
  // "2023-01-01".
  std::string start_date = "2023-01-01";
  // Length of the simulated period in days, 1-3650. Default 730 (two years).
  int days = 730;
  // Multiplier of every category's background rate, > 0 and <= 20. Default 1 (about 45,000
  // incidents in 730 days).
  double incident_scale = 1.0;
  // Multiplier of every category's branching ratio theta, [0, 1.5]. 0 turns self-excitation
  // off (a pure Poisson control for tests). Default 1.
  double theta_scale = 1.0;
  // Expected calls per day that are not tied to a generated incident (EMS, fire, traffic,
  // noise, welfare checks...), >= 0. Default 40.
  double other_calls_per_day = 40;
  // Plate reads cover the last `plate_read_days` days of the period (capped at `days`), >= 0.
  // Default 28.
  int plate_read_days = 28;
  // IANA time zone of the city; hourly and weekday cycles are in its wall-clock time.
  // Default "Asia/Seoul".
  std::string timezone = "Asia/Seoul";
  // Centre of the city, WGS84 degrees. Default 126.98, 37.55 (Seoul).
  double center_lon = 126.98;
  double center_lat = 37.55;
  // Projected CRS of the city (metres). Default "EPSG:32652" (UTM zone 52N).
  std::string crs = "EPSG:32652";

  Status Validate() const;
};

// Rows written per file.
using SimCounts = std::map<std::string, std::int64_t>;

// The whole generated city in memory, before it is written.
struct City {
  SimOptions options;
  Layout layout;
  UnixSeconds start_utc = 0;         // first instant of the period (local midnight of start_date)
  UnixSeconds end_utc = 0;           // end of the period, exclusive
  std::vector<CategoryTruth> truth;  // one per simulated category
  std::vector<Incident> incidents;   // sorted by occurrence time
  std::vector<IncidentTruth> incident_truth;  // parallel to incidents
  std::vector<Call> calls;                    // sorted by receipt time
  std::vector<Station> stations;
  std::vector<Unit> units;
  std::vector<Camera> cameras;
  std::vector<PersonOfInterest> persons;
  std::vector<Vehicle> vehicles;
  std::vector<PlateRead> plate_reads;  // sorted by read time
  std::vector<Relation> relations;
  std::vector<std::pair<std::string, std::string>> convoys;  // plate pairs travelling together
  std::vector<std::string> ring;  // person ids of the planted ring (relations)
};

// Generates the city in memory. Fails with kInvalidArgument for bad options, kUnsupported when
// the CRS or time zone is unknown.
Result<City> BuildCity(const SimOptions& options);

// Writes every file of `city` into `dir` (created when missing) and returns the row counts.
Result<SimCounts> WriteCity(const City& city, const std::string& dir);

// BuildCity then WriteCity.
Result<SimCounts> GenerateCity(const SimOptions& options, const std::string& dir);

}  // namespace vigil::sim
