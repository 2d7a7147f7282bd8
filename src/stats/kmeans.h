// K-means clustering of points in R^d (Lloyd's algorithm) with k-means++ or uniform random
// seeding and many seeded restarts, plus the cluster metrics the typology reports: silhouette
// and the adjusted Rand index. Deterministic: the same data, options and seed give the same
// result on every machine (the generator is std::mt19937_64, whose output the standard fixes;
// no std::*_distribution is used). Thread-compatible: no shared state.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"

namespace vigil::stats {

// A dense row-major matrix of points: `rows` points of `cols` coordinates each.
struct PointMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;  // rows * cols, row-major

  double At(std::size_t r, std::size_t c) const { return values[r * cols + c]; }
  std::span<const double> Row(std::size_t r) const { return {values.data() + r * cols, cols}; }
};

enum class KMeansInit : std::uint8_t {
  kPlusPlus,  // k-means++ (Arthur & Vassilvitskii 2007): D^2-weighted seeding
  kRandom,    // k distinct points drawn uniformly (Forgy); kept as the baseline
};

struct KMeansOptions {
  int k = 6;                 // number of clusters; 1 <= k <= number of points
  int restarts = 50;         // independent seedings; the run with the lowest WCSS wins; >= 1
  int max_iterations = 300;  // Lloyd iterations per restart; a restart stops earlier when no
                             // point changes cluster; >= 1
  std::uint64_t seed = 1;    // seed of restart r is derived from (seed, r) by SplitMix64
  KMeansInit init = KMeansInit::kPlusPlus;

  Status Validate() const;
};

struct KMeansResult {
  std::vector<int> assignment;       // cluster of each point, 0..k-1
  PointMatrix centres;               // k x cols, the mean of each cluster's points
  std::vector<int> sizes;            // points per cluster
  double wcss = 0;                   // within-cluster sum of squared Euclidean distances
  std::vector<double> cluster_wcss;  // WCSS per cluster
  int iterations = 0;                // Lloyd iterations of the winning restart
  bool converged = false;            // the winning restart stopped because nothing moved
  int best_restart = 0;              // index of the winning restart
};

// Clusters `points`. Clusters are relabelled canonically (largest first; ties by the
// lexicographic order of the centre) so equal partitions get equal labels. A cluster that
// empties during Lloyd iterations is re-seeded with the point farthest from its centre.
// Fails with kInvalidArgument when options are invalid, k exceeds the number of points, or a
// coordinate is not finite.
Result<KMeansResult> RunKMeans(const PointMatrix& points, const KMeansOptions& options);

// Index of the centre nearest to `point` (squared Euclidean; ties to the lowest index).
int NearestCentre(std::span<const double> point, const PointMatrix& centres);

// Squared Euclidean distance of two equal-length vectors.
double SquaredDistance(std::span<const double> a, std::span<const double> b);

struct Silhouette {
  double mean = 0;                  // mean over all points, in [-1, 1]
  std::vector<double> per_cluster;  // mean over each cluster's points (0 for an empty cluster)
  std::vector<double> per_point;    // s(i) of every point
};

// Silhouette (Rousseeuw 1987) with Euclidean distance: s(i) = (b - a) / max(a, b), a = mean
// distance to the other members of i's cluster, b = lowest mean distance to another cluster's
// members; s(i) = 0 for a point alone in its cluster. O(n^2). `k` is the number of clusters;
// fewer than 2 non-empty clusters gives mean 0.
Silhouette ComputeSilhouette(const PointMatrix& points, std::span<const int> assignment, int k);

// Adjusted Rand index (Hubert & Arabie 1985) of two labellings of the same points: 1 for equal
// partitions (up to relabelling), about 0 for independent ones. Labels are any non-negative
// ints. Two single-cluster labellings give 1.
double AdjustedRandIndex(std::span<const int> a, std::span<const int> b);

// SplitMix64 step, used to derive independent seeds.
std::uint64_t SplitMix64(std::uint64_t x);

}  // namespace vigil::stats
