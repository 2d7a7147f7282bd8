// Forecast-accuracy metrics of one slot: predicted expected counts per cell against observed
// counts per cell, over the cells inside the city (every cell has the same area).
//
// Ranking and ties. Cells are ranked by predicted value, highest first. Cells with equal
// predictions form a tie group and are *averaged*: flagging part of a group flags every member
// by the same fraction, so a group of g cells holding O events yields O/g events per flagged
// cell. This is the expected result of breaking ties at random; breaking them by cell id would
// reward or punish a model for the grid's numbering (a uniform model would then look good or
// bad depending on where the city's crime sits in row-major order). Area shares are exact: a
// share a of N cells flags a * N cells, the last one possibly in part (a fraction f of a cell
// counts f of its events), so the hit-rate curve is piecewise linear in the area.
//
// Definitions (N = cells in the city, O = observed events in the city, H(a) = events in the
// flagged area a / O):
//   hit rate at a       H(a)
//   PAI at a            H(a) / a (Chainey et al. 2008); 1 for a uniform forecast
//   PEI* at a           H(a) / H*(a), H* the hit rate of the perfect ranking by observed counts
//                       with the same area (Hunt 2016); 1 for an oracle, undefined when O = 0
//   AUC to a_max        (1 / a_max) * integral of H over [0, a_max]; in [0, 1]; a uniform forecast
//                       gives a_max / 2 (0.1 for a_max = 0.2)
//   log score           mean over the N cells of log Poisson(y | max(mu, floor)) =
//                       y log mu - mu - lgamma(y + 1); higher is better; the floor (default 1e-6)
//                       keeps a zero forecast of an observed event finite (about -13.8 per event)
// Hit rate, PAI, PEI* and AUC are NaN (and left out of means) when O = 0.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"

namespace vigil::risk {

struct MetricsOptions {
  // Shares of city area at which hit rate, PAI and PEI* are reported; each in (0, 1].
  // Default {0.005, 0.01, 0.02, 0.05, 0.10} (0.5 % to 10 %).
  std::vector<double> area_shares = {0.005, 0.01, 0.02, 0.05, 0.10};
  // Upper end of the area range of the AUC, share of city area; (0, 1]. Default 0.2.
  double auc_max_share = 0.2;
  // The hit-rate curve is also sampled at i * auc_max_share / curve_steps, i = 0..curve_steps,
  // for charts; >= 1. Default 40.
  int curve_steps = 40;
  // Smallest predicted mean used by the log score, expected events; > 0. Default 1e-6.
  double log_score_floor = 1e-6;

  Status Validate() const;
};

struct SlotMetrics {
  std::vector<double> hit_rate;  // per MetricsOptions::area_shares, in [0, 1]
  std::vector<double> pai;       // per area share, >= 0
  std::vector<double> pei;       // PEI* per area share, in [0, 1]
  std::vector<double> curve;     // hit rate at curve_steps + 1 evenly spaced shares to auc_max
  double auc = 0;                // normalised area under the hit-rate curve, [0, 1]
  double log_score = 0;          // mean Poisson log-likelihood per city cell, <= 0 for counts
  double observed = 0;           // events observed in the city in the slot
  std::int64_t cells = 0;        // cells in the city
};

// Metrics of one slot. `predicted` and `observed` have one entry per grid cell, finite and
// >= 0 (observed counts may be fractional, e.g. exposure-adjusted). `city` is empty (every
// cell) or one entry per cell, non-zero for cells inside the city; it must select a cell.
Result<SlotMetrics> ComputeSlotMetrics(std::span<const double> predicted,
                                       std::span<const double> observed,
                                       std::span<const std::uint8_t> city,
                                       const MetricsOptions& options);

// The flag weight of every grid cell when the top `area_share` of the city is flagged by
// `predicted`, ties averaged as above: 1 for a flagged cell, 0 for an unflagged one or one
// outside the city, a fraction for a tie group (or cell) on the boundary. The weights sum to
// area_share * (cells in the city). Same argument contract as ComputeSlotMetrics.
Result<std::vector<double>> FlagWeights(std::span<const double> predicted,
                                        std::span<const std::uint8_t> city, double area_share);

}  // namespace vigil::risk
