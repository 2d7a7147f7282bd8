// Road-network travel times between the sites of a patrol plan: every site (station or cell
// centre) is snapped to the nearest road, and a contraction-hierarchy many-to-many matrix gives
// the fastest car time between every pair, plus the time to cover the snap distance at an
// access speed at both ends. Plug it into PlanOptions::travel_factory (MakeRoadTravelFactory).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "core/result.h"
#include "geo/area_shape.h"
#include "geo/projection.h"
#include "patrol/orienteering.h"
#include "patrol/planner.h"
#include "roads/contraction.h"
#include "roads/road_graph.h"
#include "roads/snap.h"

namespace vigil::patrol {

// Converts a site's x/y (the plan's CRS, metres) to the graph's CRS; false when it cannot.
using ToGraphXY = std::function<bool(double x, double y, double* gx, double* gy)>;

// A ToGraphXY through `projector` (plan CRS -> graph CRS), kept alive by the result. Uses the
// projector's PROJ context: call it from one thread at a time.
ToGraphXY ToGraphThrough(std::shared_ptr<const geo::Projector> projector);

struct RoadTravelOptions {
  // Farthest a site may be from a road, metres, > 0. Farther cells cannot be visited; a
  // station that far is an error. Default 500 m.
  double max_snap_m = 500;
  // Speed for the straight stretch between a site and its snapped road point, km/h, > 0.
  // Default 15 km/h (pulling in, parking).
  double access_speed_kmh = 15;
  // The first `required_sites` sites (the stations) must snap; default 0.
  int required_sites = 0;

  Status Validate() const;
};

// Seconds() of a site that could not be snapped: far beyond any shift, so it is never visited.
inline constexpr double kUnreachableSeconds = 1e9;

// Immutable after Build.
class RoadTravelTimes final : public TravelTimes {
 public:
  // `graph`, `ch` and `index` must outlive the result. `to_graph` empty = same CRS.
  static Result<std::unique_ptr<RoadTravelTimes>> Build(const roads::RoadGraph& graph,
                                                        const roads::ContractionHierarchy& ch,
                                                        const roads::SegmentIndex& index,
                                                        const std::vector<Point>& sites,
                                                        const ToGraphXY& to_graph,
                                                        const RoadTravelOptions& options);

  int size() const override { return static_cast<int>(snaps_.size()); }
  double Seconds(int from, int to) const override;

  // False when the site lies farther than max_snap_m from any road.
  bool reachable(int site) const { return snapped_[static_cast<std::size_t>(site)] != 0; }
  // Sites that could not be snapped.
  int unreachable_count() const;

 private:
  RoadTravelTimes() = default;

  std::vector<roads::SnapResult> snaps_;
  std::vector<char> snapped_;
  std::vector<double> access_s_;  // per site, seconds from the site to its road point
  std::vector<double> seconds_;   // row-major site x site, road part only
};

// The road network loaded for plans: graph, hierarchy and snapping index, built once.
struct RoadNetwork {
  roads::RoadGraph graph;
  std::unique_ptr<roads::ContractionHierarchy> ch;
  std::unique_ptr<roads::SegmentIndex> index;
};

// Contracts `graph` and indexes it for snapping.
Result<std::shared_ptr<RoadNetwork>> MakeRoadNetwork(roads::RoadGraph graph);

// `graph` without the roads into any of `avoid` (lon/lat shapes, e.g. no-go areas): an edge
// goes when either of its ends lies inside a shape, so that a route neither crosses the area
// nor cuts through one of its junctions. Within `keep_radius_m` of a point of `keep` (lon/lat,
// e.g. the stations, whose cars must get out) nodes count as outside and edges passing by stay;
// a keep point inside an area also keeps the quickest way out of it and back in
// (road_avoidance.cc).
// What stays is cut to its largest strongly connected part, so places reachable only through
// an avoided area drop out; then contracted. With no shapes, the same as MakeRoadNetwork.
Result<std::shared_ptr<RoadNetwork>> MakeRoadNetworkAvoiding(const roads::RoadGraph& graph,
                                                             std::span<const geo::AreaShape> avoid,
                                                             std::span<const geo::XY> keep = {},
                                                             double keep_radius_m = 500);

// A travel factory over `network` (kept alive by the factory): each call builds a
// RoadTravelTimes for the sites it is given.
TravelTimesFactory MakeRoadTravelFactory(std::shared_ptr<const RoadNetwork> network,
                                         ToGraphXY to_graph, RoadTravelOptions options);

// Road geometry of plan legs, for the GeoJSON of a plan. Holds query scratch: one per thread.
class RoadLegs {
 public:
  RoadLegs(std::shared_ptr<const RoadNetwork> network, ToGraphXY to_graph,
           RoadTravelOptions options);
  // The fastest road polyline from a to b (plan CRS metres) as lon, lat, lon, lat, ...
  // (WGS84), snapped point to snapped point; empty when either point is off the network.
  std::vector<double> LonLat(const Point& a, const Point& b);

 private:
  std::shared_ptr<const RoadNetwork> network_;
  ToGraphXY to_graph_;
  RoadTravelOptions options_;
  roads::ChQuery query_;
};

}  // namespace vigil::patrol
