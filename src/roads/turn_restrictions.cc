// Turn restrictions by node splitting. The graph stays node-based: a copy of a node (same
// position) stands for "at this node, with these restrictions in progress", and its outgoing
// edges are the node's own minus what the restrictions forbid, so Dijkstra and contraction
// hierarchies apply the restrictions without any change to the searches.
//
// Each applicable restriction becomes a pattern of builder edges: one edge of the from way into
// the first via node, then the edges along the via way(s) in travel order (none for a via
// node), then the rule at the exit node on the edges of the to way. A token (pattern, i) means
// "entered along the from way and followed the first i path edges since"; i == path length
// means "at the exit node: the rule applies". A state is a node with a set of tokens; the
// original node is the state with none. Travelling an edge keeps the tokens whose next path
// edge it is (advanced by one), drops the others, and adds (pattern, 0) for every pattern the
// edge enters. States are made on demand, starting from the entry edges, as in an
// Aho-Corasick automaton: a state is fixed by its longest token, so there are at most
// sum over patterns of entry edges x (path edges + 1) copies, and overlapping restrictions
// (via-node and via-way, several on one path) all hold at once.
#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "roads/road_graph.h"

namespace vigil::roads {
namespace {

// A restriction in builder edges.
struct Pattern {
  std::vector<std::size_t> entry;  // edges of the from way into the first via node
  std::vector<std::size_t> path;   // edges along the via ways in travel order; empty for a
                                   // via node
  std::int64_t to_way = 0;         // the rule applies to the exit node's edges of this way
  bool only = false;               // only_* (keep only them) or no_* (drop them)
};

// (pattern index, path edges followed); kept sorted and unique within a state.
using Token = std::pair<std::uint32_t, std::uint32_t>;
using Tokens = std::vector<Token>;

// The builder's edges by tail and by head node.
struct Incidence {
  Incidence(const std::vector<RoadEdge>& edges, std::size_t node_count)
      : edges(edges), in(node_count), out(node_count) {
    for (std::size_t e = 0; e < edges.size(); ++e) {
      in[edges[e].to].push_back(e);
      out[edges[e].from].push_back(e);
    }
  }
  // Edges of `way` entering `node`.
  std::vector<std::size_t> Entering(NodeId node, std::int64_t way) const {
    std::vector<std::size_t> found;
    for (std::size_t e : in[node]) {
      if (edges[e].source_id == way) found.push_back(e);
    }
    return found;
  }
  // True when an edge of `way` leaves `node`.
  bool Leaves(NodeId node, std::int64_t way) const {
    return std::any_of(out[node].begin(), out[node].end(),
                       [&](std::size_t e) { return edges[e].source_id == way; });
  }
  // The edge from -> to of `way`.
  std::optional<std::size_t> Find(NodeId from, NodeId to, std::int64_t way) const {
    for (std::size_t e : out[from]) {
      if (edges[e].to == to && edges[e].source_id == way) return e;
    }
    return std::nullopt;
  }

  const std::vector<RoadEdge>& edges;
  std::vector<std::vector<std::size_t>> in, out;
};

// A via path: its nodes and, for each step nodes[i] -> nodes[i + 1], the via way it follows.
struct ViaPath {
  std::vector<NodeId> nodes;
  std::vector<std::int64_t> ways;
};

// The via ways end to end in relation order, once from each end of the first one (the from way
// may come in at either); each later way must start or end where the path so far ends. Empty
// when a via way is unknown, has fewer than two distinct nodes, or the ways do not follow on.
std::vector<ViaPath> ViaPaths(
    const std::vector<std::int64_t>& via_ways,
    const std::unordered_map<std::int64_t, std::vector<NodeId>>& way_nodes) {
  std::vector<std::vector<NodeId>> lists;
  for (std::int64_t id : via_ways) {
    const auto it = way_nodes.find(id);
    if (it == way_nodes.end()) return {};
    std::vector<NodeId> list = it->second;
    list.erase(std::unique(list.begin(), list.end()), list.end());  // repeated refs
    if (list.size() < 2) return {};
    lists.push_back(std::move(list));
  }
  std::vector<ViaPath> paths;
  for (const bool reversed : {false, true}) {
    ViaPath path;
    bool follows = true;
    for (std::size_t w = 0; w < lists.size(); ++w) {
      std::vector<NodeId> list = lists[w];
      if (w == 0) {
        if (reversed) std::reverse(list.begin(), list.end());
        path.nodes.push_back(list.front());
      } else if (list.back() == path.nodes.back() && list.front() != path.nodes.back()) {
        std::reverse(list.begin(), list.end());
      } else if (list.front() != path.nodes.back()) {
        follows = false;
        break;
      }
      path.nodes.insert(path.nodes.end(), list.begin() + 1, list.end());
      path.ways.insert(path.ways.end(), list.size() - 1, via_ways[w]);
    }
    if (follows) paths.push_back(std::move(path));
  }
  return paths;
}

}  // namespace

std::size_t RoadGraphBuilder::SplitRestrictedTurns(
    const std::unordered_map<std::int64_t, NodeId>& osm_nodes,
    const std::unordered_map<std::int64_t, std::vector<NodeId>>& way_nodes) {
  const std::size_t original_edges = edges_.size();
  const Incidence graph(edges_, nodes_.size());
  std::vector<Pattern> patterns;
  std::size_t applied = 0;
  for (const TurnRestriction& r : restrictions_) {
    std::vector<Pattern> found;  // one per direction the via path can be travelled
    if (r.via_node != 0 && r.via_ways.empty()) {
      const auto it = osm_nodes.find(r.via_node);
      if (it != osm_nodes.end() && graph.Leaves(it->second, r.to_way)) {
        Pattern p{
            .entry = graph.Entering(it->second, r.from_way), .to_way = r.to_way, .only = r.only};
        if (!p.entry.empty()) found.push_back(std::move(p));
      }
    } else if (r.via_node == 0 && !r.via_ways.empty()) {
      for (const ViaPath& via : ViaPaths(r.via_ways, way_nodes)) {
        Pattern p{.entry = graph.Entering(via.nodes.front(), r.from_way),
                  .to_way = r.to_way,
                  .only = r.only};
        bool connects = !p.entry.empty() && graph.Leaves(via.nodes.back(), r.to_way);
        for (std::size_t i = 0; connects && i + 1 < via.nodes.size(); ++i) {
          const auto e = graph.Find(via.nodes[i], via.nodes[i + 1], via.ways[i]);
          connects = e.has_value();  // false against a one-way via way
          if (connects) p.path.push_back(*e);
        }
        if (connects) found.push_back(std::move(p));
      }
    }
    applied += found.empty() ? 0 : 1;
    for (Pattern& p : found) patterns.push_back(std::move(p));
  }
  applied_restrictions_ = applied;
  if (patterns.empty()) return applied;

  // Patterns each edge enters (ordered, so that copies get the same ids on every run).
  std::map<std::size_t, std::vector<std::uint32_t>> starts;
  for (std::uint32_t p = 0; p < patterns.size(); ++p) {
    for (std::size_t e : patterns[p].entry) starts[e].push_back(p);
  }
  // Tokens after travelling edge e from a state holding `at`.
  auto next = [&](const Tokens& at, std::size_t e) {
    Tokens out;
    for (const auto& [p, i] : at) {
      const std::vector<std::size_t>& path = patterns[p].path;
      if (i < path.size() && path[i] == e) out.emplace_back(p, i + 1);
    }
    if (const auto it = starts.find(e); it != starts.end()) {
      for (std::uint32_t p : it->second) out.emplace_back(p, 0);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  // True when the rules of the restrictions ending at a state holding `at` forbid edge e.
  auto forbidden = [&](const Tokens& at, std::size_t e) {
    bool any_only = false, onto_only = false;
    for (const auto& [p, i] : at) {
      const Pattern& pattern = patterns[p];
      if (i != pattern.path.size()) continue;
      const bool onto = edges_[e].source_id == pattern.to_way;
      if (!pattern.only && onto) return true;
      any_only = any_only || pattern.only;
      onto_only = onto_only || (pattern.only && onto);
    }
    return any_only && !onto_only;
  };
  std::vector<NodeId> head(original_edges);  // heads before redirection
  for (std::size_t e = 0; e < original_edges; ++e) head[e] = edges_[e].to;
  std::map<std::pair<NodeId, Tokens>, NodeId> copies;
  std::vector<std::tuple<NodeId, NodeId, Tokens>> todo;  // (copy, original node, tokens)
  auto state = [&](NodeId node, Tokens tokens) {
    if (tokens.empty()) return node;
    auto [it, inserted] = copies.try_emplace({node, tokens}, kNoNode);
    if (inserted) {
      const RoadNode position = nodes_[node];
      it->second = AddNode(position);
      todo.emplace_back(it->second, node, std::move(tokens));
    }
    return it->second;
  };
  // From original nodes only the entry edges change: they now lead to a copy.
  for (const auto& entry : starts) {
    const std::size_t e = entry.first;
    edges_[e].to = state(head[e], next({}, e));
  }
  // Each copy gets its node's original outgoing edges that its rules allow, each leading to
  // the state it reaches. `todo` grows while it is walked.
  for (std::size_t k = 0; k < todo.size(); ++k) {  // NOLINT(modernize-loop-convert): grows
    const auto [copy, node, tokens] = todo[k];
    for (std::size_t e : graph.out[node]) {
      if (forbidden(tokens, e)) continue;
      RoadEdge c = edges_[e];  // a copy: push_back below may reallocate
      c.from = copy;
      c.to = state(head[e], next(tokens, e));
      edges_.push_back(c);
    }
  }
  return applied;
}

}  // namespace vigil::roads
