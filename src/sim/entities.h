// Reference entities of the synthetic city: police stations, units, cameras, persons of
// interest (fictional), vehicles, licence-plate reads with planted convoys, and relations with
// a planted ring of persons who call, pay and offend together.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/entities.h"
#include "sim/city_layout.h"
#include "sim/incident_process.h"
#include "sim/random.h"

namespace vigil::sim {

struct Entities {
  std::vector<Station> stations;  // HQ (ST00) and one per district
  std::vector<Unit> units;
  std::vector<Camera> cameras;
  std::vector<PersonOfInterest> persons;
  std::vector<Vehicle> vehicles;
  std::vector<PlateRead> plate_reads;  // sorted by read time
  std::vector<Relation> relations;
  std::vector<std::pair<std::string, std::string>> convoys;  // (lead plate, follower plate)
  std::vector<std::string> ring;                             // person ids of the planted ring
};

// Stations, units, cameras, persons and vehicles.
void BuildFixedEntities(const Layout& layout, Rng& rng, Entities* out);

// Plate reads over the last `read_days` days of `period` (convoys included) and relations.
void BuildActivity(const Layout& layout, const SimPeriod& period, int read_days, Rng& rng,
                   Entities* out);

}  // namespace vigil::sim
