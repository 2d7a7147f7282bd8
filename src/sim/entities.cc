// Stations, units, cameras, persons of interest and vehicles of the synthetic city.
#include "sim/entities.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "sim/names.h"

namespace vigil::sim {
namespace {

std::string Id(const char* prefix, std::size_t n, int width) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%s%0*zu", prefix, width, n);
  return buffer;
}

const geo::XY& NearestNode(const std::vector<geo::XY>& nodes, double x, double y) {
  std::size_t best = 0;
  double best_d = std::numeric_limits<double>::max();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const double d = (nodes[i].x - x) * (nodes[i].x - x) + (nodes[i].y - y) * (nodes[i].y - y);
    if (d < best_d) {
      best_d = d;
      best = i;
    }
  }
  return nodes[best];
}

constexpr const char* kPlateSyllables[] = {"GA",  "NA",  "DA",  "RA",  "MA",  "BA",  "SA",
                                           "AH",  "JA",  "HA",  "GEO", "NEO", "DEO", "REO",
                                           "MEO", "BEO", "SEO", "EO",  "JEO", "HO"};

}  // namespace

void BuildFixedEntities(const Layout& layout, Rng& rng, Entities* out) {
  const double ox = layout.origin_x(), oy = layout.origin_y();
  // Stations: HQ near the centre, one per district near its middle, beside an arterial crossing.
  {
    const double cx = ox + kCityWidthM / 2, cy = oy + kCityHeightM / 2;
    const geo::XY& hq = NearestNode(layout.arterial_nodes, cx, cy);
    const AreaFeature* hq_district = layout.DistrictAt(hq.x + 25, hq.y + 25);
    out->stations.push_back({"ST00", "Vigil Metropolitan Police Headquarters", "headquarters",
                             hq_district != nullptr ? hq_district->code : "",
                             layout.Locate(hq.x + 25, hq.y + 25)});
    for (std::size_t d = 0; d < layout.districts.size(); ++d) {
      const AreaFeature& a = layout.districts[d];
      const geo::XY& node =
          NearestNode(layout.arterial_nodes, (a.min_x + a.max_x) / 2, (a.min_y + a.max_y) / 2);
      const double x = std::clamp(node.x - 30, a.min_x + 1, a.max_x - 1);
      const double y = std::clamp(node.y - 30, a.min_y + 1, a.max_y - 1);
      out->stations.push_back(
          {Id("ST", d + 1, 2), a.name + " Police Station", "station", a.code, layout.Locate(x, y)});
    }
  }
  // Units: 4-7 cars per station, a motorcycle at most.
  for (const Station& s : out->stations) {
    const int cars = 4 + static_cast<int>(rng.Index(4));
    const std::string number = s.source_id.substr(2);
    for (int k = 1; k <= cars; ++k) {
      out->units.push_back({Id("U", out->units.size() + 1, 3),
                            "P" + number + "-" + std::to_string(k), "car", s.source_id,
                            rng.Bernoulli(0.3) ? 12.0 : 8.0});
    }
    if (rng.Bernoulli(0.6)) {
      out->units.push_back(
          {Id("U", out->units.size() + 1, 3), "M" + number + "-1", "motorcycle", s.source_id, 8.0});
    }
  }
  // Cameras: LPR at most arterial crossings, 360-degree surveillance in busy cells, traffic
  // cameras on the motorway.
  auto add_camera = [&](double x, double y, std::optional<double> heading, double fov, double range,
                        const char* purpose) {
    Camera cam;
    cam.source_id = Id("CAM", out->cameras.size() + 1, 4);
    cam.location = layout.Locate(x, y);
    cam.heading_deg = heading;
    cam.field_of_view_deg = fov;
    cam.range_m = range;
    cam.purpose = purpose;
    out->cameras.push_back(std::move(cam));
  };
  for (const geo::XY& node : layout.arterial_nodes) {
    if (rng.Bernoulli(0.7))
      add_camera(node.x, node.y, 90.0 * static_cast<double>(rng.Index(4)), 60, 40, "lpr");
  }
  {
    std::vector<double> weights;
    for (const auto& land : layout.cell_land) weights.push_back(land[1] * land[1]);
    const Discrete cells(weights);
    const geo::Grid& grid = layout.grid();
    for (int k = 0; k < 120; ++k) {
      const auto c = static_cast<std::int64_t>(cells.Sample(rng));
      add_camera(grid.CenterX(c) + rng.Uniform(-40, 40), grid.CenterY(c) + rng.Uniform(-40, 40),
                 std::nullopt, 360, 50, "surveillance");
    }
  }
  for (const RoadFeature& road : layout.roads) {
    if (road.road_class != "motorway") continue;
    for (std::size_t i = 1; i < road.points.size(); ++i) {
      const geo::XY& a = road.points[i - 1];
      const geo::XY& b = road.points[i];
      add_camera((a.x + b.x) / 2, (a.y + b.y) / 2, i % 2 == 0 ? 90.0 : 270.0, 90, 150, "traffic");
    }
  }
  // Persons of interest (fictional names), living where people live.
  {
    const Discrete cells(layout.cell_population);
    const geo::Grid& grid = layout.grid();
    const double category_weights[] = {0.08, 0.25, 0.2, 0.06, 0.12, 0.07, 0.08, 0.1, 0.04};
    const Discrete categories(category_weights);
    for (std::size_t n = 1; n <= 300; ++n) {
      PersonOfInterest p;
      p.source_id = Id("PER", n, 4);
      p.full_name =
          std::string(
              kFakeGivenNames[static_cast<std::size_t>(rng.Index(kFakeGivenNames.size()))]) +
          " " + static_cast<char>('A' + rng.Index(26)) + ". " +
          std::string(kFakeSurnames[static_cast<std::size_t>(rng.Index(kFakeSurnames.size()))]);
      p.birth_year = 1960 + static_cast<int>(rng.Index(46));
      const double u = rng.Uniform();
      p.status = u < 0.7 ? "registered_offender" : (u < 0.85 ? "electronic_monitoring" : "wanted");
      p.offence_category = kAllCategories[categories.Sample(rng)];
      const auto c = static_cast<std::int64_t>(cells.Sample(rng));
      p.location = layout.Locate(grid.CenterX(c) + rng.Uniform(-45, 45),
                                 grid.CenterY(c) + rng.Uniform(-45, 45));
      out->persons.push_back(std::move(p));
    }
  }
  // Vehicles with unique plates "12GA3456"; about 2% on a hot list.
  {
    std::set<std::string> seen;
    while (out->vehicles.size() < 1500) {
      char plate[16];
      std::snprintf(plate, sizeof(plate), "%02d%s%04d", static_cast<int>(10 + rng.Index(90)),
                    kPlateSyllables[rng.Index(std::size(kPlateSyllables))],
                    static_cast<int>(1000 + rng.Index(9000)));
      if (!seen.insert(plate).second) continue;
      Vehicle v;
      v.plate = plate;
      const auto make = static_cast<std::size_t>(rng.Index(kVehicleMakes.size()));
      v.make = kVehicleMakes[make];
      v.model = kVehicleModels[make];
      v.color = kVehicleColors[static_cast<std::size_t>(rng.Index(kVehicleColors.size()))];
      const double u = rng.Uniform();
      if (u < 0.01)
        v.hot_list = "stolen";
      else if (u < 0.015)
        v.hot_list = "wanted_person";
      else if (u < 0.02)
        v.hot_list = "unpaid_fines";
      out->vehicles.push_back(std::move(v));
    }
  }
}

}  // namespace vigil::sim
