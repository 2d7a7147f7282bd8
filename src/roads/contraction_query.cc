// Contraction hierarchy queries: bidirectional upward search and the bucket many-to-many.
#include <algorithm>
#include <functional>
#include <queue>
#include <tuple>

#include "roads/contraction.h"

namespace vigil::roads {
namespace {

constexpr std::uint32_t kNoArc = 0xFFFFFFFFu;
using Entry = std::pair<Weight, NodeId>;
using MinHeap = std::priority_queue<Entry, std::vector<Entry>, std::greater<>>;

}  // namespace

ChQuery::ChQuery(const ContractionHierarchy& ch) : ch_(&ch) {
  for (Side* side : {&fwd_, &bwd_}) {
    side->dist.assign(ch.node_count(), kInfinity);
    side->parent.assign(ch.node_count(), kNoArc);
  }
}

bool ChQuery::Stalled(NodeId v, bool forward, const Side* side) const {
  // Stall-on-demand: v's label cannot be its true distance when a higher node already reached
  // reaches v more cheaply over a downward arc (w -> v forward, v -> w backward); such a node
  // neither relaxes its arcs nor takes part in meetings or buckets.
  const Weight d = side->dist[v];
  for (std::uint32_t a : forward ? ch_->up_in(v) : ch_->up_out(v)) {
    const ChArc& arc = ch_->arc(a);
    const NodeId w = forward ? arc.from : arc.to;
    const Weight dw = side->dist[w];
    if (dw != kInfinity && dw + arc.weight < d) return true;
  }
  return false;
}

void ChQuery::Reset(Side* side) {
  for (NodeId v : side->touched) {
    side->dist[v] = kInfinity;
    side->parent[v] = kNoArc;
  }
  side->touched.clear();
}

namespace {

// Seeds a side from its endpoints.
void Seed(std::span<const Endpoint> starts, std::vector<Weight>* dist, std::vector<NodeId>* touched,
          MinHeap* heap) {
  for (const Endpoint& s : starts) {
    if (s.offset_ms < (*dist)[s.node]) {
      if ((*dist)[s.node] == kInfinity) touched->push_back(s.node);
      (*dist)[s.node] = s.offset_ms;
      heap->emplace(s.offset_ms, s.node);
    }
  }
}

}  // namespace

NodePath ChQuery::Search(std::span<const Endpoint> sources, std::span<const Endpoint> targets) {
  Reset(&fwd_);
  Reset(&bwd_);
  MinHeap heaps[2];
  Side* sides[2] = {&fwd_, &bwd_};
  Seed(sources, &fwd_.dist, &fwd_.touched, &heaps[0]);
  Seed(targets, &bwd_.dist, &bwd_.touched, &heaps[1]);
  Weight best = kInfinity;
  NodeId meet = kNoNode;
  int dir = 0;
  while (true) {
    const bool live0 = !heaps[0].empty() && heaps[0].top().first < best;
    const bool live1 = !heaps[1].empty() && heaps[1].top().first < best;
    if (!live0 && !live1) break;
    if (!(dir == 0 ? live0 : live1)) dir = 1 - dir;
    MinHeap& heap = heaps[dir];
    Side& side = *sides[dir];
    const Side& other = *sides[1 - dir];
    const auto [d, v] = heap.top();
    heap.pop();
    if (d == side.dist[v] && !Stalled(v, dir == 0, &side)) {
      if (other.dist[v] != kInfinity && d + other.dist[v] < best) {
        best = d + other.dist[v];
        meet = v;
      }
      for (std::uint32_t a : dir == 0 ? ch_->up_out(v) : ch_->up_in(v)) {
        const ChArc& arc = ch_->arc(a);
        const NodeId w = dir == 0 ? arc.to : arc.from;
        const Weight nd = d + arc.weight;
        if (nd < side.dist[w]) {
          if (side.dist[w] == kInfinity) side.touched.push_back(w);
          side.dist[w] = nd;
          side.parent[w] = a;
          heap.emplace(nd, w);
        }
      }
    }
    dir = 1 - dir;
  }
  NodePath path;
  if (meet == kNoNode) return path;
  path.found = true;
  path.time_ms = best;
  // Forward half: arcs from the meeting node back to a source, unpacked in travel order.
  std::vector<std::uint32_t> arcs;
  NodeId v = meet;
  while (fwd_.parent[v] != kNoArc) {
    arcs.push_back(fwd_.parent[v]);
    v = ch_->arc(fwd_.parent[v]).from;
  }
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (sources[i].node == v && sources[i].offset_ms == fwd_.dist[v]) {
      path.source = i;
      break;
    }
  }
  for (std::size_t i = arcs.size(); i-- > 0;) ch_->Unpack(arcs[i], &path.edges);  // last first
  v = meet;
  while (bwd_.parent[v] != kNoArc) {
    ch_->Unpack(bwd_.parent[v], &path.edges);
    v = ch_->arc(bwd_.parent[v]).to;
  }
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (targets[i].node == v && targets[i].offset_ms == bwd_.dist[v]) {
      path.target = i;
      break;
    }
  }
  return path;
}

void ChQuery::Upward(std::span<const Endpoint> starts, bool forward, Side* side,
                     std::vector<NodeId>* settled) {
  Reset(side);
  settled->clear();
  MinHeap heap;
  Seed(starts, &side->dist, &side->touched, &heap);
  while (!heap.empty()) {
    const auto [d, v] = heap.top();
    heap.pop();
    if (d != side->dist[v] || Stalled(v, forward, side)) continue;
    settled->push_back(v);
    for (std::uint32_t a : forward ? ch_->up_out(v) : ch_->up_in(v)) {
      const ChArc& arc = ch_->arc(a);
      const NodeId w = forward ? arc.to : arc.from;
      const Weight nd = d + arc.weight;
      if (nd < side->dist[w]) {
        if (side->dist[w] == kInfinity) side->touched.push_back(w);
        side->dist[w] = nd;
        side->parent[w] = a;
        heap.emplace(nd, w);
      }
    }
  }
}

std::vector<Weight> ChQuery::Matrix(std::span<const std::vector<Endpoint>> sources,
                                    std::span<const std::vector<Endpoint>> targets) {
  // Buckets: (node, target index, distance from node to the target), sorted by node.
  std::vector<std::tuple<NodeId, std::uint32_t, Weight>> buckets;
  std::vector<NodeId> settled;
  for (std::size_t j = 0; j < targets.size(); ++j) {
    Upward(targets[j], /*forward=*/false, &bwd_, &settled);
    for (NodeId v : settled) buckets.emplace_back(v, static_cast<std::uint32_t>(j), bwd_.dist[v]);
  }
  std::sort(buckets.begin(), buckets.end());
  std::vector<Weight> out(sources.size() * targets.size(), kInfinity);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    Upward(sources[i], /*forward=*/true, &fwd_, &settled);
    Weight* row = out.data() + i * targets.size();
    for (NodeId v : settled) {
      auto it = std::lower_bound(buckets.begin(), buckets.end(),
                                 std::make_tuple(v, std::uint32_t{0}, Weight{0}));
      for (; it != buckets.end() && std::get<0>(*it) == v; ++it) {
        const Weight d = fwd_.dist[v] + std::get<2>(*it);
        Weight& cell = row[std::get<1>(*it)];
        cell = std::min(cell, d);
      }
    }
  }
  return out;
}

}  // namespace vigil::roads
