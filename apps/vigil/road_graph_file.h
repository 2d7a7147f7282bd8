// The road file a command names, as a graph: shared by `vigil route` and `vigil patrol`.
#pragma once

#include <string>

#include "core/result.h"
#include "roads/road_graph.h"

namespace vigil::app {

// Imports `graph_path`: OpenStreetMap when it ends in .pbf, .osm, .osm.bz2 or .osm.gz (any
// case), otherwise a street-centreline file through GDAL with the JSON speed profile at
// `profile_path` ("" = the built-in TIGER profile). Errors name the file.
Result<roads::RoadGraph> LoadRoadGraph(const std::string& graph_path,
                                       const std::string& profile_path);

}  // namespace vigil::app
