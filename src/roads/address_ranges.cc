#include "roads/address_ranges.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace vigil::roads {
namespace {

// Lower case, trimmed, runs of spaces as one.
std::string NormalisedStreet(std::string_view name) {
  std::string out;
  bool space = false;
  for (const char c : name) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

bool SideHolds(const AddressSide& side, std::int64_t number) {
  if (!side.present) return false;
  const std::int64_t low = std::min(side.from, side.to);
  const std::int64_t high = std::max(side.from, side.to);
  return number >= low && number <= high && (number - side.from) % 2 == 0;
}

// The point `fraction` of the way along `line` by length.
LinePoint Along(const std::vector<LinePoint>& line, double fraction) {
  double total = 0;
  for (std::size_t i = 1; i < line.size(); ++i)
    total += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
  double left = fraction * total;
  for (std::size_t i = 1; i < line.size(); ++i) {
    const LinePoint& a = line[i - 1];
    const LinePoint& b = line[i];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    if (left <= len || i + 1 == line.size()) {
      const double t = len > 0 ? std::clamp(left / len, 0.0, 1.0) : 0.0;
      return {.x = a.x + t * (b.x - a.x),
              .y = a.y + t * (b.y - a.y),
              .lon = a.lon + t * (b.lon - a.lon),
              .lat = a.lat + t * (b.lat - a.lat)};
    }
    left -= len;
  }
  return line.front();
}

}  // namespace

bool ParseHouseNumber(std::string_view text, std::int64_t* out) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (text.empty() || text.size() > 12) return false;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

Result<AddressMatch> GeocodeAddress(const std::vector<AddressRange>& ranges, std::int64_t number,
                                    std::string_view street) {
  const std::string wanted = NormalisedStreet(street);
  if (number < 0 || wanted.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "An address needs a house number >= 0 and a street name.");
  }
  for (const AddressRange& range : ranges) {
    if (range.line.size() < 2 || NormalisedStreet(range.street) != wanted) continue;
    for (const bool left : {true, false}) {
      const AddressSide& side = left ? range.left : range.right;
      if (!SideHolds(side, number)) continue;
      AddressMatch match;
      match.source_id = range.source_id;
      match.street = range.street;
      match.left = left;
      match.fraction = side.to == side.from ? 0.5
                                            : static_cast<double>(number - side.from) /
                                                  static_cast<double>(side.to - side.from);
      match.point = Along(range.line, match.fraction);
      return match;
    }
  }
  return MakeError(ErrorCode::kNotFound, "No address range holds " + std::to_string(number) + " " +
                                             std::string(street) + ".");
}

}  // namespace vigil::roads
