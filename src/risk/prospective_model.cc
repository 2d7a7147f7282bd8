#include "risk/prospective_model.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "risk/events.h"

namespace vigil::risk {

Status ProspectiveOptions::Validate() const {
  if (!(window_days > 0) || !std::isfinite(window_days)) {
    return MakeError(ErrorCode::kInvalidArgument, "prospective window_days must be positive");
  }
  if (!(distance_m >= 0) || !std::isfinite(distance_m)) {
    return MakeError(ErrorCode::kInvalidArgument, "prospective distance_m must be >= 0 metres");
  }
  if (!(holdout_days > 0))
    return MakeError(ErrorCode::kInvalidArgument, "prospective holdout_days must be positive");
  return Status::Ok();
}

void ProspectiveSurface(const CitySnapshot& snapshot, const EventSelection& selection,
                        const ProspectiveOptions& options, UnixSeconds at, std::span<double> out) {
  const geo::Grid& grid = snapshot.grid();
  std::fill(out.begin(), out.end(), 0.0);
  const auto window_s = static_cast<UnixSeconds>(options.window_days * kSecondsPerDay);
  const std::vector<std::uint32_t> events = SelectEvents(snapshot, selection, at - window_s, at);
  const auto& reported = snapshot.incidents().reported_at;
  constexpr UnixSeconds kWeek = UnixSeconds{7} * 86400;
  std::vector<double> binned(out.size(), 0.0);
  BinEvents(
      snapshot, events,
      [&](std::uint32_t i) {
        const UnixSeconds whole_weeks = (at - reported[i]) / kWeek;  // completed weeks ago
        return 1.0 / (1.0 + static_cast<double>(whole_weeks));
      },
      binned);

  // Spatial weights 1 / (1 + d) for offsets within the distance, d in cells.
  const double radius_cells = options.distance_m / grid.cell_size;
  const auto r = static_cast<std::int64_t>(std::floor(radius_cells + 1e-9));
  std::vector<double> kernel(static_cast<std::size_t>((2 * r + 1) * (2 * r + 1)), 0.0);
  for (std::int64_t dy = -r; dy <= r; ++dy) {
    for (std::int64_t dx = -r; dx <= r; ++dx) {
      const double d = std::sqrt(static_cast<double>(dx * dx + dy * dy));
      if (d <= radius_cells + 1e-9)
        kernel[static_cast<std::size_t>((dy + r) * (2 * r + 1) + dx + r)] = 1.0 / (1.0 + d);
    }
  }
  for (std::int64_t cell = 0; cell < grid.cell_count(); ++cell) {
    const double v = binned[static_cast<std::size_t>(cell)];
    if (v == 0) continue;
    const std::int64_t row = cell / grid.columns;
    const std::int64_t col = cell % grid.columns;
    for (std::int64_t dy = std::max(-r, -row); dy <= std::min(r, grid.rows - 1 - row); ++dy) {
      for (std::int64_t dx = std::max(-r, -col); dx <= std::min(r, grid.columns - 1 - col); ++dx) {
        const double k = kernel[static_cast<std::size_t>((dy + r) * (2 * r + 1) + dx + r)];
        if (k > 0) out[static_cast<std::size_t>((row + dy) * grid.columns + col + dx)] += v * k;
      }
    }
  }
}

Status ProspectiveModel::Fit(const CitySnapshot& snapshot, const EventSelection& selection) {
  VIGIL_RETURN_IF_ERROR(options_.Validate());
  auto window = TrainWindowOf(snapshot, selection);
  if (!window.ok()) return window.error();
  selection_ = selection;
  const double holdout_days = std::min(options_.holdout_days, window->days() / 2);
  const UnixSeconds cut = window->end - static_cast<UnixSeconds>(holdout_days * kSecondsPerDay);
  const std::size_t holdout = SelectEvents(snapshot, selection_, cut, window->end).size();
  std::vector<double> surface(static_cast<std::size_t>(snapshot.grid().cell_count()));
  ProspectiveSurface(snapshot, selection_, options_, cut, surface);
  counts_per_day_ = CountsPerDayFactor(surface, holdout, holdout_days);
  fitted_ = true;
  return Status::Ok();
}

Status ProspectiveModel::Score(const CitySnapshot& snapshot, const Slot& slot,
                               std::span<double> out) const {
  VIGIL_RETURN_IF_ERROR(CheckScoreArguments(snapshot, slot, out, fitted_, selection_.known_before));
  ProspectiveSurface(snapshot, selection_, options_, slot.start, out);
  const double scale = counts_per_day_ * static_cast<double>(slot.length_s) / kSecondsPerDay;
  for (double& v : out) v *= scale;
  return Status::Ok();
}

}  // namespace vigil::risk
