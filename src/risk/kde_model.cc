#include "risk/kde_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "risk/events.h"

namespace vigil::risk {
namespace {

// One pass of the separable convolution along `length` positions; `stride` steps between
// neighbours, `lines` x `line_stride` walks the other axis.
void SmoothAxis(std::span<const double> in, std::span<double> out, std::int64_t length,
                std::int64_t stride, std::int64_t lines, std::int64_t line_stride,
                std::span<const double> kernel) {
  const auto radius = static_cast<std::int64_t>(kernel.size() / 2);
  // Sum of the kernel weights that land inside [0, length) for a source at each position.
  std::vector<double> inside(static_cast<std::size_t>(length), 0.0);
  for (std::int64_t p = 0; p < length; ++p) {
    const std::int64_t lo = std::max<std::int64_t>(-radius, -p);
    const std::int64_t hi = std::min<std::int64_t>(radius, length - 1 - p);
    double s = 0;
    for (std::int64_t k = lo; k <= hi; ++k) s += kernel[static_cast<std::size_t>(k + radius)];
    inside[static_cast<std::size_t>(p)] = s;
  }
  for (std::int64_t line = 0; line < lines; ++line) {
    const std::int64_t base = line * line_stride;
    for (std::int64_t p = 0; p < length; ++p) {
      const double v = in[static_cast<std::size_t>(base + p * stride)];
      if (v == 0) continue;
      const double scaled = v / inside[static_cast<std::size_t>(p)];
      const std::int64_t lo = std::max<std::int64_t>(-radius, -p);
      const std::int64_t hi = std::min<std::int64_t>(radius, length - 1 - p);
      for (std::int64_t k = lo; k <= hi; ++k) {
        out[static_cast<std::size_t>(base + (p + k) * stride)] +=
            scaled * kernel[static_cast<std::size_t>(k + radius)];
      }
    }
  }
}

}  // namespace

void GaussianSmooth(const geo::Grid& grid, std::span<const double> cells, double bandwidth_m,
                    double truncate, std::span<double> out) {
  const double sigma_cells = bandwidth_m / grid.cell_size;
  const auto radius = static_cast<std::int64_t>(std::ceil(truncate * sigma_cells));
  std::vector<double> kernel(static_cast<std::size_t>(2 * radius + 1));
  for (std::int64_t k = -radius; k <= radius; ++k) {
    const double z = static_cast<double>(k) / sigma_cells;
    kernel[static_cast<std::size_t>(k + radius)] = std::exp(-0.5 * z * z);
  }
  std::vector<double> rows_done(cells.size(), 0.0);
  std::fill(out.begin(), out.end(), 0.0);
  // Along each row (x), then along each column (y).
  SmoothAxis(cells, rows_done, grid.columns, 1, grid.rows, grid.columns, kernel);
  SmoothAxis(rows_done, out, grid.rows, grid.columns, grid.columns, 1, kernel);
}

Status KdeOptions::Validate() const {
  if (bandwidths_m.empty() || half_lives_days.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "kde needs at least one bandwidth and one half-life");
  }
  for (double b : bandwidths_m) {
    if (!(b > 0) || !std::isfinite(b))
      return MakeError(ErrorCode::kInvalidArgument, "kde bandwidths must be positive metres");
  }
  for (double h : half_lives_days) {
    if (!(h > 0) || !std::isfinite(h))
      return MakeError(ErrorCode::kInvalidArgument, "kde half-lives must be positive days");
  }
  if (!(truncate_bandwidths >= 1 && truncate_bandwidths <= 6)) {
    return MakeError(ErrorCode::kInvalidArgument, "kde truncate_bandwidths must be in [1, 6]");
  }
  if (!(holdout_days > 0) || !(lookback_days > 0)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "kde holdout_days and lookback_days must be positive");
  }
  if (!(uniform_floor > 0 && uniform_floor < 1)) {
    return MakeError(ErrorCode::kInvalidArgument, "kde uniform_floor must be in (0, 1)");
  }
  return Status::Ok();
}

void KdeModel::Surface(const CitySnapshot& snapshot, UnixSeconds at, double bandwidth_m,
                       double half_life_days, std::span<double> out) const {
  const auto lookback_s = static_cast<UnixSeconds>(options_.lookback_days * kSecondsPerDay);
  const std::vector<std::uint32_t> events = SelectEvents(snapshot, selection_, at - lookback_s, at);
  std::vector<double> binned(out.size(), 0.0);
  const auto& reported = snapshot.incidents().reported_at;
  const double decay_per_s = std::log(2.0) / (half_life_days * kSecondsPerDay);
  BinEvents(
      snapshot, events,
      [&](std::uint32_t i) {
        return std::exp(-decay_per_s * static_cast<double>(at - reported[i]));
      },
      binned);
  GaussianSmooth(snapshot.grid(), binned, bandwidth_m, options_.truncate_bandwidths, out);
}

Status KdeModel::Fit(const CitySnapshot& snapshot, const EventSelection& selection) {
  VIGIL_RETURN_IF_ERROR(options_.Validate());
  auto window = TrainWindowOf(snapshot, selection);
  if (!window.ok()) return window.error();
  selection_ = selection;
  // Hold out the tail of the training window; at most half of it.
  const double holdout_days = std::min(options_.holdout_days, window->days() / 2);
  const UnixSeconds cut = window->end - static_cast<UnixSeconds>(holdout_days * kSecondsPerDay);
  const std::vector<std::uint32_t> holdout = SelectEvents(snapshot, selection_, cut, window->end);
  const auto cells = static_cast<std::size_t>(snapshot.grid().cell_count());
  std::vector<double> observed(cells, 0.0);
  BinEvents(
      snapshot, holdout, [](std::uint32_t) { return 1.0; }, observed);

  double best_ll = -std::numeric_limits<double>::infinity();
  bandwidth_m_ = options_.bandwidths_m.front();
  half_life_days_ = options_.half_lives_days.front();
  std::vector<double> surface(cells);
  for (const double half_life : options_.half_lives_days) {
    for (const double bandwidth : options_.bandwidths_m) {
      Surface(snapshot, cut, bandwidth, half_life, surface);
      const double total = std::accumulate(surface.begin(), surface.end(), 0.0);
      if (!(total > 0)) continue;
      // Poisson log-likelihood of the held-out counts under mean = N * p, up to terms that do
      // not depend on the surface: sum n_c log p_c.
      const double floor = options_.uniform_floor / static_cast<double>(cells);
      double ll = 0;
      for (std::size_t c = 0; c < cells; ++c) {
        if (observed[c] == 0) continue;
        ll += observed[c] * std::log((1 - options_.uniform_floor) * surface[c] / total + floor);
      }
      if (ll > best_ll) {
        best_ll = ll;
        bandwidth_m_ = bandwidth;
        half_life_days_ = half_life;
      }
    }
  }
  Surface(snapshot, cut, bandwidth_m_, half_life_days_, surface);
  counts_per_day_ = CountsPerDayFactor(surface, holdout.size(), holdout_days);
  fitted_ = true;
  return Status::Ok();
}

Status KdeModel::Score(const CitySnapshot& snapshot, const Slot& slot,
                       std::span<double> out) const {
  VIGIL_RETURN_IF_ERROR(CheckScoreArguments(snapshot, slot, out, fitted_, selection_.known_before));
  VIGIL_RETURN_IF_ERROR(RatesAt(snapshot, slot.start, out));
  const double days = static_cast<double>(slot.length_s) / kSecondsPerDay;
  for (double& v : out) v *= days;
  return Status::Ok();
}

Status KdeModel::RatesAt(const CitySnapshot& snapshot, UnixSeconds at,
                         std::span<double> out) const {
  if (!fitted_) return MakeError(ErrorCode::kFailedPrecondition, "kde has not been fitted");
  if (static_cast<std::int64_t>(out.size()) != snapshot.grid().cell_count()) {
    return MakeError(ErrorCode::kInvalidArgument, "the output has the wrong number of cells");
  }
  Surface(snapshot, at, bandwidth_m_, half_life_days_, out);
  for (double& v : out) v = std::max(0.0, v * counts_per_day_);
  return Status::Ok();
}

}  // namespace vigil::risk
