// Turn restrictions by node splitting: every edge that enters a restricted via node along a
// restriction's `from` way gets its own copy of the via node, whose outgoing edges are the via
// node's outgoing edges minus the forbidden turns (no_*) or only the commanded ones (only_*).
// The graph stays node-based, so Dijkstra and contraction hierarchies apply the restrictions
// without any change to the searches. Exact for via-node restrictions; via-way restrictions
// are kept on the graph but not applied.
#include <map>
#include <set>
#include <utility>

#include "roads/road_graph.h"

namespace vigil::roads {

std::size_t RoadGraphBuilder::SplitRestrictedTurns(
    const std::unordered_map<std::int64_t, NodeId>& osm_nodes) {
  struct Rules {
    std::set<std::int64_t> banned;   // to ways of no_* restrictions
    std::set<std::int64_t> allowed;  // to ways of only_* restrictions
  };
  // Rules per (entering edge index); the copy of its via node is made once.
  std::map<std::size_t, Rules> rules;
  std::size_t applied = 0;
  std::vector<std::vector<std::size_t>> in_edges(nodes_.size()), out_edges(nodes_.size());
  for (std::size_t e = 0; e < edges_.size(); ++e) {
    in_edges[edges_[e].to].push_back(e);
    out_edges[edges_[e].from].push_back(e);
  }
  for (const TurnRestriction& r : restrictions_) {
    if (r.via_node == 0) continue;
    const auto it = osm_nodes.find(r.via_node);
    if (it == osm_nodes.end()) continue;
    bool used = false;
    for (std::size_t e : in_edges[it->second]) {
      if (edges_[e].source_id != r.from_way) continue;
      (r.only ? rules[e].allowed : rules[e].banned).insert(r.to_way);
      used = true;
    }
    applied += used ? 1 : 0;
  }
  if (rules.empty()) return 0;
  // Copies first, so that an outgoing edge that itself enters a restricted via node is
  // copied with its redirected head.
  std::map<std::size_t, std::pair<NodeId, NodeId>> copy_of;  // entering edge -> (via, copy)
  for (const auto& [e, r] : rules) {
    const NodeId via = edges_[e].to;
    copy_of[e] = {via, AddNode(nodes_[via])};
  }
  for (const auto& [e, vc] : copy_of) edges_[e].to = vc.second;
  for (const auto& [e, vc] : copy_of) {
    const Rules& r = rules.at(e);
    for (std::size_t o : out_edges[vc.first]) {
      const RoadEdge out = edges_[o];  // a copy: push_back below may reallocate
      if (r.banned.contains(out.source_id)) continue;
      if (!r.allowed.empty() && !r.allowed.contains(out.source_id)) continue;
      RoadEdge c = out;
      c.from = vc.second;
      edges_.push_back(c);
    }
  }
  applied_restrictions_ = applied;
  return applied;
}

}  // namespace vigil::roads
