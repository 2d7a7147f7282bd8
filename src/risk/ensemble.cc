#include "risk/ensemble.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include "risk/events.h"

namespace vigil::risk {
namespace {

// Euclidean projection onto the probability simplex (Duchi et al. 2008).
std::vector<double> ProjectToSimplex(std::vector<double> v) {
  std::vector<double> u = v;
  std::sort(u.begin(), u.end(), std::greater<>());
  double cumulative = 0, theta = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    cumulative += u[i];
    const double t = (cumulative - 1) / static_cast<double>(i + 1);
    if (u[i] - t > 0) theta = t;
  }
  for (double& x : v) x = std::max(x - theta, 0.0);
  return v;
}

constexpr double kRateFloor = 1e-12;

double LogLikelihood(const std::vector<double>& w, const std::vector<std::vector<double>>& p,
                     const std::vector<double>& y, const std::vector<double>& totals) {
  double ll = 0;
  for (std::size_t j = 0; j < y.size(); ++j) {
    double mix = 0;
    for (std::size_t i = 0; i < w.size(); ++i) mix += w[i] * p[i][j];
    ll += y[j] * std::log(std::max(mix, kRateFloor));
  }
  for (std::size_t i = 0; i < w.size(); ++i) ll -= w[i] * totals[i];
  return ll;
}

}  // namespace

Status EnsembleOptions::Validate() const {
  if (members.empty())
    return MakeError(ErrorCode::kInvalidArgument, "the ensemble needs at least one member");
  std::unordered_set<std::string> seen;
  for (const std::string& m : members) {
    if (m == "ensemble")
      return MakeError(ErrorCode::kInvalidArgument, "the ensemble cannot contain itself");
    if (!seen.insert(m).second)
      return MakeError(ErrorCode::kInvalidArgument, "ensemble member '" + m + "' is listed twice");
  }
  if (holdout_days < 1)
    return MakeError(ErrorCode::kInvalidArgument, "the ensemble holdout must be at least 1 day");
  if (!(hit_rate_area_share > 0 && hit_rate_area_share <= 1)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the ensemble hit_rate_area_share must lie in (0, 1]");
  }
  if (grid_steps < 1 || grid_steps > 20)
    return MakeError(ErrorCode::kInvalidArgument, "ensemble grid_steps must be in [1, 20]");
  if (max_iterations < 1 || max_iterations > 100000) {
    return MakeError(ErrorCode::kInvalidArgument, "ensemble max_iterations must be in [1, 100000]");
  }
  return Status::Ok();
}

std::vector<double> FitSimplexWeights(const std::vector<std::vector<double>>& predictions,
                                      const std::vector<double>& counts,
                                      const std::vector<double>& totals, int max_iterations) {
  const std::size_t m = predictions.size();
  std::vector<double> w(m, 1.0 / static_cast<double>(m));
  if (m <= 1) return w;
  double current = LogLikelihood(w, predictions, counts, totals);
  double step = 1.0 / std::max(1.0, *std::max_element(totals.begin(), totals.end()));
  std::vector<double> grad(m);
  for (int it = 0; it < max_iterations; ++it) {
    std::fill(grad.begin(), grad.end(), 0.0);
    for (std::size_t j = 0; j < counts.size(); ++j) {
      double mix = 0;
      for (std::size_t i = 0; i < m; ++i) mix += w[i] * predictions[i][j];
      mix = std::max(mix, kRateFloor);
      for (std::size_t i = 0; i < m; ++i) grad[i] += counts[j] * predictions[i][j] / mix;
    }
    for (std::size_t i = 0; i < m; ++i) grad[i] -= totals[i];
    bool improved = false;
    for (int tries = 0; tries < 60; ++tries) {
      std::vector<double> candidate(m);
      for (std::size_t i = 0; i < m; ++i) candidate[i] = w[i] + step * grad[i];
      candidate = ProjectToSimplex(std::move(candidate));
      const double value = LogLikelihood(candidate, predictions, counts, totals);
      if (value > current) {
        const double gain = value - current;
        w = std::move(candidate);
        current = value;
        step *= 2;
        improved = gain > 1e-12 * std::max(1.0, std::abs(current));
        break;
      }
      step /= 2;
    }
    if (!improved) break;
  }
  return w;
}

namespace {

// Calls visit(counts) for every way of writing `total` as an ordered sum of counts.size()
// non-negative integers, in lexicographic order of the counts, last part varying fastest.
template <typename Visit>
void ForEachComposition(std::vector<int>& counts, std::size_t at, int total, const Visit& visit) {
  if (at + 1 == counts.size()) {
    counts[at] = total;
    visit(counts);
    return;
  }
  for (int k = total; k >= 0; --k) {
    counts[at] = k;
    ForEachComposition(counts, at + 1, total - k, visit);
  }
}

}  // namespace

std::vector<double> FitHitRateWeights(const std::vector<std::vector<std::vector<double>>>& surfaces,
                                      const std::vector<std::vector<double>>& observed,
                                      std::size_t flagged, int steps) {
  const std::size_t m = surfaces.empty() ? 0 : surfaces.front().size();
  std::vector<double> best(m, m == 0 ? 0.0 : 1.0 / static_cast<double>(m));
  if (m <= 1 || steps < 1) return best;
  double best_score = -1;
  std::vector<int> parts(m, 0);
  std::vector<double> mix;
  std::vector<std::size_t> order;
  ForEachComposition(parts, 0, steps, [&](const std::vector<int>& counts) {
    double score = 0;
    for (std::size_t d = 0; d < surfaces.size(); ++d) {
      const std::vector<double>& y = observed[d];
      const double total = std::accumulate(y.begin(), y.end(), 0.0);
      if (total <= 0) continue;
      const std::size_t cells = y.size();
      mix.assign(cells, 0.0);
      for (std::size_t i = 0; i < m; ++i) {
        if (counts[i] == 0) continue;
        const double w = static_cast<double>(counts[i]) / steps;
        for (std::size_t c = 0; c < cells; ++c) mix[c] += w * surfaces[d][i][c];
      }
      const std::size_t k = std::min(flagged, cells);
      order.resize(cells);
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                       [&](std::size_t a, std::size_t b) { return mix[a] > mix[b]; });
      double hits = 0;
      for (std::size_t j = 0; j < k; ++j) hits += y[order[j]];
      score += hits / total;
    }
    if (score > best_score + 1e-12) {
      best_score = score;
      for (std::size_t i = 0; i < m; ++i) best[i] = static_cast<double>(counts[i]) / steps;
    }
  });
  return best;
}

EnsembleModel::EnsembleModel(EnsembleOptions options, RiskModelFactory factory)
    : options_(std::move(options)), factory_(std::move(factory)) {}

Status EnsembleModel::Fit(const CitySnapshot& snapshot, const EventSelection& selection) {
  VIGIL_RETURN_IF_ERROR(options_.Validate());
  if (!factory_)
    return MakeError(ErrorCode::kInvalidArgument, "the ensemble has no member factory");
  auto window = TrainWindowOf(snapshot, selection);
  if (!window.ok()) return window.error();
  fitted_ = false;
  const UnixSeconds holdout_start =
      window->end - static_cast<UnixSeconds>(options_.holdout_days) * 86400;
  if (holdout_start <= window->start) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the training window is shorter than the ensemble holdout");
  }
  EventSelection early = selection;
  early.known_before = holdout_start;

  // Observed daily counts of the holdout, and each member's forecasts of them.
  const auto cells = static_cast<std::size_t>(snapshot.grid().cell_count());
  std::vector<double> counts;                      // y > 0 observations
  std::vector<std::pair<int, std::size_t>> where;  // (day, cell) of each
  std::vector<std::vector<double>> day_counts(static_cast<std::size_t>(options_.holdout_days),
                                              std::vector<double>(cells));
  for (int d = 0; d < options_.holdout_days; ++d) {
    const UnixSeconds from = holdout_start + static_cast<UnixSeconds>(d) * 86400;
    const std::vector<std::uint32_t> events = SelectEvents(snapshot, selection, from, from + 86400);
    auto& y = day_counts[static_cast<std::size_t>(d)];
    BinEvents(
        snapshot, events, [](std::uint32_t) { return 1.0; }, y);
    for (std::size_t c = 0; c < cells; ++c) {
      if (y[c] > 0) {
        counts.push_back(y[c]);
        where.emplace_back(d, c);
      }
    }
  }
  // kHitRate works on the cells that have held any incident (the city's outline, as the
  // backtest draws it) and flags hit_rate_area_share of them.
  std::vector<std::size_t> active;
  for (std::size_t c = 0; c < cells; ++c) {
    if (!snapshot.IncidentsInCell(static_cast<std::int64_t>(c)).empty()) active.push_back(c);
  }
  const bool by_hit_rate = options_.objective == EnsembleObjective::kHitRate;
  // by_hit_rate: [day][member][active cell] forecasts and [day][active cell] counts.
  std::vector<std::vector<std::vector<double>>> day_surfaces(
      by_hit_rate ? static_cast<std::size_t>(options_.holdout_days) : 0);
  std::vector<std::vector<double>> day_observed(day_surfaces.size());
  for (std::size_t d = 0; d < day_observed.size(); ++d) {
    for (const std::size_t c : active) day_observed[d].push_back(day_counts[d][c]);
  }
  std::vector<std::unique_ptr<RiskModel>> members;
  std::vector<std::vector<double>> predictions;
  std::vector<double> totals;
  std::vector<double> surface(cells);
  for (const std::string& name : options_.members) {
    auto member = factory_(name);
    if (!member.ok()) return member.error();
    if (*member == nullptr)
      return MakeError(ErrorCode::kInternal, "the factory returned no model for '" + name + "'");
    Status s = (*member)->Fit(snapshot, early);
    if (!s.ok())
      return MakeError(s.error().code, "ensemble member '" + name + "': " + s.error().message);
    std::vector<double> at_obs(counts.size());
    double total = 0;
    for (int d = 0; d < options_.holdout_days; ++d) {
      const Slot slot{holdout_start + static_cast<UnixSeconds>(d) * 86400, 86400};
      s = (*member)->Score(snapshot, slot, surface);
      if (!s.ok())
        return MakeError(s.error().code, "ensemble member '" + name + "': " + s.error().message);
      total += std::accumulate(surface.begin(), surface.end(), 0.0);
      if (by_hit_rate) {
        std::vector<double>& kept =
            day_surfaces[static_cast<std::size_t>(d)].emplace_back(active.size());
        for (std::size_t j = 0; j < active.size(); ++j) kept[j] = surface[active[j]];
      }
      for (std::size_t j = 0; j < where.size(); ++j) {
        if (where[j].first == d) at_obs[j] = surface[where[j].second];
      }
    }
    predictions.push_back(std::move(at_obs));
    totals.push_back(total);
    members.push_back(std::move(*member));
  }
  if (by_hit_rate) {
    const auto flagged = static_cast<std::size_t>(
        std::ceil(options_.hit_rate_area_share * static_cast<double>(active.size())));
    weights_ = FitHitRateWeights(day_surfaces, day_observed, std::max<std::size_t>(flagged, 1),
                                 options_.grid_steps);
  } else {
    weights_ = FitSimplexWeights(predictions, counts, totals, options_.max_iterations);
  }
  if (options_.refit_members) {
    for (std::size_t i = 0; i < members.size(); ++i) {
      const Status s = members[i]->Fit(snapshot, selection);
      if (!s.ok())
        return MakeError(s.error().code,
                         "ensemble member '" + options_.members[i] + "': " + s.error().message);
    }
    known_before_ = selection.known_before;
  } else {
    known_before_ = holdout_start;
  }
  members_ = std::move(members);
  fitted_ = true;
  return Status::Ok();
}

Status EnsembleModel::Score(const CitySnapshot& snapshot, const Slot& slot,
                            std::span<double> out) const {
  VIGIL_RETURN_IF_ERROR(CheckScoreArguments(snapshot, slot, out, fitted_, known_before_));
  std::fill(out.begin(), out.end(), 0.0);
  std::vector<double> surface(out.size());
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (weights_[i] <= 0) continue;
    VIGIL_RETURN_IF_ERROR(members_[i]->Score(snapshot, slot, surface));
    for (std::size_t c = 0; c < out.size(); ++c) out[c] += weights_[i] * surface[c];
  }
  return Status::Ok();
}

}  // namespace vigil::risk
