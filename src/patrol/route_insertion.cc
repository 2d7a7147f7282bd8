// Best-ratio insertion of the orienteering search (route_state.h): the cheapest feasible
// position of every candidate in every route, kept up to date as sites are inserted.
#include <algorithm>
#include <iterator>
#include <limits>
#include <vector>

#include "patrol/route_state.h"

namespace vigil::patrol::internal {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

void RouteState::InsertGreedy(double noise, Rng& rng, double offset) {
  const std::size_t k = routes_.size();
  const std::size_t c = candidates_.size();
  std::vector<double> weight(c, 1.0);
  if (noise > 0) {
    for (double& w : weight) w = 1.0 + noise * (rng.Uniform() - 0.5);
  }
  // best_delta[r][i]: cheapest feasible insertion of candidates_[i] into route r;
  // feasible[r]: the candidate indices with one (entries go stale when a site loses its gain).
  // A route whose slack is below a candidate's dwell cannot take it when travel times obey the
  // triangle inequality (straight lines, shortest road paths), so such pairs are not scanned.
  best_delta_.resize(k);
  best_pos_.resize(k);
  feasible_.resize(k);
  auto refresh = [&](int r) {
    const auto ur = static_cast<std::size_t>(r);
    const double slack = Budget(r) - time_[ur];
    std::vector<int>& list = feasible_[ur];
    list.clear();
    best_delta_[ur].assign(c, kInf);
    best_pos_[ur].assign(c, -1);
    if (!(slack >= min_dwell_)) return;
    if (HasBothMatrices()) {  // every candidate at once, then the same filters
      CheapestInsertionsAll(r, &best_delta_[ur], &best_pos_[ur]);
      for (std::size_t i = 0; i < c; ++i) {
        const int v = candidates_[i];
        if (Dwell(v) > slack || !CanEnter(r, v) || !(best_delta_[ur][i] <= slack)) {
          best_delta_[ur][i] = kInf;
          best_pos_[ur][i] = -1;
        } else {
          list.push_back(static_cast<int>(i));
        }
      }
      return;
    }
    for (std::size_t i = 0; i < c; ++i) {
      const int v = candidates_[i];
      if (Dwell(v) > slack || !CanEnter(r, v)) continue;
      int best_at = -1;
      const double best = CheapestInsertion(r, v, slack, &best_at);
      if (best_at >= 0) {
        best_delta_[ur][i] = best;
        best_pos_[ur][i] = best_at;
        list.push_back(static_cast<int>(i));
      }
    }
  };
  // After v was inserted at position p of route r: the edge it broke is gone, two new edges
  // are there, the slack is smaller. Each candidate's cheapest position stays the cheapest of
  // the unchanged edges unless it was the broken one (then the route is scanned again for that
  // candidate), and is compared with the two new edges: the same result as refresh(r), in
  // O(candidates) instead of O(candidates x route length).
  auto update_after_insert = [&](int r, int p) {
    const auto ur = static_cast<std::size_t>(r);
    const double slack = Budget(r) - time_[ur];
    if (!(slack >= min_dwell_)) {
      feasible_[ur].clear();
      return;
    }
    auto delta_at = [&](int v, int pos) {
      const int a = Prev(r, pos);
      const int b = Next(r, pos);
      return Travel(a, v) + Dwell(v) + Travel(v, b) - Travel(a, b);
    };
    std::vector<int> kept;
    std::vector<int> added;
    std::vector<char> listed(c, 0);
    for (const int ii : feasible_[ur]) listed[static_cast<std::size_t>(ii)] = 1;
    for (std::size_t i = 0; i < c; ++i) {
      const int v = candidates_[i];
      double& best = best_delta_[ur][i];
      int& at = best_pos_[ur][i];
      if (!listed[i] || at < 0) {  // no position fitted before: only the new edges can
        if (Dwell(v) > slack || !CanEnter(r, v)) continue;
        double d_best = kInf;
        int d_at = -1;
        for (const int pos : {p, p + 1}) {
          const double d = delta_at(v, pos);
          if (d <= slack && d < d_best) {
            d_best = d;
            d_at = pos;
          }
        }
        if (d_at < 0) continue;
        best = d_best;
        at = d_at;
        (listed[i] ? kept : added).push_back(static_cast<int>(i));
        continue;
      }
      if (!CanEnter(r, v)) {
        at = -1;
        continue;
      }
      if (at == p) {  // its cheapest edge is gone: scan the route again
        best = CheapestInsertion(r, v, slack, &at);
      } else {
        if (at > p) ++at;  // positions after the new site moved up by one
        for (const int pos : {p, p + 1}) {
          const double d = delta_at(v, pos);
          if (d < best || (d == best && pos < at)) {
            best = d;
            at = pos;
          }
        }
        if (best > slack) at = -1;
      }
      if (at >= 0) kept.push_back(static_cast<int>(i));
    }
    std::vector<int>& list = feasible_[ur];
    list.clear();
    std::merge(kept.begin(), kept.end(), added.begin(), added.end(), std::back_inserter(list));
  };
  for (std::size_t r = 0; r < k; ++r) refresh(static_cast<int>(r));
  while (true) {
    double best_ratio = -1;
    int best_r = -1;
    std::size_t best_i = 0;
    for (std::size_t r = 0; r < k; ++r) {
      for (int ii : feasible_[r]) {
        const auto i = static_cast<std::size_t>(ii);
        if (best_pos_[r][i] < 0) continue;
        const double gain = Gain(candidates_[i]);
        if (!(gain > 0)) continue;
        const double ratio = gain * weight[i] / (std::max(best_delta_[r][i], 0.0) + offset + 1e-9);
        if (ratio > best_ratio) {
          best_ratio = ratio;
          best_r = static_cast<int>(r);
          best_i = i;
        }
      }
    }
    if (best_r < 0) break;
    const auto ur = static_cast<std::size_t>(best_r);
    const int v = candidates_[best_i];
    const int inserted_at = best_pos_[ur][best_i];
    InsertAt(best_r, inserted_at, v, best_delta_[ur][best_i]);
    update_after_insert(best_r, inserted_at);
    // Another visit of v is worth less (or nothing) to the other routes; their slack is unchanged.
    for (std::size_t r = 0; r < k; ++r) {
      if (r != ur && !CanEnter(static_cast<int>(r), v)) best_pos_[r][best_i] = -1;
    }
  }
}

}  // namespace vigil::patrol::internal
