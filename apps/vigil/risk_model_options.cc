#include "risk_model_options.h"

#include "geo/area_shape.h"
#include "risk/area_features.h"
#include "risk/environment.h"
#include "store/sqlite_reference_store.h"
#include "store/sqlite_store.h"

namespace vigil::app {

Result<risk::RiskModelOptions> RiskModelOptionsFor(const std::string& store_path,
                                                   const geo::Grid& grid) {
  risk::RiskModelOptions options;
  auto references = OpenSqliteReferenceStore(store_path);
  if (!references.ok()) return references.error();
  auto pois = (*references)->ListPointsOfInterest();
  if (!pois.ok()) return pois.error();
  auto env = risk::BuildEnvironmentColumns(grid, *pois, risk::EnvironmentOptions{});
  if (!env.ok()) return env.error();
  risk::UseEnvironment(std::move(*env), &options.xgboost.features);

  std::vector<Area> areas;
  VIGIL_RETURN_IF_ERROR((*references)->ForEachArea("", [&](const Area& a) { areas.push_back(a); }));
  if (areas.empty()) return options;
  auto store = OpenSqliteStore(store_path);
  if (!store.ok()) return store.error();
  auto crs = (*store)->GetSetting("city.crs");
  if (!crs.ok()) return crs.error();
  if (!*crs) return options;  // no located records yet: no grid to place the areas on
  auto to_lon_lat = geo::LonLatFromCrs(**crs);
  if (!to_lon_lat.ok()) return to_lon_lat.error();
  auto area_env = risk::BuildAreaColumns(grid, *to_lon_lat, areas, risk::AreaFeatureOptions{});
  if (!area_env.ok()) return area_env.error();
  risk::AddEnvironment(std::move(*area_env), &options.xgboost.features);
  return options;
}

}  // namespace vigil::app
