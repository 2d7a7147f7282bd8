// Names for area types, derived from the z-scores of each type's centre on four roles:
// density (how built-up), ageing (how old the population is), commerce (shops per resident)
// and household size. The rules are a fixed table (NamingRules(), documented in
// docs/typology.md); every rule scores every centre, and names are handed out greedily, the
// best (centre, rule) pair first, so that names are unique and each type gets the best name
// still free. Types beyond the number of rules are named "other type N".
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace vigil::stats {

// z-scores of a type centre on each role; 0 when the role's feature is not in the typology.
struct RoleScores {
  double density = 0;
  double ageing = 0;
  double commerce = 0;
  double household = 0;
};

// Smallest signed z-score a directional rule needs on each of its roles.
inline constexpr double kNamingMinZ = 0.25;
// Smallest mean signed z-score of a directional rule's two roles.
inline constexpr double kNamingMinMean = 0.5;

struct NamingRule {
  std::string name;                                // e.g. "dense commercial core"
  std::string meaning;                             // the rule in words, for docs and reports
  std::function<double(const RoleScores&)> score;  // higher = better fit, in z units;
                                                   // -infinity = does not apply
};

// The rules in priority order (ties go to the earlier rule).
const std::vector<NamingRule>& NamingRules();

// One unique name per centre, in the order of `centres`.
std::vector<std::string> NameTypes(const std::vector<RoleScores>& centres);

}  // namespace vigil::stats
