// Coordinate transformation between reference systems, through PROJ. Axis order is always
// x/easting/longitude first, whatever the CRS definition says.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "core/result.h"

namespace vigil::geo {

class PointMemo;

struct XY {
  double x = 0;
  double y = 0;
};

// "EPSG:326NN" (north) or "EPSG:327NN" (south): the UTM zone containing a WGS84 point.
std::string UtmCrsFor(double lon, double lat);

// Transforms points from one CRS to another. Any CRS PROJ knows: "EPSG:4326", "ESRI:102696",
// a PROJ string or WKT. Not thread-safe: use one per thread.
class Projector {
 public:
  static Result<Projector> Create(const std::string& from_crs, const std::string& to_crs);
  Projector(Projector&&) noexcept;
  Projector& operator=(Projector&&) noexcept;
  ~Projector();

  // False when the point is outside the CRS's domain or the input is not finite.
  bool Transform(double x, double y, XY* out) const;

  // True when the transformation is the identity (same CRS).
  bool identity() const;

 private:
  struct Impl;
  explicit Projector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Projectors by (from, to) CRS, each created once: creating one reads PROJ's database (about
// ten milliseconds), transforming a point takes about a microsecond, so a load of many files
// shares one cache. Not thread-safe, and the projectors it hands out are for the same thread.
class ProjectorCache {
 public:
  ProjectorCache();
  ProjectorCache(ProjectorCache&&) noexcept;
  ProjectorCache& operator=(ProjectorCache&&) noexcept;
  ~ProjectorCache();

  Result<std::shared_ptr<const Projector>> Get(const std::string& from_crs,
                                               const std::string& to_crs);

  // The memo of points put through `first` then `second` (both from Get), created empty on
  // the first call and kept as long as the cache.
  PointMemo& MemoFor(const Projector* first, const Projector* second);

 private:
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const Projector>> projectors_;
  std::map<std::pair<const Projector*, const Projector*>, std::unique_ptr<PointMemo>> memos_;
};

}  // namespace vigil::geo
