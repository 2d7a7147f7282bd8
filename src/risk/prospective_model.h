// Prospective hotspot ("prospective", Bowers, Johnson & Pease 2004). Every past event reported
// within `window_days` before the evaluation time and within `distance_m` of a cell (centre to
// centre) adds 1 / (1 + d) x 1 / (1 + w) to the cell's score, where d is the centre-to-centre
// distance in cells (1 for an edge neighbour, sqrt(2) for a diagonal one) and w the whole weeks
// elapsed (floor(age / 7 days)). A factor fitted on the held-out tail of the training window
// turns scores into expected counts.
#pragma once

#include <span>
#include <string>

#include "risk/model.h"
#include "risk/options.h"

namespace vigil::risk {

// The raw prospective score of every cell at instant `at`, from the events `selection`
// matches reported in [at - window, at). `out` has one entry per grid cell.
void ProspectiveSurface(const CitySnapshot& snapshot, const EventSelection& selection,
                        const ProspectiveOptions& options, UnixSeconds at, std::span<double> out);

class ProspectiveModel final : public RiskModel {
 public:
  explicit ProspectiveModel(ProspectiveOptions options) : options_(options) {}

  std::string name() const override { return "prospective"; }
  Status Fit(const CitySnapshot& snapshot, const EventSelection& selection) override;
  Status Score(const CitySnapshot& snapshot, const Slot& slot,
               std::span<double> out) const override;

  // Expected events per day per unit of score (valid after Fit).
  double counts_per_day() const { return counts_per_day_; }

 private:
  ProspectiveOptions options_;
  EventSelection selection_;
  bool fitted_ = false;
  double counts_per_day_ = 0;
};

}  // namespace vigil::risk
