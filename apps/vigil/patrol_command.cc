// `vigil top-solve`: solve team-orienteering benchmark instances (Chao, Golden & Wasil format)
// with the patrol planner's solver and print score, a simple upper bound and the time, and with
// --reference the published score of each instance beside its own.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "commands.h"
#include "patrol/orienteering.h"
#include "patrol/top_instance.h"

namespace vigil::app {
namespace {

struct TopSolveArgs {
  std::vector<std::string> files;
  patrol::SolverOptions solver;
  bool routes = false;    // print the routes too
  std::string reference;  // table of published scores (ParseTopReferences format), optional
};

int RunTopSolve(const TopSolveArgs& args) {
  if (Status s = args.solver.Validate(); !s.ok()) {
    std::cerr << "vigil top-solve: " << s.error().message << "\n";
    return 2;
  }
  std::map<std::string, patrol::TopReference> references;
  if (!args.reference.empty()) {
    auto read = patrol::ReadTopReferences(args.reference);
    if (!read.ok()) {
      std::cerr << "vigil top-solve: " << read.error().message << "\n";
      return 2;
    }
    references = std::move(*read);
  }
  int exit_code = 0;
  std::printf("%-10s %3s %8s %9s %11s %8s", "instance", "m", "tmax", "score", "upper_bound",
              "time_s");
  if (!args.reference.empty()) std::printf(" %9s %s", "published", "vs_published");
  std::printf("\n");
  for (const std::string& file : args.files) {
    auto inst = patrol::ReadTopInstance(file);
    if (!inst.ok()) {
      std::cerr << "vigil top-solve: " << inst.error().message << "\n";
      exit_code = 1;
      continue;
    }
    patrol::EuclideanTravelTimes travel(inst->nodes, 1.0);
    const patrol::OrienteeringProblem problem = patrol::MakeTopProblem(*inst, travel);
    const auto started = std::chrono::steady_clock::now();
    auto solved = patrol::SolveOrienteering(problem, args.solver);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!solved.ok()) {
      std::cerr << "vigil top-solve: " << inst->name << ": " << solved.error().message << "\n";
      exit_code = 1;
      continue;
    }
    const double score = patrol::TopScore(*inst, solved->score);
    std::printf("%-10s %3d %8.1f %9.0f %11.0f %8.3f", inst->name.c_str(), inst->vehicles,
                inst->tmax, score, patrol::TopUpperBound(*inst), seconds);
    if (!args.reference.empty()) {
      const auto ref = references.find(inst->name);
      if (ref == references.end()) {
        std::printf(" %9s %s", "-", "not listed");
      } else {
        std::printf(" %9.0f %s", ref->second.score,
                    patrol::CompareWithReference(*inst, score, ref->second).c_str());
      }
    }
    std::printf("\n");
    if (args.routes) {
      for (std::size_t r = 0; r < solved->routes.size(); ++r) {
        std::printf("  route %zu (time %.3f):", r + 1, solved->route_time[r]);
        for (int v : solved->routes[r]) std::printf(" %d", v);
        std::printf("\n");
      }
    }
  }
  return exit_code;
}

}  // namespace

void RegisterPatrol(CLI::App& app, GlobalOptions& /*global*/, int& exit_code) {
  auto args = std::make_shared<TopSolveArgs>();
  CLI::App* cmd = app.add_subcommand(
      "top-solve", "Solve team-orienteering benchmark instances (Chao et al. format)");
  cmd->add_option("files", args->files, "Instance files")->required()->check(CLI::ExistingFile);
  cmd->add_option("--iterations", args->solver.max_iterations, "Local-search iterations")
      ->capture_default_str();
  cmd->add_option("--seed", args->solver.seed, "Random seed; same seed and iterations, same result")
      ->capture_default_str();
  cmd->add_option("--time-limit", args->solver.time_limit_s, "Seconds per instance, 0 = none")
      ->capture_default_str();
  cmd->add_flag("--routes", args->routes, "Print the routes (node indices, 0 = start)");
  cmd->add_option("--reference", args->reference,
                  "Table of published scores (instance nodes score source per line) to print "
                  "beside each score")
      ->check(CLI::ExistingFile);
  cmd->callback([&exit_code, args]() { exit_code = RunTopSolve(*args); });
}

}  // namespace vigil::app
