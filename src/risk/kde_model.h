// Kernel density with exponential time decay ("kde"). Each past event contributes a Gaussian
// bump (bandwidth in metres) weighted by 2^(-age / half-life). The surface is computed on the
// grid: event weights are binned into cells, then rows and columns are convolved with a
// truncated Gaussian (O(cells x kernel width), not O(cells x events)). The bandwidth and
// half-life are chosen on the training window by the Poisson log-likelihood of its held-out
// tail, and a factor fitted on that tail turns the surface into expected counts.
#pragma once

#include <span>
#include <string>

#include "geo/grid.h"
#include "risk/model.h"
#include "risk/options.h"

namespace vigil::risk {

// Smooths `cells` (row-major over `grid`) with a Gaussian of standard deviation `bandwidth_m`
// cut at `truncate` bandwidths, writing `out` (same size; must not alias `cells`). Each cell's
// kernel is renormalised over the cells inside the grid, so the total is conserved exactly:
// sum(out) == sum(cells) up to rounding.
void GaussianSmooth(const geo::Grid& grid, std::span<const double> cells, double bandwidth_m,
                    double truncate, std::span<double> out);

class KdeModel final : public RiskModel {
 public:
  explicit KdeModel(KdeOptions options) : options_(std::move(options)) {}

  std::string name() const override { return "kde"; }
  Status Fit(const CitySnapshot& snapshot, const EventSelection& selection) override;
  Status Score(const CitySnapshot& snapshot, const Slot& slot,
               std::span<double> out) const override;

  // Expected events per day in each cell at instant `at`, from events reported before `at`
  // only, with the fitted bandwidth and half-life; `at` may lie anywhere (the learned model
  // reads the surface at its training slots). Fails before Fit or on a wrong-sized `out`.
  Status RatesAt(const CitySnapshot& snapshot, UnixSeconds at, std::span<double> out) const;

  // What the fit chose (valid after a successful Fit).
  double bandwidth_m() const { return bandwidth_m_; }
  double half_life_days() const { return half_life_days_; }
  // Expected events per day per unit of surface.
  double counts_per_day() const { return counts_per_day_; }

 private:
  // The decayed, smoothed surface at instant `at` from events reported before it.
  void Surface(const CitySnapshot& snapshot, UnixSeconds at, double bandwidth_m,
               double half_life_days, std::span<double> out) const;

  KdeOptions options_;
  EventSelection selection_;
  bool fitted_ = false;
  double bandwidth_m_ = 0;
  double half_life_days_ = 0;
  double counts_per_day_ = 0;
};

}  // namespace vigil::risk
