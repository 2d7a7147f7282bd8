#include "risk/backtest_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace vigil::risk {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint64_t SplitMix64(std::uint64_t* state) {
  std::uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Value at quantile q of sorted `v` with linear interpolation between order statistics.
double Quantile(const std::vector<double>& v, double q) {
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

}  // namespace

Status BootstrapOptions::Validate() const {
  if (resamples < 100)
    return MakeError(ErrorCode::kInvalidArgument, "bootstrap resamples must be at least 100");
  if (block_length < 1)
    return MakeError(ErrorCode::kInvalidArgument, "bootstrap block length must be at least 1");
  if (!(confidence > 0 && confidence < 1)) {
    return MakeError(ErrorCode::kInvalidArgument, "bootstrap confidence must lie in (0, 1)");
  }
  return Status::Ok();
}

Estimate BlockBootstrapMean(std::span<const double> values, const BootstrapOptions& options) {
  Estimate e;
  double sum = 0;
  for (const double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++e.n;
  }
  if (e.n == 0) return Estimate{kNaN, kNaN, kNaN, 0};
  e.mean = sum / static_cast<double>(e.n);

  const std::size_t n = values.size();
  const std::size_t block =
      std::min<std::size_t>(static_cast<std::size_t>(options.block_length), n);
  const std::size_t starts = n - block + 1;
  std::uint64_t state = options.seed;
  std::vector<double> means;
  means.reserve(static_cast<std::size_t>(options.resamples));
  for (int r = 0; r < options.resamples; ++r) {
    double s = 0;
    std::int64_t k = 0;
    for (std::size_t taken = 0; taken < n;) {
      const auto start = static_cast<std::size_t>(SplitMix64(&state) % starts);
      for (std::size_t i = 0; i < block && taken < n; ++i, ++taken) {
        const double v = values[start + i];
        if (std::isnan(v)) continue;
        s += v;
        ++k;
      }
    }
    if (k > 0) means.push_back(s / static_cast<double>(k));
  }
  if (means.empty()) {
    e.low = e.high = kNaN;
    return e;
  }
  std::sort(means.begin(), means.end());
  const double tail = (1 - options.confidence) / 2;
  e.low = Quantile(means, tail);
  e.high = Quantile(means, 1 - tail);
  return e;
}

Estimate PairedDifference(std::span<const double> a, std::span<const double> b,
                          const BootstrapOptions& options) {
  std::vector<double> d(std::min(a.size(), b.size()));
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = a[i] - b[i];  // NaN propagates
  return BlockBootstrapMean(d, options);
}

}  // namespace vigil::risk
