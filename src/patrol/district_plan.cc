#include "patrol/district_plan.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>
#include <utility>

namespace vigil::patrol {
namespace {

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, "district plan: " + std::move(message));
}

int NearestStation(const PlanOptions& plan, const District& d) {
  double sx = 0;
  double sy = 0;
  for (std::int64_t c : d.cells) {
    sx += plan.grid.CenterX(c);
    sy += plan.grid.CenterY(c);
  }
  const double n = std::max<double>(1.0, static_cast<double>(d.cells.size()));
  sx /= n;
  sy /= n;
  int best = 0;
  double best_d = std::numeric_limits<double>::infinity();
  for (std::size_t s = 0; s < plan.stations.size(); ++s) {
    const double dist = std::hypot(plan.stations[s].x - sx, plan.stations[s].y - sy);
    if (dist < best_d) {
      best_d = dist;
      best = static_cast<int>(s);
    }
  }
  return best;
}

}  // namespace

Status DistrictPlanOptions::Validate() const {
  if (districts.empty()) return Invalid("no districts");
  for (const District& d : districts) {
    for (std::int64_t c : d.cells) {
      if (c < 0 || c >= plan.grid.cell_count())
        return Invalid("district '" + d.code + "': cell " + std::to_string(c) +
                       " is outside the grid");
    }
    for (int s : d.stations) {
      if (s < 0 || s >= static_cast<int>(plan.stations.size()))
        return Invalid("district '" + d.code + "': unknown station " + std::to_string(s));
    }
    if (!(d.predicted_calls >= 0) || !std::isfinite(d.predicted_calls))
      return Invalid("district '" + d.code + "': predicted_calls must be a finite number >= 0");
  }
  if (!(shift_s > 0) || !std::isfinite(shift_s)) return Invalid("shift_s must be > 0");
  if (min_top_n < 1) return Invalid("min_top_n must be >= 1");
  AllocationOptions a{.total_cars = total_cars,
                      .min_per_district = min_per_district,
                      .call_weight = call_weight,
                      .risk_weight = risk_weight};
  VIGIL_RETURN_IF_ERROR(a.Validate());
  if (static_cast<long long>(total_cars) <
      static_cast<long long>(min_per_district) * static_cast<long long>(districts.size()))
    return Invalid("total_cars " + std::to_string(total_cars) + " is below " +
                   std::to_string(min_per_district) + " per district x " +
                   std::to_string(districts.size()) + " districts");
  // The plan options are checked with a placeholder car (cars are made per district).
  PlanOptions check = plan;
  check.cars = {Car{.name = "", .station = 0, .shift_s = shift_s}};
  return check.Validate();
}

Result<DistrictPlans> PlanByDistrict(const DistrictPlanOptions& options, Planner planner) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  std::vector<DistrictWorkload> workloads;
  for (const District& d : options.districts) {
    double risk = 0;
    for (std::int64_t c : d.cells) risk += options.plan.forecast[static_cast<std::size_t>(c)];
    workloads.push_back({.name = d.code, .predicted_calls = d.predicted_calls, .risk = risk});
  }
  const AllocationOptions allocation{.total_cars = options.total_cars,
                                     .min_per_district = options.min_per_district,
                                     .call_weight = options.call_weight,
                                     .risk_weight = options.risk_weight};
  auto cars = AllocateCars(workloads, allocation);
  if (!cars.ok()) return cars.error();

  DistrictPlans out;
  std::unordered_set<std::int64_t> covered;
  for (std::size_t i = 0; i < options.districts.size(); ++i) {
    const District& d = options.districts[i];
    DistrictPlan dp{.code = d.code,
                    .workload = Workload(workloads[i], allocation),
                    .cars = (*cars)[i],
                    .plan = {}};
    if (dp.cars > 0 && !d.cells.empty()) {
      PlanOptions plan = options.plan;
      // Cells outside the district are no-go for its cars.
      std::vector<char> inside(static_cast<std::size_t>(plan.grid.cell_count()), 0);
      for (std::int64_t c : d.cells) inside[static_cast<std::size_t>(c)] = 1;
      for (std::int64_t c = 0; c < plan.grid.cell_count(); ++c) {
        if (!inside[static_cast<std::size_t>(c)]) plan.no_go_cells.push_back(c);
      }
      const std::vector<int> stations =
          d.stations.empty() ? std::vector<int>{NearestStation(plan, d)} : d.stations;
      plan.cars.clear();
      for (int k = 0; k < dp.cars; ++k) {
        plan.cars.push_back({.name = d.code + "-" + std::to_string(k + 1),
                             .station = stations[static_cast<std::size_t>(k) % stations.size()],
                             .shift_s = options.shift_s});
      }
      const double share = static_cast<double>(dp.cars) / std::max(1, options.total_cars);
      plan.top_n =
          std::max(options.min_top_n, static_cast<int>(std::ceil(options.plan.top_n * share)));
      // The time limit is for the whole plan: each district gets its cars' share of it.
      plan.solver.time_limit_s = options.plan.solver.time_limit_s * share;
      auto planned = planner(plan);
      if (!planned.ok()) {
        Error e = planned.error();
        e.message = "district '" + d.code + "': " + e.message;
        return e;
      }
      dp.plan = std::move(planned).value();
      for (const Car& car : plan.cars) out.cars.push_back(car);
      for (const Itinerary& it : dp.plan.cars) {
        out.merged.cars.push_back(it);
        for (const Stop& s : it.stops) {
          if (covered.insert(s.cell).second) out.merged.risk_covered += s.risk;
        }
      }
      out.merged.score += dp.plan.score;
      out.merged.stops += dp.plan.stops;
      out.merged.candidate_sites += dp.plan.candidate_sites;
      out.merged.iterations += dp.plan.iterations;
    }
    out.districts.push_back(std::move(dp));
  }
  return out;
}

}  // namespace vigil::patrol
