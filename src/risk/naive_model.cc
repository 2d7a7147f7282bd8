#include "risk/naive_model.h"

#include <algorithm>

#include "risk/events.h"

namespace vigil::risk {

Status NaiveModel::Fit(const CitySnapshot& snapshot, const EventSelection& selection) {
  if (window_days_ <= 0)
    return MakeError(ErrorCode::kInvalidArgument, "the naive window must be positive days");
  auto window = TrainWindowOf(snapshot, selection);
  if (!window.ok()) return window.error();
  selection_ = selection;
  fitted_ = true;
  return Status::Ok();
}

Status NaiveModel::Score(const CitySnapshot& snapshot, const Slot& slot,
                         std::span<double> out) const {
  VIGIL_RETURN_IF_ERROR(CheckScoreArguments(snapshot, slot, out, fitted_, selection_.known_before));
  const auto window_s = static_cast<UnixSeconds>(window_days_) * 86400;
  const std::vector<std::uint32_t> events =
      SelectEvents(snapshot, selection_, slot.start - window_s, slot.start);
  std::fill(out.begin(), out.end(), 0.0);
  const double scale = static_cast<double>(slot.length_s) / static_cast<double>(window_s);
  BinEvents(
      snapshot, events, [scale](std::uint32_t) { return scale; }, out);
  return Status::Ok();
}

}  // namespace vigil::risk
