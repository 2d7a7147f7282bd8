// Regional typology: clusters areas (municipalities, districts, neighbourhoods) into k types
// from their public statistics. Features are optionally log1p-transformed (skewed counts and
// densities), standardised to z-scores, and clustered by k-means (k-means++ seeding, many
// seeded restarts, Lloyd iterations to convergence). Each type gets a name from the z-scores
// of its centre (type_naming.h). Reported: assignment, centres (original units and z), WCSS,
// silhouette (mean and per type), and stability (mean adjusted Rand index against bootstrap
// refits). Method and measured figures: docs/typology.md. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "stats/area_table.h"
#include "stats/kmeans.h"

namespace vigil::stats {

// Which features play the roles the naming rules read. A role whose feature is not among the
// typology's features counts as z = 0 for every type.
struct NamingRoles {
  std::string density = "density";           // built-up-ness (people per km2); log scale is fine
  std::string ageing = "mean_age";           // rises with the share of older residents
  std::string commerce = "stores_per_1k";    // shops per resident
  std::string household = "household_size";  // people per household
};

struct TypologyOptions {
  int k = 6;                 // number of types, >= 2 and <= number of areas; 6 like the
                             // national six-type scheme
  int restarts = 50;         // k-means restarts (k-means++ seeding each); the lowest WCSS wins
  int max_iterations = 300;  // Lloyd iterations per restart
  std::uint64_t seed = 1;    // seed of every random choice (restarts and bootstrap)
  std::vector<std::string> log1p_features;  // features always transformed by log1p (x >= 0)
  bool auto_log1p = true;       // also log1p every non-negative feature whose sample skewness
                                // exceeds skew_threshold (densities, counts per capita)
  double skew_threshold = 2.0;  // skewness (third standardised moment) above which auto_log1p
                                // applies; > 0
  bool impute_missing = false;  // false: a missing (NaN) value is an error naming the area;
                                // true: replaced by the feature's median
  int stability_runs = 20;      // bootstrap refits for the stability figure; 0 = skip
  int stability_restarts = 10;  // k-means restarts per bootstrap refit; >= 1
  int seed_runs = 4;            // full refits (all restarts) with seeds seed+1..seed+seed_runs,
                                // compared with the main fit by ARI; 0 = skip
  NamingRoles roles;            // features the naming rules read

  Status Validate() const;
};

// The fitted transformation and centres: enough to assign new areas to the types.
struct TypologyModel {
  std::vector<std::string> features;    // in column order
  std::vector<bool> log1p;              // per feature: log1p applied before standardising
  std::vector<double> mean;             // per feature, of the (transformed) values
  std::vector<double> sd;               // per feature, population SD; 0 = constant feature
  std::vector<double> median;           // per feature, of the raw values (for imputation)
  PointMatrix centres_z;                // k x features, in z units
  std::vector<std::string> type_names;  // per type

  // z-scores of one raw row (one value per feature). NaN values are imputed with the median
  // when `impute` is set, else fail naming the feature.
  Result<std::vector<double>> Standardise(const std::vector<double>& raw, bool impute) const;
  // Type id (0..k-1) of every area of `table`, by the nearest centre in z units. The table
  // must contain every model feature (by name; other columns are ignored).
  Result<std::map<std::string, int>> Assign(const AreaTable& table, bool impute = false) const;
};

struct AreaType {
  int id = 0;                    // 0..k-1, largest type first
  std::string name;              // from the naming rules, unique
  int size = 0;                  // areas of this type
  std::vector<double> centre;    // per feature, in original units (mean of the members' raw
                                 // values)
  std::vector<double> centre_z;  // per feature, the k-means centre in z units
  double silhouette = 0;         // mean silhouette of the members
  double wcss = 0;               // within-type sum of squares, z units
};

struct Typology {
  TypologyModel model;
  std::vector<std::string> codes;  // the input areas, in input order
  std::vector<std::string> names;
  std::vector<int> assignment;  // type id per area
  std::vector<AreaType> types;
  double wcss = 0;                    // total within-type sum of squares, z units
  double total_ss = 0;                // total sum of squares around the grand mean, z units
  double silhouette = 0;              // mean silhouette over all areas
  double stability = 0;               // mean ARI over the bootstrap refits (NaN when skipped)
  std::vector<double> stability_ari;  // ARI of each bootstrap refit
  double seed_agreement = 0;     // mean ARI of the seed refits with the main fit (NaN = skipped)
  std::vector<double> seed_ari;  // ARI of each seed refit
  int iterations = 0;            // Lloyd iterations of the winning restart
  bool converged = false;
};

// Fits the typology on every feature of `table`. Fails with kInvalidArgument on invalid
// options, k > number of areas, a missing value (unless imputing), or log1p of a negative value.
Result<Typology> BuildTypology(const AreaTable& table, const TypologyOptions& options);

// Fits the typology on `table` and returns area code -> type id. For a learned model's feature:
// call BuildTypology once and keep `model` to assign further areas consistently.
Result<std::map<std::string, int>> AssignTypes(const AreaTable& table,
                                               const TypologyOptions& options);

struct KChoice {
  int best_k = 0;  // the k with the highest mean silhouette (ties: smaller k)
  std::vector<std::pair<int, double>> silhouette_by_k;  // (k, mean silhouette)
};

// Fits k = k_min..k_max (2 <= k_min <= k_max) without the stability step and picks the k with
// the highest mean silhouette.
Result<KChoice> ChooseK(const AreaTable& table, const TypologyOptions& options, int k_min,
                        int k_max);

// The typology as JSON (features, per-type name, size, centre and centre_z, metrics).
std::string TypologyToJson(const Typology& typology);

}  // namespace vigil::stats
