#include "roads/snap.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vigil::roads {
namespace {

// Projection of P on segment AB: returns the squared distance and the fraction along AB.
double PointSegment(double px, double py, const RoadNode& a, const RoadNode& b, double* t) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double f = len2 > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / len2 : 0;
  f = std::clamp(f, 0.0, 1.0);
  *t = f;
  const double qx = a.x + f * dx - px, qy = a.y + f * dy - py;
  return qx * qx + qy * qy;
}

}  // namespace

SegmentIndex::SegmentIndex(const RoadGraph& graph, double cell_size_m) : graph_(&graph) {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  for (std::size_t i = 0; i < graph.node_count(); ++i) {
    const RoadNode& n = graph.node(static_cast<NodeId>(i));
    if (i == 0) {
      min_x = max_x = n.x;
      min_y = max_y = n.y;
    }
    min_x = std::min(min_x, n.x);
    max_x = std::max(max_x, n.x);
    min_y = std::min(min_y, n.y);
    max_y = std::max(max_y, n.y);
  }
  grid_ = geo::Grid::Covering(min_x, min_y, max_x, max_y, cell_size_m > 0 ? cell_size_m : 200);
  const auto cells = static_cast<std::size_t>(grid_.cell_count());
  cell_offsets_.assign(cells + 1, 0);
  // Two passes over the edges: count, then fill.
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<std::uint32_t> pos;
    if (pass == 1) {
      std::partial_sum(cell_offsets_.begin(), cell_offsets_.end(), cell_offsets_.begin());
      cell_edges_.resize(cell_offsets_.back());
      pos.assign(cell_offsets_.begin(), cell_offsets_.end() - 1);
    }
    for (EdgeId id = 0; id < graph.edge_count(); ++id) {
      const RoadEdge& e = graph.edge(id);
      const RoadNode& a = graph.node(e.from);
      const RoadNode& b = graph.node(e.to);
      const auto c0 =
          static_cast<std::int64_t>((std::min(a.x, b.x) - grid_.origin_x) / grid_.cell_size);
      const auto c1 =
          static_cast<std::int64_t>((std::max(a.x, b.x) - grid_.origin_x) / grid_.cell_size);
      const auto r0 =
          static_cast<std::int64_t>((std::min(a.y, b.y) - grid_.origin_y) / grid_.cell_size);
      const auto r1 =
          static_cast<std::int64_t>((std::max(a.y, b.y) - grid_.origin_y) / grid_.cell_size);
      for (std::int64_t r = r0; r <= r1; ++r) {
        for (std::int64_t c = c0; c <= c1; ++c) {
          const auto cell = static_cast<std::size_t>(r * grid_.columns + c);
          if (pass == 0) {
            ++cell_offsets_[cell + 1];
          } else {
            cell_edges_[pos[cell]++] = id;
          }
        }
      }
    }
  }
}

Result<SnapResult> SegmentIndex::Snap(double x, double y, double max_distance_m) const {
  SnapResult best;
  double best_d2 = max_distance_m * max_distance_m;
  const double size = grid_.cell_size;
  const auto qc = static_cast<std::int64_t>(std::floor((x - grid_.origin_x) / size));
  const auto qr = static_cast<std::int64_t>(std::floor((y - grid_.origin_y) / size));
  const auto max_ring = static_cast<std::int64_t>(std::ceil(max_distance_m / size)) + 1;
  for (std::int64_t ring = 0; ring <= max_ring; ++ring) {
    // Every point in ring k is at least (k - 1) cells away from the query point.
    const double ring_min = static_cast<double>(std::max<std::int64_t>(0, ring - 1)) * size;
    if (best.edge != kNoEdge && ring_min * ring_min > best_d2) break;
    for (std::int64_t r = qr - ring; r <= qr + ring; ++r) {
      if (r < 0 || r >= grid_.rows) continue;
      for (std::int64_t c = qc - ring; c <= qc + ring; ++c) {
        if (c < 0 || c >= grid_.columns) continue;
        if (std::max(std::abs(r - qr), std::abs(c - qc)) != ring) continue;
        const auto cell = static_cast<std::size_t>(r * grid_.columns + c);
        for (std::uint32_t i = cell_offsets_[cell]; i < cell_offsets_[cell + 1]; ++i) {
          const EdgeId id = cell_edges_[i];
          const RoadEdge& e = graph_->edge(id);
          const RoadNode& a = graph_->node(e.from);
          const RoadNode& b = graph_->node(e.to);
          double t = 0;
          const double d2 = PointSegment(x, y, a, b, &t);
          if (d2 < best_d2 || (d2 == best_d2 && best.edge != kNoEdge && id < best.edge)) {
            best_d2 = d2;
            best = SnapResult{.edge = id,
                              .offset_m = t * e.length_m,
                              .fraction = t,
                              .distance_m = std::sqrt(d2),
                              .x = a.x + t * (b.x - a.x),
                              .y = a.y + t * (b.y - a.y)};
          }
        }
      }
    }
  }
  if (best.edge == kNoEdge) {
    return MakeError(ErrorCode::kNotFound,
                     "No road within " + std::to_string(max_distance_m) + " m of the point.");
  }
  return best;
}

}  // namespace vigil::roads
