#include "patrol/planner.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "patrol/orienteering_bound.h"

namespace vigil::patrol {
namespace {

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, "patrol plan: " + std::move(message));
}

bool FiniteNonNegative(double v) { return std::isfinite(v) && v >= 0; }

}  // namespace

Status PlanOptions::Validate() const {
  if (grid.columns <= 0 || grid.rows <= 0 || !(grid.cell_size > 0))
    return Invalid("the grid is empty");
  if (static_cast<std::int64_t>(forecast.size()) != grid.cell_count()) {
    return Invalid("the forecast has " + std::to_string(forecast.size()) + " cells, the grid " +
                   std::to_string(grid.cell_count()));
  }
  for (std::size_t i = 0; i < forecast.size(); ++i) {
    if (!FiniteNonNegative(forecast[i]))
      return Invalid("forecast of cell " + std::to_string(i) + " is not a finite number >= 0");
  }
  if (stations.empty()) return Invalid("no stations");
  for (const Station& s : stations) {
    if (!std::isfinite(s.x) || !std::isfinite(s.y))
      return Invalid("station '" + s.name + "' has no finite position");
  }
  if (cars.empty()) return Invalid("no cars");
  for (std::size_t c = 0; c < cars.size(); ++c) {
    if (cars[c].station < 0 || cars[c].station >= static_cast<int>(stations.size())) {
      return Invalid("car " + std::to_string(c) + " has an unknown station");
    }
    if (!(cars[c].shift_s > 0) || !std::isfinite(cars[c].shift_s))
      return Invalid("car " + std::to_string(c) + " has no positive shift");
  }
  if (top_n < 1) return Invalid("top_n must be >= 1");
  for (const PriorityArea& area : priority_areas) {
    if (!FiniteNonNegative(area.multiplier))
      return Invalid("a priority multiplier is not a finite number >= 0");
    for (std::int64_t cell : area.cells) {
      if (cell < 0 || cell >= grid.cell_count())
        return Invalid("priority cell " + std::to_string(cell) + " is outside the grid");
    }
  }
  for (std::int64_t cell : no_go_cells) {
    if (cell < 0 || cell >= grid.cell_count())
      return Invalid("no-go cell " + std::to_string(cell) + " is outside the grid");
  }
  if (!FiniteNonNegative(dwell_s)) return Invalid("dwell_s must be a finite number >= 0");
  if (!(speed_kmh > 0) || !std::isfinite(speed_kmh)) return Invalid("speed_kmh must be > 0");
  return solver.Validate();
}

PlanSites BuildPlanSites(const PlanOptions& options) {
  PlanSites sites;
  for (const Station& s : options.stations) {
    sites.points.push_back({s.x, s.y});
    sites.cell.push_back(-1);
    sites.risk.push_back(0);
    sites.score.push_back(0);
  }
  sites.station_count = static_cast<int>(options.stations.size());

  std::unordered_map<std::int64_t, double> multiplier;
  for (const PriorityArea& area : options.priority_areas) {
    for (std::int64_t cell : area.cells) {
      auto [it, inserted] = multiplier.emplace(cell, area.multiplier);
      if (!inserted) it->second = std::max(it->second, area.multiplier);
    }
  }
  const std::unordered_set<std::int64_t> no_go(options.no_go_cells.begin(),
                                               options.no_go_cells.end());
  std::vector<std::pair<double, std::int64_t>> ranked;  // (weighted risk, cell)
  for (std::int64_t cell = 0; cell < static_cast<std::int64_t>(options.forecast.size()); ++cell) {
    const double risk = options.forecast[static_cast<std::size_t>(cell)];
    if (!(risk > 0) || no_go.contains(cell)) continue;
    const auto it = multiplier.find(cell);
    const double weighted = risk * (it == multiplier.end() ? 1.0 : it->second);
    if (weighted > 0) ranked.emplace_back(weighted, cell);
  }
  auto better = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  const auto take = std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(options.top_n));
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(take),
                    ranked.end(), better);
  for (std::size_t i = 0; i < take; ++i) {
    const std::int64_t cell = ranked[i].second;
    sites.points.push_back({options.grid.CenterX(cell), options.grid.CenterY(cell)});
    sites.cell.push_back(cell);
    sites.risk.push_back(options.forecast[static_cast<std::size_t>(cell)]);
    sites.score.push_back(ranked[i].first);
  }
  return sites;
}

Result<std::unique_ptr<TravelTimes>> MakeTravelTimes(const PlanOptions& options,
                                                     const PlanSites& sites) {
  if (options.travel_factory) {
    auto travel = options.travel_factory(sites.points);
    if (!travel.ok()) return travel.error();
    if (*travel == nullptr || (*travel)->size() != static_cast<int>(sites.points.size())) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "patrol plan: the travel-time factory returned the wrong number of sites");
    }
    return std::move(travel).value();
  }
  return std::unique_ptr<TravelTimes>(
      std::make_unique<EuclideanTravelTimes>(sites.points, options.speed_kmh / 3.6));
}

PatrolPlan MakePlan(const PlanOptions& options, const PlanSites& sites, const TravelTimes& travel,
                    const std::vector<std::vector<int>>& routes) {
  PatrolPlan plan;
  plan.candidate_sites = static_cast<int>(sites.points.size()) - sites.station_count;
  std::unordered_map<int, int> visits;
  std::unordered_set<std::int64_t> covered;
  const double f = options.solver.repeat_fraction;
  for (std::size_t c = 0; c < options.cars.size(); ++c) {
    const Car& car = options.cars[c];
    const Station& station = options.stations[static_cast<std::size_t>(car.station)];
    Itinerary it;
    it.car = car.name.empty() ? "car-" + std::to_string(c + 1) : car.name;
    it.station = car.station;
    it.station_x = station.x;
    it.station_y = station.y;
    double clock = 0;
    int at = car.station;
    for (int site : routes[c]) {
      const auto us = static_cast<std::size_t>(site);
      Stop stop;
      stop.cell = sites.cell[us];
      stop.x = sites.points[us].x;
      stop.y = sites.points[us].y;
      stop.arrive_s = clock + travel.Seconds(at, site);
      stop.depart_s = stop.arrive_s + options.dwell_s;
      stop.risk = sites.risk[us];
      const int k = visits[site]++;
      stop.score = k == 0 ? sites.score[us] : (f > 0 ? sites.score[us] * std::pow(f, k) : 0.0);
      plan.score += stop.score;
      if (covered.insert(stop.cell).second) plan.risk_covered += stop.risk;
      it.risk_covered += stop.risk;
      clock = stop.depart_s;
      at = site;
      it.stops.push_back(stop);
    }
    it.return_s = clock + travel.Seconds(at, car.station);
    plan.stops += static_cast<int>(it.stops.size());
    plan.cars.push_back(std::move(it));
  }
  return plan;
}

double PlanRiskUpperBound(const PlanOptions& options, const PlanSites& sites,
                          const TravelTimes& travel) {
  OrienteeringProblem problem;
  problem.travel = &travel;
  problem.score = sites.risk;
  problem.dwell.assign(sites.points.size(), options.dwell_s);
  for (const Car& car : options.cars) {
    problem.routes.push_back({.start = car.station, .end = car.station, .tmax = car.shift_s});
  }
  return OrienteeringUpperBound(problem, 0);
}

Result<PatrolPlan> PlanPatrols(const PlanOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  const PlanSites sites = BuildPlanSites(options);
  auto travel = MakeTravelTimes(options, sites);
  if (!travel.ok()) return travel.error();
  OrienteeringProblem problem;
  problem.travel = travel->get();
  problem.score = sites.score;
  problem.dwell.assign(sites.points.size(), options.dwell_s);
  for (const Car& car : options.cars) {
    problem.routes.push_back({.start = car.station, .end = car.station, .tmax = car.shift_s});
  }
  auto solved = SolveOrienteering(problem, options.solver);
  if (!solved.ok()) return solved.error();
  PatrolPlan plan = MakePlan(options, sites, **travel, solved->routes);
  plan.iterations = solved->iterations;
  return plan;
}

Result<PatrolPlan> PlanGreedy(const PlanOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  const PlanSites sites = BuildPlanSites(options);
  auto travel_or = MakeTravelTimes(options, sites);
  if (!travel_or.ok()) return travel_or.error();
  const TravelTimes& travel = **travel_or;
  const int n = static_cast<int>(sites.points.size());
  const std::size_t k = options.cars.size();
  std::vector<std::vector<int>> routes(k);
  std::vector<double> clock(k, 0.0);
  std::vector<int> at(k);
  std::vector<char> active(k, 1);
  std::vector<char> visited(static_cast<std::size_t>(n), 0);
  for (std::size_t c = 0; c < k; ++c) at[c] = options.cars[c].station;
  while (true) {
    // The active car with the earliest clock moves next (ties: lower index).
    int car = -1;
    for (std::size_t c = 0; c < k; ++c) {
      if (active[c] && (car < 0 || clock[c] < clock[static_cast<std::size_t>(car)]))
        car = static_cast<int>(c);
    }
    if (car < 0) break;
    const auto uc = static_cast<std::size_t>(car);
    const int home = options.cars[uc].station;
    int next = -1;
    double next_time = 0;
    for (int s = sites.station_count; s < n; ++s) {
      if (visited[static_cast<std::size_t>(s)]) continue;
      const double go = travel.Seconds(at[uc], s);
      if (clock[uc] + go + options.dwell_s + travel.Seconds(s, home) >
          options.cars[uc].shift_s * (1 + 1e-12))
        continue;
      if (next < 0 || go < next_time) {
        next = s;
        next_time = go;
      }
    }
    if (next < 0) {
      active[uc] = 0;
      continue;
    }
    visited[static_cast<std::size_t>(next)] = 1;
    routes[uc].push_back(next);
    clock[uc] += next_time + options.dwell_s;
    at[uc] = next;
  }
  return MakePlan(options, sites, travel, routes);
}

}  // namespace vigil::patrol
