// Reports the CLI writes as files, served read-only from a reports directory: backtest reports
// (`vigil backtest --out DIR/backtests/NAME` writes NAME.json) and patrol plans
// (DIR/patrol-plans/NAME.geojson or NAME.json). A report's id is its file name without the
// extension; ids are 1-128 of letters, digits, '-', '_' and '.', never starting with '.'.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace vigil::server {

struct ReportFile {
  std::string id;
  std::string path;
  std::uintmax_t bytes = 0;
};

// Files of `directory` whose name ends in one of `extensions` (".json"), sorted by id. An
// absent directory has none.
std::vector<ReportFile> ListReportFiles(const std::string& directory,
                                        const std::vector<std::string>& extensions);
// The contents of report `id`; kInvalidArgument for a malformed id, kNotFound when absent.
Result<std::string> ReadReportFile(const std::string& directory, const std::string& id,
                                   const std::vector<std::string>& extensions);

}  // namespace vigil::server
