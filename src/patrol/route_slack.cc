// Slack gathering of the orienteering search (route_state.h): moves driving out of one route
// into the spare time of the others, so that one route has room for one more stop.
#include <algorithm>
#include <vector>

#include "patrol/route_state.h"

namespace vigil::patrol::internal {
namespace {

// Improvements smaller than this (relative to the budget) are rounding, not progress.
constexpr double kRelEps = 1e-9;
// GatherSlackForOneMore tries the roomiest routes only: on the St. Louis naive-28d forecast
// (20 cars, seeds 1-12 at 250 iterations) the five roomiest found as many stops as all twenty
// in less time.
constexpr int kGatherRoutes = 5;

}  // namespace

void RouteState::SetRoutes(const std::vector<std::vector<int>>& routes) {
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    for (int v : routes_[r]) in_route_[r][static_cast<std::size_t>(v)] = 0;
  }
  std::fill(visits_.begin(), visits_.end(), 0);
  score_ = 0;
  routes_.assign(routes_.size(), {});
  for (std::size_t r = 0; r < routes_.size() && r < routes.size(); ++r) {
    for (int v : routes[r]) {
      score_ += Gain(v);
      routes_[r].push_back(v);
      in_route_[r][static_cast<std::size_t>(v)] = 1;
      ++visits_[static_cast<std::size_t>(v)];
    }
  }
  for (std::size_t r = 0; r < routes_.size(); ++r) RecomputeTime(static_cast<int>(r));
}

bool RouteState::GatherSlack(int a, std::vector<SavedRoute>* saved) {
  const auto ua = static_cast<std::size_t>(a);
  auto save = [&](int r) {
    if (saved == nullptr) return;
    for (const SavedRoute& s : *saved) {
      if (s.route == r) return;
    }
    saved->push_back({r, routes_[static_cast<std::size_t>(r)], time_[static_cast<std::size_t>(r)]});
  };
  const int k = static_cast<int>(routes_.size());
  if (k < 2) return false;
  enum class Kind { kNone, kRelocate, kSwap };
  bool any = false;
  // where[b * sites_ + w]: position of site w in route b, valid where in_route_[b][w].
  std::vector<int>& where = gather_where_;
  where.resize(static_cast<std::size_t>(k) * sites_);
  auto index_route = [&](int r) {
    const auto& route = routes_[static_cast<std::size_t>(r)];
    for (std::size_t j = 0; j < route.size(); ++j)
      where[static_cast<std::size_t>(r) * sites_ + static_cast<std::size_t>(route[j])] =
          static_cast<int>(j);
  };
  for (int r = 0; r < k; ++r) index_route(r);
  // Each applied move shortens route a, so the loop ends; the cap bounds its cost.
  const int max_steps = 2 * static_cast<int>(routes_[ua].size()) + 2;
  for (int step = 0; step < max_steps; ++step) {
    Kind kind = Kind::kNone;
    double best = -kRelEps * std::max(1.0, Budget(a));  // a must get shorter than this
    int best_i = -1, best_b = -1, best_j = -1;
    double best_db = 0;
    for (int i = 0; i < static_cast<int>(routes_[ua].size()); ++i) {
      const int v = routes_[ua][static_cast<std::size_t>(i)];
      const int p = Prev(a, i), n = Next(a, i + 1);
      const double with_v = Travel(p, v) + Dwell(v) + Travel(v, n);
      const double removed = Travel(p, n) - with_v;  // change of a's time without v (< 0)
      auto record = [&](Kind move, double shorter_by, int b, int j, double db) {
        kind = move;
        best = shorter_by;
        best_i = i;
        best_b = b;
        best_j = j;
        best_db = db;
      };
      // The partner w sits at position j of route b.
      auto consider = [&](int b, int j) {
        const auto ub = static_cast<std::size_t>(b);
        const double slack = Budget(b) - time_[ub];
        const bool v_fits_b = !in_route_[ub][static_cast<std::size_t>(v)];
        // Relocate v into b, just before position j (j may be the end of b).
        if (v_fits_b && removed < best) {
          const int pb = Prev(b, j), nb = Next(b, j);
          const double d = Travel(pb, v) + Dwell(v) + Travel(v, nb) - Travel(pb, nb);
          if (d <= slack) record(Kind::kRelocate, removed, b, j, d);
        }
        if (j >= static_cast<int>(routes_[ub].size()) || !v_fits_b) return;
        // Swap v and w when each route may take the other's site.
        const int w = routes_[ub][static_cast<std::size_t>(j)];
        if (in_route_[ua][static_cast<std::size_t>(w)]) return;
        const double da = Travel(p, w) + Dwell(w) + Travel(w, n) - with_v;
        if (!(da < best)) return;
        const int pb = Prev(b, j), nb = Next(b, j + 1);
        const double db =
            Travel(pb, v) + Dwell(v) + Travel(v, nb) - Travel(pb, w) - Dwell(w) - Travel(w, nb);
        if (db <= slack) record(Kind::kSwap, da, b, j, db);
      };
      if (neighbours_) {
        // Granular: partners among v's nearest sites, and the position after each of them.
        for (int w : (*neighbours_)[static_cast<std::size_t>(v)]) {
          for (int b = 0; b < k; ++b) {
            if (b == a || !in_route_[static_cast<std::size_t>(b)][static_cast<std::size_t>(w)])
              continue;
            const int j = where[static_cast<std::size_t>(b) * sites_ + static_cast<std::size_t>(w)];
            consider(b, j);
            consider(b, j + 1);
          }
        }
      } else {
        for (int b = 0; b < k; ++b) {
          if (b == a) continue;
          for (int j = 0; j <= static_cast<int>(routes_[static_cast<std::size_t>(b)].size()); ++j)
            consider(b, j);
        }
      }
    }
    if (kind == Kind::kNone) break;
    save(a);
    save(best_b);
    if (kind == Kind::kRelocate) {
      const int v = routes_[ua][static_cast<std::size_t>(best_i)];
      EraseAt(a, best_i);
      InsertAt(best_b, best_j, v, best_db);
    } else {
      ApplySwap(a, best_i, best_b, best_j, best, best_db);
    }
    index_route(a);
    index_route(best_b);
    any = true;
  }
  return any;
}

bool RouteState::InsertBestInto(int r) {
  const double slack = Budget(r) - time_[static_cast<std::size_t>(r)];
  double best_ratio = 0;
  int best_v = -1, best_pos = -1;
  double best_delta = 0;
  const bool scanned = HasBothMatrices();
  if (scanned) CheapestInsertionsAll(r, &scan_delta_, &scan_pos_);
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    const int v = candidates_[i];
    if (!CanEnter(r, v) || Dwell(v) > slack) continue;
    int pos = -1;
    double delta = 0;
    if (scanned) {
      delta = scan_delta_[i];
      pos = delta <= slack ? scan_pos_[i] : -1;
    } else {
      delta = CheapestInsertion(r, v, slack, &pos);
    }
    if (pos < 0) continue;
    const double ratio = Gain(v) / std::max(delta, 1e-9);
    if (ratio > best_ratio) {
      best_ratio = ratio;
      best_v = v;
      best_pos = pos;
      best_delta = delta;
    }
  }
  if (best_v < 0) return false;
  InsertAt(r, best_pos, best_v, best_delta);
  return true;
}

void RouteState::Restore(const std::vector<SavedRoute>& saved) {
  for (const SavedRoute& s : saved) {
    const auto r = static_cast<std::size_t>(s.route);
    for (int v : routes_[r]) in_route_[r][static_cast<std::size_t>(v)] = 0;
    routes_[r] = s.sites;
    for (int v : routes_[r]) in_route_[r][static_cast<std::size_t>(v)] = 1;
    time_[r] = s.time;
  }
}

bool RouteState::GatherSlackForOneMore(Rng& rng) {
  if (routes_.size() < 2) return false;
  // Roomier routes first: they are nearer to taking one more stop.
  std::vector<int> order(routes_.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = static_cast<int>(r);
  std::stable_sort(order.begin(), order.end(), [this](int x, int y) {
    return Budget(x) - time_[static_cast<std::size_t>(x)] >
           Budget(y) - time_[static_cast<std::size_t>(y)];
  });
  if (order.size() > static_cast<std::size_t>(kGatherRoutes)) order.resize(kGatherRoutes);
  std::vector<SavedRoute> saved;
  for (int r : order) {
    saved.clear();
    // Relocations and swaps keep every site's visit count, so the score stays and only the
    // touched routes need restoring.
    if (!GatherSlack(r, &saved)) continue;
    TwoOpt(r);
    // Only route r gained time: without room there for the shortest dwell, nothing fits.
    if (Budget(r) - time_[static_cast<std::size_t>(r)] >= min_dwell_ && InsertBestInto(r)) {
      InsertGreedy(0.0, rng);  // the gathered room may take more than one stop
      return true;
    }
    Restore(saved);
  }
  return false;
}

}  // namespace vigil::patrol::internal
