#include "city_cells.h"

#include "geo/area_shape.h"
#include "store/sqlite_reference_store.h"
#include "store/sqlite_store.h"

namespace vigil::app {

Result<std::vector<std::uint8_t>> CityCellsFor(const std::string& store_path,
                                               const geo::Grid& grid) {
  auto references = OpenSqliteReferenceStore(store_path);
  if (!references.ok()) return references.error();
  std::vector<geo::AreaShape> shapes;
  Status parse = Status::Ok();
  VIGIL_RETURN_IF_ERROR((*references)->ForEachArea("boundary", [&](const Area& area) {
    if (!parse.ok()) return;
    auto shape = geo::ParseAreaWkb(area.geometry_wkb);
    if (!shape.ok()) {
      parse = MakeError(ErrorCode::kInvalidArgument,
                        "boundary area '" + area.code + "': " + shape.error().message);
      return;
    }
    shapes.push_back(std::move(*shape));
  }));
  if (!parse.ok()) return parse.error();
  if (shapes.empty()) return std::vector<std::uint8_t>{};
  auto store = OpenSqliteStore(store_path);
  if (!store.ok()) return store.error();
  auto crs = (*store)->GetSetting("city.crs");
  if (!crs.ok()) return crs.error();
  if (!*crs) return std::vector<std::uint8_t>{};
  auto to_lon_lat = geo::LonLatFromCrs(**crs);
  if (!to_lon_lat.ok()) return to_lon_lat.error();
  return geo::MaskCellsTouching(grid, shapes, *to_lon_lat);
}

}  // namespace vigil::app
