// The road network the server was started with (ServerOptions::road_graph): the graph with its
// contraction hierarchy for road-routed patrol plans, and the "roads" map layer rendered once.
// Immutable after Load (but for the thread-safe cache of avoiding networks); shared by every
// thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "patrol/avoiding_network_cache.h"
#include "patrol/road_travel.h"
#include "roads/road_graph.h"
#include "server/geojson.h"

namespace vigil::server {

// Networks without no-go areas kept by RoadService::avoiding (each about the size of the full
// network's hierarchy).
inline constexpr std::size_t kAvoidingNetworksKept = 8;

struct RoadService {
  std::string file;  // the road file, as given
  std::shared_ptr<const patrol::RoadNetwork> network;
  // The network without the no-go areas of recent plan requests (MakeRoadNetworkAvoiding on
  // `network`'s graph), so that re-planning with the same areas and stations skips the
  // contraction. Thread-safe.
  std::unique_ptr<patrol::AvoidingNetworkCache> avoiding;
  RenderedLayer layer;     // RoadLinesGeoJson of the graph, and its gzip
  std::int64_t lines = 0;  // features of the layer

  // Imports `road_file` (roads::LoadRoadFile), renders the layer and builds the hierarchy.
  // Errors name the file.
  static Result<std::unique_ptr<RoadService>> Load(const std::string& road_file,
                                                   const std::string& profile_file);
};

// The graph's roads as a GeoJSON FeatureCollection (WGS84, 6 decimals) named "roads": one
// LineString feature per unbroken run of a source road (an OSM way or a centreline feature),
// each segment once whatever its directions. Properties: "class" (roads::RoadClassName),
// "name" (may be ""), "oneway" (true when the run has a segment drivable one way only).
// `*lines` (may be null) gets the number of features.
std::string RoadLinesGeoJson(const roads::RoadGraph& graph, std::int64_t* lines);

}  // namespace vigil::server
