// Plain Dijkstra on the road graph: the reference for contraction hierarchies, one-to-all
// rows for small matrices, and isochrones. A Dijkstra object holds scratch space sized to the
// graph; use one per thread.
#pragma once

#include <span>
#include <vector>

#include "roads/route.h"

namespace vigil::roads {

struct Isochrone {
  std::vector<NodeId> nodes;             // nodes reachable within the limit, in order of arrival
  std::vector<Weight> node_time_ms;      // arrival time of each node in `nodes`
  std::vector<EdgeId> edges;             // edges travelled completely within the limit
  std::vector<EdgeId> partial_edges;     // edges entered but not finished within the limit
  std::vector<double> partial_fraction;  // fraction of each partial edge reached, in (0, 1)
};

class Dijkstra {
 public:
  explicit Dijkstra(const RoadGraph& graph);

  // Fastest path from any source to any target (times include the endpoint offsets).
  NodePath Search(std::span<const Endpoint> sources, std::span<const Endpoint> targets);

  // Travel time from the sources to every node (kInfinity when unreachable), stopping past
  // `limit_ms`: nodes beyond it read kInfinity.
  std::vector<Weight> OneToAll(std::span<const Endpoint> sources, Weight limit_ms = kInfinity);

  // Everything reachable within `limit_ms` of the sources.
  Isochrone Reach(std::span<const Endpoint> sources, Weight limit_ms);

 private:
  void Run(std::span<const Endpoint> sources, Weight limit_ms, std::span<const Endpoint> targets,
           NodePath* path);
  void Reset();

  const RoadGraph* graph_;
  std::vector<Weight> dist_;
  std::vector<EdgeId> parent_;
  std::vector<NodeId> touched_;
  std::vector<NodeId> settled_order_;
};

}  // namespace vigil::roads
