#include "risk/exposure.h"

#include <cmath>
#include <optional>

#include "core/csv_reader.h"
#include "core/text.h"
#include "geo/projection.h"

namespace vigil::risk {
namespace {

// Column positions of the header; nullopt when absent.
struct Columns {
  std::optional<std::size_t> cell, lon, lat, x, y, exposure;
};

Columns FindColumns(const CsvRecord& header) {
  Columns c;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = ToLower(Trim(header.fields[i]));
    if (name == "cell") c.cell = i;
    if (name == "lon" || name == "longitude") c.lon = i;
    if (name == "lat" || name == "latitude") c.lat = i;
    if (name == "x") c.x = i;
    if (name == "y") c.y = i;
    if (name == "exposure") c.exposure = i;
  }
  return c;
}

}  // namespace

Result<PatrolExposure> ReadPatrolExposure(const std::string& path, const geo::Grid& grid,
                                          const std::string& city_crs) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.error();
  auto fail = [&path](std::int64_t line, const std::string& what) {
    return MakeError(ErrorCode::kInvalidArgument, path + ":" + std::to_string(line) + ": " + what);
  };
  CsvRecord record;
  if (!reader->Next(&record)) return fail(1, "the file is empty (a header is required)");
  const Columns col = FindColumns(record);
  enum class Place { kCell, kLonLat, kXY };
  Place place = Place::kCell;
  if (col.cell) {
    place = Place::kCell;
  } else if (col.lon && col.lat) {
    place = Place::kLonLat;
  } else if (col.x && col.y) {
    place = Place::kXY;
  } else {
    return fail(record.line, "the header needs 'cell', 'lon' and 'lat', or 'x' and 'y'");
  }
  if (!col.exposure) return fail(record.line, "the header has no 'exposure' column");
  std::optional<geo::Projector> to_city;
  if (place == Place::kLonLat) {
    auto projector = geo::Projector::Create("EPSG:4326", city_crs);
    if (!projector.ok()) return projector.error();
    to_city = std::move(*projector);
  }

  const auto cells = static_cast<std::size_t>(std::max<std::int64_t>(grid.cell_count(), 0));
  std::vector<double> sum(cells, 0.0);
  std::vector<std::int32_t> count(cells, 0);
  PatrolExposure out;
  auto number = [&](std::size_t column, const char* name, double* value) -> Status {
    if (column >= record.fields.size() || !ParseDouble(record.fields[column], value) ||
        !std::isfinite(*value)) {
      return fail(record.line, std::string("field '") + name + "' is not a number");
    }
    return Status::Ok();
  };
  while (reader->Next(&record)) {
    ++out.rows;
    double exposure = 0;
    VIGIL_RETURN_IF_ERROR(number(*col.exposure, "exposure", &exposure));
    if (!(exposure > 0)) return fail(record.line, "field 'exposure' must be > 0");
    std::int64_t cell = -1;
    if (place == Place::kCell) {
      long long id = 0;
      if (*col.cell >= record.fields.size() || !ParseInt64(record.fields[*col.cell], &id))
        return fail(record.line, "field 'cell' is not a whole number");
      cell = id >= 0 && id < grid.cell_count() ? static_cast<std::int64_t>(id) : -1;
    } else {
      double a = 0;
      double b = 0;
      const bool lon_lat = place == Place::kLonLat;
      VIGIL_RETURN_IF_ERROR(number(lon_lat ? *col.lon : *col.x, lon_lat ? "lon" : "x", &a));
      VIGIL_RETURN_IF_ERROR(number(lon_lat ? *col.lat : *col.y, lon_lat ? "lat" : "y", &b));
      geo::XY xy{a, b};
      if (lon_lat && !to_city->Transform(a, b, &xy))
        return fail(record.line, "the point cannot be projected to the city CRS");
      cell = grid.CellOf(xy.x, xy.y);
    }
    if (cell < 0) {
      ++out.outside;
      continue;
    }
    sum[static_cast<std::size_t>(cell)] += exposure;
    ++count[static_cast<std::size_t>(cell)];
  }
  out.per_cell.assign(cells, 1.0);
  for (std::size_t c = 0; c < cells; ++c) {
    if (count[c] == 0) continue;
    out.per_cell[c] = sum[c] / count[c];
    ++out.cells;
  }
  return out;
}

}  // namespace vigil::risk
