// Searches work between graph nodes with start offsets ("endpoints"); this file turns snapped
// points into endpoints and a node path back into a route with partial first and last edges.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "roads/road_graph.h"
#include "roads/snap.h"

namespace vigil::roads {

using Weight = std::uint64_t;  // milliseconds
inline constexpr Weight kInfinity = std::numeric_limits<Weight>::max() / 4;

// A search start (or goal) at `node`, already `offset_ms` away from the real point.
struct Endpoint {
  NodeId node = kNoNode;
  Weight offset_ms = 0;
  EdgeId partial_edge = kNoEdge;  // the edge the point lies on (for the route's geometry)
  double partial_m = 0;           // metres travelled on that edge
};

// Result of a node-level search: the best source/target pair and the full edges between them.
struct NodePath {
  bool found = false;
  Weight time_ms = kInfinity;  // including both endpoint offsets
  std::size_t source = 0;      // index into the sources given to the search
  std::size_t target = 0;      // index into the targets
  std::vector<EdgeId> edges;   // original graph edges, source node to target node
};

// Endpoints for leaving / reaching a snapped point (both directions of a two-way road).
std::vector<Endpoint> SourceEndpoints(const RoadGraph& graph, const SnapResult& snap);
std::vector<Endpoint> TargetEndpoints(const RoadGraph& graph, const SnapResult& snap);

struct Route {
  bool found = false;  // false when the target cannot be reached
  double time_s = 0;
  double length_m = 0;
  std::vector<EdgeId> edges;    // full edges travelled (partial first/last edges excluded)
  std::vector<double> lon_lat;  // polyline, lon0, lat0, lon1, lat1, ... (WGS84)
};

// Composes the route between two snapped points from a node path found between
// SourceEndpoints(from) and TargetEndpoints(to); handles both points on the same edge.
Route ComposeRoute(const RoadGraph& graph, const SnapResult& from, const SnapResult& to,
                   std::span<const Endpoint> sources, std::span<const Endpoint> targets,
                   const NodePath& path);

}  // namespace vigil::roads
