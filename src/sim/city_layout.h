// The fixed geography of the synthetic city: a 10 km x 8 km rectangle in a projected CRS, a
// perturbed street grid with arterials and a motorway, districts and neighbourhoods with
// public statistics, points of interest, and per-100 m-cell land use and covariates.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "geo/grid.h"
#include "geo/projection.h"
#include "model/entities.h"
#include "sim/random.h"

namespace vigil::sim {

inline constexpr double kCityWidthM = 10000;  // east-west extent, metres
inline constexpr double kCityHeightM = 8000;  // north-south extent, metres
inline constexpr double kCellSizeM = 100;     // background-intensity cell edge, metres

// Covariates of the background intensity, per cell (see docs/file-formats.md).
inline constexpr int kCovariateCount = 8;
inline constexpr std::array<const char*, kCovariateCount> kCovariateNames = {
    "log_pop_density",      // ln(1 + residents per km2 / 1000)
    "commercial_share",     // share of the cell's land in commercial use, 0-1
    "industrial_share",     // 0-1
    "green_share",          // 0-1
    "bar_proximity",        // exp(-distance to nearest bar / 250 m)
    "transit_proximity",    // exp(-distance to nearest transit stop / 300 m)
    "school_proximity",     // exp(-distance to nearest school / 300 m)
    "nightclub_proximity",  // exp(-distance to nearest nightclub / 250 m)
};

struct RoadFeature {
  std::string id;
  std::string road_class;  // motorway | primary | secondary | residential
  std::string name;
  bool oneway = false;  // true: traffic only in the order of `points`
  int maxspeed_kmh = 30;
  std::vector<geo::XY> points;  // projected metres; intersections share identical vertices
};

// A district, neighbourhood or the boundary: an axis-aligned rectangle in projected metres.
struct AreaFeature {
  std::string code;
  std::string name;
  std::string kind;  // "district" | "neighborhood" | "boundary"
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  double population = 0;
  double households = 0;
  std::array<double, 4> land = {0, 0, 0, 0};  // residential, commercial, industrial, green
};

class Layout {
 public:
  // Builds the city centred on (lon, lat), WGS84 degrees, in projected `crs`.
  static Result<Layout> Build(double center_lon, double center_lat, const std::string& crs,
                              Rng& rng);

  Layout() = default;  // empty; only Build makes a usable layout
  Layout(Layout&&) noexcept = default;
  Layout& operator=(Layout&&) noexcept = default;

  // Lon/lat of projected metres, both kept in the Location.
  Location Locate(double x, double y) const;

  // Area codes at a point inside the city; "" outside.
  const AreaFeature* DistrictAt(double x, double y) const;
  const AreaFeature* NeighborhoodAt(double x, double y) const;
  // Beat code: the neighbourhood code plus its quadrant letter A-D ("N07C").
  std::string BeatAt(double x, double y) const;
  // Street address of the nearest street: "<number> <street name>", no commas.
  std::string AddressAt(double x, double y) const;

  const std::string& crs() const { return crs_; }
  double origin_x() const { return origin_x_; }  // south-west corner, projected metres
  double origin_y() const { return origin_y_; }
  const geo::Grid& grid() const { return grid_; }
  // WGS84 box of the city [min_lon, min_lat, max_lon, max_lat] (densified boundary).
  const std::array<double, 4>& bbox_lonlat() const { return bbox_; }

  std::vector<RoadFeature> roads;
  std::vector<AreaFeature> districts;      // D01..D08
  std::vector<AreaFeature> neighborhoods;  // N01..N32
  AreaFeature boundary;
  std::vector<PointOfInterest> pois;
  // Nominal positions (metres from the west / south edge) and names of N-S and E-W streets.
  std::vector<double> street_u, street_v;
  std::vector<std::string> street_u_names, street_v_names;
  // Intersections of arterials (primary/secondary crossings), projected metres.
  std::vector<geo::XY> arterial_nodes;

  // Per grid cell (grid().cell_count() entries): land-use shares, residents, covariates.
  std::vector<std::array<double, 4>> cell_land;
  std::vector<double> cell_population;  // residents in the cell
  std::vector<std::array<double, kCovariateCount>> cell_covariates;
  // District split lines: 5 values west to east and 3 south to north, metres from the edges.
  std::vector<double> district_u, district_v;

 private:
  std::string crs_;
  double origin_x_ = 0;
  double origin_y_ = 0;
  geo::Grid grid_;
  std::array<double, 4> bbox_ = {0, 0, 0, 0};
  std::unique_ptr<geo::Projector> to_lonlat_;
};

// Stages of Layout::Build, in order (city_roads.cc, city_layout.cc).
void BuildRoads(Layout& layout, Rng& rng);
void BuildLandUse(Layout& layout, Rng& rng);
void BuildPois(Layout& layout, Rng& rng);
void BuildAreas(Layout& layout, Rng& rng);
void BuildCovariates(Layout& layout);

}  // namespace vigil::sim
