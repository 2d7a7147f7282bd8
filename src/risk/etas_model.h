// The grid self-exciting model of Mohler et al. 2015 ("etas", the PredPol model): each cell has
// a background rate mu_n, and every event raises its own cell's rate by
// theta * omega * exp(-omega * dt), theta and omega shared by all cells. Fitted by EM (etas_em.h)
// over the training window using the snapshot's per-cell event lists; a slot's expected count
// is the closed-form integral of the intensity over the slot:
//   mu_n L + theta (1 - e^{-omega L}) sum_{t_i < start} e^{-omega (start - t_i)}.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "risk/etas_em.h"
#include "risk/model.h"
#include "risk/options.h"

namespace vigil::risk {

// Groups the events `selection` matches in the window [start, end) by cell, times in days
// since `start`. Events of one cell with the same report time are moved back by a
// deterministic pseudo-random share of `options.jitter_s` (never before `start`), so none
// appears to trigger another at distance zero; moving back keeps every event inside the window.
CellEventTimes GroupEventsByCell(const CitySnapshot& snapshot, const EventSelection& selection,
                                 UnixSeconds start, UnixSeconds end, const EtasOptions& options);

class EtasModel final : public RiskModel {
 public:
  explicit EtasModel(EtasOptions options) : options_(options) {}

  std::string name() const override { return "etas"; }
  Status Fit(const CitySnapshot& snapshot, const EventSelection& selection) override;
  Status Score(const CitySnapshot& snapshot, const Slot& slot,
               std::span<double> out) const override;

  // Fitted values (valid after Fit).
  // The self-excited part of the rate at instant `at`, expected events per day per cell:
  // theta * omega * sum of exp(-omega * age) over the cell's target events reported before
  // `at` (the background is left out: it is fitted from the whole training window). `at` may
  // lie anywhere. Fails before Fit or on a wrong-sized `out`.
  Status ExcitationAt(const CitySnapshot& snapshot, UnixSeconds at, std::span<double> out) const;

  double theta() const { return theta_; }
  double omega_per_day() const { return omega_; }
  double mu_per_day(std::int64_t cell) const { return mu_[static_cast<std::size_t>(cell)]; }
  int iterations() const { return iterations_; }
  bool converged() const { return converged_; }
  double log_likelihood() const { return log_likelihood_; }

 private:
  void DecayedCounts(const CitySnapshot& snapshot, UnixSeconds at, std::span<double> out) const;

  EtasOptions options_;
  EventSelection selection_;
  bool fitted_ = false;
  std::vector<double> mu_;  // per grid cell, events per day
  double theta_ = 0;
  double omega_ = 0;
  int iterations_ = 0;
  bool converged_ = false;
  double log_likelihood_ = 0;
};

}  // namespace vigil::risk
