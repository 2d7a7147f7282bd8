#include "server/request_parsing.h"

#include "core/text.h"

namespace vigil::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Deepest nesting of [ and { outside strings; stops counting past `limit`.
int NestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return MakeError(ErrorCode::kInvalidArgument, "broken percent escape");
      }
      const int hi = HexValue(text[i + 1]);
      const int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return MakeError(ErrorCode::kInvalidArgument, "broken percent escape");
      const char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return MakeError(ErrorCode::kInvalidArgument, "NUL byte in request");
      out += decoded;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '\0') {
      return MakeError(ErrorCode::kInvalidArgument, "NUL byte in request");
    } else {
      out += c;
    }
  }
  return out;
}

Result<Target> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return MakeError(ErrorCode::kInvalidArgument, "request target must start with '/'");
  }
  Target out;
  const std::size_t question = target.find('?');
  auto path = PercentDecode(target.substr(0, question), false);
  if (!path.ok()) return path.error();
  out.path = std::move(*path);
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    if (!key.ok()) return key.error();
    std::string value;
    if (eq != std::string_view::npos) {
      auto decoded = PercentDecode(pair.substr(eq + 1), true);
      if (!decoded.ok()) return decoded.error();
      value = std::move(*decoded);
    }
    if (key->empty()) continue;
    out.params[std::move(*key)] = std::move(value);
  }
  return out;
}

std::optional<std::string> QueryParams::Text(const std::string& name) const {
  auto it = params_.find(name);
  if (it == params_.end()) return std::nullopt;
  return it->second;
}

Result<std::optional<std::int64_t>> QueryParams::Int(const std::string& name, std::int64_t min,
                                                     std::int64_t max) const {
  auto it = params_.find(name);
  if (it == params_.end()) return std::optional<std::int64_t>();
  long long value = 0;
  if (!ParseInt64(it->second, &value) || value < min || value > max) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "parameter '" + name + "' must be an integer between " + std::to_string(min) +
                         " and " + std::to_string(max));
  }
  return std::optional<std::int64_t>(value);
}

Result<std::optional<UnixSeconds>> QueryParams::Time(const std::string& name) const {
  auto it = params_.find(name);
  if (it == params_.end()) return std::optional<UnixSeconds>();
  long long seconds = 0;
  if (ParseInt64(it->second, &seconds)) return std::optional<UnixSeconds>(seconds);
  auto parsed = ParseUtc(it->second);
  if (!parsed.ok()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "parameter '" + name +
                         "' must be an ISO 8601 UTC time (2024-03-01T10:00:00Z) or epoch seconds");
  }
  return std::optional<UnixSeconds>(*parsed);
}

Result<nlohmann::json> ParseJsonBody(std::string_view body) {
  if (NestingDepth(body, kMaxJsonDepth) > kMaxJsonDepth) {
    return MakeError(ErrorCode::kInvalidArgument, "JSON body is nested deeper than " +
                                                      std::to_string(kMaxJsonDepth) + " levels");
  }
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return MakeError(ErrorCode::kInvalidArgument, "the body is not valid JSON");
  }
  return parsed;
}

}  // namespace vigil::server
