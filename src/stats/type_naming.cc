#include "stats/type_naming.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vigil::stats {

namespace {

constexpr double kNotApplicable = -std::numeric_limits<double>::infinity();

enum class Role { kDensity, kAgeing, kCommerce, kHousehold };

double Z(const RoleScores& s, Role role) {
  switch (role) {
    case Role::kDensity: return s.density;
    case Role::kAgeing: return s.ageing;
    case Role::kCommerce: return s.commerce;
    case Role::kHousehold: return s.household;
  }
  return 0;
}

// One signed condition of a directional rule: sign * z(role) >= min_z.
struct Term {
  Role role;
  double sign;   // +1 = high, -1 = low
  double min_z;  // kNamingMinZ for "high"/"low"; 0 for "not high"/"not low"
};

// Mean of sign * z over the terms, when every term holds and the mean reaches kNamingMinMean.
std::function<double(const RoleScores&)> Directional(Term a, Term b) {
  return [=](const RoleScores& s) {
    const double za = a.sign * Z(s, a.role);
    const double zb = b.sign * Z(s, b.role);
    const double mean = (za + zb) / 2;
    if (za >= a.min_z && zb >= b.min_z && mean >= kNamingMinMean) return mean;
    return kNotApplicable;
  };
}

constexpr Term High(Role role) { return Term{role, 1, kNamingMinZ}; }
constexpr Term Low(Role role) { return Term{role, -1, kNamingMinZ}; }
constexpr Term NotHigh(Role role) { return Term{role, -1, 0}; }

}  // namespace

const std::vector<NamingRule>& NamingRules() {
  using enum Role;
  static const std::vector<NamingRule> kRules = {
      {"dense commercial core", "high density, high shops per resident",
       Directional(High(kDensity), High(kCommerce))},
      {"dense residential city", "high density, shops per resident not above the mean",
       Directional(High(kDensity), NotHigh(kCommerce))},
      {"small-household urban", "high density, small households",
       Directional(High(kDensity), Low(kHousehold))},
      {"ageing old town", "high density, old population",
       Directional(High(kDensity), High(kAgeing))},
      {"rural ageing", "low density, old population", Directional(Low(kDensity), High(kAgeing))},
      {"rural service hub", "low density, high shops per resident (tourism, market towns)",
       Directional(Low(kDensity), High(kCommerce))},
      {"residential suburb", "large households, low shops per resident",
       Directional(High(kHousehold), Low(kCommerce))},
      {"young family town", "large households, young population",
       Directional(High(kHousehold), Low(kAgeing))},
      {"mixed urban-rural", "no role far from the mean: score 0.5 - max(|D|, |A|, |C|, |H|)",
       [](const RoleScores& s) {
         return 0.5 - std::max({std::fabs(s.density), std::fabs(s.ageing), std::fabs(s.commerce),
                                std::fabs(s.household)});
       }},
  };
  return kRules;
}

std::vector<std::string> NameTypes(const std::vector<RoleScores>& centres) {
  const auto& rules = NamingRules();
  std::vector<std::string> names(centres.size());
  std::vector<bool> named(centres.size(), false);
  std::vector<bool> used(rules.size(), false);
  const std::size_t rounds = std::min(centres.size(), rules.size());
  for (std::size_t round = 0; round < rounds; ++round) {
    double best = -std::numeric_limits<double>::infinity();
    std::size_t best_c = centres.size();
    std::size_t best_r = rules.size();
    for (std::size_t c = 0; c < centres.size(); ++c) {
      if (named[c]) continue;
      for (std::size_t r = 0; r < rules.size(); ++r) {
        if (used[r]) continue;
        const double s = rules[r].score(centres[c]);
        if (s > best) {  // -infinity (rule does not apply) never wins  // strict: ties keep the
                         // earlier centre, then the earlier rule
          best = s;
          best_c = c;
          best_r = r;
        }
      }
    }
    if (best_c == centres.size()) break;
    names[best_c] = rules[best_r].name;
    named[best_c] = true;
    used[best_r] = true;
  }
  for (std::size_t c = 0; c < centres.size(); ++c) {
    if (!named[c]) names[c] = "other type " + std::to_string(c + 1);
  }
  return names;
}

}  // namespace vigil::stats
