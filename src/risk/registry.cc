#include "risk/registry.h"

#include <array>

#include "risk/ensemble.h"
#include "risk/etas_model.h"
#include "risk/kde_model.h"
#include "risk/naive_model.h"
#include "risk/prospective_model.h"
#include "risk/xgboost_model.h"

namespace vigil::risk {
namespace {

std::unique_ptr<RiskModel> MakeNaive28(const RiskModelOptions&) {
  return std::make_unique<NaiveModel>(28);
}
std::unique_ptr<RiskModel> MakeNaive365(const RiskModelOptions&) {
  return std::make_unique<NaiveModel>(365);
}
std::unique_ptr<RiskModel> MakeKde(const RiskModelOptions& o) {
  return std::make_unique<KdeModel>(o.kde);
}
std::unique_ptr<RiskModel> MakeProspective(const RiskModelOptions& o) {
  return std::make_unique<ProspectiveModel>(o.prospective);
}
std::unique_ptr<RiskModel> MakeEtas(const RiskModelOptions& o) {
  return std::make_unique<EtasModel>(o.etas);
}
std::unique_ptr<RiskModel> MakeXgboost(const RiskModelOptions& o) {
  return std::make_unique<XgboostModel>(o.xgboost);
}
std::unique_ptr<RiskModel> MakeEnsemble(const RiskModelOptions& o) {
  return std::make_unique<EnsembleModel>(
      o.ensemble, [o](const std::string& member) -> Result<std::unique_ptr<RiskModel>> {
        return MakeRiskModel(member, o);
      });
}

// One row per model: the names accepted on the command line and in reports.
constexpr auto kEntries = std::to_array<RiskModelEntry>({
    {"naive-28d", "events in the cell over the last 28 days, scaled to the slot", true,
     MakeNaive28},
    {"naive-365d", "events in the cell over the last 365 days, scaled to the slot", true,
     MakeNaive365},
    {"kde", "Gaussian kernel density with exponential time decay, fitted on a held-out tail", true,
     MakeKde},
    {"prospective", "prospective hotspot (Bowers, Johnson & Pease 2004)", true, MakeProspective},
    {"etas", "grid self-exciting point process fitted by EM (Mohler et al. 2015)", true, MakeEtas},
    {"xgboost", "gradient-boosted trees (Poisson) over lagged counts, near repeats, calls and time",
     false, MakeXgboost},
    {"ensemble", "weighted average of naive-28d, kde, etas and xgboost fitted on a held-out tail",
     false, MakeEnsemble},
});

}  // namespace

Status RiskModelOptions::Validate() const {
  VIGIL_RETURN_IF_ERROR(kde.Validate());
  VIGIL_RETURN_IF_ERROR(prospective.Validate());
  VIGIL_RETURN_IF_ERROR(etas.Validate());
  VIGIL_RETURN_IF_ERROR(xgboost.Validate());
  return ensemble.Validate();
}

std::span<const RiskModelEntry> RiskModelEntries() { return kEntries; }

std::vector<std::string> RiskModelNames() {
  std::vector<std::string> names;
  names.reserve(kEntries.size());
  for (const RiskModelEntry& e : kEntries) names.emplace_back(e.name);
  return names;
}

bool IsBaselineModel(std::string_view name) {
  for (const RiskModelEntry& e : kEntries) {
    if (e.name == name) return e.baseline;
  }
  return false;
}

Result<std::unique_ptr<RiskModel>> MakeRiskModel(const std::string& name,
                                                 const RiskModelOptions& options) {
  for (const RiskModelEntry& e : kEntries) {
    if (e.name != name) continue;
    VIGIL_RETURN_IF_ERROR(options.Validate());
    return e.make(options);
  }
  std::string known;
  for (const RiskModelEntry& e : kEntries)
    known += (known.empty() ? "" : ", ") + std::string(e.name);
  return MakeError(ErrorCode::kNotFound,
                   "unknown risk model '" + name + "' (known: " + known + ")");
}

}  // namespace vigil::risk
