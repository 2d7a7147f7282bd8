// `vigil patrol`: risk-weighted patrol plans for one shift. Reads a stored forecast (or a
// forecast CSV of `vigil predict`), the stations and units of the store, optional priority and
// no-go areas and a road graph; plans with road travel times (straight lines without a graph),
// optionally per district after allocating the cars by workload; writes PREFIX.geojson
// (routes along the roads, stops, times), PREFIX.csv and PREFIX.txt (per-car itineraries).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "commands.h"
#include "core/text.h"
#include "geo/projection.h"
#include "patrol/area_cells.h"
#include "patrol/district_plan.h"
#include "patrol/forecast_csv.h"
#include "patrol/itinerary.h"
#include "patrol/plan_geojson.h"
#include "patrol/road_travel.h"
#include "road_graph_file.h"
#include "store/forecast_store.h"
#include "store/sqlite_reference_store.h"
#include "store/sqlite_store.h"

namespace vigil::app {
namespace {

struct PatrolArgs {
  std::int64_t forecast_id = 0;  // 0 = latest stored
  std::string forecast_csv;      // instead of a stored forecast
  double cell_size_m = 0;        // CSV grid cell size; 0 = infer
  std::string graph;             // road file; empty = straight lines
  std::string profile;           // centreline speed profile JSON
  double max_snap_m = 500;
  int cars = 0;            // 0 = every car unit of the store
  double shift_hours = 0;  // 0 = each unit's own
  double dwell_min = 15;
  double speed_kmh = 30;
  int candidates = 1000;
  std::uint64_t seed = 1;
  int iterations = 2000;
  double time_limit_s = 4;
  bool randomise = false;
  double near_optimal_percent = 5;
  double repeat_fraction = 0;
  std::vector<std::string> priority;  // KIND:CODE[=MULT]
  std::vector<std::string> no_go;     // KIND:CODE
  std::string allocate_by;            // area kind, e.g. "district"
  int min_per_district = 1;
  std::string start;  // HH:MM
  std::string out = "patrol";
  bool compare_greedy = false;
};

int Fail(const std::string& message, int code = 1) {
  std::cerr << "vigil patrol: " << message << "\n";
  return code;
}

struct AreaRef {
  std::string kind, code;
  double multiplier = 2;
};

Result<AreaRef> ParseAreaRef(const std::string& text, bool with_multiplier) {
  AreaRef ref;
  std::string body = text;
  if (const auto eq = body.find('='); with_multiplier && eq != std::string::npos) {
    if (!ParseDouble(body.substr(eq + 1), &ref.multiplier) || !(ref.multiplier >= 0))
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

Result<std::vector<std::int64_t>> AreaCellsOf(ReferenceStore& refs, const AreaRef& ref,
                                              std::span<const double> centres) {
  auto area = refs.FindArea(ref.kind, ref.code);
  if (!area.ok()) return area.error();
  if (!*area)
    return MakeError(ErrorCode::kNotFound, "no area of kind '" + ref.kind + "' with code '" +
                                               ref.code + "' in the store");
  auto shape = patrol::ParseAreaWkb((*area)->geometry_wkb);
  if (!shape.ok()) return shape.error();
  return patrol::CellsInArea(*shape, centres);
}

// Cars from the store's units (kind "car", or every unit when none is a car), then cycled over
// the stations when more are asked for.
std::vector<patrol::Car> MakeCars(const std::vector<Unit>& units,
                                  const std::map<std::string, int>& station_index,
                                  const PatrolArgs& args, std::size_t station_count) {
  std::vector<const Unit*> pool;
  for (const Unit& u : units)
    if (u.kind == "car" && station_index.contains(u.station_id)) pool.push_back(&u);
  if (pool.empty()) {
    for (const Unit& u : units)
      if (station_index.contains(u.station_id)) pool.push_back(&u);
  }
  const std::size_t want = args.cars > 0 ? static_cast<std::size_t>(args.cars) : pool.size();
  std::vector<patrol::Car> cars;
  for (std::size_t i = 0; i < want; ++i) {
    patrol::Car car;
    if (i < pool.size()) {
      car.name = pool[i]->call_sign.empty() ? pool[i]->source_id : pool[i]->call_sign;
      car.station = station_index.at(pool[i]->station_id);
      car.shift_s = pool[i]->shift_hours * 3600;
    } else {
      car.name = "car-" + std::to_string(i + 1);
      car.station = static_cast<int>(i % station_count);
      car.shift_s = 8 * 3600;
    }
    if (args.shift_hours > 0) car.shift_s = args.shift_hours * 3600;
    cars.push_back(car);
  }
  return cars;
}

int RunPatrol(const GlobalOptions& global, const PatrolArgs& args) {
  auto store = OpenSqliteStore(global.store_path);
  if (!store.ok()) return Fail(store.error().message);
  auto crs = (*store)->GetSetting("city.crs");
  if (!crs.ok()) return Fail(crs.error().message);
  if (!*crs) return Fail("the store has no city.crs setting; load data first");
  auto to_lon_lat = patrol::LonLatFromCrs(**crs);
  if (!to_lon_lat.ok()) return Fail(to_lon_lat.error().message);

  // 1. The forecast.
  patrol::ForecastGrid forecast;
  std::string forecast_label;
  if (!args.forecast_csv.empty()) {
    auto read = patrol::ReadForecastCsv(args.forecast_csv, {.cell_size_m = args.cell_size_m});
    if (!read.ok()) return Fail(read.error().message);
    forecast = std::move(read).value();
    forecast_label = args.forecast_csv;
  } else {
    auto forecasts = ForecastStore::Open(global.store_path);
    if (!forecasts.ok()) return Fail(forecasts.error().message);
    std::int64_t id = args.forecast_id;
    if (id == 0) {
      auto latest = forecasts->LatestId();
      if (!latest.ok()) return Fail(latest.error().message);
      id = *latest;
    }
    auto header = forecasts->Header(id);
    if (!header.ok()) return Fail(header.error().message);
    auto cells = forecasts->Cells(id);
    if (!cells.ok()) return Fail(cells.error().message);
    forecast.grid = header->grid;
    forecast.expected.assign(static_cast<std::size_t>(forecast.grid.cell_count()), 0.0);
    for (const ForecastCell& c : *cells) {
      if (c.cell >= 0 && c.cell < forecast.grid.cell_count())
        forecast.expected[static_cast<std::size_t>(c.cell)] = c.expected;
    }
    forecast_label = "forecast " + std::to_string(id) + " (" + header->model + ", " +
                     header->category + ", " + FormatUtc(header->slot_start) + ")";
  }

  // 2. Stations, units, areas.
  auto refs = OpenSqliteReferenceStore(global.store_path);
  if (!refs.ok()) return Fail(refs.error().message);
  auto stations = (*refs)->ListStations();
  if (!stations.ok()) return Fail(stations.error().message);
  if (stations->empty()) return Fail("the store holds no stations; load them with ingest-layer");
  auto units = (*refs)->ListUnits();
  if (!units.ok()) return Fail(units.error().message);

  patrol::PlanOptions plan;
  plan.forecast = forecast.expected;
  plan.grid = forecast.grid;
  std::map<std::string, int> station_index;
  for (const Station& s : *stations) {
    station_index[s.source_id] = static_cast<int>(plan.stations.size());
    plan.stations.push_back(
        {.name = s.name.empty() ? s.source_id : s.name, .x = s.location.x, .y = s.location.y});
  }
  plan.cars = MakeCars(*units, station_index, args, plan.stations.size());
  if (plan.cars.empty()) return Fail("no cars: the store holds no units; give --cars N");
  plan.top_n = args.candidates;
  plan.dwell_s = args.dwell_min * 60;
  plan.speed_kmh = args.speed_kmh;
  plan.solver = {.seed = args.seed,
                 .max_iterations = args.iterations,
                 .time_limit_s = args.time_limit_s,
                 .repeat_fraction = args.repeat_fraction,
                 .randomise = args.randomise,
                 .near_optimal_percent = args.near_optimal_percent};

  const std::vector<double> centres = patrol::CellCentresLonLat(plan.grid, *to_lon_lat);
  for (const std::string& text : args.priority) {
    auto ref = ParseAreaRef(text, true);
    if (!ref.ok()) return Fail("--priority " + ref.error().message, 2);
    auto cells = AreaCellsOf(**refs, *ref, centres);
    if (!cells.ok()) return Fail("--priority: " + cells.error().message);
    plan.priority_areas.push_back(
        {.cells = std::move(cells).value(), .multiplier = ref->multiplier});
  }
  for (const std::string& text : args.no_go) {
    auto ref = ParseAreaRef(text, false);
    if (!ref.ok()) return Fail("--no-go " + ref.error().message, 2);
    auto cells = AreaCellsOf(**refs, *ref, centres);
    if (!cells.ok()) return Fail("--no-go: " + cells.error().message);
    plan.no_go_cells.insert(plan.no_go_cells.end(), cells->begin(), cells->end());
  }

  // 3. Travel times: the road graph when given.
  std::shared_ptr<patrol::RoadNetwork> network;
  patrol::ToGraphXY to_graph;
  const patrol::RoadTravelOptions road_options{
      .max_snap_m = args.max_snap_m, .required_sites = static_cast<int>(plan.stations.size())};
  if (!args.graph.empty()) {
    auto graph = LoadRoadGraph(args.graph, args.profile);
    if (!graph.ok()) return Fail(graph.error().message);
    auto projector = geo::Projector::Create(**crs, graph->crs());
    if (!projector.ok()) return Fail(projector.error().message);
    auto shared = std::make_shared<geo::Projector>(std::move(projector).value());
    to_graph = [shared](double x, double y, double* gx, double* gy) {
      geo::XY out;
      if (!shared->Transform(x, y, &out)) return false;
      *gx = out.x;
      *gy = out.y;
      return true;
    };
    auto built = patrol::MakeRoadNetwork(std::move(graph).value());
    if (!built.ok()) return Fail(built.error().message);
    network = *built;
    plan.travel_factory = patrol::MakeRoadTravelFactory(network, to_graph, road_options);
  }

  // 4. Plan: one plan, or one per district after allocating the cars.
  const auto started = std::chrono::steady_clock::now();
  patrol::PatrolPlan result;
  patrol::PatrolPlan greedy;
  std::vector<patrol::DistrictPlan> district_rows;
  if (!args.allocate_by.empty()) {
    patrol::DistrictPlanOptions by;
    by.plan = plan;
    by.total_cars = static_cast<int>(plan.cars.size());
    by.min_per_district = args.min_per_district;
    by.shift_s = plan.cars.front().shift_s;
    std::map<std::string, std::size_t> district_of;
    Status visit_error = Status::Ok();
    Status s = (*refs)->ForEachArea(args.allocate_by, [&](const Area& area) {
      auto shape = patrol::ParseAreaWkb(area.geometry_wkb);
      if (!shape.ok()) {
        visit_error = shape.error();
        return;
      }
      district_of[area.code] = by.districts.size();
      by.districts.push_back({.code = area.code, .cells = patrol::CellsInArea(*shape, centres)});
    });
    if (!s.ok()) return Fail(s.error().message);
    if (!visit_error.ok()) return Fail(visit_error.error().message);
    if (by.districts.empty())
      return Fail("no areas of kind '" + args.allocate_by + "' in the store");
    for (const Station& st : *stations) {
      const auto it = district_of.find(st.district);
      if (it != district_of.end())
        by.districts[it->second].stations.push_back(station_index.at(st.source_id));
    }
    auto planned = patrol::PlanByDistrict(by, &patrol::PlanPatrols);
    if (!planned.ok()) return Fail(planned.error().message);
    result = planned->merged;
    plan.cars = planned->cars;
    district_rows = planned->districts;
    if (args.compare_greedy) {
      auto g = patrol::PlanByDistrict(by, &patrol::PlanGreedy);
      if (!g.ok()) return Fail(g.error().message);
      greedy = g->merged;
    }
  } else {
    auto planned = patrol::PlanPatrols(plan);
    if (!planned.ok()) return Fail(planned.error().message);
    result = std::move(planned).value();
    if (args.compare_greedy) {
      auto g = patrol::PlanGreedy(plan);
      if (!g.ok()) return Fail(g.error().message);
      greedy = std::move(g).value();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // 5. Outputs.
  patrol::ItineraryOptions itinerary{.to_lon_lat = *to_lon_lat};
  if (!args.start.empty()) {
    int h = 0;
    int m = 0;
    if (std::sscanf(args.start.c_str(), "%d:%d", &h, &m) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
      return Fail("--start takes HH:MM", 2);
    itinerary.shift_start_s = h * 3600.0 + m * 60.0;
  }
  patrol::LegLonLat legs;
  std::shared_ptr<patrol::RoadLegs> road_legs;
  if (network) {
    road_legs = std::make_shared<patrol::RoadLegs>(network, to_graph, road_options);
    legs = [road_legs](const patrol::Point& a, const patrol::Point& b) {
      return road_legs->LonLat(a, b);
    };
  }
  if (Status s = patrol::WritePlanGeoJson(result, *to_lon_lat, args.out + ".geojson", legs);
      !s.ok())
    return Fail(s.error().message);
  for (const auto& [suffix, text] :
       {std::pair<std::string, std::string>{".csv", patrol::ItineraryCsv(result, plan, itinerary)},
        {".txt", patrol::ItineraryText(result, plan, itinerary)}}) {
    std::ofstream file(args.out + suffix, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) return Fail("cannot write " + args.out + suffix);
  }
  if (!global.quiet) {
    std::printf("%s; %zu stations, %zu cars; travel: %s\n", forecast_label.c_str(),
                plan.stations.size(), result.cars.size(),
                network ? ("roads " + args.graph).c_str() : "straight lines");
    for (const patrol::DistrictPlan& d : district_rows) {
      std::printf("  district %s: workload %.2f, %d cars, %d stops, risk %.3f\n", d.code.c_str(),
                  d.workload, d.cars, d.plan.stops, d.plan.risk_covered);
    }
    std::printf("plan: %d candidate cells, %d stops, risk covered %.3f, %d iterations, %.2f s\n",
                result.candidate_sites, result.stops, result.risk_covered, result.iterations,
                seconds);
    if (args.compare_greedy) {
      std::printf("greedy: %d stops, risk covered %.3f (plan / greedy = %.3f)\n", greedy.stops,
                  greedy.risk_covered,
                  greedy.risk_covered > 0 ? result.risk_covered / greedy.risk_covered : 0.0);
    }
    std::printf("wrote %s.geojson, %s.csv and %s.txt\n", args.out.c_str(), args.out.c_str(),
                args.out.c_str());
  }
  return 0;
}

}  // namespace

void RegisterPatrolPlan(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<PatrolArgs>();
  CLI::App* cmd = app.add_subcommand("patrol", "Risk-weighted patrol routes for one shift");
  cmd->add_option("--forecast-id", args->forecast_id, "Stored forecast id (default: the latest)");
  cmd->add_option("--forecast-csv", args->forecast_csv, "Forecast CSV written by vigil predict")
      ->check(CLI::ExistingFile);
  cmd->add_option("--cell-size", args->cell_size_m, "CSV grid cell size, metres (0 = infer)");
  cmd->add_option("--graph", args->graph,
                  "Road file: .pbf/.osm or .geojson/.shp centrelines (default: straight lines)");
  cmd->add_option("--profile", args->profile, "Centreline speed profile (JSON); default TIGER");
  cmd->add_option("--max-snap", args->max_snap_m, "Farthest a stop may be from a road, metres")
      ->capture_default_str();
  cmd->add_option("--cars", args->cars, "Cars (0 = every car unit in the store)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--shift-hours", args->shift_hours, "Shift length, hours (0 = each unit's own)")
      ->check(CLI::Range(0.0, 24.0));
  cmd->add_option("--dwell", args->dwell_min, "Minutes at each stop")->capture_default_str();
  cmd->add_option("--speed", args->speed_kmh, "Straight-line speed without a graph, km/h")
      ->capture_default_str();
  cmd->add_option("--candidates", args->candidates, "Highest-risk cells considered")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Random seed (e.g. the shift's date)")
      ->capture_default_str();
  cmd->add_option("--iterations", args->iterations, "Local-search iterations")
      ->capture_default_str();
  cmd->add_option("--time-limit", args->time_limit_s, "Seconds of local search, 0 = none")
      ->capture_default_str();
  cmd->add_flag("--randomise", args->randomise, "Draw one of the near-optimal plans by the seed");
  cmd->add_option("--near-optimal", args->near_optimal_percent, "Band for --randomise, percent")
      ->capture_default_str();
  cmd->add_option("--repeat-fraction", args->repeat_fraction,
                  "Score of a repeat visit as a fraction (0 = no repeats)")
      ->capture_default_str();
  cmd->add_option("--priority", args->priority,
                  "Priority area KIND:CODE[=MULTIPLIER] (default x2)");
  cmd->add_option("--no-go", args->no_go, "Area never stopped in, KIND:CODE");
  cmd->add_option("--allocate-by", args->allocate_by,
                  "Share the cars over areas of this kind (e.g. district) by workload");
  cmd->add_option("--min-per-district", args->min_per_district, "Minimum cars per district")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--start", args->start, "Shift start HH:MM for clock times in itineraries");
  cmd->add_option("--out", args->out, "Output prefix: PREFIX.geojson, PREFIX.csv, PREFIX.txt")
      ->capture_default_str();
  cmd->add_flag("--compare-greedy", args->compare_greedy,
                "Also run the greedy nearest-hotspot planner and print both");
  cmd->callback([&global, &exit_code, args]() { exit_code = RunPatrol(global, *args); });
}

}  // namespace vigil::app
