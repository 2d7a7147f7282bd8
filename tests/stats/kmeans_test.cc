// k-means, silhouette and adjusted Rand index on constructed data.
#include "stats/kmeans.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "stats_test_support.h"

namespace vigil::stats {
namespace {

TEST(KMeansTest, RecoversWellSeparatedBlobsExactly) {
  const Blobs blobs =
      MakeBlobs(/*k=*/4, /*per_blob=*/50, /*dims=*/3, /*spread=*/1.0, /*gap=*/20.0, /*seed=*/7);
  auto fit = RunKMeans(blobs.points, KMeansOptions{.k = 4, .restarts = 10, .seed = 3});
  ASSERT_TRUE(fit.ok()) << fit.error().message;
  EXPECT_DOUBLE_EQ(AdjustedRandIndex(fit->assignment, blobs.truth), 1.0);
  EXPECT_TRUE(fit->converged);
  for (int size : fit->sizes) EXPECT_EQ(size, 50);
  // Canonical labels: sizes non-increasing.
  for (std::size_t c = 1; c < fit->sizes.size(); ++c) EXPECT_GE(fit->sizes[c - 1], fit->sizes[c]);
}

TEST(KMeansTest, PlusPlusWithRestartsBeatsOneRandomStartOnManyBlobs) {
  // 25 blobs on a 5 x 5 grid: a single uniform random seeding nearly always leaves two
  // centres in one blob and one centre across two blobs (a local optimum).
  const Blobs blobs = MakeBlobs(25, 20, 2, 0.5, 10.0, 11);
  int strictly_better = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    auto good = RunKMeans(blobs.points, KMeansOptions{.k = 25, .restarts = 50, .seed = seed});
    auto naive =
        RunKMeans(blobs.points,
                  KMeansOptions{.k = 25, .restarts = 1, .seed = seed, .init = KMeansInit::kRandom});
    ASSERT_TRUE(good.ok() && naive.ok());
    EXPECT_LE(good->wcss, naive->wcss + 1e-9);
    EXPECT_DOUBLE_EQ(AdjustedRandIndex(good->assignment, blobs.truth), 1.0);
    if (good->wcss < naive->wcss - 1e-6) ++strictly_better;
  }
  EXPECT_GE(strictly_better, 4);
}

TEST(KMeansTest, SameSeedSameResultOtherSeedStillValid) {
  // Overlapping data, where the local optimum found can depend on the seed.
  const Blobs blobs = MakeBlobs(6, 30, 2, 4.0, 5.0, 5);
  auto a = RunKMeans(blobs.points, KMeansOptions{.k = 6, .restarts = 3, .seed = 42});
  auto b = RunKMeans(blobs.points, KMeansOptions{.k = 6, .restarts = 3, .seed = 42});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->assignment, b->assignment);
  EXPECT_EQ(a->centres.values, b->centres.values);
  EXPECT_EQ(a->wcss, b->wcss);
  EXPECT_EQ(a->best_restart, b->best_restart);
}

TEST(KMeansTest, EveryPointIsNearestItsOwnCentreAfterConvergence) {
  const Blobs blobs = MakeBlobs(5, 40, 4, 3.0, 4.0, 9);
  auto fit = RunKMeans(blobs.points, KMeansOptions{.k = 5, .restarts = 5, .seed = 2});
  ASSERT_TRUE(fit.ok());
  ASSERT_TRUE(fit->converged);
  double wcss = 0;
  for (std::size_t i = 0; i < blobs.points.rows; ++i) {
    EXPECT_EQ(NearestCentre(blobs.points.Row(i), fit->centres), fit->assignment[i]);
    wcss += SquaredDistance(blobs.points.Row(i),
                            fit->centres.Row(static_cast<std::size_t>(fit->assignment[i])));
  }
  EXPECT_NEAR(fit->wcss, wcss, 1e-9 * wcss);
}

TEST(KMeansTest, RejectsBadInput) {
  PointMatrix points{3, 1, {0.0, 1.0, 2.0}};
  EXPECT_FALSE(RunKMeans(points, KMeansOptions{.k = 0}).ok());
  EXPECT_FALSE(RunKMeans(points, KMeansOptions{.k = 4}).ok());
  EXPECT_FALSE(RunKMeans(points, KMeansOptions{.k = 2, .restarts = 0}).ok());
  points.values[1] = std::nan("");
  EXPECT_FALSE(RunKMeans(points, KMeansOptions{.k = 2}).ok());
}

TEST(KMeansTest, DuplicatePointsDoNotBreakSeeding) {
  PointMatrix points{6, 1, {1, 1, 1, 1, 5, 5}};
  auto fit = RunKMeans(points, KMeansOptions{.k = 3, .restarts = 4, .seed = 1});
  ASSERT_TRUE(fit.ok());
  EXPECT_NEAR(fit->wcss, 0.0, 1e-12);
}

TEST(SilhouetteTest, MatchesHandComputation) {
  // On a line: cluster 0 = {0, 1}, cluster 1 = {4, 6}.
  // s(0) = (5 - 1) / 5, s(1) = (4 - 1) / 4, s(4) = (3.5 - 2) / 3.5, s(6) = (5.5 - 2) / 5.5.
  const PointMatrix points{4, 1, {0, 1, 4, 6}};
  const std::vector<int> labels = {0, 0, 1, 1};
  const Silhouette s = ComputeSilhouette(points, labels, 2);
  const double s0 = 0.8, s1 = 0.75, s4 = 1.5 / 3.5, s6 = 3.5 / 5.5;
  EXPECT_NEAR(s.per_point[0], s0, 1e-12);
  EXPECT_NEAR(s.per_point[1], s1, 1e-12);
  EXPECT_NEAR(s.per_point[2], s4, 1e-12);
  EXPECT_NEAR(s.per_point[3], s6, 1e-12);
  EXPECT_NEAR(s.per_cluster[0], (s0 + s1) / 2, 1e-12);
  EXPECT_NEAR(s.per_cluster[1], (s4 + s6) / 2, 1e-12);
  EXPECT_NEAR(s.mean, (s0 + s1 + s4 + s6) / 4, 1e-12);
}

TEST(SilhouetteTest, SingletonScoresZeroAndOneClusterGivesZero) {
  const PointMatrix points{3, 1, {0, 1, 10}};
  const std::vector<int> labels = {0, 0, 1};
  const Silhouette s = ComputeSilhouette(points, labels, 2);
  EXPECT_EQ(s.per_point[2], 0.0);
  EXPECT_GT(s.per_point[0], 0.8);
  const std::vector<int> one = {0, 0, 0};
  EXPECT_EQ(ComputeSilhouette(points, one, 1).mean, 0.0);
}

TEST(AdjustedRandIndexTest, MatchesHandComputation) {
  const std::vector<int> a = {0, 0, 0, 1, 1, 1};
  const std::vector<int> b = {0, 0, 1, 1, 2, 2};
  // index 2, expected 6 * 3 / 15 = 1.2, max (6 + 3) / 2 = 4.5.
  EXPECT_NEAR(AdjustedRandIndex(a, b), (2 - 1.2) / (4.5 - 1.2), 1e-12);
  const std::vector<int> relabelled = {5, 5, 5, 2, 2, 2};
  EXPECT_DOUBLE_EQ(AdjustedRandIndex(a, relabelled), 1.0);
  EXPECT_DOUBLE_EQ(AdjustedRandIndex(b, b), 1.0);
}

}  // namespace
}  // namespace vigil::stats
