// Confidence intervals for backtest means by the moving-block bootstrap (Kuensch 1989).
//
// Slot metrics are autocorrelated (a busy week raises every day of it), so resampling single
// slots would make intervals too narrow. The moving-block bootstrap resamples runs of
// `block_length` consecutive slots instead: each resample draws ceil(n / block_length) block
// starts uniformly from [0, n - block_length], concatenates the blocks and cuts the series to n
// slots; its statistic is the mean of the non-NaN values (slots where a metric is undefined,
// e.g. no observed event, are skipped). The interval is the 2.5 and 97.5 percentiles of the
// resampled means (percentile method). The generator is splitmix64 from `seed`, so intervals are
// the same on every machine and run. The backtest uses blocks of one week of slots (7 daily
// slots) and 2000 resamples.
#pragma once

#include <cstdint>
#include <span>

#include "core/result.h"

namespace vigil::risk {

struct BootstrapOptions {
  // Number of resamples; >= 100. Default 2000.
  int resamples = 2000;
  // Consecutive slots per block; >= 1 (1 = the ordinary bootstrap). Default 7 (a week of days).
  // A series shorter than a block is resampled with blocks of its own length.
  int block_length = 7;
  // Seed of the generator. Default 1.
  std::uint64_t seed = 1;
  // Two-sided coverage of the interval; in (0, 1). Default 0.95.
  double confidence = 0.95;

  Status Validate() const;
};

struct Estimate {
  double mean = 0;     // mean of the non-NaN values; NaN when there are none
  double low = 0;      // lower end of the bootstrap interval; NaN when undefined
  double high = 0;     // upper end
  std::int64_t n = 0;  // non-NaN values
};

// Mean of `values` (in time order; NaN = undefined slot) with its block-bootstrap interval.
// `options` must validate.
Estimate BlockBootstrapMean(std::span<const double> values, const BootstrapOptions& options);

// The same for the paired difference a[i] - b[i] (NaN when either is NaN); a and b equally long.
Estimate PairedDifference(std::span<const double> a, std::span<const double> b,
                          const BootstrapOptions& options);

}  // namespace vigil::risk
