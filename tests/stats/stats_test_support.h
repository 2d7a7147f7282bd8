// Gaussian blobs with known labels for the clustering tests.
#pragma once

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "stats/area_table.h"
#include "stats/kmeans.h"

namespace vigil::stats {

struct Blobs {
  PointMatrix points;
  std::vector<int> truth;
};

// `k` blobs of `per_blob` points in `dims` dimensions, standard deviation `spread`, blob
// centres on a square grid in the first two dimensions `gap` apart (further dims: blob index
// times gap / 2). Normals by Box-Muller over the top bits of mt19937_64 (portable).
inline Blobs MakeBlobs(int k, int per_blob, int dims, double spread, double gap,
                       std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  auto normal = [&] {
    return std::sqrt(-2 * std::log(uniform())) * std::cos(2 * std::numbers::pi * uniform());
  };
  const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(k))));
  Blobs out;
  out.points =
      PointMatrix{static_cast<std::size_t>(k * per_blob), static_cast<std::size_t>(dims), {}};
  for (int b = 0; b < k; ++b) {
    for (int i = 0; i < per_blob; ++i) {
      for (int d = 0; d < dims; ++d) {
        const double centre = d == 0 ? gap * (b % side) : d == 1 ? gap * (b / side) : gap / 2 * b;
        out.points.values.push_back(centre + spread * normal());
      }
      out.truth.push_back(b);
    }
  }
  return out;
}

// The blobs as an area table with codes "A0", "A1", ... and features f0, f1, ...
inline AreaTable BlobTable(const Blobs& blobs) {
  AreaTable table;
  for (std::size_t d = 0; d < blobs.points.cols; ++d)
    table.features.push_back("f" + std::to_string(d));
  for (std::size_t r = 0; r < blobs.points.rows; ++r) {
    auto row = blobs.points.Row(r);
    (void)table.AddRow("A" + std::to_string(r), "", std::vector<double>(row.begin(), row.end()));
  }
  return table;
}

}  // namespace vigil::stats
