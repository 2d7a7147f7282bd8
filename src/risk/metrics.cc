#include "risk/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace vigil::risk {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool FiniteNonNegative(double v) { return std::isfinite(v) && v >= 0; }

// Indices of the city's cells, after checking the argument contract.
Result<std::vector<std::uint32_t>> CityCells(std::span<const double> predicted,
                                             std::span<const double>* observed,
                                             std::span<const std::uint8_t> city) {
  const std::size_t n = predicted.size();
  if (observed != nullptr && observed->size() != n) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "predicted and observed counts differ in length (" + std::to_string(n) +
                         " vs " + std::to_string(observed->size()) + ")");
  }
  if (!city.empty() && city.size() != n) {
    return MakeError(ErrorCode::kInvalidArgument, "the city mask must have one entry per cell");
  }
  std::vector<std::uint32_t> cells;
  cells.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!city.empty() && city[i] == 0) continue;
    if (!FiniteNonNegative(predicted[i])) {
      return MakeError(ErrorCode::kInvalidArgument, "predicted count of cell " + std::to_string(i) +
                                                        " is negative or not finite");
    }
    if (observed != nullptr && !FiniteNonNegative((*observed)[i])) {
      return MakeError(ErrorCode::kInvalidArgument, "observed count of cell " + std::to_string(i) +
                                                        " is negative or not finite");
    }
    cells.push_back(static_cast<std::uint32_t>(i));
  }
  if (cells.empty()) return MakeError(ErrorCode::kInvalidArgument, "the city mask selects no cell");
  return cells;
}

// A group of cells with equal predicted value: [begin, end) in ranked order.
struct TieGroup {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Ranks `cells` by `value` (highest first; equal values by cell id so the order is
// deterministic) and returns the runs of equal values.
std::vector<TieGroup> RankInGroups(std::span<const double> value,
                                   std::vector<std::uint32_t>* cells) {
  std::sort(cells->begin(), cells->end(), [&](std::uint32_t a, std::uint32_t b) {
    return value[a] != value[b] ? value[a] > value[b] : a < b;
  });
  std::vector<TieGroup> groups;
  for (std::size_t i = 0; i < cells->size();) {
    std::size_t j = i + 1;
    while (j < cells->size() && value[(*cells)[j]] == value[(*cells)[i]]) ++j;
    groups.push_back({i, j});
    i = j;
  }
  return groups;
}

// A piecewise-linear cumulative curve: (flagged cells, captured events) at its breakpoints,
// starting at (0, 0). Within a segment events accrue at a constant rate per cell.
struct Curve {
  std::vector<double> cells{0.0};
  std::vector<double> events{0.0};

  void Add(double group_cells, double group_events) {
    cells.push_back(cells.back() + group_cells);
    events.push_back(events.back() + group_events);
  }

  double At(double x) const {
    if (x <= 0) return 0;
    if (x >= cells.back()) return events.back();
    const auto k =
        static_cast<std::size_t>(std::upper_bound(cells.begin(), cells.end(), x) - cells.begin());
    const double width = cells[k] - cells[k - 1];
    return events[k - 1] + (events[k] - events[k - 1]) * (x - cells[k - 1]) / width;
  }

  // Integral of the curve over [0, x].
  double Integral(double x) const {
    double sum = 0;
    for (std::size_t k = 1; k < cells.size() && cells[k - 1] < x; ++k) {
      const double right = std::min(cells[k], x);
      sum += 0.5 * (events[k - 1] + At(right)) * (right - cells[k - 1]);
    }
    return sum;
  }
};

Curve RankedCurve(std::span<const double> ranking, std::span<const double> observed,
                  std::vector<std::uint32_t> cells) {
  Curve curve;
  for (const TieGroup& g : RankInGroups(ranking, &cells)) {
    double events = 0;
    for (std::size_t i = g.begin; i < g.end; ++i) events += observed[cells[i]];
    curve.Add(static_cast<double>(g.end - g.begin), events);
  }
  return curve;
}

}  // namespace

Status MetricsOptions::Validate() const {
  if (area_shares.empty())
    return MakeError(ErrorCode::kInvalidArgument, "metrics need at least one area share");
  for (const double a : area_shares) {
    if (!(a > 0 && a <= 1))
      return MakeError(ErrorCode::kInvalidArgument, "area shares must lie in (0, 1]");
  }
  if (!(auc_max_share > 0 && auc_max_share <= 1)) {
    return MakeError(ErrorCode::kInvalidArgument, "the AUC area limit must lie in (0, 1]");
  }
  if (curve_steps < 1)
    return MakeError(ErrorCode::kInvalidArgument, "curve_steps must be at least 1");
  if (!(log_score_floor > 0))
    return MakeError(ErrorCode::kInvalidArgument, "the log-score floor must be positive");
  return Status::Ok();
}

Result<SlotMetrics> ComputeSlotMetrics(std::span<const double> predicted,
                                       std::span<const double> observed,
                                       std::span<const std::uint8_t> city,
                                       const MetricsOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  auto cells = CityCells(predicted, &observed, city);
  if (!cells.ok()) return cells.error();
  const auto n = static_cast<double>(cells->size());

  SlotMetrics m;
  m.cells = static_cast<std::int64_t>(cells->size());
  double log_sum = 0;
  for (const std::uint32_t c : *cells) {
    const double y = observed[c];
    const double mu = std::max(predicted[c], options.log_score_floor);
    m.observed += y;
    log_sum += y * std::log(mu) - mu - std::lgamma(y + 1);
  }
  m.log_score = log_sum / n;

  const Curve model = RankedCurve(predicted, observed, *cells);
  const Curve perfect = RankedCurve(observed, observed, *cells);
  const double total = m.observed;
  auto hit_rate = [&](const Curve& curve, double share) {
    return total > 0 ? curve.At(share * n) / total : kNaN;
  };
  for (const double a : options.area_shares) {
    const double h = hit_rate(model, a);
    const double best = hit_rate(perfect, a);
    m.hit_rate.push_back(h);
    m.pai.push_back(h / a);
    m.pei.push_back(best > 0 ? h / best : kNaN);
  }
  for (int i = 0; i <= options.curve_steps; ++i) {
    m.curve.push_back(hit_rate(model, options.auc_max_share * i / options.curve_steps));
  }
  const double x_max = options.auc_max_share * n;
  m.auc = total > 0 ? model.Integral(x_max) / (total * x_max) : kNaN;
  return m;
}

Result<std::vector<double>> FlagWeights(std::span<const double> predicted,
                                        std::span<const std::uint8_t> city, double area_share) {
  if (!(area_share >= 0 && area_share <= 1)) {
    return MakeError(ErrorCode::kInvalidArgument, "the flagged area share must lie in [0, 1]");
  }
  auto cells = CityCells(predicted, nullptr, city);
  if (!cells.ok()) return cells.error();
  const double flagged = area_share * static_cast<double>(cells->size());
  std::vector<double> weight(predicted.size(), 0.0);
  for (const TieGroup& g : RankInGroups(predicted, &*cells)) {
    const auto size = static_cast<double>(g.end - g.begin);
    const double share = std::clamp(flagged - static_cast<double>(g.begin), 0.0, size) / size;
    if (share <= 0) break;
    for (std::size_t i = g.begin; i < g.end; ++i) weight[(*cells)[i]] = share;
  }
  return weight;
}

}  // namespace vigil::risk
