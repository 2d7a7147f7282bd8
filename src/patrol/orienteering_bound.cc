#include "patrol/orienteering_bound.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace vigil::patrol {

double OrienteeringUpperBound(const OrienteeringProblem& problem, double repeat_fraction) {
  const int n = problem.travel->size();
  const auto un = static_cast<std::size_t>(n);
  const TravelTimes& t = *problem.travel;
  std::vector<char> endpoint(un, 0);
  for (const RouteSpec& r : problem.routes) {
    endpoint[static_cast<std::size_t>(r.start)] = 1;
    endpoint[static_cast<std::size_t>(r.end)] = 1;
  }
  auto dwell = [&](int v) {
    return problem.dwell.empty() ? 0.0 : problem.dwell[static_cast<std::size_t>(v)];
  };
  // A site scores when some route can reach it, dwell and still get to its end in time.
  std::vector<int> sites;
  for (int v = 0; v < n; ++v) {
    const auto uv = static_cast<std::size_t>(v);
    if (endpoint[uv] || problem.score[uv] <= 0) continue;
    for (const RouteSpec& r : problem.routes) {
      if (t.Seconds(r.start, v) + dwell(v) + t.Seconds(v, r.end) <= r.tmax * (1 + 1e-12)) {
        sites.push_back(v);
        break;
      }
    }
  }
  if (sites.empty()) return 0;
  // Quickest way into and out of each scoring site, from or to any other site (a plan may pass
  // through sites that do not score).
  const double inf = std::numeric_limits<double>::infinity();
  struct Visit {
    double score = 0;
    double cost = 0;
  };
  std::vector<Visit> visits;
  const double fraction = std::clamp(repeat_fraction, 0.0, 1.0);
  const std::size_t max_visits = fraction > 0 ? problem.routes.size() : 1;
  for (int v : sites) {
    double in = inf;
    double out = inf;
    for (int u = 0; u < n; ++u) {
      if (u == v) continue;
      in = std::min(in, t.Seconds(u, v));
      out = std::min(out, t.Seconds(v, u));
    }
    const double cost = dwell(v) + (in + out) / 2;
    double score = problem.score[static_cast<std::size_t>(v)];
    for (std::size_t k = 0; k < max_visits && score > 0; ++k, score *= fraction)
      visits.push_back({score, cost});
  }
  // Pooled budget: a route that visits anything first drives from its start to some site and
  // last from some site to its end; half of each is not counted in the visits' costs.
  double capacity = 0;
  for (const RouteSpec& r : problem.routes) {
    double first = inf;
    double last = inf;
    for (int v = 0; v < n; ++v) {
      if (v != r.start) first = std::min(first, t.Seconds(r.start, v));
      if (v != r.end) last = std::min(last, t.Seconds(v, r.end));
    }
    capacity += std::max(0.0, r.tmax - (first + last) / 2);
  }
  // Fractional knapsack by score per unit of cost; free visits (cost 0) come first.
  std::sort(visits.begin(), visits.end(),
            [](const Visit& a, const Visit& b) { return a.score * b.cost > b.score * a.cost; });
  double bound = 0;
  for (const Visit& visit : visits) {
    if (visit.cost <= capacity) {
      bound += visit.score;
      capacity -= visit.cost;
    } else {
      bound += visit.score * capacity / visit.cost;
      break;
    }
  }
  return bound;
}

}  // namespace vigil::patrol
