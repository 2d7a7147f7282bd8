// Little-endian ISO WKB of polygons, for tests that store or parse area geometry.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

#include "geo/projection.h"

namespace vigil::testing {

struct WkbWriter {
  std::vector<std::uint8_t> bytes;
  void U32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void F64(double d) {
    const auto v = std::bit_cast<std::uint64_t>(d);
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void Ring(const std::vector<geo::XY>& ring) {
    U32(static_cast<std::uint32_t>(ring.size()));
    for (const geo::XY& p : ring) {
      F64(p.x);
      F64(p.y);
    }
  }
};

// A closed axis-aligned square ring.
inline std::vector<geo::XY> SquareRing(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

// A Polygon of one rectangle, as WKB.
inline std::vector<std::uint8_t> RectangleWkb(double x0, double y0, double x1, double y1) {
  WkbWriter w;
  w.bytes.push_back(1);
  w.U32(3);
  w.U32(1);
  w.Ring(SquareRing(x0, y0, x1, y1));
  return w.bytes;
}

}  // namespace vigil::testing
