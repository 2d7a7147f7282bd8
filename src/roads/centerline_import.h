// Imports a street-centreline file (GeoJSON, shapefile, GeoPackage... through
// ingest::ReadVectorLayer) into a car road graph, as police and dispatch centres hold them:
// lines are noded where they share a vertex (identical projected coordinates after rounding to
// 1 cm), classes map to speeds through a CenterlineProfile, roads are two-way unless the
// profile's one-way field marks them, and house-number ranges are kept when the file has them
// (RoadGraph::address_ranges, GeocodeAddress).
#pragma once

#include <string>

#include "roads/road_graph.h"
#include "roads/speed_profile.h"

namespace vigil::roads {

struct CenterlineImportOptions {
  CenterlineProfile profile = TigerProfile();  // class codes -> speeds (default: TIGER MTFCC)
  std::string source_crs;   // CRS of the file when it declares none or declares it wrongly
                            // ("" = what the file declares, WGS84 when none)
  std::string crs;          // CRS of the projected x/y ("" = UTM zone of the data's centre)
  GraphBuildOptions build;  // largest strongly connected component only (default on)

  Status Validate() const;
};

struct CenterlineImportStats {
  std::size_t features = 0;           // features read
  std::size_t skipped_class = 0;      // features whose class the profile does not route
  std::size_t skipped_geometry = 0;   // features without a usable line geometry
  std::size_t address_ranges = 0;     // routable features with at least one side's range
  std::size_t bad_house_numbers = 0;  // non-empty range values that are not plain numbers
                                      // (that side is left out)
};

// Fails as ReadVectorLayer does, with kNotFound when the class field is absent and
// kFailedPrecondition when no feature is routable.
Result<RoadGraph> ImportCenterlines(const std::string& path, const CenterlineImportOptions& options,
                                    CenterlineImportStats* stats = nullptr);

}  // namespace vigil::roads
