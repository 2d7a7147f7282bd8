// Writing CSV (RFC 4180): the one quoting rule every CSV the project writes follows.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

// `text` as one CSV field: unchanged unless it holds a comma, quote, CR or LF; then wrapped in
// double quotes with each quote doubled.
std::string CsvField(std::string_view text);

}  // namespace vigil
