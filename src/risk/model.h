// The contract every crime-risk model implements. A model is fitted on the events of a city
// snapshot that were *reported* before a cut-off (never the future), then scores the expected
// number of events per grid cell for a time slot after the cut-off.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/category.h"
#include "store/snapshot.h"

namespace vigil::risk {

// Which events a model learns from and predicts.
struct EventSelection {
  // Categories counted as events; empty = the six major crimes together (IsMajorCrime).
  std::vector<Category> categories;
  // Only events whose report time is < this instant may be used (UTC seconds).
  UnixSeconds known_before = 0;
  // Optional earliest report time used in fitting (UTC seconds); older events are ignored.
  std::optional<UnixSeconds> train_from;

  bool Matches(Category c) const;
};

// A forecast slot: [start, start + length_s), UTC seconds.
struct Slot {
  UnixSeconds start = 0;
  std::int64_t length_s = 86400;
};

class RiskModel {
 public:
  virtual ~RiskModel() = default;

  // Stable name used on the command line and in reports: "naive-28d", "kde", "prospective",
  // "etas", "xgboost", "ensemble".
  virtual std::string name() const = 0;

  // Learns from the snapshot's events selected by `selection`. May be called again with a
  // later `known_before` to refit (walk-forward).
  virtual Status Fit(const CitySnapshot& snapshot, const EventSelection& selection) = 0;

  // Expected event counts for every grid cell of the snapshot in `slot`, which starts at or
  // after the fit's `known_before`. Scoring may use events reported before slot.start (the
  // parameters stay as fitted; recent events update counts and triggering), never events
  // reported at or after slot.start. `out` has snapshot.grid().cell_count() entries; every
  // entry is finite and >= 0.
  virtual Status Score(const CitySnapshot& snapshot, const Slot& slot,
                       std::span<double> out) const = 0;
};

}  // namespace vigil::risk
