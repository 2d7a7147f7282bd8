#include "patrol/allocation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace vigil::patrol {
namespace {

std::vector<DistrictWorkload> Districts(std::vector<double> calls) {
  std::vector<DistrictWorkload> out;
  for (std::size_t i = 0; i < calls.size(); ++i)
    out.push_back({"d" + std::to_string(i), calls[i], 0});
  return out;
}

TEST(AllocationTest, ExactQuotas) {
  auto cars = AllocateCars(Districts({10, 20, 70}), {.total_cars = 10, .min_per_district = 1});
  ASSERT_TRUE(cars.ok());
  EXPECT_EQ(*cars, (std::vector<int>{1, 2, 7}));
}

TEST(AllocationTest, LargestRemaindersGetTheLeftovers) {
  // Quotas 4.29, 3.43, 2.29 -> floors 4, 3, 2 and the one left goes to the largest remainder (.43).
  auto cars = AllocateCars(Districts({15, 12, 8}), {.total_cars = 10, .min_per_district = 0});
  ASSERT_TRUE(cars.ok());
  EXPECT_EQ(*cars, (std::vector<int>{4, 4, 2}));
  // Equal remainders: the earlier district first.
  auto even = AllocateCars(Districts({1, 1, 1}), {.total_cars = 10, .min_per_district = 0});
  ASSERT_TRUE(even.ok());
  EXPECT_EQ(*even, (std::vector<int>{4, 3, 3}));
}

TEST(AllocationTest, MinimumsComeFirst) {
  // District 0's quota (6/201) is below the minimum: it gets 1, the other 5 are shared 2.5/2.5.
  auto cars = AllocateCars(Districts({1, 100, 100}), {.total_cars = 6, .min_per_district = 1});
  ASSERT_TRUE(cars.ok());
  EXPECT_EQ(*cars, (std::vector<int>{1, 3, 2}));
  // Two districts below the minimum (quotas 0.11 and 1.08 of 12): both get 2, the third the rest.
  auto two = AllocateCars(Districts({1, 10, 100}), {.total_cars = 12, .min_per_district = 2});
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, (std::vector<int>{2, 2, 8}));
}

TEST(AllocationTest, WorkloadWeighsCallsAndRisk) {
  std::vector<DistrictWorkload> d = {{"a", 10, 0}, {"b", 0, 10}};
  auto cars =
      AllocateCars(d, {.total_cars = 4, .min_per_district = 0, .call_weight = 1, .risk_weight = 3});
  ASSERT_TRUE(cars.ok());
  EXPECT_EQ(*cars, (std::vector<int>{1, 3}));
  EXPECT_DOUBLE_EQ(Workload(d[1], {.risk_weight = 3}), 30);
}

TEST(AllocationTest, PropertiesOnManyInputs) {
  std::uint64_t s = 99;
  auto next = [&s] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) * 0x1.0p-53;
  };
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 1 + static_cast<int>(next() * 8);
    std::vector<double> calls;
    for (int i = 0; i < n; ++i) calls.push_back(next() < 0.2 ? 0.0 : next() * 100);
    const int minimum = static_cast<int>(next() * 3);
    const int total = minimum * n + static_cast<int>(next() * 30);
    auto cars = AllocateCars(Districts(calls), {.total_cars = total, .min_per_district = minimum});
    ASSERT_TRUE(cars.ok());
    EXPECT_EQ(std::accumulate(cars->begin(), cars->end(), 0), total);
    for (int c : *cars) EXPECT_GE(c, minimum);
    // A district with a larger workload never gets fewer cars.
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        if (calls[static_cast<std::size_t>(i)] > calls[static_cast<std::size_t>(j)]) {
          EXPECT_GE((*cars)[static_cast<std::size_t>(i)], (*cars)[static_cast<std::size_t>(j)]);
        }
      }
    }
  }
}

TEST(AllocationTest, RejectsImpossibleRequests) {
  EXPECT_FALSE(AllocateCars(Districts({1, 1, 1}), {.total_cars = 2, .min_per_district = 1}).ok());
  EXPECT_FALSE(AllocateCars(Districts({1, -1}), {.total_cars = 2, .min_per_district = 0}).ok());
  EXPECT_FALSE(AllocateCars(Districts({1, NAN}), {.total_cars = 2, .min_per_district = 0}).ok());
  EXPECT_FALSE(AllocateCars({}, {.total_cars = 2, .min_per_district = 0}).ok());
  EXPECT_FALSE(AllocateCars(Districts({1}), {.total_cars = -1}).ok());
  auto zero = AllocateCars(Districts({0, 0}), {.total_cars = 3, .min_per_district = 0});
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(*zero, (std::vector<int>{2, 1}));
}

}  // namespace
}  // namespace vigil::patrol
