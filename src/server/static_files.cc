#include "server/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace vigil::server {
namespace {

bool SafeRelativePath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return false;
  }
  std::string_view rest = path.substr(1);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") return false;
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
    if (rest.empty()) return false;  // trailing slash
  }
  return true;
}

ApiResponse NotFound() { return ErrorResponse(ApiError::kNoRoute, "no such file"); }

}  // namespace

std::string_view MediaTypeFor(std::string_view name) {
  struct Type {
    std::string_view extension;
    std::string_view media_type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".geojson", "application/geo+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".wasm", "application/wasm"},
  };
  for (const Type& type : kTypes) {
    if (name.size() >= type.extension.size() &&
        name.substr(name.size() - type.extension.size()) == type.extension) {
      return type.media_type;
    }
  }
  return "application/octet-stream";
}

ApiResponse ServeStaticFile(const std::string& web_root, std::string_view path,
                            std::size_t max_bytes) {
  if (path == "/") path = "/index.html";
  if (web_root.empty() || !SafeRelativePath(path)) return NotFound();
  std::error_code ec;
  const std::filesystem::path root = std::filesystem::canonical(web_root, ec);
  if (ec) return NotFound();
  const std::filesystem::path file =
      std::filesystem::weakly_canonical(root / std::string(path.substr(1)), ec);
  if (ec) return NotFound();
  // The resolved file must still lie under the root (symlinks may point elsewhere).
  const std::string root_text = root.string() + "/";
  if (file.string().compare(0, root_text.size(), root_text) != 0) return NotFound();
  if (!std::filesystem::is_regular_file(file, ec) || ec) return NotFound();
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > max_bytes) return NotFound();
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound();
  std::ostringstream content;
  content << in.rdbuf();
  return ApiResponse{.status = 200,
                     .content_type = std::string(MediaTypeFor(file.filename().string())),
                     .body = content.str()};
}

}  // namespace vigil::server
