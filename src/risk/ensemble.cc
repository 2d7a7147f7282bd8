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
      for (std::size_t j = 0; j < where.size(); ++j) {
        if (where[j].first == d) at_obs[j] = surface[where[j].second];
      }
    }
    predictions.push_back(std::move(at_obs));
    totals.push_back(total);
    members.push_back(std::move(*member));
  }
  weights_ = FitSimplexWeights(predictions, counts, totals, options_.max_iterations);
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
