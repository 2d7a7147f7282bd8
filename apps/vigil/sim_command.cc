// `vigil sim`: generate the synthetic city (files `vigil ingest` loads, plus truth.json).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.h"
#include "sim/sim.h"

namespace vigil::app {
namespace {

struct SimArgs {
  sim::SimOptions options;
  std::string out = "sim";
};

int RunSim(const GlobalOptions& global, const SimArgs& args) {
  const auto started = std::chrono::steady_clock::now();
  auto counts = sim::GenerateCity(args.options, args.out);
  if (!counts.ok()) {
    std::cerr << "vigil sim: " << counts.error().message << "\n";
    return counts.error().code == ErrorCode::kInvalidArgument ? 2 : 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!global.quiet) {
    for (const auto& [file, rows] : *counts)
      std::printf("  %-22s %10lld\n", file.c_str(), static_cast<long long>(rows));
  }
  std::printf("synthetic city (seed %llu, %d days) written to %s in %.1f s\n",
              static_cast<unsigned long long>(args.options.seed), args.options.days,
              args.out.c_str(), seconds);
  return 0;
}

}  // namespace

void RegisterSim(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<SimArgs>();
  CLI::App* cmd = app.add_subcommand("sim", "Generate a synthetic city with known ground truth");
  cmd->add_option("--seed", args->options.seed, "Random seed; same seed, same files")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Output directory")->capture_default_str();
  cmd->add_option("--days", args->options.days, "Days of incidents and calls")
      ->capture_default_str();
  cmd->add_option("--start", args->options.start_date, "First local day, YYYY-MM-DD")
      ->capture_default_str();
  cmd->add_option("--scale", args->options.incident_scale, "Multiplier of the incident rates")
      ->capture_default_str();
  cmd->add_option("--other-calls-per-day", args->options.other_calls_per_day,
                  "Non-crime calls per day (EMS, fire, traffic...)")
      ->capture_default_str();
  cmd->add_option("--plate-read-days", args->options.plate_read_days,
                  "Days of plate reads, at the end of the period")
      ->capture_default_str();
  cmd->callback([&global, &exit_code, args]() { exit_code = RunSim(global, *args); });
}

}  // namespace vigil::app
