// Helpers every risk model shares: choosing the events a model may see, checking the arguments
// of Fit and Score, and turning a relative surface into expected counts.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "risk/model.h"
#include "store/snapshot.h"

namespace vigil::risk {

inline constexpr double kSecondsPerDay = 86400.0;

// Indices (into snapshot.incidents()) of located events whose category `selection` matches and
// whose report time lies in [from, to), ascending.
std::vector<std::uint32_t> SelectEvents(const CitySnapshot& snapshot,
                                        const EventSelection& selection, UnixSeconds from,
                                        UnixSeconds to);

// The training window [start, end) of a fit: `train_from` (or the first report time in the
// snapshot) to `known_before`. Fails when the window is empty or the grid has no cells.
struct TrainWindow {
  UnixSeconds start = 0;
  UnixSeconds end = 0;
  double days() const { return static_cast<double>(end - start) / kSecondsPerDay; }
};
Result<TrainWindow> TrainWindowOf(const CitySnapshot& snapshot, const EventSelection& selection);

// Checks Score's arguments: the model was fitted, `out` has one entry per cell, the slot has a
// positive length and does not start before the fit's cut-off.
Status CheckScoreArguments(const CitySnapshot& snapshot, const Slot& slot, std::span<double> out,
                           bool fitted, UnixSeconds known_before);

// Adds `weight` to the cell of each event (cells < 0 are skipped); `weight_of(index)` gives the
// weight of an event by its snapshot index.
template <typename WeightOf>
void BinEvents(const CitySnapshot& snapshot, std::span<const std::uint32_t> events,
               WeightOf weight_of, std::span<double> cells) {
  const auto& cell = snapshot.incidents().cell;
  for (const std::uint32_t i : events) {
    if (cell[i] >= 0) cells[static_cast<std::size_t>(cell[i])] += weight_of(i);
  }
}

// Factor turning a relative risk surface into expected counts per day: the number of events
// observed over a held-out period divided by (its length in days x the surface total at its
// start). 0 when the surface is empty.
double CountsPerDayFactor(std::span<const double> surface, std::size_t holdout_events,
                          double holdout_days);

}  // namespace vigil::risk
