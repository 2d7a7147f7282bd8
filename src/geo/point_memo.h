// A memo of points already put through a chain of transformations. Police exports geocode to
// addresses and block faces, so the same coordinates come back again and again: the 356,090
// St. Louis rows of 2010-2019 hold 81,222 distinct points. One probe of a flat table costs
// less than PROJ's inverse and forward projections. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geo/projection.h"

namespace vigil::geo {

// A source point's WGS84 position and its position in the city's projected CRS (metres).
struct ProjectedPoint {
  XY lonlat;
  XY metres;
};

class PointMemo {
 public:
  // Holds up to three quarters of 2^capacity_log2 points; later new points are not kept.
  explicit PointMemo(int capacity_log2 = 17);

  // Starts loading the memory Find(x, y) will read: a probe that misses the CPU caches costs
  // about as much as the projections it saves, so callers prefetch a row's point first and
  // look it up after other work.
  void Prefetch(double x, double y) const;
  // The remembered result for the source point (x, y), compared bit for bit; nullptr if none.
  const ProjectedPoint* Find(double x, double y) const;
  // Remembers the result for (x, y) unless the memo is full or already holds (x, y).
  void Remember(double x, double y, const ProjectedPoint& point);

  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t x_bits = 0;
    std::uint64_t y_bits = 0;
    ProjectedPoint point;
    bool used = false;
  };
  std::size_t SlotOf(std::uint64_t x_bits, std::uint64_t y_bits) const;

  std::vector<Slot> slots_;  // allocated on the first Remember
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
  std::size_t max_size_ = 0;
};

}  // namespace vigil::geo
