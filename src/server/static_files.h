// Static files of the dashboard, served from a web root for GET paths outside /api/.
#pragma once

#include <string>
#include <string_view>

#include "server/api.h"

namespace vigil::server {

// The file at decoded `path` under `web_root` ("/" is index.html). Paths with "..", "." or
// empty segments, backslashes or NUL are refused (404), as are symlinks leading out of the
// root, directories and unreadable files. Files larger than `max_bytes` give 404 too.
ApiResponse ServeStaticFile(const std::string& web_root, std::string_view path,
                            std::size_t max_bytes = 64u << 20);

// Media type for a file name's extension ("application/octet-stream" when unknown).
std::string_view MediaTypeFor(std::string_view file_name);

}  // namespace vigil::server
