#include "patrol/route_state.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>

namespace vigil::patrol::internal {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Improvements smaller than this (relative to the budget) are rounding, not progress.
constexpr double kRelEps = 1e-9;
// Problems with more candidates than this use granular neighbourhoods: relocate, swap and
// replace only consider each site's kNeighbours nearest candidates (by round-trip time).
// Smaller problems (the TOP benchmark, the tests) keep the full scans.
constexpr int kGranularMinSites = 150;
constexpr std::size_t kNeighbours = 40;

}  // namespace

int RouteState::PositionOf(int r, int v) const {
  const auto& route = routes_[static_cast<std::size_t>(r)];
  return static_cast<int>(std::find(route.begin(), route.end(), v) - route.begin());
}

void RouteState::BuildNeighbours() {
  const std::size_t c = candidates_.size();
  if (c <= static_cast<std::size_t>(kGranularMinSites)) return;
  auto lists = std::make_shared<std::vector<std::vector<int>>>(
      static_cast<std::size_t>(problem_->travel->size()));
  std::vector<std::pair<double, int>> by_time;
  const auto take = static_cast<std::ptrdiff_t>(std::min<std::size_t>(kNeighbours, c - 1));
  for (int v : candidates_) {
    by_time.clear();
    for (int w : candidates_) {
      if (w != v) by_time.emplace_back(Travel(v, w) + Travel(w, v), w);
    }
    std::partial_sort(by_time.begin(), by_time.begin() + take, by_time.end());
    auto& list = (*lists)[static_cast<std::size_t>(v)];
    for (std::ptrdiff_t i = 0; i < take; ++i)
      list.push_back(by_time[static_cast<std::size_t>(i)].second);
  }
  neighbours_ = std::move(lists);
}

bool RouteState::SwapIfShorter(int a, int i, int b, int j) {
  const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
  const int v = routes_[ua][static_cast<std::size_t>(i)];
  const int w = routes_[ub][static_cast<std::size_t>(j)];
  const int pa = Prev(a, i), na = Next(a, i + 1), pb = Prev(b, j), nb = Next(b, j + 1);
  const double da =
      Travel(pa, w) + Dwell(w) + Travel(w, na) - Travel(pa, v) - Dwell(v) - Travel(v, na);
  const double db =
      Travel(pb, v) + Dwell(v) + Travel(v, nb) - Travel(pb, w) - Dwell(w) - Travel(w, nb);
  if (time_[ua] + da > Budget(a) || time_[ub] + db > Budget(b)) return false;
  if (!(da + db < -kRelEps * std::max(1.0, time_[ua] + time_[ub]))) return false;
  ApplySwap(a, i, b, j, da, db);
  return true;
}

void RouteState::ApplySwap(int a, int i, int b, int j, double da, double db) {
  const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
  const int v = routes_[ua][static_cast<std::size_t>(i)];
  const int w = routes_[ub][static_cast<std::size_t>(j)];
  routes_[ua][static_cast<std::size_t>(i)] = w;
  routes_[ub][static_cast<std::size_t>(j)] = v;
  in_route_[ua][static_cast<std::size_t>(v)] = 0;
  in_route_[ua][static_cast<std::size_t>(w)] = 1;
  in_route_[ub][static_cast<std::size_t>(w)] = 0;
  in_route_[ub][static_cast<std::size_t>(v)] = 1;
  time_[ua] += da;
  time_[ub] += db;
}

double RouteState::CheapestInsertion(int r, int v, double slack, int* pos) const {
  const int len = static_cast<int>(routes_[static_cast<std::size_t>(r)].size());
  double best = kInf;
  *pos = -1;
  for (int at = 0; at <= len; ++at) {
    const int a = Prev(r, at);
    const int b = Next(r, at);
    const double d = Travel(a, v) + Dwell(v) + Travel(v, b) - Travel(a, b);
    if (d <= slack && d < best) {
      best = d;
      *pos = at;
    }
  }
  return best;
}

void RouteState::CheapestInsertionsAll(int r, std::vector<double>* delta,
                                       std::vector<int>* pos) const {
  const std::size_t c = candidates_.size();
  delta->assign(c, kInf);
  pos->assign(c, -1);
  double* best = delta->data();
  int* best_at = pos->data();
  const int* candidate = candidates_.data();
  const double* dwell = dwell_.data();
  const int len = static_cast<int>(routes_[static_cast<std::size_t>(r)].size());
  for (int at = 0; at <= len; ++at) {
    const int a = Prev(r, at);
    const int b = Next(r, at);
    const double ab = Travel(a, b);
    const double* from_a = dense_ + static_cast<std::size_t>(a) * sites_;   // [v]: a -> v
    const double* to_b = dense_to_ + static_cast<std::size_t>(b) * sites_;  // [v]: v -> b
    for (std::size_t i = 0; i < c; ++i) {
      const auto v = static_cast<std::size_t>(candidate[i]);
      // The same sum, in the same order, as CheapestInsertion: identical results.
      const double d = from_a[v] + dwell[v] + to_b[v] - ab;
      if (d < best[i]) {
        best[i] = d;
        best_at[i] = at;
      }
    }
  }
}

void RouteState::ExchangeGranular() {
  const int k = static_cast<int>(routes_.size());
  bool improved = true;
  int rounds = 0;
  while (improved && rounds++ < 3) {
    improved = false;
    for (int a = 0; a < k; ++a) {
      const auto ua = static_cast<std::size_t>(a);
      for (int i = 0; i < static_cast<int>(routes_[ua].size()); ++i) {
        const int v = routes_[ua][static_cast<std::size_t>(i)];
        // Relocate v next to one of its nearest sites in another route when the total drops.
        const double saved = Travel(Prev(a, i), v) + Dwell(v) + Travel(v, Next(a, i + 1)) -
                             Travel(Prev(a, i), Next(a, i + 1));
        double best = kInf;
        int best_b = -1;
        int best_pos = -1;
        // Only the routes that visit w (visits_[w] of them) are looked at.
        for (int w : (*neighbours_)[static_cast<std::size_t>(v)]) {
          int left = visits_[static_cast<std::size_t>(w)];
          for (int b = 0; b < k && left > 0; ++b) {
            const auto ub = static_cast<std::size_t>(b);
            if (!in_route_[ub][static_cast<std::size_t>(w)]) continue;
            --left;
            if (b == a || in_route_[ub][static_cast<std::size_t>(v)]) continue;
            const double slack = Budget(b) - time_[ub];
            const int j = PositionOf(b, w);
            for (int pos : {j, j + 1}) {
              const double d = Travel(Prev(b, pos), v) + Dwell(v) + Travel(v, Next(b, pos)) -
                               Travel(Prev(b, pos), Next(b, pos));
              if (d <= slack && d < best) {
                best = d;
                best_b = b;
                best_pos = pos;
              }
            }
          }
        }
        if (best_b >= 0 && best < saved - kRelEps * std::max(1.0, time_[ua])) {
          EraseAt(a, i);
          InsertAt(best_b, best_pos, v, best);
          improved = true;
          --i;  // position i now holds the next site
          continue;
        }
        // Swap v with one of its nearest sites in another route when both fit and the total
        // time drops.
        for (int w : (*neighbours_)[static_cast<std::size_t>(v)]) {
          bool swapped = false;
          int left = visits_[static_cast<std::size_t>(w)];
          for (int b = 0; b < k && !swapped && left > 0; ++b) {
            const auto ub = static_cast<std::size_t>(b);
            if (!in_route_[ub][static_cast<std::size_t>(w)]) continue;
            --left;
            if (b == a || in_route_[ub][static_cast<std::size_t>(v)] ||
                in_route_[ua][static_cast<std::size_t>(w)])
              continue;
            if (SwapIfShorter(a, i, b, PositionOf(b, w))) {
              improved = true;
              swapped = true;
            }
          }
          if (swapped) break;  // v moved: go on with the site now at position i
        }
      }
    }
  }
}

RouteState::RouteState(const OrienteeringProblem& problem, double repeat_fraction,
                       const double* dense, const double* dense_to)
    : problem_(&problem),
      dense_(dense),
      dense_to_(dense == nullptr ? nullptr : dense_to),
      sites_(static_cast<std::size_t>(problem.travel->size())),
      repeat_fraction_(repeat_fraction) {
  const int n = problem.travel->size();
  const auto un = static_cast<std::size_t>(n);
  dwell_ = problem.dwell.empty() ? std::vector<double>(un, 0.0) : problem.dwell;
  std::vector<char> endpoint(un, 0);
  for (const RouteSpec& r : problem.routes) {
    endpoint[static_cast<std::size_t>(r.start)] = 1;
    endpoint[static_cast<std::size_t>(r.end)] = 1;
  }
  for (int v = 0; v < n; ++v) {
    const auto uv = static_cast<std::size_t>(v);
    if (endpoint[uv] || !(problem.score[uv] > 0)) continue;
    bool reachable = false;
    for (const RouteSpec& r : problem.routes) {
      const double t = Travel(r.start, v) + dwell_[uv] + Travel(v, r.end);
      if (t <= r.tmax * (1 + kRelEps)) reachable = true;
    }
    if (reachable) {
      candidates_.push_back(v);
      min_dwell_ = std::min(min_dwell_, dwell_[uv]);
    }
  }
  const std::size_t k = problem.routes.size();
  routes_.assign(k, {});
  time_.assign(k, 0.0);
  in_route_.assign(k, std::vector<char>(un, 0));
  visits_.assign(un, 0);
  for (std::size_t r = 0; r < k; ++r) RecomputeTime(static_cast<int>(r));
  BuildNeighbours();
}

double RouteState::Budget(int r) const {
  const double tmax = problem_->routes[static_cast<std::size_t>(r)].tmax;
  return tmax + kRelEps * std::max(1.0, tmax);
}

int RouteState::Prev(int r, int pos) const {
  const auto& route = routes_[static_cast<std::size_t>(r)];
  return pos == 0 ? problem_->routes[static_cast<std::size_t>(r)].start
                  : route[static_cast<std::size_t>(pos - 1)];
}

int RouteState::Next(int r, int pos) const {
  const auto& route = routes_[static_cast<std::size_t>(r)];
  return pos == static_cast<int>(route.size()) ? problem_->routes[static_cast<std::size_t>(r)].end
                                               : route[static_cast<std::size_t>(pos)];
}

double RouteState::Gain(int v) const {
  const auto uv = static_cast<std::size_t>(v);
  const int k = visits_[uv];
  if (k == 0) return problem_->score[uv];
  if (repeat_fraction_ <= 0) return 0;
  return problem_->score[uv] * std::pow(repeat_fraction_, k);
}

double RouteState::Loss(int v) const {
  const auto uv = static_cast<std::size_t>(v);
  const int k = visits_[uv];
  if (k <= 1) return problem_->score[uv];
  return problem_->score[uv] * std::pow(repeat_fraction_, k - 1);
}

bool RouteState::CanEnter(int r, int v) const {
  if (in_route_[static_cast<std::size_t>(r)][static_cast<std::size_t>(v)]) return false;
  return Gain(v) > 0;
}

void RouteState::InsertAt(int r, int pos, int v, double delta) {
  const auto ur = static_cast<std::size_t>(r);
  score_ += Gain(v);
  routes_[ur].insert(routes_[ur].begin() + pos, v);
  time_[ur] += delta;
  in_route_[ur][static_cast<std::size_t>(v)] = 1;
  ++visits_[static_cast<std::size_t>(v)];
}

void RouteState::EraseAt(int r, int pos) {
  const auto ur = static_cast<std::size_t>(r);
  const int v = routes_[ur][static_cast<std::size_t>(pos)];
  const double delta = Travel(Prev(r, pos), v) + Dwell(v) + Travel(v, Next(r, pos + 1)) -
                       Travel(Prev(r, pos), Next(r, pos + 1));
  score_ -= Loss(v);
  --visits_[static_cast<std::size_t>(v)];
  in_route_[ur][static_cast<std::size_t>(v)] = 0;
  routes_[ur].erase(routes_[ur].begin() + pos);
  time_[ur] -= delta;
}

void RouteState::RecomputeTime(int r) {
  const auto ur = static_cast<std::size_t>(r);
  time_[ur] = RouteTime(*problem_, problem_->routes[ur], routes_[ur]);
}

void RouteState::TwoOptAll() {
  for (int r = 0; r < static_cast<int>(routes_.size()); ++r) TwoOpt(r);
}

void RouteState::TwoOpt(int route) {
  const auto r = static_cast<std::size_t>(route);
  const RouteSpec& spec = problem_->routes[r];
  bool improved = true;
  while (improved) {
    improved = false;
    std::vector<int> p;
    p.reserve(routes_[r].size() + 2);
    p.push_back(spec.start);
    p.insert(p.end(), routes_[r].begin(), routes_[r].end());
    p.push_back(spec.end);
    const int m = static_cast<int>(p.size());
    // fwd[i] = cost of p[0..i] forwards; bwd[i] = the same edges travelled backwards.
    std::vector<double> fwd(static_cast<std::size_t>(m), 0.0);
    std::vector<double> bwd(static_cast<std::size_t>(m), 0.0);
    for (int i = 1; i < m; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      fwd[ui] = fwd[ui - 1] + Travel(p[ui - 1], p[ui]);
      bwd[ui] = bwd[ui - 1] + Travel(p[ui], p[ui - 1]);
    }
    const double eps = kRelEps * std::max(1.0, spec.tmax);
    for (int i = 1; i + 1 < m - 1 && !improved; ++i) {
      for (int j = i + 1; j < m - 1; ++j) {
        const auto ui = static_cast<std::size_t>(i);
        const auto uj = static_cast<std::size_t>(j);
        const double delta = Travel(p[ui - 1], p[uj]) + Travel(p[ui], p[uj + 1]) -
                             Travel(p[ui - 1], p[ui]) - Travel(p[uj], p[uj + 1]) +
                             (bwd[uj] - bwd[ui]) - (fwd[uj] - fwd[ui]);
        if (delta < -eps) {
          std::reverse(routes_[r].begin() + (i - 1), routes_[r].begin() + j);
          RecomputeTime(static_cast<int>(r));
          improved = true;
          break;
        }
      }
    }
  }
}

void RouteState::ExchangeBetweenRoutes() {
  const int k = static_cast<int>(routes_.size());
  if (k < 2) return;
  if (neighbours_) {
    ExchangeGranular();
    return;
  }
  bool improved = true;
  int rounds = 0;
  while (improved && rounds++ < 3) {
    improved = false;
    for (int a = 0; a < k; ++a) {
      for (int b = 0; b < k; ++b) {
        if (a == b) continue;
        const auto ua = static_cast<std::size_t>(a);
        const auto ub = static_cast<std::size_t>(b);
        // Relocate a site from a to b when the total time drops.
        for (int i = 0; i < static_cast<int>(routes_[ua].size()); ++i) {
          const int v = routes_[ua][static_cast<std::size_t>(i)];
          if (in_route_[ub][static_cast<std::size_t>(v)]) continue;
          const double saved = Travel(Prev(a, i), v) + Dwell(v) + Travel(v, Next(a, i + 1)) -
                               Travel(Prev(a, i), Next(a, i + 1));
          const double slack = Budget(b) - time_[ub];
          double best = kInf;
          int best_pos = -1;
          for (int pos = 0; pos <= static_cast<int>(routes_[ub].size()); ++pos) {
            const double d = Travel(Prev(b, pos), v) + Dwell(v) + Travel(v, Next(b, pos)) -
                             Travel(Prev(b, pos), Next(b, pos));
            if (d <= slack && d < best) {
              best = d;
              best_pos = pos;
            }
          }
          if (best_pos >= 0 && best < saved - kRelEps * std::max(1.0, time_[ua])) {
            EraseAt(a, i);
            InsertAt(b, best_pos, v, best);
            improved = true;
            break;
          }
        }
        if (b < a) continue;
        // Swap a site of a with a site of b in place when both fit and the total time drops.
        for (int i = 0; i < static_cast<int>(routes_[ua].size()); ++i) {
          for (int j = 0; j < static_cast<int>(routes_[ub].size()); ++j) {
            const int v = routes_[ua][static_cast<std::size_t>(i)];
            const int w = routes_[ub][static_cast<std::size_t>(j)];
            if (in_route_[ua][static_cast<std::size_t>(w)] ||
                in_route_[ub][static_cast<std::size_t>(v)])
              continue;
            if (SwapIfShorter(a, i, b, j)) improved = true;
          }
        }
      }
    }
  }
}

bool RouteState::Replace() {
  bool any = false;
  std::vector<int> order;
  for (int v : candidates_) {
    if (Gain(v) > 0) order.push_back(v);
  }
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return Gain(x) > Gain(y); });
  // A replacement needs Gain(u) > Loss(v) for some visited v: sites worth no more than the
  // smallest loss in the plan (which replacements never lower) are skipped without a scan.
  double min_loss = kInf;
  for (const auto& route : routes_) {
    for (int v : route) min_loss = std::min(min_loss, Loss(v));
  }
  for (int u : order) {
    if (!(Gain(u) > min_loss - 1e-12)) continue;
    // The best replacement of a visit by u: the largest gain, or among equal ones (a site of
    // the same worth) the largest saving of time, which later insertions spend on more stops.
    double best_net = 0;
    int best_r = -1;
    int best_i = -1;
    double best_delta = 0;
    auto consider = [&](int r, int i) {
      const auto ur = static_cast<std::size_t>(r);
      const int v = routes_[ur][static_cast<std::size_t>(i)];
      const int a = Prev(r, i), b = Next(r, i + 1);
      const double d =
          Travel(a, u) + Dwell(u) + Travel(u, b) - Travel(a, v) - Dwell(v) - Travel(v, b);
      if (time_[ur] + d > Budget(r)) return;
      const double net = Gain(u) - Loss(v);
      const double eps = kRelEps * std::max(1.0, problem_->routes[ur].tmax);
      const bool more = net > best_net + 1e-12;
      const bool same_but_shorter =
          std::abs(net - best_net) <= 1e-12 && d < -eps && d < (best_r < 0 ? 0.0 : best_delta);
      if (more || same_but_shorter) {
        best_net = net;
        best_r = r;
        best_i = i;
        best_delta = d;
      }
    };
    if (neighbours_) {
      // Granular: only the visits of u's nearest sites are replaced by u.
      for (int w : (*neighbours_)[static_cast<std::size_t>(u)]) {
        int left = visits_[static_cast<std::size_t>(w)];  // routes visiting w
        for (int r = 0; r < static_cast<int>(routes_.size()) && left > 0; ++r) {
          if (!in_route_[static_cast<std::size_t>(r)][static_cast<std::size_t>(w)]) continue;
          --left;
          if (CanEnter(r, u)) consider(r, PositionOf(r, w));
        }
      }
    } else {
      for (int r = 0; r < static_cast<int>(routes_.size()); ++r) {
        if (!CanEnter(r, u)) continue;
        for (int i = 0; i < static_cast<int>(routes_[static_cast<std::size_t>(r)].size()); ++i)
          consider(r, i);
      }
    }
    if (best_r < 0) continue;
    const auto ur = static_cast<std::size_t>(best_r);
    const int v = routes_[ur][static_cast<std::size_t>(best_i)];
    score_ += Gain(u) - Loss(v);
    --visits_[static_cast<std::size_t>(v)];
    ++visits_[static_cast<std::size_t>(u)];
    in_route_[ur][static_cast<std::size_t>(v)] = 0;
    in_route_[ur][static_cast<std::size_t>(u)] = 1;
    routes_[ur][static_cast<std::size_t>(best_i)] = u;
    time_[ur] += best_delta;
    any = true;
  }
  return any;
}

void RouteState::RemoveSegments(double fraction, int max_routes, Rng& rng) {
  // A random subset of at most max_routes routes (a partial Fisher-Yates shuffle).
  std::vector<int> order(routes_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  const int take = std::min(max_routes, static_cast<int>(order.size()));
  for (int i = 0; i < take; ++i) {
    const int j = i + rng.Below(static_cast<int>(order.size()) - i);
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
  }
  for (int t = 0; t < take; ++t) {
    const int r = order[static_cast<std::size_t>(t)];
    const int len = static_cast<int>(routes_[static_cast<std::size_t>(r)].size());
    if (len == 0) continue;
    const int max_len = std::max(1, static_cast<int>(std::ceil(fraction * len)));
    const int count = 1 + rng.Below(max_len);
    const int pos = rng.Below(len - std::min(count, len) + 1);
    for (int i = 0;
         i < count && pos < static_cast<int>(routes_[static_cast<std::size_t>(r)].size()); ++i) {
      EraseAt(r, pos);
    }
    RecomputeTime(r);  // drop accumulated rounding
  }
}

void RouteState::RemoveRandom(double probability, Rng& rng) {
  for (int r = 0; r < static_cast<int>(routes_.size()); ++r) {
    for (int i = static_cast<int>(routes_[static_cast<std::size_t>(r)].size()) - 1; i >= 0; --i) {
      if (rng.Uniform() < probability) EraseAt(r, i);
    }
    RecomputeTime(r);
  }
}

void RouteState::RemoveCluster(int count, Rng& rng) {
  std::vector<std::pair<int, int>> visited;  // (route, site)
  for (int r = 0; r < static_cast<int>(routes_.size()); ++r) {
    for (int v : routes_[static_cast<std::size_t>(r)]) visited.emplace_back(r, v);
  }
  if (visited.empty()) return;
  const int centre =
      visited[static_cast<std::size_t>(rng.Below(static_cast<int>(visited.size())))].second;
  std::vector<std::pair<double, int>> by_distance;
  by_distance.reserve(visited.size());
  for (std::size_t i = 0; i < visited.size(); ++i) {
    by_distance.emplace_back(Travel(centre, visited[i].second), static_cast<int>(i));
  }
  const int take = std::min(count, static_cast<int>(by_distance.size()));
  std::partial_sort(by_distance.begin(), by_distance.begin() + take, by_distance.end());
  for (int t = 0; t < take; ++t) {
    const auto [r, v] =
        visited[static_cast<std::size_t>(by_distance[static_cast<std::size_t>(t)].second)];
    auto& route = routes_[static_cast<std::size_t>(r)];
    const auto it = std::find(route.begin(), route.end(), v);
    if (it != route.end()) EraseAt(r, static_cast<int>(it - route.begin()));
  }
  for (int r = 0; r < static_cast<int>(routes_.size()); ++r) RecomputeTime(r);
}

std::uint64_t RouteState::Fingerprint() const {
  std::uint64_t h = 14695981039346656037ULL;
  auto mix = [&h](std::uint64_t x) {
    h ^= x;
    h *= 1099511628211ULL;
  };
  for (const auto& route : routes_) {
    mix(0xFFFFFFFFULL);
    for (int v : route) mix(static_cast<std::uint64_t>(v));
  }
  return h;
}

}  // namespace vigil::patrol::internal
