// `vigil route`: fastest car route between two points on a road graph imported from an OSM
// extract (.pbf, .osm, .osm.bz2) or a street-centreline file (.geojson, .shp, .gpkg: TIGER
// classes by default, or a JSON speed profile). Points are lon,lat or, on a centreline file with
// house-number ranges, an address ("1200 Market St"). Prints the travel time, the distance and
// the route as a GeoJSON LineString. Method: docs/roads.md.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "commands.h"
#include "core/text.h"
#include "geo/projection.h"
#include "roads/address_ranges.h"
#include "roads/contraction.h"
#include "roads/dijkstra.h"
#include "roads/road_file.h"
#include "roads/snap.h"

namespace vigil::app {
namespace {

struct RouteArgs {
  std::string graph;          // road file
  std::string from;           // "lon,lat" or "NUMBER STREET"
  std::string to;             // "lon,lat" or "NUMBER STREET"
  std::string profile;        // centreline JSON speed profile ("" = built-in TIGER)
  std::string engine = "ch";  // "ch" or "dijkstra"
  double max_snap_m = 1000;   // farthest a point may be from a road
};

int Fail(const std::string& message) {
  std::cerr << "vigil route: " << message << "\n";
  return 1;
}

bool ParseLonLat(const std::string& text, double* lon, double* lat) {
  const auto comma = text.find(',');
  if (comma == std::string::npos) return false;
  return ParseDouble(text.substr(0, comma), lon) && ParseDouble(text.substr(comma + 1), lat) &&
         *lon >= -180 && *lon <= 180 && *lat >= -90 && *lat <= 90;
}

// "1200 Market St" -> 1200, "Market St"; false when the text does not start with a number
// followed by a street name.
bool ParseAddress(const std::string& text, std::int64_t* number, std::string* street) {
  const auto space = text.find_first_of(" \t");
  if (space == std::string::npos || !roads::ParseHouseNumber(text.substr(0, space), number))
    return false;
  *street = std::string(Trim(text.substr(space + 1)));
  return !street->empty();
}

int RunRoute(const GlobalOptions& global, const RouteArgs& args) {
  double lon[2], lat[2];
  const std::string* point_text[2] = {&args.from, &args.to};
  bool is_address[2] = {false, false};
  std::int64_t number[2] = {0, 0};
  std::string street[2];
  for (int i = 0; i < 2; ++i) {
    if (ParseLonLat(*point_text[i], &lon[i], &lat[i])) continue;
    if (!ParseAddress(*point_text[i], &number[i], &street[i])) {
      std::cerr << "vigil route: --from and --to take lon,lat in degrees or an address "
                   "(\"1200 Market St\")\n";
      return 2;
    }
    is_address[i] = true;
  }
  if (args.engine != "ch" && args.engine != "dijkstra") {
    std::cerr << "vigil route: --engine is ch or dijkstra\n";
    return 2;
  }
  auto graph = roads::LoadRoadFile(args.graph, args.profile);
  if (!graph.ok()) return Fail(graph.error().message);
  auto projector = geo::Projector::Create("EPSG:4326", graph->crs());
  if (!projector.ok()) return Fail(projector.error().message);
  roads::SegmentIndex index(*graph);
  roads::SnapResult snap[2];
  for (int i = 0; i < 2; ++i) {
    geo::XY xy;
    if (is_address[i]) {  // interpolated along the street's house-number range
      if (graph->address_ranges().empty())
        return Fail(args.graph + " has no house-number ranges; give lon,lat instead.");
      auto match = roads::GeocodeAddress(graph->address_ranges(), number[i], street[i]);
      if (!match.ok()) return Fail((i == 0 ? "--from: " : "--to: ") + match.error().message);
      lon[i] = match->point.lon;
      lat[i] = match->point.lat;
    }
    if (!projector->Transform(lon[i], lat[i], &xy)) return Fail("A point cannot be projected.");
    auto s = index.Snap(xy.x, xy.y, args.max_snap_m);
    if (!s.ok()) return Fail((i == 0 ? "--from: " : "--to: ") + s.error().message);
    snap[i] = *s;
  }
  const auto sources = roads::SourceEndpoints(*graph, snap[0]);
  const auto targets = roads::TargetEndpoints(*graph, snap[1]);
  roads::NodePath path;
  if (args.engine == "ch") {
    auto ch = roads::ContractionHierarchy::Build(*graph, {});
    if (!ch.ok()) return Fail(ch.error().message);
    roads::ChQuery query(*ch);
    path = query.Search(sources, targets);
  } else {
    roads::Dijkstra dijkstra(*graph);
    path = dijkstra.Search(sources, targets);
  }
  const roads::Route route = roads::ComposeRoute(*graph, snap[0], snap[1], sources, targets, path);
  if (!route.found) return Fail("No route between the two points.");
  if (!global.quiet) {
    std::printf("graph: %zu nodes, %zu edges (%s); snapped %.1f m and %.1f m\n",
                graph->node_count(), graph->edge_count(), graph->crs().c_str(), snap[0].distance_m,
                snap[1].distance_m);
  }
  std::printf("time_s: %.1f\ndistance_m: %.1f\n", route.time_s, route.length_m);
  std::printf(
      "{\"type\":\"Feature\",\"properties\":{\"time_s\":%.1f,\"distance_m\":%.1f},"
      "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[",
      route.time_s, route.length_m);
  for (std::size_t i = 0; i + 1 < route.lon_lat.size(); i += 2) {
    std::printf("%s[%.7f,%.7f]", i == 0 ? "" : ",", route.lon_lat[i], route.lon_lat[i + 1]);
  }
  std::printf("]}}\n");
  return 0;
}

}  // namespace

void RegisterRoute(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<RouteArgs>();
  CLI::App* cmd = app.add_subcommand("route", "Fastest car route between two points");
  cmd->add_option("--graph", args->graph, "Road file: .pbf/.osm (OpenStreetMap) or .geojson/.shp")
      ->required();
  cmd->add_option("--from", args->from,
                  "Start point: lon,lat, or an address (\"1200 Market St\") when the road file "
                  "has house-number ranges")
      ->required();
  cmd->add_option("--to", args->to, "End point: lon,lat or an address")->required();
  cmd->add_option("--profile", args->profile, "Centreline speed profile (JSON); default TIGER");
  cmd->add_option("--engine", args->engine, "ch or dijkstra")->capture_default_str();
  cmd->add_option("--max-snap", args->max_snap_m, "Farthest snap to a road, metres")
      ->capture_default_str();
  cmd->callback([&global, &exit_code, args]() { exit_code = RunRoute(global, *args); });
}

}  // namespace vigil::app
