// `vigil patrol`: risk-weighted patrol plans for one shift. Reads a stored forecast (or a
// forecast CSV of `vigil predict`), the stations and units of the store, optional priority and
// no-go areas and a road graph; plans with road travel times (straight lines without a graph),
// optionally per district after allocating the cars by workload; writes PREFIX.geojson
// (routes along the roads, stops, times), PREFIX.csv and PREFIX.txt (per-car itineraries).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "commands.h"
#include "geo/projection.h"
#include "patrol/district_plan.h"
#include "patrol/forecast_csv.h"
#include "patrol/itinerary.h"
#include "patrol/plan_geojson.h"
#include "patrol/road_travel.h"
#include "patrol/shift_plan.h"
#include "roads/road_file.h"
#include "store/forecast_store.h"
#include "store/migrations.h"
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
  patrol::ShiftPlanRequest request;  // cars, shift, dwell, solver, areas, allocation
  std::string start;                 // HH:MM
  std::string out = "patrol";
  bool compare_greedy = false;
  int call_weeks = 8;  // weeks of calls behind the districts' predicted calls; 0 = none
};

int Fail(const std::string& message, int code = 1) {
  std::cerr << "vigil patrol: " << message << "\n";
  return code;
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
  std::optional<UnixSeconds> shift_start;
  if (!args.forecast_csv.empty()) {
    auto read = patrol::ReadForecastCsv(args.forecast_csv, {.cell_size_m = args.cell_size_m});
    if (!read.ok()) return Fail(read.error().message);
    forecast = std::move(read).value();
    forecast_label = args.forecast_csv;
  } else {
    auto forecasts = ForecastStore::Open(global.store_path);
    if (!forecasts.ok()) return Fail(forecasts.error().message);
    auto loaded = patrol::LoadStoredForecast(*forecasts, args.forecast_id);
    if (!loaded.ok()) return Fail(loaded.error().message);
    forecast = std::move(loaded->forecast);
    forecast_label = loaded->label;
    shift_start = loaded->slot_start;
  }

  // The calls behind each district's predicted workload: the same hours of the week over the
  // weeks before the shift (stored forecasts only: a CSV grid carries no time).
  std::optional<patrol::CallHistory> calls;
  if (!args.request.allocate_by.empty() && args.call_weeks > 0 && shift_start) {
    auto db = sqlite::OpenStoreDatabase(global.store_path);
    if (!db.ok()) return Fail(db.error().message);
    auto history = patrol::LoadCallHistory(*db, *shift_start, args.call_weeks);
    if (!history.ok()) return Fail(history.error().message, 2);
    calls = std::move(*history);
  }

  // 2. Travel times: the road graph when given.
  auto refs = OpenSqliteReferenceStore(global.store_path);
  if (!refs.ok()) return Fail(refs.error().message);
  auto stations = (*refs)->ListStations();
  if (!stations.ok()) return Fail(stations.error().message);
  std::shared_ptr<patrol::RoadNetwork> network;
  patrol::ToGraphXY to_graph;
  const patrol::RoadTravelOptions road_options{
      .max_snap_m = args.max_snap_m, .required_sites = static_cast<int>(stations->size())};
  patrol::TravelTimesFactory travel;
  if (!args.graph.empty()) {
    auto graph = roads::LoadRoadFile(args.graph, args.profile);
    if (!graph.ok()) return Fail(graph.error().message);
    auto projector = geo::Projector::Create(**crs, graph->crs());
    if (!projector.ok()) return Fail(projector.error().message);
    to_graph =
        patrol::ToGraphThrough(std::make_shared<geo::Projector>(std::move(projector).value()));
    // No-go areas are neither stopped in nor driven through.
    auto no_go = patrol::NoGoShapes(**refs, args.request);
    if (!no_go.ok()) {
      return Fail(no_go.error().message, no_go.error().code == ErrorCode::kInvalidArgument ? 2 : 1);
    }
    std::vector<geo::XY> station_points;
    for (const Station& st : *stations)
      station_points.push_back({st.location.lon, st.location.lat});
    auto built = patrol::MakeRoadNetworkAvoiding(*graph, *no_go, station_points, args.max_snap_m);
    if (!built.ok()) return Fail(built.error().message);
    network = *built;
    travel = patrol::MakeRoadTravelFactory(network, to_graph, road_options);
  }

  // 3. Plan: one plan, or one per district after allocating the cars.
  const auto started = std::chrono::steady_clock::now();
  auto shift = patrol::PlanShift(forecast, **crs, **refs, args.request, travel, args.compare_greedy,
                                 calls ? &*calls : nullptr);
  if (!shift.ok()) {
    const bool usage = shift.error().code == ErrorCode::kInvalidArgument;
    return Fail(shift.error().message, usage ? 2 : 1);
  }
  const patrol::PatrolPlan& result = shift->plan;
  const patrol::PatrolPlan& greedy = shift->greedy;
  const patrol::PlanOptions& plan = shift->options;
  const std::vector<patrol::DistrictPlan>& district_rows = shift->districts;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // 4. Outputs.
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
    if (calls) {
      std::printf(
          "  workload: risk plus predicted calls from %zu calls for service in the %d "
          "weeks before the shift\n",
          calls->calls.size(), calls->weeks);
    }
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
  cmd->add_option("--cars", args->request.cars, "Cars (0 = every car unit in the store)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--shift-hours", args->request.shift_hours,
                  "Shift length, hours (0 = each unit's own)")
      ->check(CLI::Range(0.0, 24.0));
  cmd->add_option("--dwell", args->request.dwell_min, "Minutes at each stop")
      ->capture_default_str();
  cmd->add_option("--speed", args->request.speed_kmh, "Straight-line speed without a graph, km/h")
      ->capture_default_str();
  cmd->add_option("--candidates", args->request.candidates, "Highest-risk cells considered")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--seed", args->request.seed, "Random seed (e.g. the shift's date)")
      ->capture_default_str();
  cmd->add_option("--iterations", args->request.iterations, "Local-search iterations")
      ->capture_default_str();
  cmd->add_option("--time-limit", args->request.time_limit_s, "Seconds of local search, 0 = none")
      ->capture_default_str();
  cmd->add_flag("--randomise", args->request.randomise,
                "Draw one of the near-optimal plans by the seed");
  cmd->add_option("--near-optimal", args->request.near_optimal_percent,
                  "Band for --randomise, percent")
      ->capture_default_str();
  cmd->add_option("--repeat-fraction", args->request.repeat_fraction,
                  "Score of a repeat visit as a fraction (0 = no repeats)")
      ->capture_default_str();
  cmd->add_option("--priority", args->request.priority,
                  "Priority area KIND:CODE[=MULTIPLIER] (default x2)");
  cmd->add_option("--no-go", args->request.no_go, "Area never stopped in, KIND:CODE");
  cmd->add_option("--allocate-by", args->request.allocate_by,
                  "Share the cars over areas of this kind (e.g. district) by workload");
  cmd->add_option("--call-weeks", args->call_weeks,
                  "Weeks of calls for service behind each district's predicted calls in the "
                  "allocation (same hours of the week; 0 = risk only)")
      ->capture_default_str()
      ->check(CLI::Range(0, 52));
  cmd->add_option("--min-per-district", args->request.min_per_district, "Minimum cars per district")
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
