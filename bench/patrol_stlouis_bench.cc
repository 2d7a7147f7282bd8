// bench_patrol on St. Louis: the 2019 SLMPD crime exports loaded through the slmpd profile, a
// forecast (any model by name) of the major crimes for the 8 h after the last report (100 m cells),
// TIGER 2019 roads with contraction-hierarchy travel times, one station per police district
// (at the median incident position of the district: the data set has no station list) and
// 20 cars x 8 h. Prints the planner beside the greedy nearest-hotspot planner on the same
// cars, candidates and travel times. Skips when ../shared/data is absent.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "geo/projection.h"
#include "ingest/csv_ingest.h"
#include "ingest/profile.h"
#include "patrol/planner.h"
#include "patrol/road_travel.h"
#include "risk/registry.h"
#include "roads/centerline_import.h"
#include "store/snapshot.h"
#include "store/sqlite_store.h"

namespace vigil::patrol {
namespace {

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double Median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

void RunStLouis(const std::string& model_name, int iterations, int top_n, double time_limit_s,
                std::uint64_t seed) {
  namespace fs = std::filesystem;
  const fs::path data = fs::path(VIGIL_SHARED_DATA) / "stlouis";
  const fs::path roads_file = data / "roads/tl_2019_29510_roads.geojson";
  if (!fs::exists(roads_file) || !fs::exists(data / "crime-monthly")) {
    std::printf("\nSt. Louis: skipped (%s not found)\n", data.c_str());
    return;
  }
  const fs::path store_path =
      fs::temp_directory_path() / ("vigil_bench_stl_" + std::to_string(::getpid()) + ".sqlite");
  fs::remove(store_path);
  auto t0 = std::chrono::steady_clock::now();
  auto store = OpenSqliteStore(store_path.string());
  auto profile = ingest::BuiltinProfile("slmpd");
  if (!store.ok() || !profile.ok()) {
    std::printf("St. Louis: cannot open a store or the slmpd profile\n");
    return;
  }
  std::int64_t rows = 0;
  for (const auto& entry : fs::directory_iterator(data / "crime-monthly")) {
    if (entry.path().filename().string().rfind("2019_", 0) != 0) continue;
    auto summary = ingest::IngestCsvFile(**store, *profile, entry.path().string(), {});
    if (summary.ok()) rows += summary->rows;
  }
  auto crs = (*store)->GetSetting("city.crs");
  auto snapshot = CitySnapshot::Build(**store, {.cell_size_m = 100});
  if (!crs.ok() || !*crs || !snapshot.ok() || snapshot->incidents().size() == 0) {
    std::printf("St. Louis: loading failed\n");
    return;
  }
  const double load_s = Since(t0);
  const auto& inc = snapshot->incidents();
  const UnixSeconds at = inc.reported_at.back();
  auto model = risk::MakeRiskModel(model_name, {});
  std::vector<double> forecast(static_cast<std::size_t>(snapshot->grid().cell_count()));
  risk::EventSelection selection;
  selection.known_before = at;
  if (!model.ok() || !(*model)->Fit(*snapshot, selection).ok() ||
      !(*model)
           ->Score(*snapshot, {.start = at, .length_s = std::int64_t{8} * 3600}, forecast)
           .ok()) {
    std::printf("St. Louis: forecast failed\n");
    return;
  }
  // Stations: median incident position of each district (codes 1-6 in 2019).
  std::map<int, std::pair<std::vector<double>, std::vector<double>>> by_district;
  for (std::size_t i = 0; i < inc.size(); ++i) {
    if (inc.district.empty() || inc.district[i] < 0) continue;
    const std::string& code = inc.district_names[static_cast<std::size_t>(inc.district[i])];
    if (code.empty() || code == "0") continue;
    auto& xy = by_district[inc.district[i]];
    xy.first.push_back(inc.x[i]);
    xy.second.push_back(inc.y[i]);
  }
  PlanOptions options;
  options.forecast = forecast;
  options.grid = snapshot->grid();
  for (auto& [d, xy] : by_district) {
    if (xy.first.size() < 100) continue;
    options.stations.push_back({"district " + inc.district_names[static_cast<std::size_t>(d)],
                                Median(xy.first), Median(xy.second)});
  }
  for (int c = 0; c < 20; ++c) {
    options.cars.push_back({.name = "",
                            .station = c % static_cast<int>(options.stations.size()),
                            .shift_s = 8 * 3600.0});
  }
  options.top_n = top_n;
  options.solver.max_iterations = iterations;
  options.solver.time_limit_s = time_limit_s;
  options.solver.seed = seed;

  t0 = std::chrono::steady_clock::now();
  auto graph = roads::ImportCenterlines(roads_file.string(), {});
  if (!graph.ok()) {
    std::printf("St. Louis: roads: %s\n", graph.error().message.c_str());
    return;
  }
  const std::size_t nodes = graph->node_count();
  const std::string graph_crs = graph->crs();
  auto network = MakeRoadNetwork(std::move(graph).value());
  auto projector = geo::Projector::Create(**crs, graph_crs);
  if (!network.ok() || !projector.ok()) {
    std::printf("St. Louis: CH or projection failed\n");
    return;
  }
  const double roads_s = Since(t0);
  auto shared = std::make_shared<geo::Projector>(std::move(projector).value());
  const ToGraphXY to_graph = [shared](double x, double y, double* gx, double* gy) {
    geo::XY out;
    if (!shared->Transform(x, y, &out)) return false;
    *gx = out.x;
    *gy = out.y;
    return true;
  };
  // One matrix for both planners (the factory is called once per plan otherwise).
  const PlanSites sites = BuildPlanSites(options);
  t0 = std::chrono::steady_clock::now();
  auto matrix = RoadTravelTimes::Build(
      (*network)->graph, *(*network)->ch, *(*network)->index, sites.points, to_graph,
      {.max_snap_m = 500, .required_sites = static_cast<int>(options.stations.size())});
  if (!matrix.ok()) {
    std::printf("St. Louis: travel matrix: %s\n", matrix.error().message.c_str());
    return;
  }
  const double matrix_s = Since(t0);
  const int unreachable = (*matrix)->unreachable_count();
  std::shared_ptr<const RoadTravelTimes> shared_matrix = std::move(matrix).value();
  options.travel_factory =
      [shared_matrix](const std::vector<Point>&) -> Result<std::unique_ptr<TravelTimes>> {
    // A thin forwarding view of the shared matrix.
    struct View final : TravelTimes {
      std::shared_ptr<const RoadTravelTimes> m;
      int size() const override { return m->size(); }
      double Seconds(int a, int b) const override { return m->Seconds(a, b); }
    };
    auto view = std::make_unique<View>();
    view->m = shared_matrix;
    return std::unique_ptr<TravelTimes>(std::move(view));
  };
  double total = 0;
  for (double v : forecast) total += v;
  std::printf(
      "\nSt. Louis 2019: %lld rows loaded (%.1f s), %s major crimes 8 h after %s, %lld "
      "cells, expected %.2f\n",
      static_cast<long long>(rows), load_s, model_name.c_str(), FormatUtc(at).c_str(),
      static_cast<long long>(options.grid.cell_count()), total);
  std::printf(
      "TIGER roads: %zu nodes, CH + index %.1f s; %zu stations, 20 cars x 8 h, top %d cells, "
      "%d off-road; %zux%zu road matrix %.2f s\n",
      nodes, roads_s, options.stations.size(), top_n, unreachable, sites.points.size(),
      sites.points.size(), matrix_s);
  t0 = std::chrono::steady_clock::now();
  auto greedy = PlanGreedy(options);
  const double greedy_s = Since(t0);
  t0 = std::chrono::steady_clock::now();
  auto plan = PlanPatrols(options);
  const double plan_s = Since(t0);
  if (!greedy.ok() || !plan.ok()) {
    std::printf("St. Louis plan failed: %s\n",
                (!greedy.ok() ? greedy.error() : plan.error()).ToString().c_str());
    return;
  }
  std::printf("%-22s %8s %6s %10s %8s\n", "planner", "risk", "stops", "iterations", "time_s");
  std::printf("%-22s %8.3f %6d %10d %8.3f\n", "greedy nearest-hotspot", greedy->risk_covered,
              greedy->stops, 0, greedy_s);
  std::printf("%-22s %8.3f %6d %10d %8.3f\n", "orienteering (ILS)", plan->risk_covered, plan->stops,
              plan->iterations, plan_s);
  // A loose bound: the riskiest cells that fit the shifts if driving took no time.
  std::vector<double> sorted(forecast.begin(), forecast.end());
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  const auto fit = static_cast<std::size_t>(20 * 8 * 3600.0 / options.dwell_s);
  double no_driving = 0;
  for (std::size_t i = 0; i < fit && i < sorted.size(); ++i) no_driving += sorted[i];
  auto travel = options.travel_factory(sites.points);
  const double bound = travel.ok() ? PlanRiskUpperBound(options, sites, **travel) : 0;
  std::printf(
      "bounds: the %zu riskiest cells, no driving: %.3f; knapsack of dwell + quickest "
      "way in and out: %.3f (planner at %.1f%%, greedy x 1.25 = %.3f)\n",
      fit, no_driving, bound, 100.0 * plan->risk_covered / std::max(1e-12, bound),
      1.25 * greedy->risk_covered);
  std::printf("St. Louis %s risk covered ratio planner / greedy: %.3f\n", model_name.c_str(),
              plan->risk_covered / std::max(1e-12, greedy->risk_covered));
  store->reset();
  fs::remove(store_path);
  fs::remove(store_path.string() + "-wal");
  fs::remove(store_path.string() + "-shm");
}

}  // namespace vigil::patrol
