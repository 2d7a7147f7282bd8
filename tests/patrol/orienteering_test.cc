#include "patrol/orienteering.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "patrol/orienteering_bound.h"

namespace vigil::patrol {
namespace {

// Deterministic test data (std:: distributions differ between standard libraries).
struct TestRng {
  std::uint64_t s;
  double Uniform() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) * 0x1.0p-53;
  }
};

// Shortest time of a path start -> every site of `mask` (over `nodes`) -> end, with dwell.
double MinPathTime(const OrienteeringProblem& p, const RouteSpec& r, const std::vector<int>& nodes,
                   unsigned mask) {
  const double inf = std::numeric_limits<double>::infinity();
  const int n = static_cast<int>(nodes.size());
  if (mask == 0) return p.travel->Seconds(r.start, r.end);
  std::vector<std::vector<double>> best(1u << n,
                                        std::vector<double>(static_cast<std::size_t>(n), inf));
  auto dwell = [&](int v) { return p.dwell.empty() ? 0.0 : p.dwell[static_cast<std::size_t>(v)]; };
  for (int i = 0; i < n; ++i)
    best[1u << i][static_cast<std::size_t>(i)] =
        p.travel->Seconds(r.start, nodes[static_cast<std::size_t>(i)]) +
        dwell(nodes[static_cast<std::size_t>(i)]);
  for (unsigned m = 1; m < (1u << n); ++m) {
    if ((m & mask) != m) continue;
    for (int i = 0; i < n; ++i) {
      const double t = best[m][static_cast<std::size_t>(i)];
      if (t == inf) continue;
      for (int j = 0; j < n; ++j) {
        if ((m >> j) & 1u || !((mask >> j) & 1u)) continue;
        const int a = nodes[static_cast<std::size_t>(i)], b = nodes[static_cast<std::size_t>(j)];
        const double nt = t + p.travel->Seconds(a, b) + dwell(b);
        best[m | (1u << j)][static_cast<std::size_t>(j)] =
            std::min(best[m | (1u << j)][static_cast<std::size_t>(j)], nt);
      }
    }
  }
  double out = inf;
  for (int i = 0; i < n; ++i) {
    if ((mask >> i) & 1u)
      out = std::min(out, best[mask][static_cast<std::size_t>(i)] +
                              p.travel->Seconds(nodes[static_cast<std::size_t>(i)], r.end));
  }
  return out;
}

// Optimum by enumeration: every assignment of the scoring sites to a route or to none.
double BruteForceOptimum(const OrienteeringProblem& p) {
  std::vector<char> endpoint(p.score.size(), 0);
  for (const RouteSpec& r : p.routes)
    endpoint[static_cast<std::size_t>(r.start)] = endpoint[static_cast<std::size_t>(r.end)] = 1;
  std::vector<int> nodes;
  for (int v = 0; v < static_cast<int>(p.score.size()); ++v) {
    if (!endpoint[static_cast<std::size_t>(v)]) nodes.push_back(v);
  }
  const unsigned full = 1u << nodes.size();
  auto score_of = [&](unsigned mask) {
    double s = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if ((mask >> i) & 1u) s += p.score[static_cast<std::size_t>(nodes[i])];
    }
    return s;
  };
  std::vector<std::vector<char>> feasible(p.routes.size(), std::vector<char>(full, 0));
  for (std::size_t r = 0; r < p.routes.size(); ++r) {
    for (unsigned m = 0; m < full; ++m)
      feasible[r][m] = MinPathTime(p, p.routes[r], nodes, m) <= p.routes[r].tmax + 1e-9;
  }
  double best = 0;
  if (p.routes.size() == 1) {
    for (unsigned m = 0; m < full; ++m) {
      if (feasible[0][m]) best = std::max(best, score_of(m));
    }
  } else {
    for (unsigned a = 0; a < full; ++a) {
      if (!feasible[0][a]) continue;
      const unsigned rest = (full - 1) & ~a;
      for (unsigned b = rest;; b = (b - 1) & rest) {
        if (feasible[1][b]) best = std::max(best, score_of(a | b));
        if (b == 0) break;
      }
    }
  }
  return best;
}

struct RandomInstance {
  std::unique_ptr<EuclideanTravelTimes> travel;
  OrienteeringProblem problem;
};

RandomInstance MakeRandom(std::uint64_t seed, int nodes, int routes, bool distinct_ends,
                          bool dwell) {
  TestRng rng{seed};
  std::vector<Point> pts;
  for (int i = 0; i < nodes; ++i) pts.push_back({rng.Uniform() * 10, rng.Uniform() * 10});
  RandomInstance inst;
  inst.travel = std::make_unique<EuclideanTravelTimes>(pts, 1.0);
  inst.problem.travel = inst.travel.get();
  for (int i = 0; i < nodes; ++i)
    inst.problem.score.push_back(1 + static_cast<int>(rng.Uniform() * 9));
  if (dwell) {
    for (int i = 0; i < nodes; ++i) inst.problem.dwell.push_back(rng.Uniform() * 2);
  }
  for (int r = 0; r < routes; ++r) {
    const int end = distinct_ends ? nodes - 1 - r : 0;
    inst.problem.routes.push_back({.start = 0, .end = end, .tmax = 8 + rng.Uniform() * 14});
  }
  return inst;
}

SolverOptions TestOptions(std::uint64_t seed) {
  SolverOptions o;
  o.seed = seed;
  o.max_iterations = 150;
  return o;
}

void ExpectFeasible(const OrienteeringProblem& p, const OrienteeringSolution& s) {
  ASSERT_EQ(s.routes.size(), p.routes.size());
  std::vector<int> seen(p.score.size(), 0);
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    EXPECT_LE(RouteTime(p, p.routes[r], s.routes[r]), p.routes[r].tmax + 1e-6) << "route " << r;
    EXPECT_NEAR(s.route_time[r], RouteTime(p, p.routes[r], s.routes[r]), 1e-9);
    for (int v : s.routes[r]) {
      EXPECT_NE(v, p.routes[r].start);
      EXPECT_NE(v, p.routes[r].end);
      EXPECT_EQ(++seen[static_cast<std::size_t>(v)], 1) << "site " << v << " visited twice";
    }
  }
}

TEST(OrienteeringTest, FindsProvenOptimumOneRoute) {
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    RandomInstance inst = MakeRandom(seed, 9, 1, seed % 2 == 0, seed % 3 == 0);
    const double optimum = BruteForceOptimum(inst.problem);
    auto solved = SolveOrienteering(inst.problem, TestOptions(seed));
    ASSERT_TRUE(solved.ok()) << solved.error().ToString();
    ExpectFeasible(inst.problem, *solved);
    EXPECT_NEAR(solved->score, optimum, 1e-9) << "seed " << seed;
  }
}

TEST(OrienteeringTest, FindsProvenOptimumTwoRoutes) {
  for (std::uint64_t seed = 100; seed < 125; ++seed) {
    RandomInstance inst = MakeRandom(seed, 9, 2, seed % 2 == 0, seed % 3 == 0);
    for (auto& r :
         inst.problem.routes) {  // so that not everything fits, but the route can be driven
      r.tmax = std::max(r.tmax * 0.6, inst.travel->Seconds(r.start, r.end) + 0.5);
    }
    const double optimum = BruteForceOptimum(inst.problem);
    auto solved = SolveOrienteering(inst.problem, TestOptions(seed));
    ASSERT_TRUE(solved.ok()) << solved.error().ToString();
    ExpectFeasible(inst.problem, *solved);
    EXPECT_NEAR(solved->score, optimum, 1e-9) << "seed " << seed;
  }
}

TEST(OrienteeringBoundTest, IsNeverBelowTheProvenOptimum) {
  int tighter_than_all_scores = 0;
  for (std::uint64_t seed = 200; seed < 240; ++seed) {
    RandomInstance inst = MakeRandom(seed, 9, seed % 2 == 0 ? 1 : 2, seed % 3 == 0, seed % 4 != 0);
    for (auto& r : inst.problem.routes)
      r.tmax = std::max(r.tmax * 0.6, inst.travel->Seconds(r.start, r.end) + 0.5);
    const double optimum = BruteForceOptimum(inst.problem);
    const double bound = OrienteeringUpperBound(inst.problem, 0);
    EXPECT_GE(bound, optimum - 1e-9) << "seed " << seed;
    double all = 0;  // every site that can score
    for (std::size_t v = 0; v < inst.problem.score.size(); ++v) {
      bool endpoint = false;
      for (const RouteSpec& r : inst.problem.routes)
        endpoint = endpoint || r.start == static_cast<int>(v) || r.end == static_cast<int>(v);
      if (!endpoint) all += inst.problem.score[v];
    }
    if (bound < all - 1e-9) ++tighter_than_all_scores;
  }
  // The bound says something: on most of these budgets not every site fits.
  EXPECT_GE(tighter_than_all_scores, 30);
}

// Sites 1-3 on a line at x = 1, 2, 3 from a station at x = 0, travel 1 per unit, score 1 each.
TEST(OrienteeringBoundTest, MatchesHandComputedValues) {
  EuclideanTravelTimes travel({{0, 0}, {1, 0}, {2, 0}, {3, 0}}, 1.0);
  OrienteeringProblem p;
  p.travel = &travel;
  p.score = {0, 1, 1, 1};
  p.routes = {{.start = 0, .end = 0, .tmax = 6}};
  // Every visit costs 1 (quickest way in and out); the first and last legs take 1 of the 6.
  EXPECT_NEAR(OrienteeringUpperBound(p, 0), 3.0, 1e-12);
  // Site 3 cannot be reached and left within 4: the bound is the optimum, 2.
  p.routes[0].tmax = 4;
  EXPECT_NEAR(OrienteeringUpperBound(p, 0), 2.0, 1e-12);
  // Dwell 10: each visit costs 11 of 25 - 1 = 24, so 2 visits and 2/11 of a third (the
  // optimum is 2; without driving 2.5 would fit).
  p.dwell = {0, 10, 10, 10};
  p.routes[0].tmax = 25;
  EXPECT_NEAR(OrienteeringUpperBound(p, 0), 2.0 + 2.0 / 11, 1e-12);
}

TEST(OrienteeringBoundTest, CountsRepeatVisitsAtTheirDiscount) {
  EuclideanTravelTimes travel({{0, 0}, {1, 0}}, 1.0);
  OrienteeringProblem p;
  p.travel = &travel;
  p.score = {0, 1};
  p.routes = {{.start = 0, .end = 0, .tmax = 2}, {.start = 0, .end = 0, .tmax = 2}};
  EXPECT_NEAR(OrienteeringUpperBound(p, 0), 1.0, 1e-12);
  EXPECT_NEAR(OrienteeringUpperBound(p, 0.5), 1.5, 1e-12);  // both cars visit, 1 + 0.5
}

TEST(OrienteeringTest, SameSeedSamePlan) {
  RandomInstance inst = MakeRandom(7, 60, 3, false, true);
  auto a = SolveOrienteering(inst.problem, TestOptions(42));
  auto b = SolveOrienteering(inst.problem, TestOptions(42));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->routes, b->routes);
  ExpectFeasible(inst.problem, *a);
  EXPECT_NEAR(a->score, PlanScore(inst.problem, a->routes, 0), 1e-9);
  EXPECT_GT(a->score, 0);
}

TEST(OrienteeringTest, RandomisedPlansStayWithinBand) {
  RandomInstance inst = MakeRandom(11, 40, 2, false, false);
  std::vector<std::vector<std::vector<int>>> plans;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    SolverOptions o = TestOptions(seed);
    o.randomise = true;
    o.near_optimal_percent = 5;
    auto s = SolveOrienteering(inst.problem, o);
    ASSERT_TRUE(s.ok());
    ExpectFeasible(inst.problem, *s);
    EXPECT_GE(s->score, s->best_score * 0.95 - 1e-9);
    EXPECT_GE(s->near_optimal_plans, 1);
    plans.push_back(s->routes);
  }
  std::sort(plans.begin(), plans.end());
  EXPECT_GT(std::unique(plans.begin(), plans.end()) - plans.begin(), 1)
      << "every seed gave the same plan";
}

TEST(OrienteeringTest, RepeatVisitsEarnAFraction) {
  // Depot 0, a valuable site 1 next to it, a site 2 out of reach; two routes of budget 2.
  EuclideanTravelTimes travel({{0, 0}, {1, 0}, {50, 0}}, 1.0);
  OrienteeringProblem p{
      .travel = &travel, .score = {0, 10, 3}, .dwell = {}, .routes = {{0, 0, 2}, {0, 0, 2}}};
  SolverOptions o = TestOptions(1);
  auto once = SolveOrienteering(p, o);
  ASSERT_TRUE(once.ok());
  EXPECT_DOUBLE_EQ(once->score, 10);
  o.repeat_fraction = 0.5;
  auto twice = SolveOrienteering(p, o);
  ASSERT_TRUE(twice.ok());
  EXPECT_DOUBLE_EQ(twice->score, 15);
  EXPECT_EQ(twice->routes, (std::vector<std::vector<int>>{{1}, {1}}));
}

TEST(OrienteeringTest, RejectsInvalidInput) {
  EuclideanTravelTimes travel({{0, 0}, {1, 0}}, 1.0);
  OrienteeringProblem p{.travel = &travel, .score = {0, 1}, .dwell = {}, .routes = {{0, 0, 5}}};
  EXPECT_TRUE(SolveOrienteering(p, {}).ok());
  OrienteeringProblem bad_score = p;
  bad_score.score = {0, -1};
  EXPECT_EQ(SolveOrienteering(bad_score, {}).error().code, ErrorCode::kInvalidArgument);
  OrienteeringProblem bad_site = p;
  bad_site.routes = {{0, 7, 5}};
  EXPECT_FALSE(SolveOrienteering(bad_site, {}).ok());
  OrienteeringProblem no_routes = p;
  no_routes.routes.clear();
  EXPECT_FALSE(SolveOrienteering(no_routes, {}).ok());
  OrienteeringProblem too_short = p;
  too_short.routes = {{0, 1, 0.5}};
  EXPECT_FALSE(SolveOrienteering(too_short, {}).ok());
  SolverOptions o;
  o.repeat_fraction = 1.0;
  EXPECT_FALSE(SolveOrienteering(p, o).ok());
  o = {};
  o.near_optimal_percent = -1;
  EXPECT_FALSE(SolveOrienteering(p, o).ok());
}

TEST(OrienteeringTest, ZeroBudgetVisitsNothing) {
  EuclideanTravelTimes travel({{0, 0}, {1, 0}}, 1.0);
  OrienteeringProblem p{.travel = &travel, .score = {0, 1}, .dwell = {}, .routes = {{0, 0, 0}}};
  auto s = SolveOrienteering(p, TestOptions(1));
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->routes[0].empty());
  EXPECT_EQ(s->score, 0);
}

}  // namespace
}  // namespace vigil::patrol

namespace vigil::patrol {
namespace {

// Above 150 candidates the search uses granular neighbourhoods (route_state.cc); its plans must
// stay feasible, visit sites once and improve on the construction, with and without dwell.
TEST(OrienteeringTest, GranularSearchOnLargeProblemsStaysFeasible) {
  for (const double dwell : {0.0, 2.0}) {
    TestRng rng{99};
    std::vector<Point> points = {{50, 50}};
    std::vector<double> score = {0};
    for (int i = 0; i < 250; ++i) {
      points.push_back({rng.Uniform() * 100, rng.Uniform() * 100});
      score.push_back(1 + std::floor(rng.Uniform() * 9));
    }
    EuclideanTravelTimes travel(points, 1.0);
    OrienteeringProblem p;
    p.travel = &travel;
    p.score = score;
    p.dwell.assign(points.size(), dwell);
    p.dwell[0] = 0;
    for (int r = 0; r < 4; ++r) p.routes.push_back({.start = 0, .end = 0, .tmax = 150});
    SolverOptions construct_only;
    construct_only.max_iterations = 0;
    SolverOptions search;
    search.max_iterations = 30;
    auto first = SolveOrienteering(p, construct_only);
    auto best = SolveOrienteering(p, search);
    ASSERT_TRUE(first.ok() && best.ok());
    EXPECT_GT(best->score, first->score) << "dwell " << dwell;
    std::vector<int> seen(points.size(), 0);
    for (std::size_t r = 0; r < best->routes.size(); ++r) {
      EXPECT_LE(RouteTime(p, p.routes[r], best->routes[r]), 150 + 1e-6);
      for (int v : best->routes[r]) EXPECT_EQ(seen[static_cast<std::size_t>(v)]++, 0) << v;
    }
    EXPECT_DOUBLE_EQ(best->score, PlanScore(p, best->routes, 0));
  }
}

}  // namespace
}  // namespace vigil::patrol
