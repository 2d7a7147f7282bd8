// vigil: the one binary. Parses the command line and hands off to a subcommand.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "commands.h"
#include "risk/openmp_wait.h"

// An unexpected exception (out of memory, a library's) ends the run with its message and exit
// code 1 instead of std::terminate; every expected error is a Status handled by the commands.
int main(int argc, char** argv) {
  try {
    vigil::risk::PreferPassiveOpenMpWait(argv);
    CLI::App app{"Vigil: smart-policing data and AI platform"};
    app.require_subcommand(1);
    vigil::app::GlobalOptions global;
    app.add_option("--store", global.store_path, "Embedded store file (SQLite)")
        ->capture_default_str();
    app.add_flag("-q,--quiet", global.quiet, "Print only results and errors");
    int exit_code = 0;
    vigil::app::RegisterIngest(app, global, exit_code);
    vigil::app::RegisterSummary(app, global, exit_code);
    vigil::app::RegisterProfiles(app, exit_code);
    vigil::app::RegisterTypology(app, global, exit_code);
    vigil::app::RegisterSim(app, global, exit_code);
    vigil::app::RegisterBacktest(app, global, exit_code);
    vigil::app::RegisterLayers(app, global, exit_code);
    vigil::app::RegisterPredict(app, global, exit_code);
    vigil::app::RegisterForecastSchedule(app, global, exit_code);
    vigil::app::RegisterSecurity(app, global, exit_code);
    vigil::app::RegisterPatrol(app, global, exit_code);
    vigil::app::RegisterPatrolPlan(app, global, exit_code);
    vigil::app::RegisterRoute(app, global, exit_code);
    vigil::app::RegisterServe(app, global, exit_code);
    CLI11_PARSE(app, argc, argv);
    return exit_code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vigil: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "vigil: unexpected error\n");
  }
  return 1;
}
