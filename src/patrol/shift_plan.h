// One shift's patrol plan from what the store holds: a stored forecast, the stations and units
// of the reference layers, priority and no-go areas by KIND:CODE, and optionally cars shared
// out over districts. Used by `vigil patrol` and by POST /api/v1/patrol-plans, so both plan
// the same way. Travel is through `travel` when given (road network, road_travel.h), straight
// lines at speed_kmh otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "geo/area_shape.h"
#include "patrol/call_workload.h"
#include "patrol/district_plan.h"
#include "patrol/forecast_csv.h"
#include "patrol/planner.h"
#include "store/forecast_store.h"
#include "store/reference_store.h"

namespace vigil::patrol {

struct ShiftPlanRequest {
  int cars = 0;                       // cars to plan; 0 = every car unit of the store; >= 0
  double shift_hours = 0;             // shift length, hours, 0-24; 0 = each unit's own
  double dwell_min = 15;              // minutes at each stop, 0-240
  double speed_kmh = 30;              // straight-line travel speed, km/h, (0, 200]
  int candidates = 1000;              // highest-risk cells considered, >= 1
  std::uint64_t seed = 1;             // random seed (e.g. the shift's date)
  int iterations = 2000;              // local-search iterations, >= 0
  double time_limit_s = 4;            // seconds of local search, 0 = none, 0-600
  bool randomise = false;             // draw one of the near-optimal plans by the seed
  double near_optimal_percent = 5;    // band for randomise, percent, 0-100
  double repeat_fraction = 0;         // score of a repeat visit as a fraction, 0-1
  std::vector<std::string> priority;  // areas KIND:CODE[=MULTIPLIER] (default x2)
  std::vector<std::string> no_go;     // areas KIND:CODE never stopped in (nor driven
                                      // through, with a road network built by NoGoShapes)
  std::string allocate_by;            // area kind to share the cars over ("" = one plan)
  int min_per_district = 1;           // minimum cars per area of allocate_by, >= 0

  // kInvalidArgument naming the field (as in the request body) when one is out of range.
  Status Validate() const;
};

// A stored forecast as a dense grid, and a label for it ("forecast 3 (etas, major, ...)").
struct LoadedForecast {
  ForecastGrid forecast;
  std::string label;
  UnixSeconds slot_start = 0;  // UTC seconds
};
// Forecast `forecast_id` of `forecasts` (0 = the latest stored); kNotFound when absent.
Result<LoadedForecast> LoadStoredForecast(ForecastStore& forecasts, std::int64_t forecast_id);

// The lon/lat shapes of the request's no-go areas, so that travel can avoid their roads
// (MakeRoadNetworkAvoiding, road_travel.h). kInvalidArgument for a malformed KIND:CODE,
// kNotFound for an area the store does not hold.
Result<std::vector<geo::AreaShape>> NoGoShapes(ReferenceStore& refs,
                                               const ShiftPlanRequest& request);

struct ShiftPlan {
  PatrolPlan plan;                      // every car's itinerary
  PlanOptions options;                  // the options planned with (stations, cars, ...)
  std::vector<DistrictPlan> districts;  // per area of allocate_by; empty without it
  PatrolPlan greedy;                    // the greedy baseline, when asked for
};

// Plans the shift over `forecast`, whose grid is in the city CRS `crs` of `refs`' areas and
// stations. The result's options.forecast views `forecast.expected`, so `forecast` must
// outlive the result's options. Fails with
// kInvalidArgument for a bad request, kNotFound for an unknown area, kFailedPrecondition when
// the store holds no stations or no units and `cars` is 0.
// With allocate_by, `calls` (when not null) gives each district its predicted calls for the
// shift (call_workload.h), the calls half of its workload; without, workload is risk alone.
Result<ShiftPlan> PlanShift(const ForecastGrid& forecast, const std::string& crs,
                            ReferenceStore& refs, const ShiftPlanRequest& request,
                            TravelTimesFactory travel = {}, bool compare_greedy = false,
                            const CallHistory* calls = nullptr);

}  // namespace vigil::patrol
