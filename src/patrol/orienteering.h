// Team orienteering: K routes, each from a start site to an end site within a time budget,
// collecting the scores of the sites they visit. Used for patrol plans (sites = stations and
// hotspot cells, score = risk) and checked on the Chao, Golden & Wasil benchmark.
//
// Method: best-ratio insertion builds a first plan; an iterated local search then repeats
// ruin (remove a random segment of every route, or the stops near a random site) and recreate
// (2-opt each route to shorten it, then best-ratio insertion with a little score noise, then
// "replace" moves that swap a visited site for a better unvisited one), accepting a new plan
// when it is not much worse than the current one and restarting from the best now and then.
// Deterministic for a given seed and iteration limit. See docs/patrol.md.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"

namespace vigil::patrol {

// Travel time between two sites of a problem, in seconds (or the benchmark's length unit).
// Implementations are immutable; Seconds is called from one thread at a time.
class TravelTimes {
 public:
  virtual ~TravelTimes() = default;
  // Number of sites; site ids are 0 .. size() - 1.
  virtual int size() const = 0;
  // Time to go from `from` to `to` (>= 0, finite; 0 when from == to). May be asymmetric.
  virtual double Seconds(int from, int to) const = 0;
};

struct Point {
  double x = 0;  // metres (projected), or benchmark units
  double y = 0;
};

// Straight-line distance at a constant speed: |a - b| / speed. The road-network implementation
// (src/roads) will replace it for real plans.
class EuclideanTravelTimes final : public TravelTimes {
 public:
  // `speed` in distance units per second, > 0 (1 = plain Euclidean distance).
  EuclideanTravelTimes(std::vector<Point> points, double speed);
  int size() const override { return static_cast<int>(points_.size()); }
  double Seconds(int from, int to) const override;

 private:
  std::vector<Point> points_;
  double speed_ = 1;
};

// One route: where it starts and ends (may be the same site) and its time budget.
struct RouteSpec {
  int start = 0;    // site id
  int end = 0;      // site id
  double tmax = 0;  // time budget, same unit as TravelTimes, >= 0
};

struct OrienteeringProblem {
  const TravelTimes* travel = nullptr;  // not owned; must outlive the solve
  std::vector<double> score;            // per site, >= 0; sites used as a start or end never score
  std::vector<double> dwell;            // per site time spent at a visit, >= 0; empty = all 0
  std::vector<RouteSpec> routes;        // K >= 1 routes

  Status Validate() const;
};

struct SolverOptions {
  // Seed of the pseudo-random generator; same seed + same limits = same plan. Default 1.
  std::uint64_t seed = 1;
  // Iterations of the local search after construction; >= 0. Default 2000.
  int max_iterations = 2000;
  // Wall-clock limit in seconds counted from the start of the construction (which always
  // completes), checked before each local-search iteration; 0 = none (default). Makes results
  // depend on machine speed: use max_iterations where results must be reproducible.
  double time_limit_s = 0;
  // Score of a repeat visit by another route, as a fraction of the site's score: the k-th
  // visit of a site earns score * fraction^(k-1). 0 (default) = a site scores once and is
  // visited at most once. In [0, 1).
  double repeat_fraction = 0;
  // When true, return a plan drawn at random (by `seed`) from the distinct plans found within
  // `near_optimal_percent` of the best, instead of the best. Default false.
  bool randomise = false;
  // Width of the near-optimal band for `randomise`, percent of the best score, in [0, 100].
  // Default 5.
  double near_optimal_percent = 5;

  Status Validate() const;
};

struct OrienteeringSolution {
  // Per route, the visited sites in order, excluding its start and end.
  std::vector<std::vector<int>> routes;
  std::vector<double> route_time;  // per route, travel + dwell from start to end
  double score = 0;                // collected score (with repeat discounts)
  double best_score = 0;           // best score found (= score unless randomised)
  int iterations = 0;              // local-search iterations run
  int near_optimal_plans = 1;      // distinct plans within the band (randomise only)
};

Result<OrienteeringSolution> SolveOrienteering(const OrienteeringProblem& problem,
                                               const SolverOptions& options);

// Duration of a route visiting `stops` (start and end excluded) in order: travel + dwell.
double RouteTime(const OrienteeringProblem& problem, const RouteSpec& route,
                 const std::vector<int>& stops);

// Score of a set of routes under `repeat_fraction` (see SolverOptions).
double PlanScore(const OrienteeringProblem& problem, const std::vector<std::vector<int>>& routes,
                 double repeat_fraction);

}  // namespace vigil::patrol
