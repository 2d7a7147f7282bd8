// Expectation-maximisation for the grid self-exciting point process of Mohler et al. (2015),
// "Randomized controlled field trials of predictive policing", JASA 110(512):
//   lambda_n(t) = mu_n + sum_{t_i < t, i in cell n} theta * omega * exp(-omega * (t - t_i)).
// Times are in days from the start of the training window [0, T).
//
// E step: the branching probability that event j was background is p_bj = mu_n / lambda_n(t_j)
// and that it was triggered by an earlier event i of its cell is
// p_ij = theta * omega * exp(-omega (t_j - t_i)) / lambda_n(t_j). The M step needs only the
// sums over i of p_ij and of p_ij (t_j - t_i); both follow exactly from the recursions
//   A_j = e^{-omega d} (A_{j-1} + 1),  B_j = e^{-omega d} (B_{j-1} + d (A_{j-1} + 1)),
// with d = t_j - t_{j-1}, A_j = sum_i e^{-omega (t_j - t_i)}, B_j = sum_i (t_j - t_i) e^{...},
// so a step costs O(events). EStepPairwise sums the pairs directly, truncating the history
// where exp(-omega dt) < cutoff, as a reference.
//
// M step (closed forms; the window end T corrects for offspring not yet born):
//   mu_n  = sum_{j in n} p_bj / T
//   theta = sum_j (1 - p_bj) / sum_j (1 - e^{-omega (T - t_j)})
//   omega = sum_j (1 - p_bj) /
//           (sum_{i<j} p_ij (t_j - t_i) + theta sum_j (T - t_j) e^{-omega (T - t_j)})
// where the last form is the stationarity condition of the expected log-likelihood in omega,
// solved with the boundary term at the current omega.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "risk/options.h"

namespace vigil::risk {

// Events of a training window grouped by cell, in CSR form.
struct CellEventTimes {
  std::vector<std::int64_t> cells;     // grid cell id of each group
  std::vector<std::uint32_t> offsets;  // group g holds times[offsets[g], offsets[g + 1])
  std::vector<double> times;           // days since the window start, ascending in a group

  std::size_t groups() const { return cells.size(); }
};

struct EtasParameters {
  std::vector<double> mu;  // background rate of each group, events per day
  double theta = 0;        // mean number of events each event triggers
  double omega = 0;        // decay rate of triggering, per day
};

// Sufficient statistics of one E step.
struct EmStatistics {
  std::vector<double> background;  // per group: sum of p_bj
  double triggered = 0;            // sum over pairs of p_ij
  double triggered_dt = 0;         // sum over pairs of p_ij (t_j - t_i), days
  double log_intensity = 0;        // sum_j log lambda(t_j)
};

EmStatistics EStep(const CellEventTimes& events, const EtasParameters& params);
EmStatistics EStepPairwise(const CellEventTimes& events, const EtasParameters& params,
                           double cutoff);

struct EtasFit {
  EtasParameters params;
  int iterations = 0;
  bool converged = false;
  double log_likelihood = 0;  // of the final parameters over the window
};

// Runs EM from the options' starting values over a window of `window_days` > 0 days.
// Fails when there are no events.
Result<EtasFit> FitEtasEm(const CellEventTimes& events, double window_days,
                          const EtasOptions& options);

}  // namespace vigil::risk
