// Risk-weighted patrol plans: K cars, each leaving its station and back within its shift,
// stop at hotspot cells of a risk forecast for a dwell time each, to cover as much expected
// crime as possible. Sites are the stations and the top-N cells by (priority-weighted) risk;
// the plan is a team-orienteering solution over them (orienteering.h). See docs/patrol.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "geo/grid.h"
#include "patrol/orienteering.h"

namespace vigil::patrol {

struct Station {
  std::string name;  // label in outputs
  double x = 0;      // metres, same projected CRS as the grid
  double y = 0;
};

struct Car {
  std::string name;        // label in outputs; empty = "car-<index>"
  int station = 0;         // index into PlanOptions::stations; the car starts and ends there
  double shift_s = 28800;  // shift length in seconds, > 0; default 8 h
};

// Cells whose risk counts `multiplier` times (the largest multiplier applies where areas overlap).
struct PriorityArea {
  std::vector<std::int64_t> cells;  // grid cell ids
  double multiplier = 2;            // >= 0, finite; default 2
};

// Builds travel times over the plan's sites (stations first, then candidate cell centres),
// in seconds. Used to plug in the road network; empty = straight lines at speed_kmh.
using TravelTimesFactory =
    std::function<Result<std::unique_ptr<TravelTimes>>(const std::vector<Point>& sites)>;

struct PlanOptions {
  std::span<const double>
      forecast;    // expected count per grid cell (grid.cell_count() entries, >= 0); not owned
  geo::Grid grid;  // the forecast's grid
  std::vector<Station> stations;  // at least one
  std::vector<Car> cars;          // at least one
  int top_n = 300;  // candidate sites: this many cells with the highest weighted risk, >= 1
  std::vector<PriorityArea> priority_areas;  // risk multipliers; none by default
  std::vector<std::int64_t> no_go_cells;     // cells never used as stops
  // Time spent at each stop in seconds, >= 0. Default 15 min: Koper (1995) found that the
  // deterrent effect of a police presence grows up to about 15 minutes and then wanes.
  double dwell_s = 900;
  double speed_kmh = 30;              // average travel speed for straight-line travel, > 0
  TravelTimesFactory travel_factory;  // empty = EuclideanTravelTimes at speed_kmh
  SolverOptions solver;               // search limits, seed, repeat visits, randomisation

  Status Validate() const;
};

struct Stop {
  std::int64_t cell = -1;  // grid cell id
  double x = 0;            // cell centre, metres
  double y = 0;
  double arrive_s = 0;  // seconds after the shift start
  double depart_s = 0;  // arrive_s + dwell
  double risk = 0;      // the cell's expected count (forecast)
  double score = 0;     // risk x priority multiplier, as counted by the plan for this visit
};

struct Itinerary {
  std::string car;
  int station = 0;
  double station_x = 0;  // metres
  double station_y = 0;
  std::vector<Stop> stops;
  double return_s = 0;      // back at the station, seconds after the shift start (<= shift_s)
  double risk_covered = 0;  // sum of stops' risk
};

struct PatrolPlan {
  std::vector<Itinerary> cars;  // in PlanOptions::cars order
  double risk_covered = 0;      // sum of the risk of the distinct cells visited
  double score = 0;             // objective: weighted risk, with repeat-visit discounts
  int stops = 0;                // stops over all cars
  int candidate_sites = 0;      // cells considered
  int iterations = 0;           // solver iterations (0 for the greedy baseline)
};

// The sites of a plan: stations then candidate cells.
struct PlanSites {
  std::vector<Point> points;       // stations first, then candidate cell centres
  std::vector<std::int64_t> cell;  // per site; -1 for stations
  std::vector<double> risk;        // per site forecast; 0 for stations
  std::vector<double> score;       // per site weighted risk; 0 for stations
  int station_count = 0;
};

// Selects candidate cells (top_n by weighted risk > 0, no-go cells excluded; ties by lower
// cell id) and lays out the sites. Options must be valid.
PlanSites BuildPlanSites(const PlanOptions& options);
// Travel times for the sites: the factory's, or straight lines at speed_kmh.
Result<std::unique_ptr<TravelTimes>> MakeTravelTimes(const PlanOptions& options,
                                                     const PlanSites& sites);
// Turns per-car site sequences (candidate site ids) into itineraries with times and totals.
PatrolPlan MakePlan(const PlanOptions& options, const PlanSites& sites, const TravelTimes& travel,
                    const std::vector<std::vector<int>>& routes);

// Upper bound on the risk any plan with these options, sites and travel times can cover (each
// cell counted once): OrienteeringUpperBound with the sites' risk as their score. Tells how far
// a plan is from the best possible; O(n^2) travel look-ups for n sites.
double PlanRiskUpperBound(const PlanOptions& options, const PlanSites& sites,
                          const TravelTimes& travel);

// The risk-weighted plan (team orienteering). Deterministic for options.solver.seed and
// max_iterations (without a time limit).
Result<PatrolPlan> PlanPatrols(const PlanOptions& options);

// Baseline: each car in turn (the one with the earliest clock first) drives to the nearest
// candidate no car has visited yet, when it can still dwell there and get back in its shift.
// Same candidates, dwell, travel and cars as PlanPatrols.
Result<PatrolPlan> PlanGreedy(const PlanOptions& options);

}  // namespace vigil::patrol
