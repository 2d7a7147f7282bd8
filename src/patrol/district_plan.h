// Patrol plans per district: the cars of a shift are first shared out over the districts by
// predicted workload (allocation.h, with a minimum per district), then each district gets its
// own plan over the candidate cells inside it, with its cars starting at its stations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "patrol/allocation.h"
#include "patrol/planner.h"

namespace vigil::patrol {

struct District {
  std::string code;                 // label, e.g. the district code of the store's areas
  std::vector<std::int64_t> cells;  // grid cells inside the district
  std::vector<int> stations;        // indices into PlanOptions::stations serving it; empty =
                                    // the station nearest to the district's cells
  double predicted_calls = 0;       // expected calls for service in the shift, >= 0
};

struct DistrictPlanOptions {
  // Forecast, grid, stations, priorities, no-go cells, dwell, travel and solver settings.
  // `cars` is ignored: cars are made per district. top_n and solver.time_limit_s are for the
  // whole city: each district gets the share of its cars.
  PlanOptions plan;
  std::vector<District> districts;  // at least one; cells outside every district are not used
  int total_cars = 0;               // cars to share out, >= min_per_district x districts
  int min_per_district = 1;         // minimum staffing per district, >= 0; default 1
  double call_weight = 1.0;         // workload weight of one predicted call, >= 0; default 1
  double risk_weight = 1.0;         // workload weight of one expected crime, >= 0; default 1
  double shift_s = 28800;           // shift length of every car, seconds, > 0; default 8 h
  // Top-N candidates per district: plan.top_n x the district's share of the cars, at least
  // this many (default 50).
  int min_top_n = 50;

  Status Validate() const;
};

struct DistrictPlan {
  std::string code;
  double workload = 0;  // as used for the allocation
  int cars = 0;         // allocated
  PatrolPlan plan;      // that district's plan (car names "<code>-<k>")
};

struct DistrictPlans {
  std::vector<DistrictPlan> districts;  // in input order
  PatrolPlan merged;                    // every car of every district, in district order
  std::vector<Car> cars;                // the cars of `merged`, for itineraries
};

// `planner` is PlanPatrols or PlanGreedy.
using Planner = Result<PatrolPlan> (*)(const PlanOptions&);
Result<DistrictPlans> PlanByDistrict(const DistrictPlanOptions& options, Planner planner);

}  // namespace vigil::patrol
