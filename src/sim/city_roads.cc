// Streets (a perturbed 400 m grid, arterials every few lines, one motorway) and points of
// interest of the synthetic city.
#include <algorithm>
#include <cmath>
#include <string>

#include "sim/city_layout.h"
#include "sim/names.h"

namespace vigil::sim {
namespace {

constexpr double kStreetSpacingM = 400;
constexpr double kMotorwayV = 1000;  // metres north of the south edge

std::string RoadClassOfLine(int index) {
  if (index % 5 == 0) return "primary";
  if (index % 5 == 2) return "secondary";
  return "residential";
}

int SpeedOf(const std::string& road_class) {
  if (road_class == "motorway") return 100;
  if (road_class == "primary") return 60;
  if (road_class == "secondary") return 50;
  return 30;
}

std::string StreetName(std::string_view root, const std::string& road_class, int number) {
  std::string name(root);
  if (road_class == "primary") return name + "-daero";
  if (road_class == "secondary") return name + "-ro";
  return name + "-gil " + std::to_string(number);
}

std::string Padded(const char* prefix, std::size_t n, int width) {
  std::string digits = std::to_string(n);
  if (static_cast<int>(digits.size()) < width)
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  return prefix + digits;
}

double Jitter(Rng& rng) { return std::clamp(rng.Normal(0, 25), -60.0, 60.0); }

}  // namespace

void BuildRoads(Layout& layout, Rng& rng) {
  const int nu = static_cast<int>(kCityWidthM / kStreetSpacingM) + 1;   // N-S lines
  const int nv = static_cast<int>(kCityHeightM / kStreetSpacingM) + 1;  // E-W lines
  const double ox = layout.origin_x();
  const double oy = layout.origin_y();
  // Intersection nodes: interior ones jittered, edge ones kept on the boundary.
  const auto columns = static_cast<std::size_t>(nu);
  std::vector<geo::XY> nodes(columns * static_cast<std::size_t>(nv));
  auto node = [&](int i, int j) -> geo::XY& {
    return nodes[static_cast<std::size_t>(j) * columns + static_cast<std::size_t>(i)];
  };
  for (int j = 0; j < nv; ++j) {
    for (int i = 0; i < nu; ++i) {
      const double du = (i > 0 && i < nu - 1) ? Jitter(rng) : 0.0;
      const double dv = (j > 0 && j < nv - 1) ? Jitter(rng) : 0.0;
      node(i, j) = {ox + i * kStreetSpacingM + du, oy + j * kStreetSpacingM + dv};
    }
  }
  // Motorway vertices: where it meets the primary N-S roads (interchanges).
  const int j_below = static_cast<int>(kMotorwayV / kStreetSpacingM);
  std::vector<geo::XY> motorway;
  for (int i = 0; i < nu; i += 5) {
    const geo::XY a = node(i, j_below);
    const geo::XY b = node(i, j_below + 1);
    motorway.push_back({(a.x + b.x) / 2, oy + kMotorwayV});
  }

  std::size_t root = 0;
  auto next_root = [&]() { return kPlaceRoots[root++ % kPlaceRoots.size()]; };
  int road_number = 0;
  for (int i = 0; i < nu; ++i) {
    RoadFeature road;
    road.road_class = RoadClassOfLine(i);
    road.name = StreetName(next_root(), road.road_class, i);
    road.maxspeed_kmh = SpeedOf(road.road_class);
    for (int j = 0; j < nv; ++j) {
      road.points.push_back(node(i, j));
      if (j == j_below && road.road_class == "primary")
        road.points.push_back(motorway[static_cast<std::size_t>(i / 5)]);
    }
    layout.street_u.push_back(i * kStreetSpacingM);
    layout.street_u_names.push_back(road.name);
    layout.roads.push_back(std::move(road));
  }
  for (int j = 0; j < nv; ++j) {
    RoadFeature road;
    road.road_class = RoadClassOfLine(j);
    road.name = StreetName(next_root(), road.road_class, j);
    road.maxspeed_kmh = SpeedOf(road.road_class);
    for (int i = 0; i < nu; ++i) road.points.push_back(node(i, j));
    layout.street_v.push_back(j * kStreetSpacingM);
    layout.street_v_names.push_back(road.name);
    layout.roads.push_back(std::move(road));
  }
  for (RoadFeature& road : layout.roads) {
    if (road.road_class == "residential" && rng.Bernoulli(0.25)) {
      road.oneway = true;
      if (rng.Bernoulli(0.5)) std::reverse(road.points.begin(), road.points.end());
    }
  }
  RoadFeature expressway;
  expressway.road_class = "motorway";
  expressway.name = "Gangbyeon Expressway";
  expressway.maxspeed_kmh = SpeedOf("motorway");
  expressway.points = motorway;
  layout.roads.push_back(std::move(expressway));
  for (RoadFeature& road : layout.roads)
    road.id = Padded("R", static_cast<std::size_t>(++road_number), 4);

  for (int j = 0; j < nv; ++j) {
    for (int i = 0; i < nu; ++i) {
      if (RoadClassOfLine(i) != "residential" && RoadClassOfLine(j) != "residential") {
        layout.arterial_nodes.push_back(node(i, j));
      }
    }
  }
}

void BuildPois(Layout& layout, Rng& rng) {
  const geo::Grid& grid = layout.grid();
  const auto cells = static_cast<std::size_t>(grid.cell_count());
  struct KindSpec {
    const char* kind;
    const char* label;
    int count;
  };
  const KindSpec specs[] = {{"bar", "Bar", 260},       {"nightclub", "Club", 40},
                            {"store", "Store", 420},   {"atm", "ATM", 220},
                            {"school", "School", 70},  {"park", "Park", 45},
                            {"transit", "Station", 40}};
  std::size_t next_id = 0;
  auto add = [&](const char* kind, std::string name, double x, double y) {
    PointOfInterest poi;
    poi.source_id = Padded("POI", ++next_id, 5);
    poi.kind = kind;
    poi.name = std::move(name);
    poi.location = layout.Locate(x, y);
    layout.pois.push_back(std::move(poi));
  };
  std::vector<double> weights(cells);
  for (const KindSpec& spec : specs) {
    for (std::size_t c = 0; c < cells; ++c) {
      const auto& land = layout.cell_land[c];
      const double res = land[0], com = land[1], green = land[3];
      const std::string kind = spec.kind;
      if (kind == "bar")
        weights[c] = com * com + 0.002;
      else if (kind == "nightclub")
        weights[c] = com * com * com;
      else if (kind == "store")
        weights[c] = com + 0.15 * res;
      else if (kind == "atm")
        weights[c] = com + 0.05 * res;
      else if (kind == "school")
        weights[c] = layout.cell_population[c] * (1 - com);
      else if (kind == "park")
        weights[c] = green * green;
      else
        weights[c] = layout.cell_population[c];  // transit: extra stops where people live
    }
    const Discrete pick(weights);
    for (int n = 1; n <= spec.count; ++n) {
      const auto c = static_cast<std::int64_t>(pick.Sample(rng));
      const double x = grid.CenterX(c) + rng.Uniform(-0.45, 0.45) * grid.cell_size;
      const double y = grid.CenterY(c) + rng.Uniform(-0.45, 0.45) * grid.cell_size;
      const auto root =
          static_cast<std::size_t>(rng.Index(static_cast<std::int64_t>(kPlaceRoots.size())));
      add(spec.kind, std::string(kPlaceRoots[root]) + " " + spec.label + " " + std::to_string(n), x,
          y);
    }
  }
  // Transit stops at most arterial intersections.
  int stop = 0;
  for (const geo::XY& node : layout.arterial_nodes) {
    const double x = std::min(node.x + 15, layout.origin_x() + kCityWidthM - 1);
    const double y = std::min(node.y + 15, layout.origin_y() + kCityHeightM - 1);
    if (rng.Bernoulli(0.85)) add("transit", "Arterial Stop " + std::to_string(++stop), x, y);
  }
}

}  // namespace vigil::sim
