// Naive counts ("naive-28d", "naive-365d"): the expected count of a cell in a slot is the
// number of events reported in the cell over the `window_days` before the slot, times
// (slot length / window length). The baseline every other model must beat.
#pragma once

#include <memory>
#include <string>

#include "risk/model.h"

namespace vigil::risk {

class NaiveModel final : public RiskModel {
 public:
  // `window_days` > 0: the counting window, days (28 and 365 are registered).
  explicit NaiveModel(int window_days) : window_days_(window_days) {}

  std::string name() const override { return "naive-" + std::to_string(window_days_) + "d"; }
  Status Fit(const CitySnapshot& snapshot, const EventSelection& selection) override;
  Status Score(const CitySnapshot& snapshot, const Slot& slot,
               std::span<double> out) const override;

 private:
  int window_days_;
  bool fitted_ = false;
  EventSelection selection_;
};

}  // namespace vigil::risk
