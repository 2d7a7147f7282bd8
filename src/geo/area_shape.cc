#include "geo/area_shape.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

namespace vigil::geo {
namespace {

class WkbReader {
 public:
  explicit WkbReader(std::span<const std::uint8_t> data) : data_(data) {}
  std::size_t offset() const { return pos_; }
  bool Byte(std::uint8_t* out) {
    if (pos_ + 1 > data_.size()) return false;
    *out = data_[pos_++];
    return true;
  }
  bool U32(bool little, std::uint32_t* out) {
    if (pos_ + 4 > data_.size()) return false;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const std::uint32_t b = data_[pos_ + static_cast<std::size_t>(little ? i : 3 - i)];
      v |= b << (8 * i);
    }
    pos_ += 4;
    *out = v;
    return true;
  }
  bool F64(bool little, double* out) {
    if (pos_ + 8 > data_.size()) return false;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
      const std::uint64_t b = data_[pos_ + static_cast<std::size_t>(little ? i : 7 - i)];
      v |= b << (8 * i);
    }
    pos_ += 8;
    *out = std::bit_cast<double>(v);
    return true;
  }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
};

Error Malformed(const WkbReader& r, const std::string& what) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "area WKB: " + what + " at byte " + std::to_string(r.offset()));
}

// Reads a geometry header; returns the base type (1-7) and the ordinates per vertex.
Status Header(WkbReader& r, bool* little, std::uint32_t* base, int* dims) {
  std::uint8_t order = 0;
  if (!r.Byte(&order) || order > 1) return Malformed(r, "bad byte order");
  *little = order == 1;
  std::uint32_t type = 0;
  if (!r.U32(*little, &type)) return Malformed(r, "truncated type");
  // EWKB flags (PostGIS) and ISO thousands both encode Z / M.
  const bool ewkb_z = (type & 0x80000000U) != 0;
  const bool ewkb_m = (type & 0x40000000U) != 0;
  if ((type & 0x20000000U) != 0) return Malformed(r, "SRID-tagged EWKB is not supported");
  type &= 0x0FFFFFFFU;
  const std::uint32_t thousands = type / 1000;
  *base = type % 1000;
  *dims = 2 +
          (thousands == 1 || thousands == 2 ? 1
           : thousands == 3                 ? 2
                                            : 0) +
          (ewkb_z ? 1 : 0) + (ewkb_m ? 1 : 0);
  return Status::Ok();
}

Status ReadPolygon(WkbReader& r, bool little, int dims, AreaShape* shape) {
  std::uint32_t rings = 0;
  if (!r.U32(little, &rings)) return Malformed(r, "truncated ring count");
  std::vector<std::vector<XY>> polygon;
  for (std::uint32_t k = 0; k < rings; ++k) {
    std::uint32_t count = 0;
    if (!r.U32(little, &count)) return Malformed(r, "truncated point count");
    std::vector<XY> ring;
    ring.reserve(std::min<std::uint32_t>(count, 1U << 16));
    for (std::uint32_t i = 0; i < count; ++i) {
      double ord[4] = {0, 0, 0, 0};
      for (int d = 0; d < dims; ++d) {
        if (!r.F64(little, &ord[d])) return Malformed(r, "truncated coordinates");
      }
      if (!std::isfinite(ord[0]) || !std::isfinite(ord[1]))
        return Malformed(r, "non-finite coordinate");
      ring.push_back({ord[0], ord[1]});
    }
    polygon.push_back(std::move(ring));
  }
  shape->polygons.push_back(std::move(polygon));
  return Status::Ok();
}

}  // namespace

Result<AreaShape> ParseAreaWkb(std::span<const std::uint8_t> wkb) {
  WkbReader r(wkb);
  AreaShape shape;
  bool little = true;
  std::uint32_t base = 0;
  int dims = 2;
  VIGIL_RETURN_IF_ERROR(Header(r, &little, &base, &dims));
  if (base == 3) {
    VIGIL_RETURN_IF_ERROR(ReadPolygon(r, little, dims, &shape));
  } else if (base == 6) {
    std::uint32_t parts = 0;
    if (!r.U32(little, &parts)) return Malformed(r, "truncated polygon count");
    for (std::uint32_t p = 0; p < parts; ++p) {
      bool part_little = true;
      std::uint32_t part_base = 0;
      int part_dims = 2;
      VIGIL_RETURN_IF_ERROR(Header(r, &part_little, &part_base, &part_dims));
      if (part_base != 3) return Malformed(r, "a MultiPolygon part is not a Polygon");
      VIGIL_RETURN_IF_ERROR(ReadPolygon(r, part_little, part_dims, &shape));
    }
  } else {
    return Malformed(r, "geometry type " + std::to_string(base) + " is not a (Multi)Polygon");
  }
  constexpr double kInf = std::numeric_limits<double>::infinity();
  shape.min_lon = shape.min_lat = kInf;
  shape.max_lon = shape.max_lat = -kInf;
  for (const auto& polygon : shape.polygons) {
    if (polygon.empty()) continue;
    for (const XY& p : polygon[0]) {
      shape.min_lon = std::min(shape.min_lon, p.x);
      shape.max_lon = std::max(shape.max_lon, p.x);
      shape.min_lat = std::min(shape.min_lat, p.y);
      shape.max_lat = std::max(shape.max_lat, p.y);
    }
  }
  return shape;
}

bool AreaContains(const AreaShape& shape, double lon, double lat) {
  if (!(lon >= shape.min_lon && lon <= shape.max_lon && lat >= shape.min_lat &&
        lat <= shape.max_lat))
    return false;
  bool inside = false;
  for (const auto& polygon : shape.polygons) {
    for (const auto& ring : polygon) {
      const std::size_t n = ring.size();
      for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const XY& a = ring[i];
        const XY& b = ring[j];
        if ((a.y > lat) != (b.y > lat) && lon < (b.x - a.x) * (lat - a.y) / (b.y - a.y) + a.x)
          inside = !inside;
      }
    }
  }
  return inside;
}

Result<ToLonLat> LonLatFromCrs(const std::string& crs) {
  auto projector = Projector::Create(crs, "EPSG:4326");
  if (!projector.ok()) return projector.error();
  auto shared = std::make_shared<Projector>(std::move(projector).value());
  return ToLonLat([shared](double x, double y, double* lon, double* lat) {
    XY out;
    if (!shared->Transform(x, y, &out)) return false;
    *lon = out.x;
    *lat = out.y;
    return true;
  });
}

std::vector<double> CellCentresLonLat(const Grid& grid, const ToLonLat& to_lon_lat) {
  const std::int64_t cells = grid.cell_count();
  std::vector<double> out(static_cast<std::size_t>(cells) * 2,
                          std::numeric_limits<double>::quiet_NaN());
  for (std::int64_t c = 0; c < cells; ++c) {
    double lon = 0;
    double lat = 0;
    if (to_lon_lat(grid.CenterX(c), grid.CenterY(c), &lon, &lat)) {
      out[static_cast<std::size_t>(c) * 2] = lon;
      out[static_cast<std::size_t>(c) * 2 + 1] = lat;
    }
  }
  return out;
}

std::vector<std::int64_t> CellsInArea(const AreaShape& shape, std::span<const double> centres) {
  std::vector<std::int64_t> cells;
  for (std::size_t c = 0; c + 1 < centres.size(); c += 2) {
    if (AreaContains(shape, centres[c], centres[c + 1]))
      cells.push_back(static_cast<std::int64_t>(c / 2));
  }
  return cells;
}

std::vector<std::uint8_t> MaskCellsTouching(const Grid& grid, std::span<const AreaShape> shapes,
                                            const ToLonLat& to_lon_lat) {
  const auto inside_any = [&](double x, double y) {
    double lon = 0;
    double lat = 0;
    if (!to_lon_lat(x, y, &lon, &lat)) return false;
    for (const AreaShape& shape : shapes) {
      if (AreaContains(shape, lon, lat)) return true;
    }
    return false;
  };
  // Corners are shared by up to four cells: test the (rows + 1) x (columns + 1) lattice once.
  const auto columns = static_cast<std::size_t>(std::max(grid.columns, 0));
  const auto rows = static_cast<std::size_t>(std::max(grid.rows, 0));
  std::vector<std::uint8_t> corner((rows + 1) * (columns + 1));
  for (std::size_t r = 0; r <= rows; ++r) {
    for (std::size_t c = 0; c <= columns; ++c) {
      corner[r * (columns + 1) + c] =
          inside_any(grid.origin_x + static_cast<double>(c) * grid.cell_size,
                     grid.origin_y + static_cast<double>(r) * grid.cell_size)
              ? 1
              : 0;
    }
  }
  std::vector<std::uint8_t> mask(rows * columns);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      const std::size_t at = r * (columns + 1) + c;
      const bool any_corner =
          (corner[at] | corner[at + 1] | corner[at + columns + 1] | corner[at + columns + 2]) != 0;
      const auto cell = static_cast<std::int64_t>(r * columns + c);
      mask[r * columns + c] =
          any_corner || inside_any(grid.CenterX(cell), grid.CenterY(cell)) ? 1 : 0;
    }
  }
  return mask;
}

}  // namespace vigil::geo
