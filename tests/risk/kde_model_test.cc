#include "risk/kde_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "risk_test_support.h"

namespace vigil::risk {
namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kStart = 18262 * kDay;  // 2020-01-01

double Sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

TEST(GaussianSmoothTest, ConservesMassIncludingAtTheEdges) {
  const geo::Grid grid{.origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = 30, .rows = 20};
  std::vector<double> cells(600, 0.0);
  cells[0] = 5;    // south-west corner
  cells[599] = 2;  // north-east corner
  cells[10 * 30 + 15] = 7;
  cells[29] = 1.5;  // south-east corner
  for (const double bandwidth : {20.0, 100.0, 450.0, 5000.0}) {
    std::vector<double> out(600);
    GaussianSmooth(grid, cells, bandwidth, 3, out);
    EXPECT_NEAR(Sum(out), Sum(cells), 1e-9) << bandwidth;
    for (double v : out) EXPECT_GE(v, 0.0);
  }
}

TEST(GaussianSmoothTest, SpreadsSymmetricallyAndWiderForLargerBandwidth) {
  const geo::Grid grid{.origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = 21, .rows = 21};
  std::vector<double> cells(441, 0.0);
  const int centre = 10 * 21 + 10;
  cells[centre] = 1;
  std::vector<double> narrow(441);
  std::vector<double> wide(441);
  GaussianSmooth(grid, cells, 100, 3, narrow);
  GaussianSmooth(grid, cells, 300, 3, wide);
  EXPECT_NEAR(narrow[centre + 1], narrow[centre - 1], 1e-15);
  EXPECT_NEAR(narrow[centre + 21], narrow[centre - 1], 1e-15);
  EXPECT_GT(narrow[centre], wide[centre]);
  EXPECT_LT(narrow[centre + 5], wide[centre + 5]);
  // Cut at 3 bandwidths: nothing lands 4 cells away with a 100 m kernel.
  EXPECT_EQ(narrow[centre + 4], 0.0);
  // A one-dimensional Gaussian sampled at unit spacing with sigma 1: neighbour / centre = e^-1/2.
  EXPECT_NEAR(narrow[centre + 1] / narrow[centre], std::exp(-0.5), 1e-12);
}

// Fills a city with events over a year: `tight` puts them within ~10 m of six fixed points,
// otherwise they are spread uniformly over the whole 3 km x 3 km grid.
CitySnapshot YearOfEvents(testing::TestCity& city, bool tight, int events) {
  city.Anchor(60, 60, 50, kStart);
  std::mt19937_64 rng(tight ? 11 : 12);
  std::uniform_real_distribution<double> anywhere(10, 2990);
  std::normal_distribution<double> jitter(0, 10);
  std::uniform_int_distribution<int> which(0, 5);
  std::uniform_int_distribution<UnixSeconds> when(0, 365 * kDay - 1);
  const double hot_x[] = {400, 900, 1500, 2100, 2600, 1200};
  const double hot_y[] = {500, 2400, 1500, 700, 2200, 900};
  for (int i = 0; i < events; ++i) {
    double x;
    double y;
    if (tight) {
      const int h = which(rng);
      x = hot_x[h] + jitter(rng);
      y = hot_y[h] + jitter(rng);
    } else {
      x = anywhere(rng);
      y = anywhere(rng);
    }
    city.Add(testing::TestCity::kOriginX + x, testing::TestCity::kOriginY + y, kStart + when(rng));
  }
  return city.Build();
}

TEST(KdeModelTest, ChoosesANarrowKernelForClusteredDataAndAWideOneForDiffuseData) {
  const EventSelection selection{.known_before = kStart + 365 * kDay};
  testing::TestCity clustered_city;
  const CitySnapshot clustered = YearOfEvents(clustered_city, /*tight=*/true, 1500);
  KdeModel narrow(KdeOptions{});
  ASSERT_TRUE(narrow.Fit(clustered, selection).ok());
  EXPECT_EQ(narrow.bandwidth_m(), 50);

  testing::TestCity diffuse_city;
  const CitySnapshot diffuse = YearOfEvents(diffuse_city, /*tight=*/false, 400);
  KdeModel wide(KdeOptions{});
  ASSERT_TRUE(wide.Fit(diffuse, selection).ok());
  EXPECT_GE(wide.bandwidth_m(), 400);
}

// Sum of 2^(-age / half-life) over the major crimes reported before `at`.
double DecayedMajorCount(const CitySnapshot& snapshot, UnixSeconds at, double half_life_days) {
  double sum = 0;
  const EventColumns& e = snapshot.incidents();
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (IsMajorCrime(e.category[i]) && e.reported_at[i] < at) {
      sum += std::exp2(-static_cast<double>(at - e.reported_at[i]) / (half_life_days * kDay));
    }
  }
  return sum;
}

TEST(KdeModelTest, ScoreTotalIsTheCalibratedDecayedCount) {
  testing::TestCity city;
  const CitySnapshot snapshot = YearOfEvents(city, /*tight=*/true, 600);
  const UnixSeconds cut = kStart + 365 * kDay;
  KdeModel model(KdeOptions{.bandwidths_m = {100}, .half_lives_days = {14}});
  ASSERT_TRUE(model.Fit(snapshot, EventSelection{.known_before = cut}).ok());
  EXPECT_GT(model.counts_per_day(), 0);
  std::vector<double> out(static_cast<std::size_t>(snapshot.grid().cell_count()));
  const Slot slot{.start = cut, .length_s = 7 * kDay};
  ASSERT_TRUE(model.Score(snapshot, slot, out).ok());
  // Every event's decayed weight lands somewhere on the grid, none twice.
  const double decayed = DecayedMajorCount(snapshot, cut, 14);
  EXPECT_NEAR(Sum(out), model.counts_per_day() * 7 * decayed, 1e-9 * Sum(out));
}

TEST(KdeModelTest, RatesAtAnInstantReadOnlyEventsBeforeIt) {
  testing::TestCity city;
  const CitySnapshot snapshot = YearOfEvents(city, /*tight=*/true, 600);
  const UnixSeconds cut = kStart + 365 * kDay;
  KdeModel model(KdeOptions{.bandwidths_m = {100}, .half_lives_days = {14}});
  ASSERT_TRUE(model.Fit(snapshot, EventSelection{.known_before = cut}).ok());
  // Half-way through the training year: the total is the calibrated decayed count of the
  // events before that instant, not of the whole year.
  const UnixSeconds at = kStart + 180 * kDay;
  std::vector<double> out(static_cast<std::size_t>(snapshot.grid().cell_count()));
  ASSERT_TRUE(model.RatesAt(snapshot, at, out).ok());
  const double decayed = DecayedMajorCount(snapshot, at, 14);
  ASSERT_GT(decayed, 0);
  EXPECT_NEAR(Sum(out), model.counts_per_day() * decayed, 1e-9 * Sum(out));
  std::vector<double> wrong(2);
  EXPECT_FALSE(model.RatesAt(snapshot, at, wrong).ok());
}

}  // namespace
}  // namespace vigil::risk
