#include "roads/ascii_map.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace vigil::roads::testing {
namespace {

constexpr double kLon0 = -83.0;  // the map's north-west corner
constexpr double kLat0 = 40.0;
constexpr double kMetresPerDegree = 111319.49;

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"') {
      out += "&quot;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else {
      out += c;
    }
  }
  return out;
}

// Way id of the way containing both letters consecutively, 0 when none.
int WayWith(const std::vector<AsciiWay>& ways, const std::string& pair) {
  for (std::size_t i = 0; i < ways.size(); ++i) {
    const std::string& n = ways[i].nodes;
    std::string rev(pair.rbegin(), pair.rend());
    if (n.find(pair) != std::string::npos || n.find(rev) != std::string::npos) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

}  // namespace

std::map<char, std::pair<int, int>> ParseLetters(std::string_view map) {
  std::map<char, std::pair<int, int>> out;
  int row = 0, column = 0;
  bool started = false;
  for (char c : map) {
    if (c == '\n') {
      if (started) ++row;
      column = 0;
      continue;
    }
    started = true;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) out[c] = {column, row};
    ++column;
  }
  return out;
}

Result<std::string> AsciiMapToOsmXml(std::string_view map, double grid_m,
                                     const std::vector<AsciiWay>& ways,
                                     const std::vector<AsciiRestriction>& restrictions) {
  const auto letters = ParseLetters(map);
  std::ostringstream xml;
  xml.precision(10);
  xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" "
         "generator=\"vigil-test\">\n";
  const double lon_scale = kMetresPerDegree * std::cos(kLat0 * M_PI / 180);
  for (const auto& [letter, pos] : letters) {
    const double lon = kLon0 + pos.first * grid_m / lon_scale;
    const double lat = kLat0 - pos.second * grid_m / kMetresPerDegree;
    xml << "  <node id=\"" << static_cast<int>(letter) << "\" version=\"1\" lat=\"" << lat
        << "\" lon=\"" << lon << "\"/>\n";
  }
  for (std::size_t i = 0; i < ways.size(); ++i) {
    xml << "  <way id=\"" << i + 1 << "\" version=\"1\">\n";
    for (char c : ways[i].nodes) {
      if (!letters.contains(c)) {
        return MakeError(
            ErrorCode::kInvalidArgument,
            std::string("Way ") + ways[i].nodes + " uses letter " + c + " that is not on the map.");
      }
      xml << "    <nd ref=\"" << static_cast<int>(c) << "\"/>\n";
    }
    auto tags = ways[i].tags;
    tags.try_emplace("highway", "residential");
    for (const auto& [k, v] : tags) {
      xml << "    <tag k=\"" << Escape(k) << "\" v=\"" << Escape(v) << "\"/>\n";
    }
    xml << "  </way>\n";
  }
  for (std::size_t i = 0; i < restrictions.size(); ++i) {
    const AsciiRestriction& r = restrictions[i];
    const int from = WayWith(ways, r.from), to = WayWith(ways, r.to);
    if (from == 0 || to == 0) {
      return MakeError(ErrorCode::kInvalidArgument, "Restriction " + r.from + " -> " + r.to +
                                                        " names a way that does not exist.");
    }
    xml << "  <relation id=\"" << i + 1 << "\" version=\"1\">\n"
        << "    <member type=\"way\" ref=\"" << from << "\" role=\"from\"/>\n"
        << "    <member type=\"node\" ref=\"" << static_cast<int>(r.via) << "\" role=\"via\"/>\n"
        << "    <member type=\"way\" ref=\"" << to << "\" role=\"to\"/>\n"
        << "    <tag k=\"type\" v=\"restriction\"/>\n"
        << "    <tag k=\"restriction\" v=\"" << Escape(r.kind) << "\"/>\n  </relation>\n";
  }
  xml << "</osm>\n";
  return xml.str();
}

Result<AsciiNetwork> BuildAsciiNetwork(std::string_view map, double grid_m,
                                       const std::vector<AsciiWay>& ways,
                                       const std::vector<AsciiRestriction>& restrictions,
                                       const std::string& dir, bool keep_largest_component) {
  auto xml = AsciiMapToOsmXml(map, grid_m, ways, restrictions);
  if (!xml.ok()) return xml.error();
  const std::string path = dir + "/map.osm";
  {
    std::ofstream out(path, std::ios::binary);
    out << *xml;
  }
  OsmImportOptions options;
  options.build.keep_largest_component = keep_largest_component;
  auto graph = ImportOsm(path, options);
  if (!graph.ok()) return graph.error();
  AsciiNetwork net{.graph = std::move(graph).value(), .lon0 = kLon0, .lat0 = kLat0};
  const double lon_scale = kMetresPerDegree * std::cos(kLat0 * M_PI / 180);
  for (const auto& [letter, pos] : ParseLetters(map)) {
    const double lon = kLon0 + pos.first * grid_m / lon_scale;
    const double lat = kLat0 - pos.second * grid_m / kMetresPerDegree;
    for (NodeId v = 0; v < net.graph.node_count(); ++v) {
      const RoadNode& n = net.graph.node(v);
      // The first node at the letter's position: copies made for turn restrictions come later.
      if (std::abs(n.lon - lon) < 1e-6 && std::abs(n.lat - lat) < 1e-6)
        net.node_of.try_emplace(letter, v);
    }
  }
  return net;
}

std::string Letters(const AsciiNetwork& net, const NodePath& path, NodeId start) {
  // By position, so that copies of a node made for turn restrictions read as its letter.
  auto letter = [&](NodeId v) {
    const RoadNode& n = net.graph.node(v);
    for (const auto& [c, id] : net.node_of) {
      const RoadNode& m = net.graph.node(id);
      if (id == v || (m.lon == n.lon && m.lat == n.lat)) return c;
    }
    return '?';
  };
  std::string out(1, letter(start));
  for (EdgeId e : path.edges) out += letter(net.graph.edge(e).to);
  return out;
}

}  // namespace vigil::roads::testing
