// Parsing of what a client sends: the request target's path and query string (percent
// decoding, repeated and empty keys), typed query parameters, and JSON bodies with a nesting
// limit. Pure functions; fuzzed by fuzz/request_parsing_fuzz.cc.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace vigil::server {

// Decodes %XX escapes (and '+' as space when `plus_is_space`). kInvalidArgument on a broken
// escape or a decoded NUL byte.
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// A request target split into its decoded path and its query parameters.
struct Target {
  std::string path;                           // percent-decoded, starts with '/'
  std::map<std::string, std::string> params;  // decoded; a repeated key keeps its last value
};
// Parses "/api/v1/incidents?from=2024-01-01&limit=10". kInvalidArgument when the target does
// not start with '/', contains a decoded NUL, or has a broken escape.
Result<Target> ParseTarget(std::string_view target);

// Typed reads of query parameters. Each is nullopt when the parameter is absent and
// kInvalidArgument (naming the parameter) when it is present but malformed.
class QueryParams {
 public:
  explicit QueryParams(const std::map<std::string, std::string>& params) : params_(params) {}

  std::optional<std::string> Text(const std::string& name) const;
  // Decimal integer within [min, max].
  Result<std::optional<std::int64_t>> Int(const std::string& name, std::int64_t min,
                                          std::int64_t max) const;
  // UTC instant: ISO 8601 ("2024-03-01", "2024-03-01T10:00:00Z") or seconds since the epoch.
  Result<std::optional<UnixSeconds>> Time(const std::string& name) const;

 private:
  const std::map<std::string, std::string>& params_;
};

// Maximum nesting of arrays and objects accepted in a JSON body.
inline constexpr int kMaxJsonDepth = 64;

// Parses a JSON body. kInvalidArgument with the parser's position when it is not JSON or is
// nested deeper than kMaxJsonDepth. Never throws.
Result<nlohmann::json> ParseJsonBody(std::string_view body);

}  // namespace vigil::server
