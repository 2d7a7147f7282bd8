#include "risk_model_options.h"

#include "risk/environment.h"
#include "store/sqlite_reference_store.h"

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
  return options;
}

}  // namespace vigil::app
