#include "risk/grades.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace vigil::risk {
namespace {

TEST(GradesTest, DocumentedQuantilesOnDistinctValues) {
  // 1000 cells with expected counts 1..1000: the top 10 cells are grade 10, etc.
  std::vector<double> expected(1000);
  for (int i = 0; i < 1000; ++i) expected[i] = i + 1;
  const std::vector<std::uint8_t> grades = GradeCells(expected);
  auto count_of = [&](int grade) {
    int n = 0;
    for (auto g : grades) n += g == grade;
    return n;
  };
  EXPECT_EQ(count_of(10), 10);  // top 1%
  EXPECT_EQ(count_of(9), 10);   // 1-2%
  EXPECT_EQ(count_of(8), 30);   // 2-5%
  EXPECT_EQ(count_of(7), 50);   // 5-10%
  EXPECT_EQ(count_of(6), 100);  // 10-20%
  EXPECT_EQ(count_of(5), 150);  // 20-35%
  EXPECT_EQ(count_of(4), 150);  // 35-50%
  EXPECT_EQ(count_of(3), 200);  // 50-70%
  EXPECT_EQ(count_of(2), 200);  // 70-90%
  EXPECT_EQ(count_of(1), 100);  // 90-100%
  EXPECT_EQ(grades[999], 10);
  EXPECT_EQ(grades[990], 10);
  EXPECT_EQ(grades[989], 9);
  EXPECT_EQ(grades[0], 1);
}

TEST(GradesTest, MonotoneTiesShareAGradeAndZeroIsGradeOne) {
  std::vector<double> expected(500, 0.0);
  std::uint64_t state = 7;
  for (std::size_t i = 0; i < 300; ++i) {  // 200 zero cells, the rest random, with ties
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    expected[i] = static_cast<double>((state >> 33) % 50) / 10.0;
  }
  const std::vector<std::uint8_t> grades = GradeCells(expected);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (expected[i] == 0) {
      EXPECT_EQ(grades[i], 1) << i;
    }
    for (std::size_t j = 0; j < expected.size(); ++j) {
      if (expected[i] > expected[j]) {
        EXPECT_GE(grades[i], grades[j]) << i << " " << j;
      } else if (expected[i] == expected[j]) {
        EXPECT_EQ(grades[i], grades[j]) << i << " " << j;
      }
    }
  }
  // The largest value is grade 10.
  std::size_t top = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (expected[i] > expected[top]) top = i;
  }
  EXPECT_EQ(grades[top], 10);
}

TEST(GradesTest, AllZeroIsAllGradeOneAndEmptyIsEmpty) {
  const std::vector<double> zeros(50, 0.0);
  for (auto g : GradeCells(zeros)) EXPECT_EQ(g, 1);
  EXPECT_TRUE(GradeCells({}).empty());
}

TEST(GradesTest, ProbabilityOfAtLeastOneEvent) {
  EXPECT_EQ(ProbabilityOfAny(0), 0.0);
  EXPECT_NEAR(ProbabilityOfAny(1), 1 - std::exp(-1.0), 1e-15);
  EXPECT_NEAR(ProbabilityOfAny(1e-9), 1e-9 - 0.5e-18, 1e-24);  // no cancellation for tiny means
  EXPECT_LT(ProbabilityOfAny(0.5), ProbabilityOfAny(0.6));
}

}  // namespace
}  // namespace vigil::risk
