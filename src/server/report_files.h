// Reports the CLI writes as files, served read-only from a reports directory: backtest reports
// (`vigil backtest --out DIR/backtests/NAME` writes NAME.json) and patrol plans
// (DIR/patrol-plans/NAME.geojson or NAME.json). A report's id is its file name without the
// extension; ids are 1-128 of letters, digits, '-', '_' and '.', never starting with '.'.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::server {

struct ReportFile {
  std::string id;
  std::string path;
  std::uintmax_t bytes = 0;
};

// Whether `id` is a well-formed report id (the rules above).
bool IsReportId(const std::string& id);

// Writes `text` as report `id` + `extension` in `directory` (created when absent), never
// replacing a report: kAlreadyExists when a file of that id exists with any of
// `taken_extensions`, or appears meanwhile (the final name is linked atomically); kIo when the
// file cannot be written; kInvalidArgument for a malformed id. Readers never see a partial file.
Status WriteNewReportFile(const std::string& directory, const std::string& id,
                          const std::string& extension, std::string_view text,
                          const std::vector<std::string>& taken_extensions);

// Files of `directory` whose name ends in one of `extensions` (".json"), sorted by id. An
// absent directory has none.
std::vector<ReportFile> ListReportFiles(const std::string& directory,
                                        const std::vector<std::string>& extensions);
// The contents of report `id`; kInvalidArgument for a malformed id, kNotFound when absent.
Result<std::string> ReadReportFile(const std::string& directory, const std::string& id,
                                   const std::vector<std::string>& extensions);

}  // namespace vigil::server
