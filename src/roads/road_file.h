// A road file as a graph, by its name: OpenStreetMap or a street-centreline file. Shared by
// `vigil route`, `vigil patrol` and `vigil serve`.
#pragma once

#include <string>

#include "core/result.h"
#include "roads/road_graph.h"

namespace vigil::roads {

// Imports `graph_path`: OpenStreetMap when it ends in .pbf, .osm, .osm.bz2 or .osm.gz (any
// case), otherwise a street-centreline file through GDAL with the JSON speed profile at
// `profile_path` ("" = the built-in TIGER profile). Errors name the file.
Result<RoadGraph> LoadRoadFile(const std::string& graph_path, const std::string& profile_path);

}  // namespace vigil::roads
