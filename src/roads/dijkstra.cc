#include "roads/dijkstra.h"

#include <algorithm>
#include <functional>
#include <queue>

namespace vigil::roads {
namespace {

using Entry = std::pair<Weight, NodeId>;
using MinHeap = std::priority_queue<Entry, std::vector<Entry>, std::greater<>>;

}  // namespace

Dijkstra::Dijkstra(const RoadGraph& graph)
    : graph_(&graph), dist_(graph.node_count(), kInfinity), parent_(graph.node_count(), kNoEdge) {}

void Dijkstra::Reset() {
  for (NodeId v : touched_) {
    dist_[v] = kInfinity;
    parent_[v] = kNoEdge;
  }
  touched_.clear();
  settled_order_.clear();
}

void Dijkstra::Run(std::span<const Endpoint> sources, Weight limit_ms,
                   std::span<const Endpoint> targets, NodePath* path) {
  Reset();
  MinHeap heap;
  for (const Endpoint& s : sources) {
    if (s.offset_ms < dist_[s.node]) {
      if (dist_[s.node] == kInfinity) touched_.push_back(s.node);
      dist_[s.node] = s.offset_ms;
      parent_[s.node] = kNoEdge;
      heap.emplace(s.offset_ms, s.node);
    }
  }
  // Best target so far, for early stopping.
  Weight best = kInfinity;
  while (!heap.empty()) {
    const auto [d, v] = heap.top();
    heap.pop();
    if (d != dist_[v]) continue;
    if (d > limit_ms || d >= best) break;
    settled_order_.push_back(v);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      if (targets[i].node == v && d + targets[i].offset_ms < best) {
        best = d + targets[i].offset_ms;
        path->found = true;
        path->time_ms = best;
        path->target = i;
      }
    }
    for (EdgeId e = graph_->out_begin(v); e < graph_->out_end(v); ++e) {
      const RoadEdge& edge = graph_->edge(e);
      const Weight nd = d + edge.time_ms;
      if (nd < dist_[edge.to]) {
        if (dist_[edge.to] == kInfinity) touched_.push_back(edge.to);
        dist_[edge.to] = nd;
        parent_[edge.to] = e;
        heap.emplace(nd, edge.to);
      }
    }
  }
}

NodePath Dijkstra::Search(std::span<const Endpoint> sources, std::span<const Endpoint> targets) {
  NodePath path;
  Run(sources, kInfinity, targets, &path);
  if (!path.found) return path;
  NodeId v = targets[path.target].node;
  while (parent_[v] != kNoEdge) {
    path.edges.push_back(parent_[v]);
    v = graph_->edge(parent_[v]).from;
  }
  std::reverse(path.edges.begin(), path.edges.end());
  // The source whose node and offset start this path.
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (sources[i].node == v && sources[i].offset_ms == dist_[v]) {
      path.source = i;
      break;
    }
  }
  return path;
}

std::vector<Weight> Dijkstra::OneToAll(std::span<const Endpoint> sources, Weight limit_ms) {
  NodePath unused;
  Run(sources, limit_ms, {}, &unused);
  std::vector<Weight> out(graph_->node_count(), kInfinity);
  for (NodeId v : settled_order_) out[v] = dist_[v];
  return out;
}

Isochrone Dijkstra::Reach(std::span<const Endpoint> sources, Weight limit_ms) {
  NodePath unused;
  Run(sources, limit_ms, {}, &unused);
  Isochrone iso;
  for (NodeId v : settled_order_) {
    iso.nodes.push_back(v);
    iso.node_time_ms.push_back(dist_[v]);
    for (EdgeId e = graph_->out_begin(v); e < graph_->out_end(v); ++e) {
      const RoadEdge& edge = graph_->edge(e);
      if (dist_[v] + edge.time_ms <= limit_ms) {
        iso.edges.push_back(e);
      } else if (dist_[v] < limit_ms) {
        iso.partial_edges.push_back(e);
        iso.partial_fraction.push_back(static_cast<double>(limit_ms - dist_[v]) / edge.time_ms);
      }
    }
  }
  return iso;
}

}  // namespace vigil::roads
