#include "stats/kmeans.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <string>

namespace vigil::stats {
namespace {

// Uniform double in [0, 1) from the top 53 bits; defined identically everywhere.
double Uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Uniform integer in [0, n) by rejection (no modulo bias).
std::size_t UniformIndex(std::mt19937_64& rng, std::size_t n) {
  const std::uint64_t range = n;
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
  std::uint64_t draw = rng();
  while (draw >= limit) draw = rng();
  return static_cast<std::size_t>(draw % range);
}

PointMatrix SeedPlusPlus(const PointMatrix& points, int k, std::mt19937_64& rng) {
  PointMatrix centres{static_cast<std::size_t>(k), points.cols, {}};
  centres.values.reserve(centres.rows * centres.cols);
  auto take = [&](std::size_t i) {
    auto row = points.Row(i);
    centres.values.insert(centres.values.end(), row.begin(), row.end());
  };
  take(UniformIndex(rng, points.rows));
  std::vector<double> d2(points.rows);
  for (std::size_t i = 0; i < points.rows; ++i)
    d2[i] = SquaredDistance(points.Row(i), centres.Row(0));
  for (int c = 1; c < k; ++c) {
    const double total = std::accumulate(d2.begin(), d2.end(), 0.0);
    std::size_t chosen = 0;
    if (total > 0) {
      const double target = Uniform01(rng) * total;
      double running = 0;
      chosen = points.rows - 1;
      for (std::size_t i = 0; i < points.rows; ++i) {
        running += d2[i];
        if (running > target && d2[i] > 0) {
          chosen = i;
          break;
        }
      }
    } else {
      chosen = UniformIndex(rng, points.rows);  // all points coincide with centres
    }
    take(chosen);
    const auto added = centres.Row(static_cast<std::size_t>(c));
    for (std::size_t i = 0; i < points.rows; ++i)
      d2[i] = std::min(d2[i], SquaredDistance(points.Row(i), added));
  }
  return centres;
}

PointMatrix SeedRandom(const PointMatrix& points, int k, std::mt19937_64& rng) {
  // Partial Fisher-Yates over the indices: k distinct points.
  std::vector<std::size_t> index(points.rows);
  std::iota(index.begin(), index.end(), 0);
  PointMatrix centres{static_cast<std::size_t>(k), points.cols, {}};
  for (int c = 0; c < k; ++c) {
    const std::size_t j =
        static_cast<std::size_t>(c) + UniformIndex(rng, points.rows - static_cast<std::size_t>(c));
    std::swap(index[static_cast<std::size_t>(c)], index[j]);
    auto row = points.Row(index[static_cast<std::size_t>(c)]);
    centres.values.insert(centres.values.end(), row.begin(), row.end());
  }
  return centres;
}

struct Run {
  std::vector<int> assignment;
  PointMatrix centres;
  double wcss = 0;
  int iterations = 0;
  bool converged = false;
};

void UpdateCentres(const PointMatrix& points, const std::vector<int>& assignment,
                   PointMatrix* centres) {
  std::vector<double> sums(centres->rows * centres->cols, 0.0);
  std::vector<std::size_t> counts(centres->rows, 0);
  for (std::size_t i = 0; i < points.rows; ++i) {
    const auto c = static_cast<std::size_t>(assignment[i]);
    ++counts[c];
    for (std::size_t j = 0; j < points.cols; ++j) sums[c * points.cols + j] += points.At(i, j);
  }
  std::vector<bool> taken(points.rows, false);
  for (std::size_t c = 0; c < centres->rows; ++c) {
    if (counts[c] > 0) {
      for (std::size_t j = 0; j < points.cols; ++j) {
        centres->values[c * points.cols + j] =
            sums[c * points.cols + j] / static_cast<double>(counts[c]);
      }
      continue;
    }
    // Empty cluster: re-seed with the point farthest from its own centre.
    double worst = -1;
    std::size_t far = 0;
    for (std::size_t i = 0; i < points.rows; ++i) {
      if (taken[i]) continue;
      const double d =
          SquaredDistance(points.Row(i), centres->Row(static_cast<std::size_t>(assignment[i])));
      if (d > worst) {
        worst = d;
        far = i;
      }
    }
    taken[far] = true;
    for (std::size_t j = 0; j < points.cols; ++j)
      centres->values[c * points.cols + j] = points.At(far, j);
  }
}

Run Lloyd(const PointMatrix& points, PointMatrix centres, int max_iterations) {
  Run run;
  run.assignment.assign(points.rows, -1);
  for (run.iterations = 1; run.iterations <= max_iterations; ++run.iterations) {
    bool changed = false;
    for (std::size_t i = 0; i < points.rows; ++i) {
      const int c = NearestCentre(points.Row(i), centres);
      if (c != run.assignment[i]) {
        run.assignment[i] = c;
        changed = true;
      }
    }
    if (!changed) {
      run.converged = true;
      break;
    }
    UpdateCentres(points, run.assignment, &centres);
  }
  run.iterations = std::min(run.iterations, max_iterations);
  run.wcss = 0;
  for (std::size_t i = 0; i < points.rows; ++i) {
    run.wcss +=
        SquaredDistance(points.Row(i), centres.Row(static_cast<std::size_t>(run.assignment[i])));
  }
  run.centres = std::move(centres);
  return run;
}

// Relabels so that the largest cluster is 0; ties by the centre's coordinates.
KMeansResult Canonical(const PointMatrix& points, const Run& run, int k) {
  std::vector<int> sizes(static_cast<std::size_t>(k), 0);
  for (int a : run.assignment) ++sizes[static_cast<std::size_t>(a)];
  std::vector<int> order(static_cast<std::size_t>(k));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (sizes[static_cast<std::size_t>(a)] != sizes[static_cast<std::size_t>(b)]) {
      return sizes[static_cast<std::size_t>(a)] > sizes[static_cast<std::size_t>(b)];
    }
    const auto ra = run.centres.Row(static_cast<std::size_t>(a));
    const auto rb = run.centres.Row(static_cast<std::size_t>(b));
    return std::lexicographical_compare(ra.begin(), ra.end(), rb.begin(), rb.end());
  });
  std::vector<int> new_label(static_cast<std::size_t>(k));
  for (int i = 0; i < k; ++i)
    new_label[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])] = i;

  KMeansResult out;
  out.centres = PointMatrix{static_cast<std::size_t>(k), points.cols, {}};
  for (int i = 0; i < k; ++i) {
    auto row = run.centres.Row(static_cast<std::size_t>(order[static_cast<std::size_t>(i)]));
    out.centres.values.insert(out.centres.values.end(), row.begin(), row.end());
    out.sizes.push_back(sizes[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])]);
  }
  out.assignment.reserve(points.rows);
  out.cluster_wcss.assign(static_cast<std::size_t>(k), 0.0);
  for (std::size_t i = 0; i < points.rows; ++i) {
    const int label = new_label[static_cast<std::size_t>(run.assignment[i])];
    out.assignment.push_back(label);
    out.cluster_wcss[static_cast<std::size_t>(label)] +=
        SquaredDistance(points.Row(i), out.centres.Row(static_cast<std::size_t>(label)));
  }
  out.wcss = run.wcss;
  out.iterations = run.iterations;
  out.converged = run.converged;
  return out;
}

}  // namespace

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

Status KMeansOptions::Validate() const {
  if (k < 1)
    return MakeError(ErrorCode::kInvalidArgument,
                     "k-means: k must be at least 1, got " + std::to_string(k));
  if (restarts < 1) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "k-means: restarts must be at least 1, got " + std::to_string(restarts));
  }
  if (max_iterations < 1) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "k-means: max_iterations must be at least 1, got " + std::to_string(max_iterations));
  }
  return Status::Ok();
}

double SquaredDistance(std::span<const double> a, std::span<const double> b) {
  double sum = 0;
  for (std::size_t j = 0; j < a.size(); ++j) {
    const double d = a[j] - b[j];
    sum += d * d;
  }
  return sum;
}

int NearestCentre(std::span<const double> point, const PointMatrix& centres) {
  int best = 0;
  double best_d = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < centres.rows; ++c) {
    const double d = SquaredDistance(point, centres.Row(c));
    if (d < best_d) {
      best_d = d;
      best = static_cast<int>(c);
    }
  }
  return best;
}

Result<KMeansResult> RunKMeans(const PointMatrix& points, const KMeansOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  if (points.values.size() != points.rows * points.cols) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "k-means: point matrix size does not match rows x cols");
  }
  if (static_cast<std::size_t>(options.k) > points.rows) {
    return MakeError(ErrorCode::kInvalidArgument, "k-means: k = " + std::to_string(options.k) +
                                                      " exceeds the " +
                                                      std::to_string(points.rows) + " points");
  }
  for (double v : points.values) {
    if (!std::isfinite(v))
      return MakeError(ErrorCode::kInvalidArgument, "k-means: a coordinate is not finite");
  }
  Run best;
  best.wcss = std::numeric_limits<double>::infinity();
  int best_restart = 0;
  for (int r = 0; r < options.restarts; ++r) {
    std::mt19937_64 rng(SplitMix64(options.seed ^ SplitMix64(static_cast<std::uint64_t>(r) + 1)));
    PointMatrix start = options.init == KMeansInit::kPlusPlus ? SeedPlusPlus(points, options.k, rng)
                                                              : SeedRandom(points, options.k, rng);
    Run run = Lloyd(points, std::move(start), options.max_iterations);
    if (run.wcss < best.wcss) {
      best = std::move(run);
      best_restart = r;
    }
  }
  KMeansResult out = Canonical(points, best, options.k);
  out.best_restart = best_restart;
  return out;
}

Silhouette ComputeSilhouette(const PointMatrix& points, std::span<const int> assignment, int k) {
  Silhouette out;
  const auto kk = static_cast<std::size_t>(std::max(k, 0));
  out.per_cluster.assign(kk, 0.0);
  out.per_point.assign(points.rows, 0.0);
  std::vector<std::size_t> sizes(kk, 0);
  for (int a : assignment) ++sizes[static_cast<std::size_t>(a)];
  const auto non_empty =
      std::count_if(sizes.begin(), sizes.end(), [](std::size_t s) { return s > 0; });
  if (non_empty < 2) return out;
  std::vector<double> sum_to(kk);
  for (std::size_t i = 0; i < points.rows; ++i) {
    std::fill(sum_to.begin(), sum_to.end(), 0.0);
    for (std::size_t j = 0; j < points.rows; ++j) {
      if (j == i) continue;
      sum_to[static_cast<std::size_t>(assignment[j])] +=
          std::sqrt(SquaredDistance(points.Row(i), points.Row(j)));
    }
    const auto own = static_cast<std::size_t>(assignment[i]);
    if (sizes[own] < 2) continue;  // singleton: s = 0
    const double a = sum_to[own] / static_cast<double>(sizes[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < kk; ++c) {
      if (c != own && sizes[c] > 0) b = std::min(b, sum_to[c] / static_cast<double>(sizes[c]));
    }
    const double denom = std::max(a, b);
    out.per_point[i] = denom > 0 ? (b - a) / denom : 0.0;
  }
  for (std::size_t i = 0; i < points.rows; ++i)
    out.per_cluster[static_cast<std::size_t>(assignment[i])] += out.per_point[i];
  for (std::size_t c = 0; c < kk; ++c) {
    if (sizes[c] > 0) out.per_cluster[c] /= static_cast<double>(sizes[c]);
  }
  out.mean = points.rows > 0 ? std::accumulate(out.per_point.begin(), out.per_point.end(), 0.0) /
                                   static_cast<double>(points.rows)
                             : 0.0;
  return out;
}

double AdjustedRandIndex(std::span<const int> a, std::span<const int> b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n < 2) return 1.0;
  std::map<std::pair<int, int>, double> joint;
  std::map<int, double> rows;
  std::map<int, double> cols;
  for (std::size_t i = 0; i < n; ++i) {
    joint[{a[i], b[i]}] += 1;
    rows[a[i]] += 1;
    cols[b[i]] += 1;
  }
  auto pairs = [](double x) { return x * (x - 1) / 2; };
  double index = 0;
  for (const auto& [key, count] : joint) index += pairs(count);
  double sum_rows = 0;
  for (const auto& [key, count] : rows) sum_rows += pairs(count);
  double sum_cols = 0;
  for (const auto& [key, count] : cols) sum_cols += pairs(count);
  const double expected = sum_rows * sum_cols / pairs(static_cast<double>(n));
  const double max_index = (sum_rows + sum_cols) / 2;
  if (max_index == expected)
    return 1.0;  // both labellings trivial (all one cluster or all singletons)
  return (index - expected) / (max_index - expected);
}

}  // namespace vigil::stats
