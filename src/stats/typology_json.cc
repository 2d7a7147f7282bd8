// TypologyToJson: the typology's types, centres and metrics as one JSON document.
#include <nlohmann/json.hpp>

#include "stats/type_naming.h"
#include "stats/typology.h"

namespace vigil::stats {

std::string TypologyToJson(const Typology& typology) {
  using nlohmann::json;
  json features = json::array();
  for (std::size_t c = 0; c < typology.model.features.size(); ++c) {
    features.push_back({{"name", typology.model.features[c]},
                        {"log1p", static_cast<bool>(typology.model.log1p[c])},
                        {"mean", typology.model.mean[c]},
                        {"sd", typology.model.sd[c]}});
  }
  json types = json::array();
  for (const AreaType& type : typology.types) {
    types.push_back({{"id", type.id},
                     {"name", type.name},
                     {"size", type.size},
                     {"silhouette", type.silhouette},
                     {"wcss", type.wcss},
                     {"centre", type.centre},
                     {"centre_z", type.centre_z}});
  }
  json rules = json::array();
  for (const NamingRule& rule : NamingRules())
    rules.push_back({{"name", rule.name}, {"rule", rule.meaning}});
  const json doc = {
      {"k", typology.types.size()},
      {"areas", typology.codes.size()},
      {"features", features},
      {"types", types},
      {"metrics",
       {{"wcss", typology.wcss},
        {"total_ss", typology.total_ss},
        {"explained_share", typology.total_ss > 0 ? 1 - typology.wcss / typology.total_ss : 0.0},
        {"silhouette", typology.silhouette},
        {"stability_mean_ari", typology.stability},
        {"stability_runs", typology.stability_ari},
        {"seed_agreement_mean_ari", typology.seed_agreement},
        {"seed_runs", typology.seed_ari},
        {"iterations", typology.iterations},
        {"converged", typology.converged}}},
      {"naming_rules", rules},
  };
  return doc.dump(2);
}

}  // namespace vigil::stats
