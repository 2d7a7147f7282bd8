// Risk grades 1-10 and the probability of at least one event, from expected counts per cell.
//
// Grades rank cells by expected count, highest first, over all cells of the grid. A cell's
// rank share q is (number of cells with a strictly higher expected count) / (number of cells),
// so tied cells share a grade and grades never decrease as the expected count grows:
//   grade 10: q < 1%        grade 6: 10% <= q < 20%     grade 2: 70% <= q < 90%
//   grade  9: 1% <= q < 2%  grade 5: 20% <= q < 35%     grade 1: q >= 90%,
//   grade  8: 2% <= q < 5%  grade 4: 35% <= q < 50%              and every cell whose
//   grade  7: 5% <= q < 10% grade 3: 50% <= q < 70%              expected count is zero.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace vigil::risk {

// Upper bounds (exclusive) of the rank share q for grades 10, 9, ..., 2.
inline constexpr std::array<double, 9> kGradeRankShareBounds = {0.01, 0.02, 0.05, 0.10, 0.20,
                                                                0.35, 0.50, 0.70, 0.90};

// Grade 1-10 of every cell; `expected` entries are finite and >= 0.
std::vector<std::uint8_t> GradeCells(std::span<const double> expected);

// Probability of at least one event when the count is Poisson with this mean: 1 - e^{-expected}.
double ProbabilityOfAny(double expected);

}  // namespace vigil::risk
