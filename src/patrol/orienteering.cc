#include "patrol/orienteering.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "patrol/route_state.h"

namespace vigil::patrol {
namespace {

using internal::Rng;
using internal::RouteState;

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// A distinct plan kept for the randomised choice.
struct PoolEntry {
  double score = 0;
  std::uint64_t fingerprint = 0;
  std::vector<std::vector<int>> routes;
  std::vector<double> times;
};

constexpr std::size_t kPoolCapacity = 256;
// At most this many sites are removed by one ruin, so that an iteration stays cheap on plans
// with hundreds of stops.
constexpr int kMaxRuin = 40;

class Pool {
 public:
  explicit Pool(double band) : band_(band) {}
  void Offer(const RouteState& s, double best) {
    if (s.score() < Floor(best)) return;
    const std::uint64_t f = s.Fingerprint();
    for (const PoolEntry& e : entries_) {
      if (e.fingerprint == f) return;
    }
    entries_.push_back({s.score(), f, s.routes(), s.times()});
    Prune(best);
    if (entries_.size() > kPoolCapacity) {
      // Drop the lowest score (ties: the latest) to bound memory.
      auto worst = std::min_element(
          entries_.begin(), entries_.end(),
          [](const PoolEntry& a, const PoolEntry& b) { return a.score < b.score; });
      entries_.erase(worst);
    }
  }
  void Prune(double best) {
    const double floor = Floor(best);
    std::erase_if(entries_, [floor](const PoolEntry& e) { return e.score < floor; });
  }
  const std::vector<PoolEntry>& entries() const { return entries_; }

 private:
  double Floor(double best) const { return best * (1.0 - band_) - 1e-9 * std::max(1.0, best); }
  double band_;
  std::vector<PoolEntry> entries_;
};

// A dense copy of small travel-time tables: the search reads them millions of times.
class MatrixTravelTimes final : public TravelTimes {
 public:
  explicit MatrixTravelTimes(const TravelTimes& source)
      : n_(source.size()),
        seconds_(static_cast<std::size_t>(n_) * static_cast<std::size_t>(n_)),
        seconds_to_(seconds_.size()) {
    for (int a = 0; a < n_; ++a) {
      for (int b = 0; b < n_; ++b) {
        seconds_[Index(a, b)] = source.Seconds(a, b);
        seconds_to_[Index(b, a)] = seconds_[Index(a, b)];
      }
    }
  }
  int size() const override { return n_; }
  double Seconds(int from, int to) const override { return seconds_[Index(from, to)]; }
  const double* data() const { return seconds_.data(); }        // [from * n + to]
  const double* to_data() const { return seconds_to_.data(); }  // [to * n + from]

 private:
  std::size_t Index(int a, int b) const {
    return static_cast<std::size_t>(a) * static_cast<std::size_t>(n_) + static_cast<std::size_t>(b);
  }
  int n_;
  std::vector<double> seconds_;
  std::vector<double> seconds_to_;  // the transpose
};

// Problems with at most this many sites get a dense matrix and its transpose (2 x 2,500^2
// doubles = 100 MB).
constexpr int kMaxMatrixSites = 2500;

}  // namespace

EuclideanTravelTimes::EuclideanTravelTimes(std::vector<Point> points, double speed)
    : points_(std::move(points)), speed_(speed) {}

double EuclideanTravelTimes::Seconds(int from, int to) const {
  const Point& a = points_[static_cast<std::size_t>(from)];
  const Point& b = points_[static_cast<std::size_t>(to)];
  return std::hypot(a.x - b.x, a.y - b.y) / speed_;
}

Status OrienteeringProblem::Validate() const {
  if (travel == nullptr) return Invalid("orienteering problem: travel times are missing");
  const int n = travel->size();
  if (static_cast<int>(score.size()) != n) {
    return Invalid("orienteering problem: " + std::to_string(score.size()) + " scores for " +
                   std::to_string(n) + " sites");
  }
  if (!dwell.empty() && static_cast<int>(dwell.size()) != n) {
    return Invalid("orienteering problem: dwell times do not match the sites");
  }
  for (int v = 0; v < n; ++v) {
    const double s = score[static_cast<std::size_t>(v)];
    if (!std::isfinite(s) || s < 0)
      return Invalid("orienteering problem: score of site " + std::to_string(v) +
                     " is not a finite number >= 0");
    if (!dwell.empty()) {
      const double d = dwell[static_cast<std::size_t>(v)];
      if (!std::isfinite(d) || d < 0)
        return Invalid("orienteering problem: dwell of site " + std::to_string(v) +
                       " is not a finite number >= 0");
    }
  }
  if (routes.empty()) return Invalid("orienteering problem: no routes");
  for (std::size_t r = 0; r < routes.size(); ++r) {
    const RouteSpec& spec = routes[r];
    if (spec.start < 0 || spec.start >= n || spec.end < 0 || spec.end >= n) {
      return Invalid("orienteering problem: route " + std::to_string(r) +
                     " starts or ends at an unknown site");
    }
    if (!std::isfinite(spec.tmax) || spec.tmax < 0) {
      return Invalid("orienteering problem: route " + std::to_string(r) +
                     " has a budget that is not a finite number >= 0");
    }
    if (travel->Seconds(spec.start, spec.end) > spec.tmax * (1 + 1e-9)) {
      return Invalid("orienteering problem: route " + std::to_string(r) +
                     " cannot go from its start to its end within its budget");
    }
  }
  return Status::Ok();
}

Status SolverOptions::Validate() const {
  if (max_iterations < 0) return Invalid("solver options: max_iterations must be >= 0");
  if (!std::isfinite(time_limit_s) || time_limit_s < 0)
    return Invalid("solver options: time_limit_s must be >= 0");
  if (!(repeat_fraction >= 0 && repeat_fraction < 1))
    return Invalid("solver options: repeat_fraction must be in [0, 1)");
  if (!(near_optimal_percent >= 0 && near_optimal_percent <= 100)) {
    return Invalid("solver options: near_optimal_percent must be in [0, 100]");
  }
  return Status::Ok();
}

double RouteTime(const OrienteeringProblem& problem, const RouteSpec& route,
                 const std::vector<int>& stops) {
  double t = 0;
  int at = route.start;
  for (int v : stops) {
    t += problem.travel->Seconds(at, v);
    if (!problem.dwell.empty()) t += problem.dwell[static_cast<std::size_t>(v)];
    at = v;
  }
  return t + problem.travel->Seconds(at, route.end);
}

double PlanScore(const OrienteeringProblem& problem, const std::vector<std::vector<int>>& routes,
                 double repeat_fraction) {
  std::vector<int> visits(problem.score.size(), 0);
  double total = 0;
  for (const auto& route : routes) {
    for (int v : route) {
      const int k = visits[static_cast<std::size_t>(v)]++;
      const double s = problem.score[static_cast<std::size_t>(v)];
      if (k == 0) {
        total += s;
      } else if (repeat_fraction > 0) {
        total += s * std::pow(repeat_fraction, k);
      }
    }
  }
  return total;
}

Result<OrienteeringSolution> SolveOrienteering(const OrienteeringProblem& original,
                                               const SolverOptions& options) {
  VIGIL_RETURN_IF_ERROR(original.Validate());
  VIGIL_RETURN_IF_ERROR(options.Validate());
  std::unique_ptr<MatrixTravelTimes> matrix;
  OrienteeringProblem problem = original;
  if (original.travel->size() <= kMaxMatrixSites) {
    matrix = std::make_unique<MatrixTravelTimes>(*original.travel);
    problem.travel = matrix.get();
  }
  const auto started = std::chrono::steady_clock::now();
  Rng rng(options.seed);

  RouteState current(problem, options.repeat_fraction, matrix ? matrix->data() : nullptr,
                     matrix ? matrix->to_data() : nullptr);
  current.InsertGreedy(0.0, rng);
  current.TwoOptAll();
  current.InsertGreedy(0.0, rng);
  while (current.Replace()) current.InsertGreedy(0.0, rng);
  RouteState best = current;
  Pool pool(options.randomise ? options.near_optimal_percent / 100.0 : 0.0);
  if (options.randomise) pool.Offer(best, best.score());

  double mean_budget = 0;
  for (const RouteSpec& r : problem.routes)
    mean_budget += r.tmax / static_cast<double>(problem.routes.size());
  auto total_time = [](const RouteState& plan) {
    double total = 0;
    for (const double t : plan.times()) total += t;
    return total;
  };
  int iterations = 0;
  int since_best = 0;
  const int restart_after = 50;
  for (; iterations < options.max_iterations; ++iterations) {
    if (options.time_limit_s > 0) {  // a clock read is cheap beside an iteration
      const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - started;
      if (spent.count() >= options.time_limit_s) break;
    }
    RouteState trial = current;
    // Ruin: a random choice of route segments, a spatial cluster or scattered sites; the
    // ruin and the insertion noise grow while the search is stuck.
    const double strength = std::min(0.7, 0.15 + 0.02 * since_best);
    const double noise = std::min(1.0, 0.3 + 0.02 * since_best);
    const double mode = rng.Uniform();
    if (mode < 0.4) {
      trial.RemoveSegments(strength, 3, rng);
    } else if (mode < 0.8) {
      int visited = 0;
      for (const auto& r : trial.routes()) visited += static_cast<int>(r.size());
      trial.RemoveCluster(std::clamp(static_cast<int>(std::ceil(strength * visited)), 1, kMaxRuin),
                          rng);
    } else {
      int visited = 0;
      for (const auto& r : trial.routes()) visited += static_cast<int>(r.size());
      trial.RemoveRandom(std::min(strength, kMaxRuin / std::max(1.0, static_cast<double>(visited))),
                         rng);
    }
    // Recreate.
    trial.TwoOptAll();
    trial.ExchangeBetweenRoutes();
    // Now and then favour score over detour length, which the plain ratio undervalues
    // (a far site worth more than several sites on the way).
    const double offset = rng.Uniform() < 0.3 ? rng.Uniform() * 0.5 * mean_budget : 0.0;
    trial.InsertGreedy(noise, rng, offset);
    for (int round = 0; round < 3; ++round) {
      trial.TwoOptAll();
      trial.InsertGreedy(0.0, rng);
      if (!trial.Replace()) break;
    }
    trial.TwoOptAll();
    trial.InsertGreedy(0.0, rng);
    // Spare time left scattered over the routes, each part too short for a stop, gathered
    // in one route for one more.
    trial.GatherSlackForOneMore(rng);

    if (options.randomise) pool.Offer(trial, std::max(best.score(), trial.score()));
    // Better: a higher score, or the same score in less time (room for more stops later).
    const bool better = trial.score() > best.score() + 1e-9 ||
                        (trial.score() >= best.score() - 1e-9 &&
                         total_time(trial) < total_time(best) - 1e-6 * mean_budget);
    if (better) {
      best = trial;
      since_best = 0;
      if (options.randomise) pool.Prune(best.score());
    } else {
      ++since_best;
    }
    // Record-to-record acceptance: keep plans within 1% of the best as the next start.
    if (trial.score() >= best.score() * 0.99) {
      current = std::move(trial);
    }
    if (since_best > 0 && since_best % restart_after == 0) current = best;
  }

  OrienteeringSolution solution;
  solution.iterations = iterations;
  solution.best_score = best.score();
  solution.routes = best.routes();
  solution.route_time = best.times();
  if (options.randomise && !pool.entries().empty()) {
    const auto& entries = pool.entries();
    const PoolEntry& pick =
        entries[static_cast<std::size_t>(rng.Below(static_cast<int>(entries.size())))];
    solution.routes = pick.routes;
    solution.route_time = pick.times;
    solution.near_optimal_plans = static_cast<int>(entries.size());
  }
  // Recompute from scratch so callers get exact figures, not accumulated deltas.
  for (std::size_t r = 0; r < solution.routes.size(); ++r) {
    solution.route_time[r] = RouteTime(original, original.routes[r], solution.routes[r]);
  }
  solution.score = PlanScore(original, solution.routes, options.repeat_fraction);
  return solution;
}

}  // namespace vigil::patrol
