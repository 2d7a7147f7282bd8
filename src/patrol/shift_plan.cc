#include "patrol/shift_plan.h"

#include <cmath>
#include <map>

#include "core/text.h"
#include "core/time.h"
#include "geo/area_shape.h"
#include "patrol/plan_geojson.h"

namespace vigil::patrol {
namespace {

Status Bad(const std::string& message) { return MakeError(ErrorCode::kInvalidArgument, message); }

bool InRange(double value, double low, double high) {
  return std::isfinite(value) && value >= low && value <= high;
}

struct AreaRef {
  std::string kind, code;
  double multiplier = 2;
};

// "KIND:CODE" or, with a multiplier, "KIND:CODE=MULT".
Result<AreaRef> ParseAreaRef(const std::string& text, bool with_multiplier) {
  AreaRef ref;
  std::string body = text;
  if (const auto eq = body.find('='); with_multiplier && eq != std::string::npos) {
    if (!ParseDouble(body.substr(eq + 1), &ref.multiplier) || !(ref.multiplier >= 0) ||
        !std::isfinite(ref.multiplier))
      return MakeError(ErrorCode::kInvalidArgument, "'" + text + "': the multiplier is not >= 0");
    body = body.substr(0, eq);
  }
  const auto colon = body.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == body.size())
    return MakeError(ErrorCode::kInvalidArgument, "'" + text + "' is not KIND:CODE");
  ref.kind = body.substr(0, colon);
  ref.code = body.substr(colon + 1);
  return ref;
}

Result<geo::AreaShape> AreaShapeOf(ReferenceStore& refs, const AreaRef& ref) {
  auto area = refs.FindArea(ref.kind, ref.code);
  if (!area.ok()) return area.error();
  if (!*area)
    return MakeError(ErrorCode::kNotFound, "no area of kind '" + ref.kind + "' with code '" +
                                               ref.code + "' in the store");
  return geo::ParseAreaWkb((*area)->geometry_wkb);
}

Result<std::vector<std::int64_t>> AreaCellsOf(ReferenceStore& refs, const AreaRef& ref,
                                              std::span<const double> centres) {
  auto shape = AreaShapeOf(refs, ref);
  if (!shape.ok()) return shape.error();
  return geo::CellsInArea(*shape, centres);
}

// Cars from the store's units (kind "car", or every unit when none is a car), then cycled over
// the stations when more are asked for.
std::vector<Car> MakeCars(const std::vector<Unit>& units,
                          const std::map<std::string, int>& station_index,
                          const ShiftPlanRequest& request, std::size_t station_count) {
  std::vector<const Unit*> pool;
  for (const Unit& u : units)
    if (u.kind == "car" && station_index.contains(u.station_id)) pool.push_back(&u);
  if (pool.empty()) {
    for (const Unit& u : units)
      if (station_index.contains(u.station_id)) pool.push_back(&u);
  }
  const std::size_t want = request.cars > 0 ? static_cast<std::size_t>(request.cars) : pool.size();
  std::vector<Car> cars;
  for (std::size_t i = 0; i < want; ++i) {
    Car car;
    if (i < pool.size()) {
      car.name = pool[i]->call_sign.empty() ? pool[i]->source_id : pool[i]->call_sign;
      car.station = station_index.at(pool[i]->station_id);
      car.shift_s = pool[i]->shift_hours * 3600;
    } else {
      car.name = "car-" + std::to_string(i + 1);
      car.station = static_cast<int>(i % station_count);
      car.shift_s = 8 * 3600;
    }
    if (request.shift_hours > 0) car.shift_s = request.shift_hours * 3600;
    cars.push_back(car);
  }
  return cars;
}

// Districts of kind `kind` with their cells and stations, for PlanByDistrict.
Status AddDistricts(ReferenceStore& refs, const std::string& kind,
                    const std::vector<vigil::Station>& stations,
                    const std::map<std::string, int>& station_index,
                    std::span<const double> centres, DistrictPlanOptions& by) {
  std::map<std::string, std::size_t> district_of;
  Status visit_error = Status::Ok();
  VIGIL_RETURN_IF_ERROR(refs.ForEachArea(kind, [&](const Area& area) {
    auto shape = geo::ParseAreaWkb(area.geometry_wkb);
    if (!shape.ok()) {
      visit_error = shape.error();
      return;
    }
    district_of[area.code] = by.districts.size();
    by.districts.push_back({.code = area.code, .cells = geo::CellsInArea(*shape, centres)});
  }));
  if (!visit_error.ok()) return visit_error.error();
  if (by.districts.empty()) return Bad("no areas of kind '" + kind + "' in the store");
  for (const vigil::Station& st : stations) {
    const auto it = district_of.find(st.district);
    if (it != district_of.end())
      by.districts[it->second].stations.push_back(station_index.at(st.source_id));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<geo::AreaShape>> NoGoShapes(ReferenceStore& refs,
                                               const ShiftPlanRequest& request) {
  std::vector<geo::AreaShape> shapes;
  for (const std::string& text : request.no_go) {
    auto ref = ParseAreaRef(text, false);
    if (!ref.ok()) return MakeError(ErrorCode::kInvalidArgument, "no_go: " + ref.error().message);
    auto shape = AreaShapeOf(refs, *ref);
    if (!shape.ok()) return shape.error();
    shapes.push_back(std::move(*shape));
  }
  return shapes;
}

Status ShiftPlanRequest::Validate() const {
  if (cars < 0) return Bad("cars must be >= 0");
  if (!InRange(shift_hours, 0, 24)) return Bad("shift_hours must be between 0 and 24");
  if (!InRange(dwell_min, 0, 240)) return Bad("dwell_min must be between 0 and 240");
  if (!InRange(speed_kmh, 0, 200) || speed_kmh == 0) {
    return Bad("speed_kmh must be above 0 and at most 200");
  }
  if (candidates < 1) return Bad("candidates must be >= 1");
  if (iterations < 0) return Bad("iterations must be >= 0");
  if (!InRange(time_limit_s, 0, 600)) return Bad("time_limit_s must be between 0 and 600");
  if (!InRange(near_optimal_percent, 0, 100)) {
    return Bad("near_optimal_percent must be between 0 and 100");
  }
  if (!InRange(repeat_fraction, 0, 1)) return Bad("repeat_fraction must be between 0 and 1");
  if (min_per_district < 0) return Bad("min_per_district must be >= 0");
  for (const std::string& p : priority) {
    if (auto ref = ParseAreaRef(p, true); !ref.ok()) return Bad("priority: " + ref.error().message);
  }
  for (const std::string& n : no_go) {
    if (auto ref = ParseAreaRef(n, false); !ref.ok()) return Bad("no_go: " + ref.error().message);
  }
  return Status::Ok();
}

Result<LoadedForecast> LoadStoredForecast(ForecastStore& forecasts, std::int64_t forecast_id) {
  std::int64_t id = forecast_id;
  if (id == 0) {
    auto latest = forecasts.LatestId();
    if (!latest.ok()) return latest.error();
    id = *latest;
  }
  auto header = forecasts.Header(id);
  if (!header.ok()) return header.error();
  auto cells = forecasts.Cells(id);
  if (!cells.ok()) return cells.error();
  LoadedForecast out;
  out.forecast.grid = header->grid;
  out.forecast.expected.assign(static_cast<std::size_t>(out.forecast.grid.cell_count()), 0.0);
  for (const ForecastCell& c : *cells) {
    if (c.cell >= 0 && c.cell < out.forecast.grid.cell_count())
      out.forecast.expected[static_cast<std::size_t>(c.cell)] = c.expected;
  }
  out.slot_start = header->slot_start;
  out.label = "forecast " + std::to_string(id) + " (" + header->model + ", " + header->category +
              ", " + FormatUtc(header->slot_start) + ")";
  return out;
}

Result<ShiftPlan> PlanShift(const ForecastGrid& forecast, const std::string& crs,
                            ReferenceStore& refs, const ShiftPlanRequest& request,
                            TravelTimesFactory travel, bool compare_greedy,
                            const CallHistory* calls) {
  VIGIL_RETURN_IF_ERROR(request.Validate());
  auto to_lon_lat = LonLatFromCrs(crs);
  if (!to_lon_lat.ok()) return to_lon_lat.error();
  auto stations = refs.ListStations();
  if (!stations.ok()) return stations.error();
  if (stations->empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the store holds no stations; load them with ingest-layer");
  }
  auto units = refs.ListUnits();
  if (!units.ok()) return units.error();

  ShiftPlan out;
  PlanOptions& plan = out.options;
  plan.forecast = forecast.expected;
  plan.grid = forecast.grid;
  std::map<std::string, int> station_index;
  for (const vigil::Station& s : *stations) {
    station_index[s.source_id] = static_cast<int>(plan.stations.size());
    plan.stations.push_back(
        {.name = s.name.empty() ? s.source_id : s.name, .x = s.location.x, .y = s.location.y});
  }
  plan.cars = MakeCars(*units, station_index, request, plan.stations.size());
  if (plan.cars.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "no cars: the store holds no units; ask for a number of cars");
  }
  plan.top_n = request.candidates;
  plan.dwell_s = request.dwell_min * 60;
  plan.speed_kmh = request.speed_kmh;
  plan.travel_factory = std::move(travel);
  plan.solver = {.seed = request.seed,
                 .max_iterations = request.iterations,
                 .time_limit_s = request.time_limit_s,
                 .repeat_fraction = request.repeat_fraction,
                 .randomise = request.randomise,
                 .near_optimal_percent = request.near_optimal_percent};

  const std::vector<double> centres = geo::CellCentresLonLat(plan.grid, *to_lon_lat);
  for (const std::string& text : request.priority) {
    auto ref = ParseAreaRef(text, true);
    if (!ref.ok()) return ref.error();
    auto cells = AreaCellsOf(refs, *ref, centres);
    if (!cells.ok()) return cells.error();
    plan.priority_areas.push_back(
        {.cells = std::move(cells).value(), .multiplier = ref->multiplier});
  }
  for (const std::string& text : request.no_go) {
    auto ref = ParseAreaRef(text, false);
    if (!ref.ok()) return ref.error();
    auto cells = AreaCellsOf(refs, *ref, centres);
    if (!cells.ok()) return cells.error();
    plan.no_go_cells.insert(plan.no_go_cells.end(), cells->begin(), cells->end());
  }

  if (request.allocate_by.empty()) {
    auto planned = PlanPatrols(plan);
    if (!planned.ok()) return planned.error();
    out.plan = std::move(planned).value();
    if (compare_greedy) {
      auto greedy = PlanGreedy(plan);
      if (!greedy.ok()) return greedy.error();
      out.greedy = std::move(greedy).value();
    }
    return out;
  }
  DistrictPlanOptions by;
  by.plan = plan;
  by.total_cars = static_cast<int>(plan.cars.size());
  by.min_per_district = request.min_per_district;
  by.shift_s = plan.cars.front().shift_s;
  VIGIL_RETURN_IF_ERROR(
      AddDistricts(refs, request.allocate_by, *stations, station_index, centres, by));
  if (calls != nullptr) {
    std::vector<std::vector<std::int64_t>> cells;
    for (const District& d : by.districts) cells.push_back(d.cells);
    const std::vector<double> predicted =
        PredictCallsByDistrict(*calls, plan.grid, cells, static_cast<std::int64_t>(by.shift_s));
    for (std::size_t d = 0; d < by.districts.size(); ++d)
      by.districts[d].predicted_calls = predicted[d];
  }
  auto planned = PlanByDistrict(by, &PlanPatrols);
  if (!planned.ok()) return planned.error();
  out.plan = planned->merged;
  plan.cars = planned->cars;
  out.districts = planned->districts;
  if (compare_greedy) {
    auto greedy = PlanByDistrict(by, &PlanGreedy);
    if (!greedy.ok()) return greedy.error();
    out.greedy = greedy->merged;
  }
  return out;
}

}  // namespace vigil::patrol
