#include "server/report_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vigil::server {

bool IsReportId(const std::string& id) {
  if (id.empty() || id.size() > 128 || id.front() == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

Status WriteNewReportFile(const std::string& directory, const std::string& id,
                          const std::string& extension, std::string_view text,
                          const std::vector<std::string>& taken_extensions) {
  namespace fs = std::filesystem;
  if (!IsReportId(id)) return MakeError(ErrorCode::kInvalidArgument, "malformed report id");
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) return MakeError(ErrorCode::kIo, "cannot create the reports directory: " + ec.message());
  for (const std::string& taken : taken_extensions) {
    if (fs::exists(fs::path(directory) / (id + taken), ec)) {
      return MakeError(ErrorCode::kAlreadyExists, "a report '" + id + "' already exists");
    }
  }
  // Written under a hidden name (ids never start with '.'), then linked to its final name:
  // the link fails when that name exists, so a concurrent writer cannot be overwritten.
  const fs::path temporary = fs::path(directory) / ("." + id + extension + ".partial");
  const fs::path final_path = fs::path(directory) / (id + extension);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      fs::remove(temporary, ec);
      return MakeError(ErrorCode::kIo, "cannot write report '" + id + "'");
    }
  }
  fs::create_hard_link(temporary, final_path, ec);
  std::error_code ignored;
  fs::remove(temporary, ignored);
  if (ec == std::errc::file_exists) {
    return MakeError(ErrorCode::kAlreadyExists, "a report '" + id + "' already exists");
  }
  if (ec) return MakeError(ErrorCode::kIo, "cannot save report '" + id + "': " + ec.message());
  return Status::Ok();
}

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
      if (IsReportId(id)) out.push_back({id, entry.path().string(), entry.file_size(ec)});
      break;
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ReportFile& a, const ReportFile& b) { return a.id < b.id; });
  return out;
}

Result<std::string> ReadReportFile(const std::string& directory, const std::string& id,
                                   const std::vector<std::string>& extensions) {
  if (!IsReportId(id)) return MakeError(ErrorCode::kInvalidArgument, "malformed report id");
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
