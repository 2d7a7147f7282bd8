#include "sim/random.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace vigil::sim {

Rng Rng::Fork(std::uint64_t stream) {
  // SplitMix64 of (parent draw, stream) so sibling stages are decorrelated.
  std::uint64_t z = engine_() ^ (0x9E3779B97F4A7C15ULL * (stream + 1));
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return Rng(z);
}

std::int64_t Rng::Index(std::int64_t n) {
  const auto index = static_cast<std::int64_t>(Uniform() * static_cast<double>(n));
  return std::min(index, n - 1);
}

double Rng::Exponential(double rate) {
  // 1 - U is in (0, 1], so the log is finite.
  return -std::log(1.0 - Uniform()) / rate;
}

double Rng::Normal() {
  const double u1 = 1.0 - Uniform();
  const double u2 = Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::int64_t Rng::Poisson(double mean) {
  if (!(mean > 0)) return 0;
  std::int64_t total = 0;
  double left = mean;
  while (left > 0) {
    const double chunk = std::min(left, 16.0);
    left -= chunk;
    const double limit = std::exp(-chunk);
    double product = Uniform();
    while (product > limit) {
      ++total;
      product *= Uniform();
    }
  }
  return total;
}

Discrete::Discrete(std::span<const double> weights) {
  cumulative_.reserve(weights.size());
  double sum = 0;
  for (const double w : weights) {
    sum += w > 0 ? w : 0.0;
    cumulative_.push_back(sum);
  }
}

std::size_t Discrete::Sample(Rng& rng) const {
  const double target = rng.Uniform() * total();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  const auto index = static_cast<std::size_t>(it - cumulative_.begin());
  return std::min(index, cumulative_.size() - 1);
}

}  // namespace vigil::sim
