// Ensemble of risk models ("ensemble"): the expected count of a cell is a weighted average of
// its members' expected counts. The weights lie on the simplex (>= 0, sum 1) and are chosen on
// the last part of the training window, scored by members fitted on the part before it: by
// default to capture the most events in the top share of cells (the hit rate at 1 % of the
// area, what patrols act on), or to maximise the Poisson log-likelihood.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "risk/model.h"

namespace vigil::risk {

enum class EnsembleObjective {
  kHitRate,     // mean daily hit rate at hit_rate_area_share of the cells, on a simplex grid
  kLikelihood,  // Poisson log-likelihood, projected gradient ascent (FitSimplexWeights)
};

struct EnsembleOptions {
  // Member model names, as the factory knows them; at least one, no duplicates, not
  // "ensemble". Default {"naive-28d", "kde", "etas", "xgboost"}.
  std::vector<std::string> members = {"naive-28d", "kde", "etas", "xgboost"};
  // Held-out tail of the training window on which the weights are fitted, days; >= 1.
  // Scored as daily slots. Default 28.
  int holdout_days = 28;
  // What the weights maximise on the held-out tail. Default kHitRate.
  EnsembleObjective objective = EnsembleObjective::kHitRate;
  // kHitRate: the flagged share of the cells that have held any incident, (0, 1]. Default 0.01.
  double hit_rate_area_share = 0.01;
  // kHitRate: weights are searched on the simplex grid of step 1 / grid_steps; [1, 20].
  // Default 10 (286 candidate weightings for 4 members). Ties keep the earlier candidate.
  int grid_steps = 10;
  // kLikelihood: projected-gradient iterations of the weight fit; [1, 100000]. Default 500.
  int max_iterations = 500;
  // Refit the members on the whole training window after the weights are chosen (else they
  // keep the fit that ends before the held-out tail). Default true.
  bool refit_members = true;

  Status Validate() const;
};

// Builds an unfitted member model by name; a failure (e.g. unknown name) fails the fit.
using RiskModelFactory = std::function<Result<std::unique_ptr<RiskModel>>(const std::string& name)>;

class EnsembleModel final : public RiskModel {
 public:
  EnsembleModel(EnsembleOptions options, RiskModelFactory factory);

  std::string name() const override { return "ensemble"; }
  Status Fit(const CitySnapshot& snapshot, const EventSelection& selection) override;
  Status Score(const CitySnapshot& snapshot, const Slot& slot,
               std::span<double> out) const override;

  // After Fit: the weight of each member, in the order of options.members.
  const std::vector<double>& weights() const { return weights_; }
  const std::vector<std::string>& member_names() const { return options_.members; }

 private:
  EnsembleOptions options_;
  RiskModelFactory factory_;
  std::vector<std::unique_ptr<RiskModel>> members_;
  std::vector<double> weights_;
  UnixSeconds known_before_ = 0;
  bool fitted_ = false;
};

// Of the weightings on the simplex grid of step 1 / steps over `members` members, the one
// whose mixture captures the most of each day's events in its top `flagged` cells, averaged
// over days: surfaces[d][i] is member i's forecast of day d (cells), observed[d] the counts.
// Exposed for tests.
std::vector<double> FitHitRateWeights(const std::vector<std::vector<std::vector<double>>>& surfaces,
                                      const std::vector<std::vector<double>>& observed,
                                      std::size_t flagged, int steps);

// Weights on the simplex maximising sum_j y_j log(sum_i w_i p_ij) - sum_i w_i P_i, where
// `predictions[i]` are member i's expected counts at the observations with y_j > 0 (listed in
// `counts`) and `totals[i]` = P_i is member i's total expected count over all observations.
// Projected gradient ascent with backtracking from equal weights. Exposed for tests.
std::vector<double> FitSimplexWeights(const std::vector<std::vector<double>>& predictions,
                                      const std::vector<double>& counts,
                                      const std::vector<double>& totals, int max_iterations);

}  // namespace vigil::risk
