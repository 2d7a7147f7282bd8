// Contraction hierarchy preprocessing. See contraction.h and docs/roads.md.
#include <algorithm>
#include <functional>
#include <queue>

#include "roads/contraction.h"

namespace vigil::roads {

Status ContractionOptions::Validate() const {
  if (witness_settled_limit < 1 || simulation_settled_limit < 1 || witness_hop_limit < 1) {
    return MakeError(ErrorCode::kInvalidArgument, "Witness search limits must be at least 1.");
  }
  if (edge_difference_weight < 0 || deleted_neighbour_weight < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "Priority weights must not be negative.");
  }
  return Status::Ok();
}

class ChBuilder {
 public:
  ChBuilder(const RoadGraph& graph, const ContractionOptions& options)
      : options_(options),
        n_(graph.node_count()),
        out_(n_),
        in_(n_),
        deleted_(n_, 0),
        dist_(n_, kInfinity),
        hops_(n_, 0),
        stamp_(n_, 0),
        target_mark_(n_, 0) {
    // Parallel edges: keep the fastest (edges are sorted by from, then to).
    for (NodeId u = 0; u < n_; ++u) {
      for (EdgeId e = graph.out_begin(u); e < graph.out_end(u); ++e) {
        const RoadEdge& edge = graph.edge(e);
        if (!out_[u].empty() && arcs_[out_[u].back()].to == edge.to) {
          ChArc& last = arcs_[out_[u].back()];
          if (edge.time_ms < last.weight) {
            last.weight = edge.time_ms;
            last.edge = e;
          }
          continue;
        }
        out_[u].push_back(static_cast<std::uint32_t>(arcs_.size()));
        in_[edge.to].push_back(static_cast<std::uint32_t>(arcs_.size()));
        arcs_.push_back(ChArc{.from = u, .to = edge.to, .weight = edge.time_ms, .edge = e});
      }
    }
  }

  ContractionHierarchy Run() {
    ContractionHierarchy ch;
    ch.rank_.assign(n_, 0);
    std::vector<std::vector<std::uint32_t>> up_out(n_), up_in(n_);
    std::vector<char> contracted(n_, 0);
    std::vector<std::int64_t> priority(n_);
    using Entry = std::pair<std::int64_t, NodeId>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
    for (NodeId v = 0; v < n_; ++v) {
      priority[v] = Priority(v);
      heap.emplace(priority[v], v);
    }
    std::uint32_t next_rank = 0;
    std::vector<NodeId> neighbours;
    while (!heap.empty()) {
      const auto [p, v] = heap.top();
      heap.pop();
      if (contracted[v] || p != priority[v]) continue;
      // Lazy update: recompute, and put the node back when it is no longer the minimum.
      const std::int64_t fresh = Priority(v);
      if (!heap.empty() && fresh > heap.top().first) {
        priority[v] = fresh;
        heap.emplace(fresh, v);
        continue;
      }
      Contract(v, /*simulate=*/false);
      contracted[v] = 1;
      ch.rank_[v] = next_rank++;
      up_out[v] = out_[v];
      up_in[v] = in_[v];
      neighbours.clear();
      for (std::uint32_t a : out_[v]) {
        const NodeId w = arcs_[a].to;
        std::erase(in_[w], a);
        neighbours.push_back(w);
      }
      for (std::uint32_t a : in_[v]) {
        const NodeId u = arcs_[a].from;
        std::erase(out_[u], a);
        neighbours.push_back(u);
      }
      out_[v].clear();
      out_[v].shrink_to_fit();
      in_[v].clear();
      in_[v].shrink_to_fit();
      std::sort(neighbours.begin(), neighbours.end());
      neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
      // Neighbours' priorities only grow stale here: the lazy update above refreshes them.
      for (NodeId w : neighbours) ++deleted_[w];
    }
    // Flatten to CSR.
    ch.out_offsets_.assign(n_ + 1, 0);
    ch.in_offsets_.assign(n_ + 1, 0);
    for (NodeId v = 0; v < n_; ++v) {
      ch.out_offsets_[v + 1] = ch.out_offsets_[v] + static_cast<std::uint32_t>(up_out[v].size());
      ch.in_offsets_[v + 1] = ch.in_offsets_[v] + static_cast<std::uint32_t>(up_in[v].size());
      ch.up_out_.insert(ch.up_out_.end(), up_out[v].begin(), up_out[v].end());
      ch.up_in_.insert(ch.up_in_.end(), up_in[v].begin(), up_in[v].end());
      for (std::uint32_t a : up_out[v]) ch.shortcut_count_ += arcs_[a].edge == kNoEdge;
    }
    ch.arcs_ = std::move(arcs_);
    return ch;
  }

 private:
  std::int64_t Priority(NodeId v) {
    const auto shortcuts = static_cast<std::int64_t>(Contract(v, /*simulate=*/true));
    const auto removed = static_cast<std::int64_t>(out_[v].size() + in_[v].size());
    return options_.edge_difference_weight * (shortcuts - removed) +
           options_.deleted_neighbour_weight * deleted_[v];
  }

  // Shortcuts needed to contract v; adds them unless simulating.
  std::size_t Contract(NodeId v, bool simulate) {
    std::size_t count = 0;
    Weight max_out = 0;
    for (std::uint32_t a : out_[v]) max_out = std::max(max_out, arcs_[a].weight);
    // Copy: adding shortcuts may touch out_/in_ of neighbours (never of v itself).
    const std::vector<std::uint32_t> ins = in_[v];
    const std::vector<std::uint32_t> outs = out_[v];
    for (std::uint32_t ai : ins) {
      const NodeId u = arcs_[ai].from;
      const Weight w_in = arcs_[ai].weight;
      // Targets of this witness search: the other ends of v's out-arcs.
      ++target_round_;
      int targets = 0;
      for (std::uint32_t ao : outs) {
        const NodeId w = arcs_[ao].to;
        if (w != u && target_mark_[w] != target_round_) {
          target_mark_[w] = target_round_;
          ++targets;
        }
      }
      if (targets == 0) continue;
      Witness(u, v, w_in + max_out, targets,
              simulate ? options_.simulation_settled_limit : options_.witness_settled_limit);
      for (std::uint32_t ao : outs) {
        const NodeId w = arcs_[ao].to;
        if (w == u) continue;
        const Weight via = w_in + arcs_[ao].weight;
        const Weight witness = stamp_[w] == current_ ? dist_[w] : kInfinity;
        if (witness <= via) continue;
        ++count;
        if (!simulate) AddShortcut(u, w, via, ai, ao);
      }
    }
    return count;
  }

  void AddShortcut(NodeId u, NodeId w, Weight weight, std::uint32_t first, std::uint32_t second) {
    const auto index = static_cast<std::uint32_t>(arcs_.size());
    for (std::uint32_t& a : out_[u]) {
      if (arcs_[a].to != w) continue;
      if (arcs_[a].weight <= weight) return;
      std::replace(in_[w].begin(), in_[w].end(), a, index);
      a = index;
      arcs_.push_back(
          ChArc{.from = u, .to = w, .weight = weight, .first = first, .second = second});
      return;
    }
    out_[u].push_back(index);
    in_[w].push_back(index);
    arcs_.push_back(ChArc{.from = u, .to = w, .weight = weight, .first = first, .second = second});
  }

  // Bounded Dijkstra from u in the remaining graph without v; results in dist_ where
  // stamp_ == current_.
  // Stops early once the `targets` marked nodes are settled.
  void Witness(NodeId u, NodeId v, Weight limit, int targets, int settled_limit) {
    ++current_;
    heap_.clear();
    stamp_[u] = current_;
    dist_[u] = 0;
    hops_[u] = 0;
    heap_.emplace_back(0, u);
    int settled = 0;
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
      const auto [d, x] = heap_.back();
      heap_.pop_back();
      if (d != dist_[x]) continue;
      if (d > limit || ++settled > settled_limit) break;
      if (target_mark_[x] == target_round_ && --targets == 0) break;
      if (hops_[x] >= options_.witness_hop_limit) continue;
      for (std::uint32_t a : out_[x]) {
        const NodeId y = arcs_[a].to;
        if (y == v) continue;
        const Weight nd = d + arcs_[a].weight;
        if (stamp_[y] != current_ || nd < dist_[y]) {
          stamp_[y] = current_;
          dist_[y] = nd;
          hops_[y] = hops_[x] + 1;
          heap_.emplace_back(nd, y);
          std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
        }
      }
    }
  }

  ContractionOptions options_;
  std::size_t n_;
  std::vector<ChArc> arcs_;
  std::vector<std::vector<std::uint32_t>> out_, in_;
  std::vector<std::int64_t> deleted_;
  std::vector<Weight> dist_;
  std::vector<int> hops_;
  std::vector<std::uint32_t> stamp_;
  std::uint32_t current_ = 0;
  std::vector<std::uint32_t> target_mark_;
  std::uint32_t target_round_ = 0;
  std::vector<std::pair<Weight, NodeId>> heap_;
};

Result<ContractionHierarchy> ContractionHierarchy::Build(const RoadGraph& graph,
                                                         const ContractionOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  if (graph.node_count() == 0) {
    return MakeError(ErrorCode::kFailedPrecondition, "Cannot contract an empty road graph.");
  }
  ChBuilder builder(graph, options);
  return builder.Run();
}

void ContractionHierarchy::Unpack(std::uint32_t arc, std::vector<EdgeId>* edges) const {
  std::vector<std::uint32_t> stack{arc};
  while (!stack.empty()) {
    const ChArc& a = arcs_[stack.back()];
    stack.pop_back();
    if (a.edge != kNoEdge) {
      edges->push_back(a.edge);
    } else {
      stack.push_back(a.second);
      stack.push_back(a.first);
    }
  }
}

}  // namespace vigil::roads
