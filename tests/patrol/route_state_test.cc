// Moves of the orienteering search that tests reach through the internal RouteState: slack
// gathering (GatherSlack, GatherSlackForOneMore) and its undo (Restore), and the same search
// whether travel times are read through TravelTimes, a dense matrix, or a matrix and its
// transpose.
#include "patrol/route_state.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace vigil::patrol::internal {
namespace {

// Travel times given as a symmetric table.
class TableTravelTimes final : public TravelTimes {
 public:
  explicit TableTravelTimes(std::vector<std::vector<double>> table) : table_(std::move(table)) {}
  int size() const override { return static_cast<int>(table_.size()); }
  double Seconds(int from, int to) const override {
    return table_[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)];
  }

 private:
  std::vector<std::vector<double>> table_;
};

// Two cars, 15 minutes' dwell, 32 minutes each. Car A (from depot 0) holds x, 4 minutes away;
// car B (from depot 1) holds y, which is 0.5 from depot 0. Neither can add u (0.5 from
// depot 0): A would need 39 minutes, B 33. Swapping x and y costs B 8 minutes and saves A 7
// (the total grows by 1), after which A takes u in 31.5: three stops instead of two.
struct SwapCase {
  TableTravelTimes travel{{
      //  0    1    x    y    u
      {0.0, 1.5, 4.0, 0.5, 0.5},  // depot 0 (car A)
      {1.5, 0.0, 5.0, 1.0, 1.5},  // depot 1 (car B)
      {4.0, 5.0, 0.0, 4.5, 4.5},  // x = 2
      {0.5, 1.0, 4.5, 0.0, 0.5},  // y = 3
      {0.5, 1.5, 4.5, 0.5, 0.0},  // u = 4
  }};
  OrienteeringProblem problem;
  SwapCase() {
    problem.travel = &travel;
    problem.score = {0, 0, 1, 1, 1};
    problem.dwell = {0, 0, 15, 15, 15};
    problem.routes = {{.start = 0, .end = 0, .tmax = 32}, {.start = 1, .end = 1, .tmax = 32}};
  }
};

TEST(RouteStateTest, GatheringSlackMakesRoomForOneMoreStop) {
  SwapCase c;
  RouteState state(c.problem, 0.0);
  state.SetRoutes({{2}, {3}});
  ASSERT_DOUBLE_EQ(state.times()[0], 23);
  ASSERT_DOUBLE_EQ(state.times()[1], 17);
  Rng rng(1);
  // Plain insertion finds no room for u.
  state.InsertGreedy(0.0, rng);
  ASSERT_DOUBLE_EQ(state.score(), 2);

  ASSERT_TRUE(state.GatherSlackForOneMore(rng));
  EXPECT_DOUBLE_EQ(state.score(), 3);
  ASSERT_EQ(state.routes().size(), 2u);
  EXPECT_EQ(state.routes()[1], std::vector<int>({2}));
  ASSERT_EQ(state.routes()[0].size(), 2u);
  for (std::size_t r = 0; r < 2; ++r) {
    EXPECT_NEAR(state.times()[r], RouteTime(c.problem, c.problem.routes[r], state.routes()[r]),
                1e-12);
    EXPECT_LE(state.times()[r], 32 + 1e-9);
  }
}

TEST(RouteStateTest, GatheringThatFindsNoStopLeavesThePlanAsItWas) {
  SwapCase c;
  c.problem.score[4] = 0;  // u is worth nothing: the swap buys nothing
  RouteState state(c.problem, 0.0);
  state.SetRoutes({{2}, {3}});
  Rng rng(1);
  EXPECT_FALSE(state.GatherSlackForOneMore(rng));
  EXPECT_EQ(state.routes(), (std::vector<std::vector<int>>{{2}, {3}}));
  EXPECT_DOUBLE_EQ(state.times()[0], 23);
  EXPECT_DOUBLE_EQ(state.times()[1], 17);
  EXPECT_DOUBLE_EQ(state.score(), 2);
}

// On random plans of a problem large enough for the granular neighbourhoods, gathering keeps
// every route within budget, every visit (so the score), exact route times, and Restore puts
// the plan back exactly.
TEST(RouteStateTest, GatherSlackKeepsVisitsAndBudgetsAndRestores) {
  int gathered = 0;  // routes that got shorter, over all seeds
  for (const std::uint64_t seed : {3u, 17u, 29u}) {
    Rng rng(seed);
    std::vector<Point> points;
    for (int d = 0; d < 3; ++d) points.push_back({rng.Uniform() * 100, rng.Uniform() * 100});
    for (int i = 0; i < 300; ++i) points.push_back({rng.Uniform() * 100, rng.Uniform() * 100});
    EuclideanTravelTimes travel(points, 1.0);
    OrienteeringProblem p;
    p.travel = &travel;
    p.score.assign(points.size(), 1.0);
    p.dwell.assign(points.size(), 15.0);
    for (int d = 0; d < 3; ++d) {
      p.score[static_cast<std::size_t>(d)] = 0;
      p.dwell[static_cast<std::size_t>(d)] = 0;
    }
    for (int r = 0; r < 6; ++r) p.routes.push_back({.start = r % 3, .end = r % 3, .tmax = 240});
    RouteState state(p, 0.0);
    state.InsertGreedy(0.5, rng);
    const auto before = state.routes();
    const double score = state.score();
    std::vector<int> visits_before(points.size(), 0);
    for (const auto& route : before) {
      for (int v : route) ++visits_before[static_cast<std::size_t>(v)];
    }
    for (int r = 0; r < 6; ++r) {
      std::vector<RouteState::SavedRoute> saved;
      const double time_before = state.times()[static_cast<std::size_t>(r)];
      if (!state.GatherSlack(r, &saved)) continue;
      ++gathered;
      EXPECT_LT(state.times()[static_cast<std::size_t>(r)], time_before);
      EXPECT_DOUBLE_EQ(state.score(), score);
      std::vector<int> visits(points.size(), 0);
      for (std::size_t q = 0; q < state.routes().size(); ++q) {
        for (int v : state.routes()[q]) ++visits[static_cast<std::size_t>(v)];
        EXPECT_LE(state.times()[q], p.routes[q].tmax + 1e-6) << "seed " << seed << " route " << q;
        EXPECT_NEAR(state.times()[q], RouteTime(p, p.routes[q], state.routes()[q]), 1e-6);
      }
      EXPECT_EQ(visits, visits_before);
      state.Restore(saved);
      EXPECT_EQ(state.routes(), before);
    }
  }
  EXPECT_GT(gathered, 0);
}

// The search reads travel times through the virtual TravelTimes, from a dense matrix, or from a
// matrix and its transpose (every candidate's insertion cost at one position from two
// contiguous rows). All three must make exactly the same plans: 300 random sites (granular
// neighbourhoods), three depots, six cars, a few rounds of ruin and recreate.
TEST(RouteStateTest, MatrixAndTransposeGiveTheSamePlans) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    Rng points_rng(seed);
    std::vector<Point> points;
    for (int i = 0; i < 300; ++i)
      points.push_back({points_rng.Uniform() * 60, points_rng.Uniform() * 60});
    EuclideanTravelTimes travel(points, 1.0);
    const std::size_t n = points.size();
    std::vector<double> dense(n * n), dense_to(n * n);
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = 0; b < n; ++b) {
        dense[a * n + b] = travel.Seconds(static_cast<int>(a), static_cast<int>(b));
        dense_to[b * n + a] = dense[a * n + b];
      }
    }
    OrienteeringProblem p;
    p.travel = &travel;
    p.score.resize(n);
    for (std::size_t v = 3; v < n; ++v) p.score[v] = 1 + static_cast<double>(v % 7);
    p.dwell.assign(n, 10.0);
    for (int r = 0; r < 6; ++r) p.routes.push_back({.start = r % 3, .end = r % 3, .tmax = 240});
    RouteState plain(p, 0.0);
    RouteState matrix(p, 0.0, dense.data());
    RouteState both(p, 0.0, dense.data(), dense_to.data());
    Rng rng_plain(seed), rng_matrix(seed), rng_both(seed);
    auto step = [](RouteState& s, Rng& rng, int round) {
      if (round > 0) s.RemoveRandom(0.3, rng);
      s.TwoOptAll();
      s.ExchangeBetweenRoutes();
      s.InsertGreedy(0.5, rng);
      s.TwoOptAll();
      s.InsertGreedy(0.0, rng);
      while (s.Replace()) s.InsertGreedy(0.0, rng);
      s.GatherSlackForOneMore(rng);
    };
    for (int round = 0; round < 5; ++round) {
      step(plain, rng_plain, round);
      step(matrix, rng_matrix, round);
      step(both, rng_both, round);
      ASSERT_EQ(matrix.routes(), plain.routes()) << "seed " << seed << " round " << round;
      ASSERT_EQ(both.routes(), plain.routes()) << "seed " << seed << " round " << round;
      EXPECT_EQ(both.times(), plain.times());
      EXPECT_EQ(both.score(), plain.score());
    }
    int visited = 0;
    for (const auto& route : both.routes()) visited += static_cast<int>(route.size());
    EXPECT_GT(visited, 60) << "the cars make stops";
  }
}

}  // namespace
}  // namespace vigil::patrol::internal
