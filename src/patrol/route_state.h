// Internal to the orienteering solver: a mutable plan (routes, times, visit counts) with the
// moves of the local search. Not a public API.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "patrol/orienteering.h"

namespace vigil::patrol::internal {

// splitmix64: small, fast and the same on every platform (std:: distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  int Below(int n) { return n <= 1 ? 0 : static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }

 private:
  std::uint64_t state_;
};

class RouteState {
 public:
  // `dense`, when given, is the problem's travel times as a row-major n x n matrix (n =
  // problem.travel->size()), read in place of the virtual TravelTimes calls: the search spends
  // most of its time reading travel times. `dense_to`, when given with it, is the same matrix
  // transposed (dense_to[b * n + a] = seconds from a to b), so that the insertion costs of
  // every candidate at one position are read from two contiguous rows. Neither is owned.
  RouteState(const OrienteeringProblem& problem, double repeat_fraction,
             const double* dense = nullptr, const double* dense_to = nullptr);

  const std::vector<std::vector<int>>& routes() const { return routes_; }
  double score() const { return score_; }
  const std::vector<double>& times() const { return time_; }

  // Replaces the plan with `routes` (one list of sites per route, none of them an endpoint,
  // none twice in one route) and recomputes times, visit counts and score. Budgets are not
  // checked: the caller passes a feasible plan.
  void SetRoutes(const std::vector<std::vector<int>>& routes);

  // Best-ratio insertion until nothing fits: the site and position with the highest
  // gain / (extra time + offset). `noise` in [0, 1] perturbs each site's ratio by a factor in
  // [1 - noise/2, 1 + noise/2) drawn from `rng` (0 = plain greedy). A positive `offset` (time
  // units) favours high scores over cheap detours.
  void InsertGreedy(double noise, Rng& rng, double offset = 0);
  // 2-opt on every route until no reversal shortens it (first improvement).
  void TwoOptAll();
  void TwoOpt(int r);  // the same on route r alone
  // Relocate and swap sites between routes while the total time drops.
  void ExchangeBetweenRoutes();
  // Replaces a visited site by an unvisited one of higher gain at the same position when the
  // route stays within budget. Returns true when any replacement was made.
  bool Replace();
  // Moves driving out of route `a` into the other routes' spare time: repeatedly relocates one
  // of a's visits to another route, or swaps one with another route's visit, choosing the move
  // that shortens `a` the most while every route stays within budget. The score is unchanged;
  // the total time may grow. Returns whether `a` got shorter.
  // When `saved` is given, each route it changes is first saved there (once), for Restore.
  struct SavedRoute {
    int route = 0;
    std::vector<int> sites;
    double time = 0;
  };
  bool GatherSlack(int a, std::vector<SavedRoute>* saved = nullptr);
  // Puts saved routes back (sites, time, membership); visit counts and score must not have
  // changed since they were saved.
  void Restore(const std::vector<SavedRoute>& saved);
  // GatherSlack on the route with the most spare time, then 2-opt and insertion: the spare
  // time scattered over the routes (each too little for a stop) gathered for one more stop.
  // Returns whether the score rose.
  bool GatherSlackForOneMore(Rng& rng);
  // Ruin: removes a random segment (length up to `fraction` of the route, >= 1) from each of
  // up to `max_routes` routes drawn at random.
  void RemoveSegments(double fraction, int max_routes, Rng& rng);
  // Ruin: removes each visited site with this probability.
  void RemoveRandom(double probability, Rng& rng);
  // Ruin: removes up to `count` visited sites nearest (by travel time) to a random visited site.
  void RemoveCluster(int count, Rng& rng);

  // 64-bit fingerprint of the routes (order included), to tell plans apart.
  std::uint64_t Fingerprint() const;

 private:
  double Travel(int a, int b) const {
    return dense_ != nullptr
               ? dense_[static_cast<std::size_t>(a) * sites_ + static_cast<std::size_t>(b)]
               : problem_->travel->Seconds(a, b);
  }
  double Dwell(int v) const { return dwell_[static_cast<std::size_t>(v)]; }
  int Prev(int r, int pos) const;  // site before position pos (start when pos == 0)
  int Next(int r, int pos) const;  // site at position pos (end when pos == size)
  double Gain(int v) const;        // score of one more visit of v
  double Loss(int v) const;        // score lost by dropping one visit of v
  bool CanEnter(int r, int v) const;
  void InsertAt(int r, int pos, int v, double delta);
  void EraseAt(int r, int pos);
  void RecomputeTime(int r);
  int PositionOf(int r, int v) const;  // index of v in route r (v must be in it)
  // Swaps the site at position i of route a with the one at position j of route b (neither
  // already in the other route) when both routes stay within budget and their total time
  // drops; returns whether it did.
  bool SwapIfShorter(int a, int i, int b, int j);
  // Swaps the site at position i of route a with the one at position j of route b; their
  // times change by da and db.
  void ApplySwap(int a, int i, int b, int j, double da, double db);
  // The cheapest position to insert v into route r within `slack` (extra time <= slack, the
  // first of equal ones) in *pos, and its extra time; infinity and -1 when none fits.
  double CheapestInsertion(int r, int v, double slack, int* pos) const;
  // CheapestInsertion of every candidate into route r at once, without the slack: (*delta)[i]
  // and (*pos)[i] for candidates_[i], the first of equal ones; the same values as
  // CheapestInsertion wherever that finds a position. Position-major over the two matrices, so
  // only when both dense_ and dense_to_ are set.
  void CheapestInsertionsAll(int r, std::vector<double>* delta, std::vector<int>* pos) const;
  bool HasBothMatrices() const { return dense_ != nullptr && dense_to_ != nullptr; }
  // Inserts the candidate of the best gain / extra time that fits route r, at its cheapest
  // position; returns whether one did.
  bool InsertBestInto(int r);
  void BuildNeighbours();   // neighbours_ for large problems
  void ExchangeGranular();  // ExchangeBetweenRoutes over neighbours_
  double Budget(int r) const;

  const OrienteeringProblem* problem_;
  const double* dense_ = nullptr;     // see the constructor; not owned
  const double* dense_to_ = nullptr;  // its transpose; see the constructor; not owned
  std::size_t sites_ = 0;             // problem_->travel->size()
  double repeat_fraction_;
  std::vector<double> dwell_;
  std::vector<int> candidates_;  // sites that may be visited (score > 0, reachable)
  std::vector<std::vector<int>> routes_;
  std::vector<double> time_;
  std::vector<int> visits_;                  // per site, routes visiting it
  std::vector<std::vector<char>> in_route_;  // [route][site]
  double score_ = 0;
  double min_dwell_ = std::numeric_limits<double>::infinity();  // over candidates_
  // Per site its nearest candidates by round-trip time; null for small problems (full scans).
  // Shared by the copies the search makes of a state.
  std::shared_ptr<const std::vector<std::vector<int>>> neighbours_;
  // InsertGreedy scratch, kept to avoid reallocating per call.
  std::vector<std::vector<double>> best_delta_;
  std::vector<std::vector<int>> best_pos_;
  // InsertBestInto scratch.
  std::vector<double> scan_delta_;
  std::vector<int> scan_pos_;
  std::vector<std::vector<int>> feasible_;
  std::vector<int> gather_where_;  // GatherSlack scratch
};

}  // namespace vigil::patrol::internal
