#include "server/report_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vigil::server {
namespace {

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > 128 || id.front() == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

}  // namespace

std::vector<ReportFile> ListReportFiles(const std::string& directory,
                                        const std::vector<std::string>& extensions) {
  std::vector<ReportFile> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    const std::string name = entry.path().filename().string();
    for (const std::string& extension : extensions) {
      if (name.size() <= extension.size() ||
          name.compare(name.size() - extension.size(), extension.size(), extension) != 0) {
        continue;
      }
      const std::string id = name.substr(0, name.size() - extension.size());
      if (ValidId(id)) out.push_back({id, entry.path().string(), entry.file_size(ec)});
      break;
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ReportFile& a, const ReportFile& b) { return a.id < b.id; });
  return out;
}

Result<std::string> ReadReportFile(const std::string& directory, const std::string& id,
                                   const std::vector<std::string>& extensions) {
  if (!ValidId(id)) return MakeError(ErrorCode::kInvalidArgument, "malformed report id");
  for (const std::string& extension : extensions) {
    const std::filesystem::path path = std::filesystem::path(directory) / (id + extension);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) return MakeError(ErrorCode::kIo, "cannot read report " + id);
    return text.str();
  }
  return MakeError(ErrorCode::kNotFound, "no report '" + id + "'");
}

}  // namespace vigil::server
