// Scenario tests in the style of Valhalla's gurka: a road network drawn as an ASCII map, where
// each letter is a node at (column, row) * grid metres (north up), and ways given as letter
// strings ("ABC") with OSM tags. The network is written as an OSM XML file and imported through
// ImportOsm, so scenarios exercise the real importer, then routed with Dijkstra and CH.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "roads/contraction.h"
#include "roads/osm_import.h"
#include "roads/road_graph.h"

namespace vigil::roads::testing {

struct AsciiWay {
  std::string nodes;                        // letters in travel order, e.g. "ABC"
  std::map<std::string, std::string> tags;  // OSM tags; "highway" defaults to "residential"
};

struct AsciiRestriction {
  std::string from;  // two consecutive letters of the from way, e.g. "AB"
  char via = 0;
  std::string to;    // two consecutive letters of the to way, e.g. "BC"
  std::string kind;  // "no_left_turn", "only_straight_on", ...
};

struct AsciiNetwork {
  RoadGraph graph;
  std::map<char, NodeId> node_of;  // letters present in the graph
  double lon0 = 0;                 // position of map column 0, row 0
  double lat0 = 0;
};

// Parses the map and ways, writes OSM XML into `dir` and imports it. `grid_m` is the size of
// one character cell in metres. A way letter missing from the map is an error.
Result<AsciiNetwork> BuildAsciiNetwork(std::string_view map, double grid_m,
                                       const std::vector<AsciiWay>& ways,
                                       const std::vector<AsciiRestriction>& restrictions,
                                       const std::string& dir, bool keep_largest_component = true);

// The OSM XML text of the network (exposed for the parser's own tests).
Result<std::string> AsciiMapToOsmXml(std::string_view map, double grid_m,
                                     const std::vector<AsciiWay>& ways,
                                     const std::vector<AsciiRestriction>& restrictions);

// Letters of a node path ("ADEC"); '?' for a node that is not a letter.
std::string Letters(const AsciiNetwork& net, const NodePath& path, NodeId start);

// Grid positions (column, row) of the letters in the map.
std::map<char, std::pair<int, int>> ParseLetters(std::string_view map);

}  // namespace vigil::roads::testing
