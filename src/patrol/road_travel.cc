#include "patrol/road_travel.h"

#include <string>
#include <utility>

#include "roads/route.h"

namespace vigil::patrol {
namespace {

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, "road travel times: " + std::move(message));
}

bool ToGraph(const ToGraphXY& to_graph, const Point& p, double* gx, double* gy) {
  if (!to_graph) {
    *gx = p.x;
    *gy = p.y;
    return true;
  }
  return to_graph(p.x, p.y, gx, gy);
}

}  // namespace

Status RoadTravelOptions::Validate() const {
  if (!(max_snap_m > 0) || !std::isfinite(max_snap_m)) return Invalid("max_snap_m must be > 0");
  if (!(access_speed_kmh > 0) || !std::isfinite(access_speed_kmh))
    return Invalid("access_speed_kmh must be > 0");
  if (required_sites < 0) return Invalid("required_sites must be >= 0");
  return Status::Ok();
}

Result<std::unique_ptr<RoadTravelTimes>> RoadTravelTimes::Build(
    const roads::RoadGraph& graph, const roads::ContractionHierarchy& ch,
    const roads::SegmentIndex& index, const std::vector<Point>& sites, const ToGraphXY& to_graph,
    const RoadTravelOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  std::unique_ptr<RoadTravelTimes> out(new RoadTravelTimes());
  const std::size_t n = sites.size();
  out->snaps_.resize(n);
  out->snapped_.assign(n, 0);
  out->access_s_.assign(n, 0.0);
  std::vector<std::vector<roads::Endpoint>> sources(n), targets(n);
  const double access_mps = options.access_speed_kmh / 3.6;
  for (std::size_t i = 0; i < n; ++i) {
    double gx = 0;
    double gy = 0;
    const bool projected = ToGraph(to_graph, sites[i], &gx, &gy);
    auto snap = projected ? index.Snap(gx, gy, options.max_snap_m)
                          : Result<roads::SnapResult>(MakeError(ErrorCode::kInvalidArgument, ""));
    if (!snap.ok()) {
      if (static_cast<int>(i) < options.required_sites) {
        return Invalid("site " + std::to_string(i) + " (a station) at x " +
                       std::to_string(sites[i].x) + ", y " + std::to_string(sites[i].y) +
                       (projected ? " is farther than " + std::to_string(options.max_snap_m) +
                                        " m from any road of the graph"
                                  : " cannot be converted to the graph's CRS"));
      }
      continue;
    }
    out->snaps_[i] = *snap;
    out->snapped_[i] = 1;
    out->access_s_[i] = snap->distance_m / access_mps;
    sources[i] = roads::SourceEndpoints(graph, *snap);
    targets[i] = roads::TargetEndpoints(graph, *snap);
  }
  roads::ChQuery query(ch);
  const std::vector<roads::Weight> ms = query.Matrix(sources, targets);
  out->seconds_.resize(n * n);
  for (std::size_t i = 0; i < n * n; ++i) {
    out->seconds_[i] =
        ms[i] >= roads::kInfinity ? kUnreachableSeconds : static_cast<double>(ms[i]) / 1000.0;
  }
  return out;
}

double RoadTravelTimes::Seconds(int from, int to) const {
  if (from == to) return 0;
  const auto f = static_cast<std::size_t>(from);
  const auto t = static_cast<std::size_t>(to);
  if (!snapped_[f] || !snapped_[t]) return kUnreachableSeconds;
  const double road = seconds_[f * snaps_.size() + t];
  if (road >= kUnreachableSeconds) return kUnreachableSeconds;
  return access_s_[f] + road + access_s_[t];
}

int RoadTravelTimes::unreachable_count() const {
  int count = 0;
  for (char s : snapped_) count += s ? 0 : 1;
  return count;
}

Result<std::shared_ptr<RoadNetwork>> MakeRoadNetwork(roads::RoadGraph graph) {
  auto network = std::make_shared<RoadNetwork>();
  network->graph = std::move(graph);
  auto ch = roads::ContractionHierarchy::Build(network->graph, {});
  if (!ch.ok()) return ch.error();
  network->ch = std::make_unique<roads::ContractionHierarchy>(std::move(ch).value());
  network->index = std::make_unique<roads::SegmentIndex>(network->graph);
  return network;
}

ToGraphXY ToGraphThrough(std::shared_ptr<const geo::Projector> projector) {
  return [projector = std::move(projector)](double x, double y, double* gx, double* gy) {
    geo::XY out;
    if (!projector->Transform(x, y, &out)) return false;
    *gx = out.x;
    *gy = out.y;
    return true;
  };
}

TravelTimesFactory MakeRoadTravelFactory(std::shared_ptr<const RoadNetwork> network,
                                         ToGraphXY to_graph, RoadTravelOptions options) {
  return [network = std::move(network), to_graph = std::move(to_graph),
          options](const std::vector<Point>& sites) -> Result<std::unique_ptr<TravelTimes>> {
    auto travel = RoadTravelTimes::Build(network->graph, *network->ch, *network->index, sites,
                                         to_graph, options);
    if (!travel.ok()) return travel.error();
    return std::unique_ptr<TravelTimes>(std::move(travel).value());
  };
}

RoadLegs::RoadLegs(std::shared_ptr<const RoadNetwork> network, ToGraphXY to_graph,
                   RoadTravelOptions options)
    : network_(std::move(network)),
      to_graph_(std::move(to_graph)),
      options_(options),
      query_(*network_->ch) {}

std::vector<double> RoadLegs::LonLat(const Point& a, const Point& b) {
  roads::SnapResult snap[2];
  const Point* points[2] = {&a, &b};
  for (int i = 0; i < 2; ++i) {
    double gx = 0;
    double gy = 0;
    if (!ToGraph(to_graph_, *points[i], &gx, &gy)) return {};
    auto s = network_->index->Snap(gx, gy, options_.max_snap_m);
    if (!s.ok()) return {};
    snap[i] = *s;
  }
  const auto sources = roads::SourceEndpoints(network_->graph, snap[0]);
  const auto targets = roads::TargetEndpoints(network_->graph, snap[1]);
  const roads::NodePath path = query_.Search(sources, targets);
  const roads::Route route =
      roads::ComposeRoute(network_->graph, snap[0], snap[1], sources, targets, path);
  if (!route.found) return {};
  return route.lon_lat;
}

}  // namespace vigil::patrol
