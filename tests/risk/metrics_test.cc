#include "risk/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

namespace vigil::risk {
namespace {

MetricsOptions Shares(std::vector<double> shares, double auc_max = 0.2) {
  MetricsOptions o;
  o.area_shares = std::move(shares);
  o.auc_max_share = auc_max;
  return o;
}

// Ten cells ranked 0..9; four events: two in the top cell, one in the third, one in the last.
TEST(MetricsTest, HandComputedHitRatePaiPeiAndAuc) {
  const std::vector<double> predicted = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
  const std::vector<double> observed = {2, 0, 1, 0, 0, 0, 0, 0, 0, 1};
  auto m = ComputeSlotMetrics(predicted, observed, {}, Shares({0.05, 0.1, 0.2, 0.3}));
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->cells, 10);
  EXPECT_DOUBLE_EQ(m->observed, 4);
  // 0.5 cell -> half of cell 0 -> 1 event; 1 cell -> 2; 2 cells -> 2; 3 cells -> 3.
  EXPECT_DOUBLE_EQ(m->hit_rate[0], 0.25);
  EXPECT_DOUBLE_EQ(m->hit_rate[1], 0.5);
  EXPECT_DOUBLE_EQ(m->hit_rate[2], 0.5);
  EXPECT_DOUBLE_EQ(m->hit_rate[3], 0.75);
  EXPECT_DOUBLE_EQ(m->pai[0], 5);
  EXPECT_DOUBLE_EQ(m->pai[1], 5);
  EXPECT_DOUBLE_EQ(m->pai[2], 2.5);
  EXPECT_DOUBLE_EQ(m->pai[3], 2.5);
  // Perfect ranking captures 1, 2, 3 and 4 events.
  EXPECT_DOUBLE_EQ(m->pei[0], 1);
  EXPECT_DOUBLE_EQ(m->pei[1], 1);
  EXPECT_DOUBLE_EQ(m->pei[2], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(m->pei[3], 0.75);
  // Curve over 2 cells: (0,0) -> (1,2) -> (2,2): integral 1 + 2 = 3 events x cells; / (4 x 2).
  EXPECT_DOUBLE_EQ(m->auc, 0.375);
  ASSERT_EQ(m->curve.size(), 41u);
  EXPECT_DOUBLE_EQ(m->curve.front(), 0);
  EXPECT_DOUBLE_EQ(m->curve.back(), 0.5);
}

TEST(MetricsTest, PoissonLogScoreAndFloor) {
  auto m = ComputeSlotMetrics(std::vector<double>{1, 2}, std::vector<double>{0, 3}, {},
                              MetricsOptions{});
  ASSERT_TRUE(m.ok());
  // cell 0: -1; cell 1: 3 ln 2 - 2 - ln 3!
  EXPECT_NEAR(m->log_score, (-1 + 3 * std::log(2.0) - 2 - std::log(6.0)) / 2, 1e-12);

  MetricsOptions o;
  o.log_score_floor = 1e-6;
  auto zero = ComputeSlotMetrics(std::vector<double>{0}, std::vector<double>{1}, {}, o);
  ASSERT_TRUE(zero.ok());
  EXPECT_NEAR(zero->log_score, std::log(1e-6) - 1e-6, 1e-12);
  EXPECT_TRUE(std::isfinite(zero->log_score));
}

TEST(MetricsTest, TiesAreAveragedNotBrokenByCellId) {
  // All four cells tie: flagging one cell flags a quarter of each, capturing a quarter of the
  // events, whichever cell holds them. Breaking by id would give 1.0 here.
  auto all_tied = ComputeSlotMetrics(std::vector<double>{1, 1, 1, 1},
                                     std::vector<double>{4, 0, 0, 0}, {}, Shares({0.25}));
  ASSERT_TRUE(all_tied.ok());
  EXPECT_DOUBLE_EQ(all_tied->hit_rate[0], 0.25);
  EXPECT_DOUBLE_EQ(all_tied->pai[0], 1);

  // A tie group in the middle: cell 0 first, then cells 1 and 2 (holding 2 and 0 events).
  auto mid = ComputeSlotMetrics(std::vector<double>{5, 3, 3, 1}, std::vector<double>{0, 2, 0, 1},
                                {}, Shares({0.25, 0.375, 0.5}));
  ASSERT_TRUE(mid.ok());
  EXPECT_DOUBLE_EQ(mid->hit_rate[0], 0);
  // 1.5 cells: cell 0 + half a cell of the group, which averages 1 event per cell: 0.5 of 3.
  EXPECT_DOUBLE_EQ(mid->hit_rate[1], 0.5 / 3.0);
  EXPECT_DOUBLE_EQ(mid->hit_rate[2], 1.0 / 3.0);  // 2 cells: cell 0 + one cell of the group

  // Swapping which tied cell holds the events changes nothing.
  auto swapped =
      ComputeSlotMetrics(std::vector<double>{5, 3, 3, 1}, std::vector<double>{0, 0, 2, 1}, {},
                         Shares({0.25, 0.375, 0.5}));
  ASSERT_TRUE(swapped.ok());
  EXPECT_EQ(swapped->hit_rate, mid->hit_rate);
}

TEST(MetricsTest, OracleHasPeiOneAndUniformHasPaiOne) {
  std::mt19937_64 rng(7);
  std::poisson_distribution<int> events(0.3);
  std::vector<double> observed(500);
  for (double& y : observed) y = events(rng);
  const MetricsOptions o;  // 0.5 % .. 10 %
  auto oracle = ComputeSlotMetrics(observed, observed, {}, o);
  ASSERT_TRUE(oracle.ok());
  for (const double pei : oracle->pei) EXPECT_NEAR(pei, 1, 1e-12);

  auto uniform = ComputeSlotMetrics(std::vector<double>(500, 0.3), observed, {}, o);
  ASSERT_TRUE(uniform.ok());
  for (const double pai : uniform->pai) EXPECT_NEAR(pai, 1, 1e-12);
  EXPECT_NEAR(uniform->auc, 0.1, 1e-12);  // a uniform curve integrates to a_max / 2
  EXPECT_GT(oracle->auc, uniform->auc);
}

TEST(MetricsTest, CellsOutsideTheCityAreIgnored) {
  const std::vector<std::uint8_t> city = {1, 1, 0, 0};
  auto m = ComputeSlotMetrics(std::vector<double>{0, 0, 9, 9}, std::vector<double>{1, 0, 5, 5},
                              city, Shares({0.5}));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->cells, 2);
  EXPECT_DOUBLE_EQ(m->observed, 1);
  EXPECT_DOUBLE_EQ(m->hit_rate[0], 0.5);  // one of two tied city cells
}

TEST(MetricsTest, NoEventsLeavesRankMetricsUndefined) {
  auto m =
      ComputeSlotMetrics(std::vector<double>{1, 2}, std::vector<double>{0, 0}, {}, Shares({0.5}));
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(std::isnan(m->hit_rate[0]));
  EXPECT_TRUE(std::isnan(m->pei[0]));
  EXPECT_TRUE(std::isnan(m->auc));
  EXPECT_NEAR(m->log_score, -1.5, 1e-12);
}

TEST(MetricsTest, RejectsBadInput) {
  const MetricsOptions o;
  EXPECT_FALSE(ComputeSlotMetrics(std::vector<double>{1}, std::vector<double>{1, 2}, {}, o).ok());
  EXPECT_FALSE(ComputeSlotMetrics(std::vector<double>{-1}, std::vector<double>{1}, {}, o).ok());
  EXPECT_FALSE(ComputeSlotMetrics(std::vector<double>{NAN}, std::vector<double>{1}, {}, o).ok());
  EXPECT_FALSE(
      ComputeSlotMetrics(std::vector<double>{1}, std::vector<double>{INFINITY}, {}, o).ok());
  EXPECT_FALSE(ComputeSlotMetrics(std::vector<double>{1}, std::vector<double>{1},
                                  std::vector<std::uint8_t>{0}, o)
                   .ok());
  EXPECT_FALSE(
      ComputeSlotMetrics(std::vector<double>{1}, std::vector<double>{1}, {}, Shares({0})).ok());
  EXPECT_FALSE(
      ComputeSlotMetrics(std::vector<double>{1}, std::vector<double>{1}, {}, Shares({0.1}, 1.5))
          .ok());
}

TEST(MetricsTest, FlagWeightsSumToTheAreaAndSplitTies) {
  auto w = FlagWeights(std::vector<double>{5, 3, 3, 1, 0}, {}, 0.4);  // 2 of 5 cells
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(*w, (std::vector<double>{1, 0.5, 0.5, 0, 0}));
  auto masked =
      FlagWeights(std::vector<double>{5, 3, 3, 1}, std::vector<std::uint8_t>{0, 1, 1, 1}, 0.5);
  ASSERT_TRUE(masked.ok());
  EXPECT_DOUBLE_EQ(std::accumulate(masked->begin(), masked->end(), 0.0), 1.5);
  EXPECT_DOUBLE_EQ((*masked)[0], 0);  // outside the city
  EXPECT_DOUBLE_EQ((*masked)[1], 0.75);
  EXPECT_FALSE(FlagWeights(std::vector<double>{1}, {}, 1.5).ok());
}

}  // namespace
}  // namespace vigil::risk
