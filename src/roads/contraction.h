// Contraction hierarchies (Geisberger et al. 2008) over edge travel times: nodes are
// contracted one by one in order of a priority (edge difference + deleted neighbours, with
// lazy updates), adding a shortcut u->w past each contracted v unless a bounded witness search
// finds a path u->w no longer than u->v->w. Queries search upward only from both ends,
// pruned by stall-on-demand.
// Immutable after Build(); queries go through a ChQuery (scratch space, one per thread).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "roads/route.h"

namespace vigil::roads {

struct ContractionOptions {
  int witness_settled_limit = 400;    // nodes a witness search may settle before giving up
                                      // when contracting (default 400; more = fewer shortcuts)
  int simulation_settled_limit = 40;  // the same limit while only estimating a node's priority
                                      // (default 40; priorities need not be exact)
  int witness_hop_limit = 8;          // edges on a witness path (default 8)
  int edge_difference_weight = 2;     // priority = this * (shortcuts - removed edges)
  int deleted_neighbour_weight = 1;   //          + this * contracted neighbours (default 1)

  Status Validate() const;
};

// One arc of the hierarchy: an original edge or a shortcut of two arcs.
struct ChArc {
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  Weight weight = 0;         // milliseconds
  EdgeId edge = kNoEdge;     // original edge, or kNoEdge for a shortcut
  std::uint32_t first = 0;   // shortcut: arc from -> middle
  std::uint32_t second = 0;  // shortcut: arc middle -> to
};

class ContractionHierarchy {
 public:
  static Result<ContractionHierarchy> Build(const RoadGraph& graph,
                                            const ContractionOptions& options);

  std::size_t node_count() const { return rank_.size(); }
  std::size_t shortcut_count() const { return shortcut_count_; }
  std::uint32_t rank(NodeId node) const { return rank_[node]; }
  const ChArc& arc(std::uint32_t index) const { return arcs_[index]; }

  // Upward arcs leaving `node` (forward search) and upward arcs entering it (backward).
  std::span<const std::uint32_t> up_out(NodeId node) const {
    return {up_out_.data() + out_offsets_[node], up_out_.data() + out_offsets_[node + 1]};
  }
  std::span<const std::uint32_t> up_in(NodeId node) const {
    return {up_in_.data() + in_offsets_[node], up_in_.data() + in_offsets_[node + 1]};
  }

  // Appends the original edges an arc stands for, in travel order.
  void Unpack(std::uint32_t arc, std::vector<EdgeId>* edges) const;

 private:
  std::vector<std::uint32_t> rank_;
  std::vector<ChArc> arcs_;
  std::vector<std::uint32_t> out_offsets_, up_out_;
  std::vector<std::uint32_t> in_offsets_, up_in_;
  std::size_t shortcut_count_ = 0;
  friend class ChBuilder;
};

// Queries on a hierarchy. Holds scratch sized to the graph; not thread-safe.
class ChQuery {
 public:
  explicit ChQuery(const ContractionHierarchy& ch);

  // Fastest path from any source to any target, unpacked to original edges.
  NodePath Search(std::span<const Endpoint> sources, std::span<const Endpoint> targets);

  // Travel times, row-major sources x targets (kInfinity when unreachable), by the bucket
  // method: one backward upward search per target, one forward upward search per source.
  std::vector<Weight> Matrix(std::span<const std::vector<Endpoint>> sources,
                             std::span<const std::vector<Endpoint>> targets);

 private:
  struct Side {
    std::vector<Weight> dist;
    std::vector<std::uint32_t> parent;  // arc index, or kNoArc
    std::vector<NodeId> touched;
  };
  void Reset(Side* side);
  // Stall-on-demand test of a node popped with its current label.
  bool Stalled(NodeId v, bool forward, const Side* side) const;
  // Full upward search from the endpoints; fills side and returns the settled nodes.
  void Upward(std::span<const Endpoint> starts, bool forward, Side* side,
              std::vector<NodeId>* settled);

  const ContractionHierarchy* ch_;
  Side fwd_, bwd_;
};

}  // namespace vigil::roads
