#include "roads/route.h"

#include <cmath>

namespace vigil::roads {
namespace {

Weight Part(std::uint32_t time_ms, double fraction) {
  return static_cast<Weight>(std::llround(time_ms * fraction));
}

void PointOn(const RoadGraph& graph, EdgeId edge, double fraction, std::vector<double>* out) {
  const RoadEdge& e = graph.edge(edge);
  const RoadNode& a = graph.node(e.from);
  const RoadNode& b = graph.node(e.to);
  out->push_back(a.lon + fraction * (b.lon - a.lon));
  out->push_back(a.lat + fraction * (b.lat - a.lat));
}

}  // namespace

std::vector<Endpoint> SourceEndpoints(const RoadGraph& graph, const SnapResult& snap) {
  std::vector<Endpoint> out;
  const RoadEdge& e = graph.edge(snap.edge);
  out.push_back(
      {e.to, Part(e.time_ms, 1 - snap.fraction), snap.edge, e.length_m * (1 - snap.fraction)});
  const EdgeId rev = graph.ReverseOf(snap.edge);
  if (rev != kNoEdge) {
    const RoadEdge& r = graph.edge(rev);
    out.push_back({r.to, Part(r.time_ms, snap.fraction), rev, r.length_m * snap.fraction});
  }
  return out;
}

std::vector<Endpoint> TargetEndpoints(const RoadGraph& graph, const SnapResult& snap) {
  std::vector<Endpoint> out;
  const RoadEdge& e = graph.edge(snap.edge);
  out.push_back({e.from, Part(e.time_ms, snap.fraction), snap.edge, e.length_m * snap.fraction});
  const EdgeId rev = graph.ReverseOf(snap.edge);
  if (rev != kNoEdge) {
    const RoadEdge& r = graph.edge(rev);
    out.push_back(
        {r.from, Part(r.time_ms, 1 - snap.fraction), rev, r.length_m * (1 - snap.fraction)});
  }
  return out;
}

Route ComposeRoute(const RoadGraph& graph, const SnapResult& from, const SnapResult& to,
                   std::span<const Endpoint> sources, std::span<const Endpoint> targets,
                   const NodePath& path) {
  Route route;
  // Both points on the same road segment, travelling along an edge without leaving it.
  Weight direct = kInfinity;
  EdgeId direct_edge = kNoEdge;
  double f0 = 0, f1 = 0;
  const EdgeId rev = graph.ReverseOf(from.edge);
  if (to.edge == from.edge || (rev != kNoEdge && to.edge == rev)) {
    const bool same = to.edge == from.edge;
    const double a = from.fraction;
    const double b = same ? to.fraction : 1 - to.fraction;
    if (b >= a) {
      direct_edge = from.edge;
      f0 = a;
      f1 = b;
    } else if (rev != kNoEdge) {
      direct_edge = rev;
      f0 = 1 - a;
      f1 = 1 - b;
    }
    if (direct_edge != kNoEdge) direct = Part(graph.edge(direct_edge).time_ms, f1 - f0);
  }
  if (direct_edge != kNoEdge && (!path.found || direct <= path.time_ms)) {
    route.found = true;
    route.time_s = static_cast<double>(direct) / 1000.0;
    route.length_m = graph.edge(direct_edge).length_m * (f1 - f0);
    PointOn(graph, direct_edge, f0, &route.lon_lat);
    PointOn(graph, direct_edge, f1, &route.lon_lat);
    return route;
  }
  if (!path.found) return route;
  const Endpoint& s = sources[path.source];
  const Endpoint& t = targets[path.target];
  route.found = true;
  route.time_s = static_cast<double>(path.time_ms) / 1000.0;
  route.edges = path.edges;
  route.length_m = s.partial_m + t.partial_m;
  PointOn(graph, s.partial_edge, s.partial_edge == from.edge ? from.fraction : 1 - from.fraction,
          &route.lon_lat);
  const RoadNode& first = graph.node(s.node);
  route.lon_lat.push_back(first.lon);
  route.lon_lat.push_back(first.lat);
  for (EdgeId id : path.edges) {
    const RoadEdge& e = graph.edge(id);
    route.length_m += e.length_m;
    route.lon_lat.push_back(graph.node(e.to).lon);
    route.lon_lat.push_back(graph.node(e.to).lat);
  }
  PointOn(graph, t.partial_edge, t.partial_edge == to.edge ? to.fraction : 1 - to.fraction,
          &route.lon_lat);
  return route;
}

}  // namespace vigil::roads
