// Nearest-segment snapping: a grid of buckets over the projected extent, each holding the
// edges whose bounding box touches it. Immutable after construction; thread-safe queries.
#pragma once

#include <cstdint>
#include <vector>

#include "geo/grid.h"
#include "roads/road_graph.h"

namespace vigil::roads {

struct SnapResult {
  EdgeId edge = kNoEdge;  // nearest edge (for a two-way road, one of its two directions)
  double offset_m = 0;    // metres from the edge's `from` node to the snapped point
  double fraction = 0;    // offset_m / length_m, in [0, 1]
  double distance_m = 0;  // metres from the query point to the snapped point
  double x = 0;           // snapped point, projected metres
  double y = 0;
};

class SegmentIndex {
 public:
  // `graph` must outlive the index. `cell_size_m` > 0 (default 200 m).
  explicit SegmentIndex(const RoadGraph& graph, double cell_size_m = 200);

  // Nearest edge to the projected point (x, y) within `max_distance_m`; kNotFound when none.
  Result<SnapResult> Snap(double x, double y, double max_distance_m = 1000) const;

 private:
  const RoadGraph* graph_;
  geo::Grid grid_;
  std::vector<std::uint32_t> cell_offsets_;  // CSR: edges of cell c are [c], [c + 1)
  std::vector<EdgeId> cell_edges_;
};

}  // namespace vigil::roads
