#include "roads/road_graph.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vigil::roads {
namespace {

constexpr const char* kClassNames[kRoadClassCount] = {
    "motorway",     "trunk",       "primary",       "secondary", "tertiary",
    "unclassified", "residential", "living_street", "service",   "other"};

}  // namespace

const char* RoadClassName(RoadClass road_class) {
  return kClassNames[static_cast<int>(road_class)];
}

bool ParseRoadClass(const std::string& name, RoadClass* out) {
  for (int i = 0; i < kRoadClassCount; ++i) {
    if (name == kClassNames[i]) {
      *out = static_cast<RoadClass>(i);
      return true;
    }
  }
  return false;
}

EdgeId RoadGraph::ReverseOf(EdgeId edge) const {
  const RoadEdge& e = edges_[edge];
  for (EdgeId r = out_begin(e.to); r < out_end(e.to); ++r) {
    const RoadEdge& c = edges_[r];
    if (c.to == e.from && c.source_id == e.source_id && std::abs(c.length_m - e.length_m) < 1e-6) {
      return r;
    }
  }
  return kNoEdge;
}

NodeId RoadGraphBuilder::AddNode(const RoadNode& node) {
  nodes_.push_back(node);
  return static_cast<NodeId>(nodes_.size() - 1);
}

void RoadGraphBuilder::AddEdge(NodeId from, NodeId to, double length_m, double time_s,
                               RoadClass road_class, const std::string& name,
                               std::int64_t source_id) {
  if (from == to || !(length_m > 0) || !(time_s > 0)) return;
  auto [it, inserted] = name_index_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
  if (inserted) names_.push_back(name);
  const double ms = std::max(1.0, std::round(time_s * 1000.0));
  edges_.push_back(RoadEdge{.from = from,
                            .to = to,
                            .length_m = length_m,
                            .time_ms = static_cast<std::uint32_t>(std::min(ms, 4.0e9)),
                            .road_class = road_class,
                            .name = name.empty() ? 0 : it->second,
                            .source_id = source_id});
}

std::uint32_t StronglyConnectedComponents(std::size_t n, const std::vector<RoadEdge>& edges,
                                          std::vector<std::uint32_t>* component) {
  // Forward and reverse CSR.
  std::vector<std::uint32_t> fo(n + 1, 0), ro(n + 1, 0);
  for (const RoadEdge& e : edges) {
    ++fo[e.from + 1];
    ++ro[e.to + 1];
  }
  std::partial_sum(fo.begin(), fo.end(), fo.begin());
  std::partial_sum(ro.begin(), ro.end(), ro.begin());
  std::vector<NodeId> fa(edges.size()), ra(edges.size());
  {
    std::vector<std::uint32_t> fp(fo.begin(), fo.end() - 1), rp(ro.begin(), ro.end() - 1);
    for (const RoadEdge& e : edges) {
      fa[fp[e.from]++] = e.to;
      ra[rp[e.to]++] = e.from;
    }
  }
  // Pass 1: iterative DFS on the forward graph, recording finish order.
  std::vector<NodeId> order;
  order.reserve(n);
  std::vector<char> seen(n, 0);
  std::vector<std::pair<NodeId, std::uint32_t>> stack;
  for (NodeId s = 0; s < n; ++s) {
    if (seen[s]) continue;
    seen[s] = 1;
    stack.emplace_back(s, fo[s]);
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next < fo[v + 1]) {
        const NodeId w = fa[next++];
        if (!seen[w]) {
          seen[w] = 1;
          stack.emplace_back(w, fo[w]);
        }
      } else {
        order.push_back(v);
        stack.pop_back();
      }
    }
  }
  // Pass 2: on the reverse graph in decreasing finish order; each tree is a component.
  constexpr std::uint32_t kUnset = std::numeric_limits<std::uint32_t>::max();
  component->assign(n, kUnset);
  std::uint32_t count = 0;
  std::vector<NodeId> todo;
  for (std::size_t i = order.size(); i-- > 0;) {  // decreasing finish order
    const NodeId start = order[i];
    if ((*component)[start] != kUnset) continue;
    (*component)[start] = count;
    todo.push_back(start);
    while (!todo.empty()) {
      const NodeId v = todo.back();
      todo.pop_back();
      for (std::uint32_t i = ro[v]; i < ro[v + 1]; ++i) {
        if ((*component)[ra[i]] == kUnset) {
          (*component)[ra[i]] = count;
          todo.push_back(ra[i]);
        }
      }
    }
    ++count;
  }
  return count;
}

Result<RoadGraph> RoadGraphBuilder::Build(const GraphBuildOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  if (edges_.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition, "The road graph has no edges.");
  }
  // Nodes to keep: the largest strongly connected component, or every node on an edge.
  std::vector<NodeId> remap(nodes_.size(), kNoNode);
  std::vector<char> keep(nodes_.size(), 0);
  if (options.keep_largest_component) {
    std::vector<std::uint32_t> component;
    const std::uint32_t count = StronglyConnectedComponents(nodes_.size(), edges_, &component);
    std::vector<std::uint32_t> size(count, 0);
    for (const RoadEdge& e : edges_) {
      if (component[e.from] == component[e.to]) ++size[component[e.from]];
    }
    const auto largest =
        static_cast<std::uint32_t>(std::max_element(size.begin(), size.end()) - size.begin());
    for (std::size_t v = 0; v < nodes_.size(); ++v) keep[v] = component[v] == largest ? 1 : 0;
  } else {
    for (const RoadEdge& e : edges_) keep[e.from] = keep[e.to] = 1;
  }
  RoadGraph g;
  g.crs_ = crs_;
  for (std::size_t v = 0; v < nodes_.size(); ++v) {
    if (!keep[v]) continue;
    remap[v] = static_cast<NodeId>(g.nodes_.size());
    g.nodes_.push_back(nodes_[v]);
  }
  for (const RoadEdge& e : edges_) {
    if (remap[e.from] == kNoNode || remap[e.to] == kNoNode) continue;
    RoadEdge c = e;
    c.from = remap[e.from];
    c.to = remap[e.to];
    g.edges_.push_back(c);
  }
  if (g.edges_.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition, "The road graph has no connected edges.");
  }
  std::stable_sort(g.edges_.begin(), g.edges_.end(), [](const RoadEdge& a, const RoadEdge& b) {
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  const std::size_t n = g.nodes_.size();
  g.out_offsets_.assign(n + 1, 0);
  g.in_offsets_.assign(n + 1, 0);
  for (const RoadEdge& e : g.edges_) {
    ++g.out_offsets_[e.from + 1];
    ++g.in_offsets_[e.to + 1];
  }
  std::partial_sum(g.out_offsets_.begin(), g.out_offsets_.end(), g.out_offsets_.begin());
  std::partial_sum(g.in_offsets_.begin(), g.in_offsets_.end(), g.in_offsets_.begin());
  g.in_edges_.resize(g.edges_.size());
  std::vector<std::uint32_t> pos(g.in_offsets_.begin(), g.in_offsets_.end() - 1);
  for (EdgeId id = 0; id < g.edges_.size(); ++id) g.in_edges_[pos[g.edges_[id].to]++] = id;
  g.names_ = names_;
  g.restrictions_ = restrictions_;
  g.address_ranges_ = address_ranges_;
  g.applied_restrictions_ = applied_restrictions_;
  return g;
}

Result<RoadGraph> FilterEdges(const RoadGraph& graph, const std::function<bool(EdgeId)>& keep,
                              const GraphBuildOptions& options) {
  RoadGraphBuilder builder(graph.crs());
  for (const RoadNode& node : graph.nodes()) builder.AddNode(node);
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    if (!keep(e)) continue;
    const RoadEdge& edge = graph.edge(e);
    builder.AddEdge(edge.from, edge.to, edge.length_m, edge.time_s(), edge.road_class,
                    graph.names()[edge.name], edge.source_id);
  }
  for (const TurnRestriction& r : graph.restrictions()) builder.AddRestriction(r);
  for (const AddressRange& r : graph.address_ranges()) builder.AddAddressRange(r);
  return builder.Build(options);
}

}  // namespace vigil::roads
