// Frame, land use, districts, neighbourhoods and per-cell covariates of the synthetic city.
#include "sim/city_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/names.h"

namespace vigil::sim {
namespace {

struct Bump {
  double u, v;   // centre, metres from the south-west corner
  double sigma;  // metres
  double weight;
};

double BumpSum(const std::vector<Bump>& bumps, double u, double v) {
  double sum = 0;
  for (const Bump& b : bumps) {
    const double du = u - b.u, dv = v - b.v;
    sum += b.weight * std::exp(-(du * du + dv * dv) / (2 * b.sigma * b.sigma));
  }
  return sum;
}

std::string Code(const char* prefix, std::size_t n) {
  return prefix + std::string(n < 10 ? "0" : "") + std::to_string(n);
}

double Round10(double v) { return std::round(v / 10) * 10; }

}  // namespace

Result<Layout> Layout::Build(double center_lon, double center_lat, const std::string& crs,
                             Rng& rng) {
  auto to_xy = geo::Projector::Create("EPSG:4326", crs);
  if (!to_xy.ok()) return to_xy.error();
  auto to_lonlat = geo::Projector::Create(crs, "EPSG:4326");
  if (!to_lonlat.ok()) return to_lonlat.error();
  geo::XY centre;
  if (!to_xy->Transform(center_lon, center_lat, &centre)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "The city centre is outside the domain of " + crs + ".");
  }
  Layout layout;
  layout.crs_ = crs;
  layout.to_lonlat_ = std::make_unique<geo::Projector>(std::move(*to_lonlat));
  layout.origin_x_ = std::round(centre.x - kCityWidthM / 2);
  layout.origin_y_ = std::round(centre.y - kCityHeightM / 2);
  layout.grid_.origin_x = layout.origin_x_;
  layout.grid_.origin_y = layout.origin_y_;
  layout.grid_.cell_size = kCellSizeM;
  layout.grid_.columns = static_cast<std::int32_t>(kCityWidthM / kCellSizeM);
  layout.grid_.rows = static_cast<std::int32_t>(kCityHeightM / kCellSizeM);
  // WGS84 box over a densified boundary, padded by 1e-6 degrees.
  layout.bbox_ = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                  std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
  for (int k = 0; k <= 100; ++k) {
    const double f = k / 100.0;
    const double xs[] = {f * kCityWidthM, f * kCityWidthM, 0, kCityWidthM};
    const double ys[] = {0, kCityHeightM, f * kCityHeightM, f * kCityHeightM};
    for (int e = 0; e < 4; ++e) {
      const Location p = layout.Locate(layout.origin_x_ + xs[e], layout.origin_y_ + ys[e]);
      layout.bbox_[0] = std::min(layout.bbox_[0], p.lon - 1e-6);
      layout.bbox_[1] = std::min(layout.bbox_[1], p.lat - 1e-6);
      layout.bbox_[2] = std::max(layout.bbox_[2], p.lon + 1e-6);
      layout.bbox_[3] = std::max(layout.bbox_[3], p.lat + 1e-6);
    }
  }
  Rng roads_rng = rng.Fork(1);
  Rng land_rng = rng.Fork(2);
  Rng poi_rng = rng.Fork(3);
  Rng area_rng = rng.Fork(4);
  BuildRoads(layout, roads_rng);
  BuildLandUse(layout, land_rng);
  BuildPois(layout, poi_rng);
  BuildAreas(layout, area_rng);
  BuildCovariates(layout);
  return layout;
}

Location Layout::Locate(double x, double y) const {
  Location loc;
  loc.x = x;
  loc.y = y;
  geo::XY ll;
  if (to_lonlat_->Transform(x, y, &ll)) {
    loc.lon = ll.x;
    loc.lat = ll.y;
  }
  return loc;
}

const AreaFeature* Layout::DistrictAt(double x, double y) const {
  for (const AreaFeature& a : districts) {
    if (x >= a.min_x && x < a.max_x && y >= a.min_y && y < a.max_y) return &a;
  }
  return nullptr;
}

const AreaFeature* Layout::NeighborhoodAt(double x, double y) const {
  for (const AreaFeature& a : neighborhoods) {
    if (x >= a.min_x && x < a.max_x && y >= a.min_y && y < a.max_y) return &a;
  }
  return nullptr;
}

std::string Layout::BeatAt(double x, double y) const {
  const AreaFeature* n = NeighborhoodAt(x, y);
  if (n == nullptr) return "";
  const int east = x >= (n->min_x + n->max_x) / 2 ? 1 : 0;
  const int north = y >= (n->min_y + n->max_y) / 2 ? 1 : 0;
  return n->code + static_cast<char>('A' + north * 2 + east);
}

std::string Layout::AddressAt(double x, double y) const {
  const double u = x - origin_x_, v = y - origin_y_;
  auto nearest = [](const std::vector<double>& lines, double p) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < lines.size(); ++k) {
      if (std::abs(lines[k] - p) < std::abs(lines[best] - p)) best = k;
    }
    return best;
  };
  const std::size_t iu = nearest(street_u, u), iv = nearest(street_v, v);
  // Numbered every 10 m along the street, odd on one side, even on the other.
  if (std::abs(street_u[iu] - u) <= std::abs(street_v[iv] - v)) {
    const long n = 2 * std::lround(v / 20) + (u < street_u[iu] ? 1 : 2);
    return std::to_string(n) + " " + street_u_names[iu];
  }
  const long n = 2 * std::lround(u / 20) + (v < street_v[iv] ? 1 : 2);
  return std::to_string(n) + " " + street_v_names[iv];
}

void BuildLandUse(Layout& layout, Rng& rng) {
  auto jitter = [&](double spread) { return rng.Uniform(-spread, spread); };
  const std::vector<Bump> commercial = {{5000 + jitter(300), 4200 + jitter(300), 900, 1.0},
                                        {2200 + jitter(300), 6000 + jitter(300), 550, 0.7},
                                        {7800 + jitter(300), 2600 + jitter(300), 600, 0.7},
                                        {8600 + jitter(300), 6400 + jitter(300), 400, 0.5}};
  const std::vector<Bump> industrial = {{1500 + jitter(200), 900, 1200, 0.9},
                                        {9100, 600 + jitter(100), 700, 0.6}};
  const std::vector<Bump> green = {{6500 + jitter(400), 7900, 1100, 1.3},
                                   {3800 + jitter(300), 3000 + jitter(300), 400, 0.9},
                                   {400, 5200 + jitter(300), 600, 0.6}};
  const geo::Grid& grid = layout.grid();
  const auto cells = static_cast<std::size_t>(grid.cell_count());
  layout.cell_land.resize(cells);
  layout.cell_population.resize(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    const auto id = static_cast<std::int64_t>(c);
    const double u = grid.CenterX(id) - layout.origin_x(), v = grid.CenterY(id) - layout.origin_y();
    const double raw_r = std::max(0.05, 0.55 + 0.08 * rng.Normal());
    const double raw_c = 0.03 + 1.3 * BumpSum(commercial, u, v);
    const double raw_i = 0.01 + BumpSum(industrial, u, v);
    const double raw_g = 0.02 + BumpSum(green, u, v);
    const double total = raw_r + raw_c + raw_i + raw_g;
    layout.cell_land[c] = {raw_r / total, raw_c / total, raw_i / total, raw_g / total};
    // Residents per km2: dense apartment blocks where land is residential.
    const double density = 32000 * std::pow(raw_r / total, 1.5) * std::exp(0.25 * rng.Normal());
    layout.cell_population[c] = std::round(density * (kCellSizeM * kCellSizeM / 1e6));
  }
}

void BuildAreas(Layout& layout, Rng& rng) {
  const double ox = layout.origin_x(), oy = layout.origin_y();
  layout.district_u = {0, Round10(2500 + rng.Uniform(-300, 300)),
                       Round10(5000 + rng.Uniform(-300, 300)),
                       Round10(7500 + rng.Uniform(-300, 300)), kCityWidthM};
  layout.district_v = {0, Round10(4000 + rng.Uniform(-400, 400)), kCityHeightM};
  std::size_t root = 20;  // district names start further down the list than street names
  for (std::size_t row = 0; row < 2; ++row) {
    for (std::size_t col = 0; col < 4; ++col) {
      AreaFeature d;
      d.kind = "district";
      d.code = Code("D", layout.districts.size() + 1);
      const std::string_view name = kPlaceRoots[root++ % kPlaceRoots.size()];
      d.name = std::string(name) + "-gu";
      d.min_x = ox + layout.district_u[col];
      d.max_x = ox + layout.district_u[col + 1];
      d.min_y = oy + layout.district_v[row];
      d.max_y = oy + layout.district_v[row + 1];
      const double mu = Round10((d.min_x + d.max_x) / 2 + rng.Uniform(-200, 200));
      const double mv = Round10((d.min_y + d.max_y) / 2 + rng.Uniform(-200, 200));
      const double xs[] = {d.min_x, mu, d.max_x};
      const double ys[] = {d.min_y, mv, d.max_y};
      int dong = 0;
      for (int r = 0; r < 2; ++r) {
        for (int k = 0; k < 2; ++k) {
          AreaFeature n;
          n.kind = "neighborhood";
          n.code = Code("N", layout.neighborhoods.size() + 1);
          n.name = std::string(name) + " " + std::to_string(++dong) + "-dong";
          n.min_x = xs[k];
          n.max_x = xs[k + 1];
          n.min_y = ys[r];
          n.max_y = ys[r + 1];
          layout.neighborhoods.push_back(std::move(n));
        }
      }
      layout.districts.push_back(std::move(d));
    }
  }
  layout.boundary.kind = "boundary";
  layout.boundary.code = "CITY";
  layout.boundary.name = "Vigil Synthetic City";
  layout.boundary.min_x = ox;
  layout.boundary.min_y = oy;
  layout.boundary.max_x = ox + kCityWidthM;
  layout.boundary.max_y = oy + kCityHeightM;
  // Statistics: sums over the cells whose centre lies in the area.
  const geo::Grid& grid = layout.grid();
  auto accumulate = [&](AreaFeature& a) {
    double area_cells = 0;
    std::array<double, 4> land = {0, 0, 0, 0};
    for (std::int64_t c = 0; c < grid.cell_count(); ++c) {
      const double x = grid.CenterX(c), y = grid.CenterY(c);
      if (x < a.min_x || x >= a.max_x || y < a.min_y || y >= a.max_y) continue;
      const auto i = static_cast<std::size_t>(c);
      a.population += layout.cell_population[i];
      for (int k = 0; k < 4; ++k)
        land[static_cast<std::size_t>(k)] += layout.cell_land[i][static_cast<std::size_t>(k)];
      area_cells += 1;
    }
    for (int k = 0; k < 4; ++k) {
      const auto i = static_cast<std::size_t>(k);
      a.land[i] = area_cells > 0 ? std::round(land[i] / area_cells * 1e4) / 1e4 : 0.25;
    }
    a.land[3] = std::round((1.0 - a.land[0] - a.land[1] - a.land[2]) * 1e4) / 1e4;  // sum exactly 1
    a.households = std::round(a.population / 2.3);
  };
  for (AreaFeature& d : layout.districts) accumulate(d);
  for (AreaFeature& n : layout.neighborhoods) accumulate(n);
  accumulate(layout.boundary);
}

void BuildCovariates(Layout& layout) {
  const geo::Grid& grid = layout.grid();
  const auto cells = static_cast<std::size_t>(grid.cell_count());
  auto points_of = [&](const char* kind) {
    std::vector<geo::XY> points;
    for (const PointOfInterest& p : layout.pois) {
      if (p.kind == kind) points.push_back({p.location.x, p.location.y});
    }
    return points;
  };
  const std::vector<geo::XY> bars = points_of("bar"), transit = points_of("transit"),
                             schools = points_of("school"), clubs = points_of("nightclub");
  auto nearest = [](const std::vector<geo::XY>& points, double x, double y) {
    double best = std::numeric_limits<double>::max();
    for (const geo::XY& p : points)
      best = std::min(best, (p.x - x) * (p.x - x) + (p.y - y) * (p.y - y));
    return std::sqrt(best);
  };
  layout.cell_covariates.resize(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    const auto id = static_cast<std::int64_t>(c);
    const double x = grid.CenterX(id), y = grid.CenterY(id);
    const double density = layout.cell_population[c] / (kCellSizeM * kCellSizeM / 1e6);
    const auto& land = layout.cell_land[c];
    layout.cell_covariates[c] = {std::log(1 + density / 1000),
                                 land[1],
                                 land[2],
                                 land[3],
                                 std::exp(-nearest(bars, x, y) / 250),
                                 std::exp(-nearest(transit, x, y) / 300),
                                 std::exp(-nearest(schools, x, y) / 300),
                                 std::exp(-nearest(clubs, x, y) / 250)};
  }
}

}  // namespace vigil::sim
