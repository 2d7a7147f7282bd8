#include "risk/events.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace vigil::risk {

bool EventSelection::Matches(Category c) const {
  if (categories.empty()) return IsMajorCrime(c);
  return std::find(categories.begin(), categories.end(), c) != categories.end();
}

std::vector<std::uint32_t> SelectEvents(const CitySnapshot& snapshot,
                                        const EventSelection& selection, UnixSeconds from,
                                        UnixSeconds to) {
  const EventColumns& e = snapshot.incidents();
  std::vector<std::uint32_t> out;
  if (to <= from) return out;
  const std::size_t begin = snapshot.LowerBoundReported(from);
  const std::size_t end = snapshot.LowerBoundReported(to);
  for (std::size_t i = begin; i < end; ++i) {
    if (e.cell[i] >= 0 && selection.Matches(e.category[i]))
      out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

Result<TrainWindow> TrainWindowOf(const CitySnapshot& snapshot, const EventSelection& selection) {
  if (snapshot.grid().cell_count() <= 0) {
    return MakeError(ErrorCode::kFailedPrecondition, "the snapshot grid has no cells");
  }
  TrainWindow w;
  w.end = selection.known_before;
  if (selection.train_from) {
    w.start = *selection.train_from;
  } else if (snapshot.incidents().size() > 0) {
    w.start = snapshot.incidents().reported_at.front();
  } else {
    w.start = w.end;
  }
  if (w.start >= w.end) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the training window is empty: train_from must be before known_before and "
                     "the snapshot must hold events reported before known_before");
  }
  return w;
}

Status CheckScoreArguments(const CitySnapshot& snapshot, const Slot& slot, std::span<double> out,
                           bool fitted, UnixSeconds known_before) {
  if (!fitted)
    return MakeError(ErrorCode::kFailedPrecondition, "the model must be fitted before scoring");
  if (static_cast<std::int64_t>(out.size()) != snapshot.grid().cell_count()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the output has " + std::to_string(out.size()) + " entries but the grid has " +
                         std::to_string(snapshot.grid().cell_count()) + " cells");
  }
  if (slot.length_s <= 0)
    return MakeError(ErrorCode::kInvalidArgument, "the slot length must be positive");
  if (slot.start < known_before) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the slot starts before the fit's known_before cut-off");
  }
  return Status::Ok();
}

double CountsPerDayFactor(std::span<const double> surface, std::size_t holdout_events,
                          double holdout_days) {
  const double total = std::accumulate(surface.begin(), surface.end(), 0.0);
  if (!(total > 0) || !(holdout_days > 0)) return 0;
  return static_cast<double>(holdout_events) / (holdout_days * total);
}

}  // namespace vigil::risk
