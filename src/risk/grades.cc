#include "risk/grades.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vigil::risk {

std::vector<std::uint8_t> GradeCells(std::span<const double> expected) {
  const std::size_t n = expected.size();
  std::vector<std::uint8_t> grades(n, 1);
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return expected[a] > expected[b]; });
  std::size_t higher = 0;  // cells with a strictly higher expected count than the current group
  for (std::size_t k = 0; k < n; ++k) {
    if (k > 0 && expected[order[k]] != expected[order[k - 1]]) higher = k;
    const double value = expected[order[k]];
    if (!(value > 0)) break;  // zero (and anything not positive) stays grade 1
    const double share = static_cast<double>(higher) / static_cast<double>(n);
    int grade = 1;
    for (std::size_t b = 0; b < kGradeRankShareBounds.size(); ++b) {
      if (share < kGradeRankShareBounds[b]) {
        grade = 10 - static_cast<int>(b);
        break;
      }
    }
    grades[order[k]] = static_cast<std::uint8_t>(grade);
  }
  return grades;
}

double ProbabilityOfAny(double expected) { return expected > 0 ? -std::expm1(-expected) : 0.0; }

}  // namespace vigil::risk
