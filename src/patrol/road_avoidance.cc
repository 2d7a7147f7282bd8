// MakeRoadNetworkAvoiding (road_travel.h): the road graph without the roads into no-go areas,
// except what the stations' cars need to get out.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <queue>
#include <utility>
#include <vector>

#include "geo/area_shape.h"
#include "patrol/road_travel.h"

namespace vigil::patrol {
namespace {

constexpr double kMetresPerDegree = 111'320.0;

// Metres east and north of `origin` (lon/lat) by a local equirectangular approximation (well
// under 1% at the ranges used here).
geo::XY LocalMetres(const geo::XY& origin, double lon, double lat) {
  const double sx = kMetresPerDegree * std::cos(origin.y * std::numbers::pi / 180);
  return {(lon - origin.x) * sx, (lat - origin.y) * kMetresPerDegree};
}

// Whether the straight segment a-b passes within `radius_m` of the origin (local metres).
bool SegmentWithin(const geo::XY& a, const geo::XY& b, double radius_m) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  const double t = length2 > 0 ? std::clamp(-(a.x * dx + a.y * dy) / length2, 0.0, 1.0) : 0.0;
  const double px = a.x + t * dx;
  const double py = a.y + t * dy;
  return px * px + py * py <= radius_m * radius_m;
}

roads::NodeId NearestNode(const roads::RoadGraph& graph, const geo::XY& point) {
  roads::NodeId best = roads::kNoNode;
  double best_d2 = std::numeric_limits<double>::infinity();
  for (roads::NodeId n = 0; n < graph.node_count(); ++n) {
    const geo::XY m = LocalMetres(point, graph.node(n).lon, graph.node(n).lat);
    const double d2 = m.x * m.x + m.y * m.y;
    if (d2 < best_d2) {
      best_d2 = d2;
      best = n;
    }
  }
  return best;
}

// Marks in `corridor` the edges of the quickest path (by travel time) from `start` to the first
// node outside every area, forwards (leaving) or backwards (the way back in). Nothing when no
// such node can be reached.
void MarkQuickestWayOut(const roads::RoadGraph& graph, const std::vector<char>& in_area,
                        roads::NodeId start, bool forwards, std::vector<char>* corridor) {
  using Entry = std::pair<std::uint64_t, roads::NodeId>;  // (milliseconds, node)
  std::vector<std::uint64_t> best(graph.node_count(), std::numeric_limits<std::uint64_t>::max());
  std::vector<roads::EdgeId> via(graph.node_count(), std::numeric_limits<roads::EdgeId>::max());
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  best[start] = 0;
  queue.push({0, start});
  while (!queue.empty()) {
    const std::uint64_t time = queue.top().first;  // milliseconds
    const roads::NodeId node = queue.top().second;
    queue.pop();
    if (time != best[node]) continue;
    if (!in_area[node]) {
      for (roads::NodeId n = node; n != start;) {
        const roads::EdgeId e = via[n];
        (*corridor)[e] = 1;
        n = forwards ? graph.edge(e).from : graph.edge(e).to;
      }
      return;
    }
    auto relax = [&](roads::EdgeId e) {
      const roads::RoadEdge& edge = graph.edge(e);
      const roads::NodeId next = forwards ? edge.to : edge.from;
      const std::uint64_t arrival = time + edge.time_ms;
      if (arrival < best[next]) {
        best[next] = arrival;
        via[next] = e;
        queue.push({arrival, next});
      }
    };
    if (forwards) {
      for (roads::EdgeId e = graph.out_begin(node); e < graph.out_end(node); ++e) relax(e);
    } else {
      for (std::uint32_t i = graph.in_begin(node); i < graph.in_end(node); ++i) {
        relax(graph.in_edge(i));
      }
    }
  }
}

}  // namespace

Result<std::shared_ptr<RoadNetwork>> MakeRoadNetworkAvoiding(const roads::RoadGraph& graph,
                                                             std::span<const geo::AreaShape> avoid,
                                                             std::span<const geo::XY> keep,
                                                             double keep_radius_m) {
  if (avoid.empty()) return MakeRoadNetwork(graph);
  // Which nodes lie in an area (shapes are few), and which of those count as outside for being
  // near a keep point.
  std::vector<char> in_area(graph.node_count(), 0);
  std::vector<char> avoided(graph.node_count(), 0);
  for (roads::NodeId n = 0; n < graph.node_count(); ++n) {
    const roads::RoadNode& node = graph.node(n);
    in_area[n] = std::any_of(avoid.begin(), avoid.end(),
                             [&](const geo::AreaShape& shape) {
                               return geo::AreaContains(shape, node.lon, node.lat);
                             })
                     ? 1
                     : 0;
    const bool near_kept = std::any_of(keep.begin(), keep.end(), [&](const geo::XY& k) {
      const geo::XY m = LocalMetres(k, node.lon, node.lat);
      return m.x * m.x + m.y * m.y <= keep_radius_m * keep_radius_m;
    });
    avoided[n] = in_area[n] && !near_kept ? 1 : 0;
  }
  // A keep point inside an area keeps the quickest way out of it and back in.
  std::vector<char> corridor(graph.edge_count(), 0);
  for (const geo::XY& k : keep) {
    const roads::NodeId start = NearestNode(graph, k);
    if (start == roads::kNoNode || !in_area[start]) continue;
    MarkQuickestWayOut(graph, in_area, start, /*forwards=*/true, &corridor);
    MarkQuickestWayOut(graph, in_area, start, /*forwards=*/false, &corridor);
  }
  auto kept = roads::FilterEdges(
      graph,
      [&](roads::EdgeId e) {
        const roads::RoadEdge& edge = graph.edge(e);
        if (corridor[e] || (!avoided[edge.from] && !avoided[edge.to])) return true;
        // A long road by a keep point whose junctions both lie far off stays too.
        const roads::RoadNode& a = graph.node(edge.from);
        const roads::RoadNode& b = graph.node(edge.to);
        return std::any_of(keep.begin(), keep.end(), [&](const geo::XY& k) {
          return SegmentWithin(LocalMetres(k, a.lon, a.lat), LocalMetres(k, b.lon, b.lat),
                               keep_radius_m);
        });
      },
      roads::GraphBuildOptions{});
  if (!kept.ok()) return kept.error();
  return MakeRoadNetwork(std::move(*kept));
}

}  // namespace vigil::patrol
