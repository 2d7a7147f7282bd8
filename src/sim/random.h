// Deterministic random numbers for the synthetic city. std:: distributions may give different
// draws on different standard libraries, so every sampler here is written out from the raw
// 64-bit output of std::mt19937_64 (whose sequence the standard fixes). Same seed, same draws,
// on any conforming platform. Not thread-safe: one per generator stage.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace vigil::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // A child generator for an independent stage; `stream` names the stage (0, 1, ...), so adding
  // draws to one stage never shifts the draws of another.
  Rng Fork(std::uint64_t stream);

  std::uint64_t NextU64() { return engine_(); }
  // Uniform in [0, 1), 53 random bits.
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform in [low, high).
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  // Uniform integer in [0, n), n > 0 (from 53 random bits; for n well below 2^53).
  std::int64_t Index(std::int64_t n);
  bool Bernoulli(double p) { return Uniform() < p; }
  // Exponential with rate `rate` (> 0): mean 1 / rate.
  double Exponential(double rate);
  // Standard normal (Box-Muller, one value per call).
  double Normal();
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  // Poisson with mean `mean` >= 0. Exact: sums Knuth draws over chunks of mean <= 16.
  std::int64_t Poisson(double mean);

 private:
  std::mt19937_64 engine_;
};

// Sampling from fixed non-negative weights by binary search over the running sum.
class Discrete {
 public:
  Discrete() = default;
  explicit Discrete(std::span<const double> weights);
  // Index in [0, size) with probability weight / total; requires total() > 0.
  std::size_t Sample(Rng& rng) const;
  double total() const { return cumulative_.empty() ? 0.0 : cumulative_.back(); }
  std::size_t size() const { return cumulative_.size(); }

 private:
  std::vector<double> cumulative_;
};

}  // namespace vigil::sim
