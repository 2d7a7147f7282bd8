// Changes made to the store from the command line (ingest, layers, forecasts) are audited like
// the API's: the hash-chained trail records who ran what before it runs and its outcome after.
#pragma once

#include <functional>
#include <string>

#include "commands.h"

namespace vigil::app {

// Runs `run` (returning an exit code) as an audited change of the store at global.store_path:
// appends an "attempted" record (user "(cli) LOGIN", address "local", `action`, `resource`)
// first, and when that cannot be written prints the reason and returns 1 without running; then
// appends the outcome, "ok" for exit code 0 and "failed" otherwise, with {"exit_code": N}.
// An outcome that cannot be written is reported on stderr and makes the exit code 1.
int RunAuditedChange(const GlobalOptions& global, const std::string& action,
                     const std::string& resource, const std::function<int()>& run);

}  // namespace vigil::app
