// Options of the crime-risk models, one plain struct per model, gathered in RiskModelOptions so
// the registry (registry.h) can build any model by name from one value. Every field states its
// meaning, unit and default; Validate() rejects values a model cannot work with.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "risk/ensemble.h"
#include "risk/xgboost_model.h"

namespace vigil::risk {

// Kernel density with exponential time decay ("kde").
struct KdeOptions {
  // Candidate Gaussian bandwidths (standard deviation), metres; each > 0. The fit picks the one
  // with the best held-out Poisson log-likelihood. Default {50, 100, 200, 400, 800}.
  std::vector<double> bandwidths_m = {50, 100, 200, 400, 800};
  // Candidate half-lives of the time decay, days; each > 0. Default {7, 14, 30, 90}.
  std::vector<double> half_lives_days = {7, 14, 30, 90};
  // The kernel is cut at this many bandwidths from its centre. Default 3, range [1, 6].
  double truncate_bandwidths = 3;
  // Length of the held-out tail of the training window used to choose the bandwidth and
  // half-life and to calibrate to counts, days; > 0. Default 28.
  double holdout_days = 28;
  // Events older than this before the evaluation time are ignored, days; > 0. Default 365.
  double lookback_days = 365;
  // Share of a uniform surface mixed into the held-out likelihood so cells the kernel does not
  // reach are not impossible; (0, 1). Default 1e-4.
  double uniform_floor = 1e-4;

  Status Validate() const;
};

// Prospective hotspot (Bowers, Johnson & Pease 2004, "prospective").
struct ProspectiveOptions {
  // Events older than this before the evaluation time contribute nothing, days; > 0.
  // Default 56 (8 weeks).
  double window_days = 56;
  // Events farther than this from a cell centre (centre to centre) contribute nothing,
  // metres; >= 0. Default 400.
  double distance_m = 400;
  // Held-out tail of the training window used to fit the factor that turns scores into
  // expected counts, days; > 0. Default 28.
  double holdout_days = 28;

  Status Validate() const;
};

// Grid self-exciting point process of Mohler et al. 2015 ("etas").
struct EtasOptions {
  // EM stops when the largest relative change of theta, omega and the total background rate
  // between iterations is below this; > 0. Default 1e-6.
  double tolerance = 1e-6;
  // EM stops after this many iterations even when not converged; >= 1. Default 500.
  int max_iterations = 500;
  // Starting values: theta (mean number of events each event triggers), in (0, 1); default 0.5.
  double initial_theta = 0.5;
  // Starting omega (decay rate of triggering), per day; > 0. Default 0.2.
  double initial_omega = 0.2;
  // Events of one cell with the same report time are spread back over this many seconds,
  // deterministically from `jitter_seed`, before fitting; >= 0 (0 = no jitter). Default 3600.
  double jitter_s = 3600;
  // Seed of the tie jitter. Default 1.
  std::uint64_t jitter_seed = 1;
  // Scoring ignores past events whose triggering has decayed below this factor; (0, 1).
  // Default 1e-8.
  double history_cutoff = 1e-8;

  Status Validate() const;
};

// Options of every model the registry knows. A model reads only its own field.
struct RiskModelOptions {
  KdeOptions kde;
  ProspectiveOptions prospective;
  EtasOptions etas;
  XgboostOptions xgboost;    // "xgboost"
  EnsembleOptions ensemble;  // "ensemble"

  Status Validate() const;
};

}  // namespace vigil::risk
