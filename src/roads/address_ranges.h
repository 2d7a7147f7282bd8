// House-number ranges of street-centreline features, kept from the import so that an address
// (house number and street) becomes a point on the road network, as dispatch centres geocode a
// caller's address. US-style files (TIGER LFROMADD / LTOADD / RFROMADD / RTOADD and most city
// centreline files) give each side of a feature the first and last number along the digitised
// line; one side holds the odd numbers, the other the even ones.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil::roads {

struct AddressSide {
  bool present = false;   // the file gave both numbers of this side
  std::int64_t from = 0;  // house number at the start of the digitised line
  std::int64_t to = 0;    // house number at its end (may be below `from`)
};

// One point of a feature's line: projected metres and WGS84 degrees.
struct LinePoint {
  double x = 0;
  double y = 0;
  double lon = 0;
  double lat = 0;
};

struct AddressRange {
  std::int64_t source_id = 0;   // 1-based feature index, as RoadEdge::source_id
  std::string street;           // the feature's street name
  AddressSide left;             // left of the line, looking along the digitised direction
  AddressSide right;            // right of it
  std::vector<LinePoint> line;  // the feature's vertices in digitised order (>= 2)
};

struct AddressMatch {
  std::int64_t source_id = 0;  // the feature holding the number
  std::string street;          // its name as the file spells it
  bool left = false;           // on its left side (else right)
  double fraction = 0;         // share of the line's length from its start, [0, 1]
  LinePoint point;             // the interpolated position on the line
};

// A house number field: optional spaces around decimal digits, nothing else ("12", " 4500 ").
// False for "", "12A", "-3" and numbers above 10^12.
bool ParseHouseNumber(std::string_view text, std::int64_t* out);

// Finds `number` on `street` (names compared without case and with runs of spaces as one).
// A side matches when the number lies between its `from` and `to` (in either order) and has the
// parity of `from`; the position is that share of the way from `from` to `to` along the line
// (its middle when from == to). Of several matching sides, the first feature in file order.
// Fails with kNotFound naming the number and street when none matches, and kInvalidArgument
// for a number < 0 or an empty street.
Result<AddressMatch> GeocodeAddress(const std::vector<AddressRange>& ranges, std::int64_t number,
                                    std::string_view street);

}  // namespace vigil::roads
