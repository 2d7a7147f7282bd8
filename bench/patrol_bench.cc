// Patrol planning benchmark. (1) Team orienteering: every Chao, Golden & Wasil set-4 instance
// in ../shared/data/top/chao-set4 (skipped when absent): the best-ratio construction alone
// (reference) beside the iterated local search, a simple upper bound, the time and the published
// score of the instance (bench/reference/chao-set4-published.tsv, or best_known.tsv next to the
// instances when the data directory has one). (2) A 20-car,
// 8-hour plan over a synthetic city forecast of ~20,000 cells with clustered risk (top 2,000
// cells as candidates): the orienteering planner beside the greedy nearest-hotspot baseline with
// the same cars, shifts and candidates.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "patrol/orienteering.h"
#include "patrol/orienteering_bound.h"
#include "patrol/planner.h"
#include "patrol/top_instance.h"

#ifndef VIGIL_SHARED_DATA
#define VIGIL_SHARED_DATA "../shared/data"
#endif
#ifndef VIGIL_SOURCE_DIR
#define VIGIL_SOURCE_DIR "."
#endif

namespace {

using namespace vigil::patrol;  // NOLINT(google-build-using-namespace)

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Solves one instance; returns the benchmark score (start and end scores included).
double SolveTop(const TopInstance& inst, int iterations, double* seconds) {
  EuclideanTravelTimes travel(inst.nodes, 1.0);
  const OrienteeringProblem problem = MakeTopProblem(inst, travel);
  SolverOptions options;
  options.max_iterations = iterations;
  const auto start = std::chrono::steady_clock::now();
  auto solved = SolveOrienteering(problem, options);
  *seconds = Seconds(start);
  if (!solved.ok()) {
    std::printf("%s: %s\n", inst.name.c_str(), solved.error().ToString().c_str());
    return 0;
  }
  for (std::size_t r = 0; r < solved->routes.size(); ++r) {
    if (solved->route_time[r] > inst.tmax * (1 + 1e-9))
      std::printf("%s: route %zu over budget!\n", inst.name.c_str(), r);
  }
  return TopScore(inst, solved->score);
}

void RunTop(int iterations) {
  const std::filesystem::path dir = std::filesystem::path(VIGIL_SHARED_DATA) / "top" / "chao-set4";
  if (!std::filesystem::is_directory(dir)) {
    std::printf("TOP: %s absent, skipped\n", dir.c_str());
    return;
  }
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".txt") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  // Published scores: the data directory's own table when it has one, else the repository's.
  std::filesystem::path reference_file = dir / "best_known.tsv";
  if (!std::filesystem::exists(reference_file))
    reference_file =
        std::filesystem::path(VIGIL_SOURCE_DIR) / "bench" / "reference" / "chao-set4-published.tsv";
  std::map<std::string, TopReference> references;
  if (auto read = ReadTopReferences(reference_file.string()); read.ok()) {
    references = std::move(*read);
    std::printf("published scores: %s\n", reference_file.c_str());
  } else {
    std::printf("published scores: %s\n", read.error().ToString().c_str());
  }
  std::printf(
      "TOP set 4: best-ratio construction alone (reference) beside the ILS (%d iterations, seed "
      "1)\n",
      iterations);
  std::printf("%-8s %6s %9s %9s %8s %11s %6s %9s %s\n", "instance", "tmax", "construct", "ils",
              "ils_s", "upper_bound", "ub_gap%", "published", "ils_vs_published");
  double total_construct = 0;
  double total_ils = 0;
  for (const std::string& file : files) {
    auto inst = ReadTopInstance(file);
    if (!inst.ok()) {
      std::printf("%s: %s\n", file.c_str(), inst.error().ToString().c_str());
      continue;
    }
    double construct_s = 0;
    double ils_s = 0;
    const double construct = SolveTop(*inst, 0, &construct_s);
    const double ils = SolveTop(*inst, iterations, &ils_s);
    EuclideanTravelTimes travel(inst->nodes, 1.0);
    const double bound =
        std::min(TopUpperBound(*inst),
                 TopScore(*inst, OrienteeringUpperBound(MakeTopProblem(*inst, travel), 0)));
    total_construct += construct;
    total_ils += ils;
    const auto ref = references.find(inst->name);
    std::printf("%-8s %6.1f %9.0f %9.0f %8.3f %11.0f %6.2f %9.0f %s\n", inst->name.c_str(),
                inst->tmax, construct, ils, ils_s, bound, 100.0 * (bound - ils) / bound,
                ref == references.end() ? 0.0 : ref->second.score,
                ref == references.end() ? "not listed"
                                        : CompareWithReference(*inst, ils, ref->second).c_str());
  }
  std::printf("total: construction %.0f, ILS %.0f (ILS / construction %.3f)\n", total_construct,
              total_ils, total_ils / std::max(1.0, total_construct));
}

// A city of 150 x 140 cells of 100 m with risk in Gaussian clusters around 40 centres.
struct City {
  vigil::geo::Grid grid;
  std::vector<double> forecast;
};

City MakeCity() {
  City city;
  city.grid.cell_size = 100;
  city.grid.columns = 150;
  city.grid.rows = 140;
  city.forecast.assign(static_cast<std::size_t>(city.grid.cell_count()), 0.0);
  std::uint64_t s = 12345;
  auto uniform = [&s] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) * 0x1.0p-53;
  };
  struct Hot {
    double x, y, sigma, weight;
  };
  std::vector<Hot> hots;
  for (int i = 0; i < 40; ++i)
    hots.push_back(
        {uniform() * 15000, uniform() * 14000, 150 + uniform() * 500, 0.05 + uniform() * 0.5});
  for (std::int64_t c = 0; c < city.grid.cell_count(); ++c) {
    const double x = city.grid.CenterX(c), y = city.grid.CenterY(c);
    double v = 0.001;  // background
    for (const Hot& h : hots) {
      const double d2 = (x - h.x) * (x - h.x) + (y - h.y) * (y - h.y);
      v += h.weight * std::exp(-d2 / (2 * h.sigma * h.sigma));
    }
    city.forecast[static_cast<std::size_t>(c)] = v;
  }
  return city;
}

void RunCity(int iterations, int top_n, double time_limit_s, std::uint64_t seed) {
  City city = MakeCity();
  PlanOptions options;
  options.forecast = city.forecast;
  options.grid = city.grid;
  options.stations = {
      {"north", 7500, 11000}, {"south", 7500, 3000}, {"east", 12500, 7000}, {"west", 2500, 7000}};
  for (int c = 0; c < 20; ++c)
    options.cars.push_back({.name = "", .station = c % 4, .shift_s = 8 * 3600.0});
  options.top_n = top_n;
  options.solver.max_iterations = iterations;
  options.solver.time_limit_s = time_limit_s;
  options.solver.seed = seed;
  double total_risk = 0;
  for (double v : city.forecast) total_risk += v;
  std::printf(
      "\nCity: %lld cells, %zu cars x 8 h, top %d candidates, dwell 15 min, 30 km/h, total risk "
      "%.1f, at most %d iterations, time limit %.1f s, seed %llu\n",
      static_cast<long long>(city.grid.cell_count()), options.cars.size(), options.top_n,
      total_risk, iterations, time_limit_s, static_cast<unsigned long long>(seed));
  const auto g0 = std::chrono::steady_clock::now();
  auto greedy = PlanGreedy(options);
  const double greedy_s = Seconds(g0);
  const auto p0 = std::chrono::steady_clock::now();
  auto plan = PlanPatrols(options);
  const double plan_s = Seconds(p0);
  if (!greedy.ok() || !plan.ok()) {
    std::printf("city plan failed: %s\n",
                (!greedy.ok() ? greedy.error() : plan.error()).ToString().c_str());
    return;
  }
  std::printf("%-22s %8s %6s %10s %8s\n", "planner", "risk", "stops", "iterations", "time_s");
  std::printf("%-22s %8.2f %6d %10d %8.3f\n", "greedy nearest-hotspot", greedy->risk_covered,
              greedy->stops, 0, greedy_s);
  std::printf("%-22s %8.2f %6d %10d %8.3f\n", "orienteering (ILS)", plan->risk_covered, plan->stops,
              plan->iterations, plan_s);
  const PlanSites sites = BuildPlanSites(options);
  auto travel = MakeTravelTimes(options, sites);
  if (travel.ok()) {
    const double bound = PlanRiskUpperBound(options, sites, **travel);
    std::printf("bound (knapsack of dwell + quickest way in and out): %.2f (planner at %.1f%%)\n",
                bound, 100.0 * plan->risk_covered / std::max(1e-12, bound));
  }
  std::printf("risk covered ratio planner / greedy: %.3f\n",
              plan->risk_covered / std::max(1e-12, greedy->risk_covered));
}

}  // namespace

namespace vigil::patrol {
// St. Louis forecast on TIGER roads (patrol_stlouis_bench.cc); skips without the data.
void RunStLouis(const std::string& model, int iterations, int top_n, double time_limit_s,
                std::uint64_t seed);
}  // namespace vigil::patrol

// Usage: bench_patrol [TOP_ITERATIONS=3000] [CITY_ITERATIONS=100000] [CITY_TOP_N=2000]
//                     [CITY_TIME_LIMIT_S=4] [ST_LOUIS_MODELS=all seven, comma-separated]
//                     [SEED=1, of the city and St. Louis plans]
//                     (TOP_ITERATIONS 0 skips the benchmark set)
int main(int argc, char** argv) {
  const int top_iterations = argc > 1 ? std::atoi(argv[1]) : 3000;
  const int city_iterations = argc > 2 ? std::atoi(argv[2]) : 100000;
  const int city_top_n = argc > 3 ? std::atoi(argv[3]) : 2000;
  const double time_limit_s = argc > 4 ? std::atof(argv[4]) : 4.0;
  const std::uint64_t seed = argc > 6 ? std::strtoull(argv[6], nullptr, 10) : 1;
  if (top_iterations > 0) RunTop(top_iterations);
  RunCity(city_iterations, city_top_n, time_limit_s, seed);
  std::vector<std::string> models = {"naive-28d", "naive-365d", "kde",     "prospective",
                                     "etas",      "xgboost",    "ensemble"};
  if (argc > 5) {  // a comma-separated list of model names
    models.clear();
    std::string list = argv[5];
    for (std::size_t start = 0; start <= list.size();) {
      const std::size_t comma = std::min(list.find(',', start), list.size());
      if (comma > start) models.push_back(list.substr(start, comma - start));
      start = comma + 1;
    }
  }
  for (const std::string& model : models)
    vigil::patrol::RunStLouis(model, city_iterations, city_top_n, time_limit_s, seed);
  return 0;
}
