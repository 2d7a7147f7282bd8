#include "risk/etas_model.h"

#include <algorithm>
#include <cmath>

#include "risk/events.h"

namespace vigil::risk {
namespace {

// SplitMix64: a stateless, seedable mix giving a uniform double in [0, 1) per (seed, key).
double UniformOf(std::uint64_t seed, std::uint64_t key) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (key + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

}  // namespace

Status EtasOptions::Validate() const {
  if (!(tolerance > 0))
    return MakeError(ErrorCode::kInvalidArgument, "etas tolerance must be positive");
  if (max_iterations < 1)
    return MakeError(ErrorCode::kInvalidArgument, "etas max_iterations must be >= 1");
  if (!(initial_theta > 0 && initial_theta < 1)) {
    return MakeError(ErrorCode::kInvalidArgument, "etas initial_theta must be in (0, 1)");
  }
  if (!(initial_omega > 0) || !std::isfinite(initial_omega)) {
    return MakeError(ErrorCode::kInvalidArgument, "etas initial_omega must be positive per day");
  }
  if (!(jitter_s >= 0) || !std::isfinite(jitter_s)) {
    return MakeError(ErrorCode::kInvalidArgument, "etas jitter_s must be >= 0 seconds");
  }
  if (!(history_cutoff > 0 && history_cutoff < 1)) {
    return MakeError(ErrorCode::kInvalidArgument, "etas history_cutoff must be in (0, 1)");
  }
  return Status::Ok();
}

CellEventTimes GroupEventsByCell(const CitySnapshot& snapshot, const EventSelection& selection,
                                 UnixSeconds start, UnixSeconds end, const EtasOptions& options) {
  CellEventTimes out;
  out.offsets.push_back(0);
  const EventColumns& e = snapshot.incidents();
  for (std::int64_t cell = 0; cell < snapshot.grid().cell_count(); ++cell) {
    const std::span<const std::uint32_t> in_cell = snapshot.IncidentsInCell(cell);
    const std::size_t first = out.times.size();
    UnixSeconds previous = 0;
    std::uint32_t previous_index = 0;
    bool tied_run = false;  // the previous kept event is tied with the one before it
    for (const std::uint32_t i : in_cell) {
      const UnixSeconds t = e.reported_at[i];
      if (t < start || t >= end || !selection.Matches(e.category[i])) continue;
      double days = static_cast<double>(t - start) / kSecondsPerDay;
      const bool tied = out.times.size() > first && t == previous;
      if (tied && options.jitter_s > 0) {
        if (!tied_run) {  // the first of the tie group is jittered too
          const double back =
              UniformOf(options.jitter_seed, previous_index) * options.jitter_s / kSecondsPerDay;
          out.times.back() = std::max(0.0, out.times.back() - back);
        }
        days = std::max(
            0.0, days - UniformOf(options.jitter_seed, i) * options.jitter_s / kSecondsPerDay);
      }
      tied_run = tied;
      previous = t;
      previous_index = i;
      out.times.push_back(days);
    }
    if (out.times.size() == first) continue;
    std::sort(out.times.begin() + static_cast<std::ptrdiff_t>(first), out.times.end());
    out.cells.push_back(cell);
    out.offsets.push_back(static_cast<std::uint32_t>(out.times.size()));
  }
  return out;
}

Status EtasModel::Fit(const CitySnapshot& snapshot, const EventSelection& selection) {
  VIGIL_RETURN_IF_ERROR(options_.Validate());
  auto window = TrainWindowOf(snapshot, selection);
  if (!window.ok()) return window.error();
  const CellEventTimes events =
      GroupEventsByCell(snapshot, selection, window->start, window->end, options_);
  auto fit = FitEtasEm(events, window->days(), options_);
  if (!fit.ok()) return fit.error();
  selection_ = selection;
  mu_.assign(static_cast<std::size_t>(snapshot.grid().cell_count()), 0.0);
  for (std::size_t g = 0; g < events.groups(); ++g)
    mu_[static_cast<std::size_t>(events.cells[g])] = fit->params.mu[g];
  theta_ = fit->params.theta;
  omega_ = fit->params.omega;
  iterations_ = fit->iterations;
  converged_ = fit->converged;
  log_likelihood_ = fit->log_likelihood;
  fitted_ = true;
  return Status::Ok();
}

// Sum over each cell's target events reported before `at` of exp(-omega * age in days),
// cut where the terms fall below the history cutoff.
void EtasModel::DecayedCounts(const CitySnapshot& snapshot, UnixSeconds at,
                              std::span<double> out) const {
  const EventColumns& e = snapshot.incidents();
  const double horizon_days = omega_ > 0 ? -std::log(options_.history_cutoff) / omega_ : 0.0;
  for (std::int64_t cell = 0; cell < snapshot.grid().cell_count(); ++cell) {
    const std::span<const std::uint32_t> in_cell = snapshot.IncidentsInCell(cell);
    // Events of the cell reported before `at`: a prefix of the list.
    const auto known_end = std::partition_point(
        in_cell.begin(), in_cell.end(), [&](std::uint32_t i) { return e.reported_at[i] < at; });
    double excitation = 0;
    for (auto it = known_end; it != in_cell.begin();) {
      const std::uint32_t i = *--it;
      const double age_days = static_cast<double>(at - e.reported_at[i]) / kSecondsPerDay;
      if (age_days > horizon_days) break;
      if (selection_.Matches(e.category[i])) excitation += std::exp(-omega_ * age_days);
    }
    out[static_cast<std::size_t>(cell)] = excitation;
  }
}

Status EtasModel::Score(const CitySnapshot& snapshot, const Slot& slot,
                        std::span<double> out) const {
  VIGIL_RETURN_IF_ERROR(CheckScoreArguments(snapshot, slot, out, fitted_, selection_.known_before));
  if (out.size() != mu_.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "etas was fitted on a grid of a different size");
  }
  const double length_days = static_cast<double>(slot.length_s) / kSecondsPerDay;
  const double triggered_share = theta_ * -std::expm1(-omega_ * length_days);
  DecayedCounts(snapshot, slot.start, out);
  for (std::size_t cell = 0; cell < out.size(); ++cell) {
    out[cell] = mu_[cell] * length_days + triggered_share * out[cell];
  }
  return Status::Ok();
}

Status EtasModel::ExcitationAt(const CitySnapshot& snapshot, UnixSeconds at,
                               std::span<double> out) const {
  if (!fitted_) return MakeError(ErrorCode::kFailedPrecondition, "etas has not been fitted");
  if (out.size() != mu_.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "etas was fitted on a grid of a different size");
  }
  DecayedCounts(snapshot, at, out);
  for (double& v : out) v *= theta_ * omega_;
  return Status::Ok();
}

}  // namespace vigil::risk
