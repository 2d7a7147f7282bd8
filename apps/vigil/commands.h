// Subcommands of the `vigil` binary. Each Register* adds its options to the CLI and returns
// nothing; the work runs in the callback CLI11 calls after parsing. Exit codes: 0 ok, 1 error,
// 2 bad usage.
#pragma once

#include <CLI/CLI.hpp>

namespace vigil::app {

// Options every subcommand shares.
struct GlobalOptions {
  std::string store_path = "vigil.sqlite";  // the embedded store file
  bool quiet = false;
};

void RegisterIngest(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterSummary(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterProfiles(CLI::App& app, int& exit_code);
// Regional typology: k-means types of areas from their statistics (typology_command.cc).
void RegisterTypology(CLI::App& app, GlobalOptions& global, int& exit_code);
// Synthetic city generator (sim_command.cc).
void RegisterSim(CLI::App& app, GlobalOptions& global, int& exit_code);
// Walk-forward evaluation of the risk models (backtest_command.cc).
void RegisterBacktest(CLI::App& app, GlobalOptions& global, int& exit_code);
// ingest-areas, join-area-attributes, ingest-layer (layers_command.cc).
void RegisterLayers(CLI::App& app, GlobalOptions& global, int& exit_code);
void RegisterPredict(CLI::App& app, GlobalOptions& global, int& exit_code);
// Forecasts for each coming shift on the shift schedule (forecast_schedule_command.cc).
void RegisterForecastSchedule(CLI::App& app, GlobalOptions& global, int& exit_code);
// `audit verify`, `user add|disable` (security_command.cc).
void RegisterSecurity(CLI::App& app, GlobalOptions& global, int& exit_code);
// Patrol planning: top-solve (patrol_command.cc).
void RegisterPatrol(CLI::App& app, GlobalOptions& global, int& exit_code);
// `vigil patrol`: risk-weighted patrol plans for a shift (patrol_plan_command.cc).
void RegisterPatrolPlan(CLI::App& app, GlobalOptions& global, int& exit_code);
// Fastest car route between two points on an OSM or centreline road file (route_command.cc).
void RegisterRoute(CLI::App& app, GlobalOptions& global, int& exit_code);
// The HTTP/WebSocket API server (serve_command.cc).
void RegisterServe(CLI::App& app, GlobalOptions& global, int& exit_code);

}  // namespace vigil::app
