// Imports an OpenStreetMap extract (.osm.pbf, .osm, .osm.bz2, .osm.gz) into a car road graph
// with libosmium. Car ways: highway=motorway..residential, unclassified, living_street,
// service and the *_link ramps, minus access=no/private and motor_vehicle/motorcar=no.
// One-ways: oneway=yes/true/1 (along), -1/reverse (against), implied for motorways and
// roundabouts unless oneway=no. Turn restriction relations are read and stored on the graph.
#pragma once

#include <string>

#include "roads/road_graph.h"
#include "roads/speed_profile.h"

namespace vigil::roads {

struct OsmImportOptions {
  CarProfile profile;       // speeds by class and maxspeed handling (see speed_profile.h)
  std::string crs;          // CRS of the projected x/y; "" = the UTM zone of the data's
                            // centre (default "")
  GraphBuildOptions build;  // largest strongly connected component only (default on)

  Status Validate() const;
};

// Fails with kNotFound when the file is missing, kCorrupt when libosmium cannot read it,
// kFailedPrecondition when it holds no car roads.
Result<RoadGraph> ImportOsm(const std::string& path, const OsmImportOptions& options);

// Parses the highway value; false for ways cars do not use. `is_link` is set for *_link.
bool CarRoadClass(const std::string& highway, RoadClass* road_class, bool* is_link);

}  // namespace vigil::roads
