// The synthetic city generator: determinism, the known model visible in its output, and files
// that load through the built-in profiles with zero rejects.
#include "sim/sim.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <sstream>

#include "ingest/csv_ingest.h"
#include "ingest/profile.h"
#include "sim/random.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace vigil::sim {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

double Correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

SimOptions SmallOptions(std::uint64_t seed, int days) {
  SimOptions options;
  options.seed = seed;
  options.days = days;
  options.plate_read_days = 7;
  return options;
}

// Seed of the statistical tests: 11, or VIGIL_SIM_TEST_SEED to check other seeds by hand.
std::uint64_t StatisticsSeed() {
  const char* text = std::getenv("VIGIL_SIM_TEST_SEED");
  return text != nullptr ? std::strtoull(text, nullptr, 10) : 11;
}

// One 120-day city shared by the statistical tests (built once: ~1 s under ASan).
class SimCityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto city = BuildCity(SmallOptions(StatisticsSeed(), 120));
    ASSERT_TRUE(city.ok()) << city.error().message;
    city_ = std::make_unique<City>(std::move(*city));
  }
  static void TearDownTestSuite() { city_.reset(); }
  static std::unique_ptr<City> city_;
};
std::unique_ptr<City> SimCityTest::city_;

TEST(SimOptionsTest, ValidateNamesTheBadField) {
  SimOptions options;
  EXPECT_TRUE(options.Validate().ok());
  options.days = 0;
  EXPECT_NE(options.Validate().error().message.find("days"), std::string::npos);
  options = SimOptions{};
  options.start_date = "2023-02-30";
  EXPECT_FALSE(options.Validate().ok());
  options = SimOptions{};
  options.incident_scale = -1;
  EXPECT_FALSE(options.Validate().ok());
  options = SimOptions{};
  options.timezone = "Nowhere/Atlantis";
  EXPECT_FALSE(BuildCity(options).ok());
}

TEST(SimRandomTest, SamplersHaveTheirMoments) {
  Rng rng(3);
  double sum = 0, sum_sq = 0, expo = 0, pois = 0, big = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double z = rng.Normal();
    sum += z;
    sum_sq += z * z;
    expo += rng.Exponential(2.0);
    pois += static_cast<double>(rng.Poisson(3.5));
  }
  for (int i = 0; i < 200; ++i) big += static_cast<double>(rng.Poisson(1000));
  EXPECT_NEAR(sum / n, 0, 0.03);
  EXPECT_NEAR(sum_sq / n, 1, 0.04);
  EXPECT_NEAR(expo / n, 0.5, 0.02);
  EXPECT_NEAR(pois / n, 3.5, 0.06);
  EXPECT_NEAR(big / 200, 1000, 6);
  // The sequence is fixed by the seed.
  Rng a(42), b(42);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.Poisson(7.5), b.Poisson(7.5));
}

TEST(SimFilesTest, SameSeedSameBytesOtherSeedOtherBytes) {
  testing::TempDir dir;
  const std::string a = dir.File("a"), b = dir.File("b"), c = dir.File("c");
  ASSERT_TRUE(GenerateCity(SmallOptions(5, 20), a).ok());
  ASSERT_TRUE(GenerateCity(SmallOptions(5, 20), b).ok());
  ASSERT_TRUE(GenerateCity(SmallOptions(6, 20), c).ok());
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(a)) {
    const std::string name = entry.path().filename().string();
    const std::string bytes = ReadAll(entry.path().string());
    EXPECT_FALSE(bytes.empty()) << name;
    EXPECT_EQ(bytes, ReadAll(b + "/" + name)) << name;
    ++files;
  }
  EXPECT_EQ(files, 16);
  for (const char* name :
       {"incidents.csv", "calls.csv", "roads.geojson", "persons.csv", "plate_reads.csv"}) {
    EXPECT_NE(ReadAll(a + "/" + name), ReadAll(c + "/" + name)) << name;
  }
}

TEST(SimFilesTest, IncidentsAndCallsIngestWithZeroRejects) {
  testing::TempDir dir;
  const std::string out = dir.File("city");
  auto counts = GenerateCity(SmallOptions(9, 30), out);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  auto store = OpenSqliteStore(dir.File("store.sqlite"));
  ASSERT_TRUE(store.ok()) << store.error().message;
  for (const auto& [profile_name, file] :
       {std::pair{"vigil-incidents", "incidents.csv"}, std::pair{"vigil-calls", "calls.csv"}}) {
    auto profile = ingest::BuiltinProfile(profile_name);
    ASSERT_TRUE(profile.ok()) << profile.error().message;
    auto summary =
        ingest::IngestCsvFile(**store, *profile, out + "/" + file, ingest::IngestOptions{});
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary->rejected, 0)
        << file << ": " << (summary->rejects.empty() ? "" : summary->rejects[0].reason);
    EXPECT_EQ(summary->unlocated, 0) << file;
    EXPECT_EQ(summary->rows, counts->at(file)) << file;
    EXPECT_EQ(summary->counts.inserted, counts->at(file)) << file;
  }
  auto summary = (*store)->Summarize();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->incidents, counts->at("incidents.csv"));
  EXPECT_EQ(summary->calls, counts->at("calls.csv"));
  // Nine categories are simulated; none falls through to "other".
  for (const auto& [category, count] : summary->by_category) EXPECT_NE(category, Category::kOther);
}

TEST(SimFilesTest, GeoJsonLayersAreWellFormed) {
  testing::TempDir dir;
  const std::string out = dir.File("city");
  ASSERT_TRUE(GenerateCity(SmallOptions(4, 2), out).ok());
  const auto roads = nlohmann::json::parse(ReadAll(out + "/roads.geojson"));
  std::map<std::pair<double, double>, int> vertex_roads;
  std::set<std::string> classes;
  for (const auto& f : roads["features"]) {
    ASSERT_EQ(f["geometry"]["type"], "LineString");
    classes.insert(f["properties"]["class"].get<std::string>());
    EXPECT_TRUE(f["properties"]["oneway"].is_boolean());
    EXPECT_GT(f["properties"]["maxspeed_kmh"].get<int>(), 0);
    for (const auto& p : f["geometry"]["coordinates"])
      ++vertex_roads[{p[0].get<double>(), p[1].get<double>()}];
  }
  EXPECT_EQ(classes, (std::set<std::string>{"motorway", "primary", "secondary", "residential"}));
  int shared = 0;
  for (const auto& [vertex, n] : vertex_roads) shared += n >= 2 ? 1 : 0;
  EXPECT_GT(shared, 500);  // 26 x 21 street crossings plus interchanges
  for (const char* layer : {"districts", "neighborhoods", "boundary"}) {
    const auto areas = nlohmann::json::parse(ReadAll(out + "/" + layer + ".geojson"));
    std::set<std::string> codes;
    for (const auto& f : areas["features"]) {
      const auto& p = f["properties"];
      codes.insert(p["code"].get<std::string>());
      ASSERT_EQ(f["geometry"]["type"], "Polygon");
      const double land = p["land_residential"].get<double>() + p["land_commercial"].get<double>() +
                          p["land_industrial"].get<double>() + p["land_green"].get<double>();
      EXPECT_NEAR(land, 1.0, 1e-6) << layer;
      EXPECT_GT(p["population"].get<double>(), 0) << layer;
      EXPECT_GT(p["households"].get<double>(), 0) << layer;
    }
    const std::size_t expected =
        std::string(layer) == "districts" ? 8 : (std::string(layer) == "boundary" ? 1 : 32);
    EXPECT_EQ(codes.size(), expected) << layer;
  }
  const auto truth = nlohmann::json::parse(ReadAll(out + "/truth.json"));
  EXPECT_EQ(truth["crs"], "EPSG:32652");
  EXPECT_EQ(truth["categories"].size(), 9u);
  EXPECT_EQ(truth["categories"]["burglary"]["hourly_weights"].size(), 24u);
}

TEST_F(SimCityTest, CountsAndTimesAreWithinThePeriod) {
  const City& city = *city_;
  const double expected = 61.6 * 120;
  EXPECT_GT(static_cast<double>(city.incidents.size()), 0.85 * expected);
  EXPECT_LT(static_cast<double>(city.incidents.size()), 1.15 * expected);
  EXPECT_EQ(city.end_utc - city.start_utc, 120 * 86400);
  EXPECT_EQ(FormatUtc(city.start_utc), "2022-12-31T15:00:00Z");  // local midnight in Seoul
  for (std::size_t i = 0; i < city.incidents.size(); ++i) {
    const Incident& inc = city.incidents[i];
    ASSERT_GE(inc.occurred_at, city.start_utc);
    ASSERT_LT(inc.occurred_at, city.end_utc);
    ASSERT_GE(inc.reported_at, inc.occurred_at);
    ASSERT_LT(inc.reported_at, inc.occurred_at + 15 * 86400);
    if (i > 0) {
      ASSERT_LE(city.incidents[i - 1].occurred_at, inc.occurred_at);
    }
  }
  std::size_t citizen = 0;
  for (const Incident& inc : city.incidents) citizen += inc.origin == Origin::kCitizenCall ? 1 : 0;
  std::size_t crime_calls = 0;
  for (const Call& call : city.calls) {
    ASSERT_GE(call.received_at, city.start_utc);
    ASSERT_LT(call.received_at, city.end_utc + 15 * 86400);
    crime_calls += call.category != Category::kOther ? 1 : 0;
  }
  EXPECT_GT(static_cast<double>(crime_calls),
            0.85 * static_cast<double>(citizen));  // most have a call
  EXPECT_LT(crime_calls, citizen);
  EXPECT_GT(city.calls.size() - crime_calls, 30u * 120);
  EXPECT_FALSE(city.plate_reads.empty());
  EXPECT_EQ(city.convoys.size(), 3u);
}

TEST_F(SimCityTest, EverythingLiesInsideTheBoundingBox) {
  const auto& bb = city_->layout.bbox_lonlat();
  auto inside = [&](const Location& loc) {
    return loc.lon >= bb[0] && loc.lat >= bb[1] && loc.lon <= bb[2] && loc.lat <= bb[3];
  };
  EXPECT_NEAR((bb[0] + bb[2]) / 2, 126.98, 0.01);
  EXPECT_NEAR((bb[1] + bb[3]) / 2, 37.55, 0.01);
  for (const Incident& inc : city_->incidents) ASSERT_TRUE(inside(*inc.location)) << inc.source_id;
  for (const Call& call : city_->calls) ASSERT_TRUE(inside(*call.location)) << call.source_id;
  for (const PointOfInterest& p : city_->layout.pois)
    ASSERT_TRUE(inside(p.location)) << p.source_id;
  for (const Station& s : city_->stations) ASSERT_TRUE(inside(s.location)) << s.source_id;
  for (const Camera& c : city_->cameras) ASSERT_TRUE(inside(c.location)) << c.source_id;
  for (const PersonOfInterest& p : city_->persons) ASSERT_TRUE(inside(*p.location)) << p.source_id;
  for (const PlateRead& r : city_->plate_reads) ASSERT_TRUE(inside(r.location)) << r.source_id;
}

TEST_F(SimCityTest, HourAndWeekdayCyclesFollowTheTruth) {
  auto zone = TimeZone::Load("Asia/Seoul");
  ASSERT_TRUE(zone.ok());
  // Relative weekday rates of every well-populated category, side by side with the truth.
  std::vector<double> weekday_observed, weekday_truth;
  for (const CategoryTruth& t : city_->truth) {
    std::vector<double> hours(24, 0), weekdays(7, 0);
    double n = 0;
    // The cycles modulate the background; offspring follow their parents' times instead.
    for (std::size_t i = 0; i < city_->incidents.size(); ++i) {
      const Incident& inc = city_->incidents[i];
      if (inc.category != t.category || city_->incident_truth[i].parent >= 0) continue;
      const LocalDateTime local = zone->ToLocal(inc.occurred_at);
      hours[static_cast<std::size_t>(local.hour)] += 1;
      const std::int64_t day = DaysFromCivil(local.year, local.month, local.day);
      weekdays[static_cast<std::size_t>(((day % 7) + 10) % 7)] += 1;  // Monday = 0
      n += 1;
    }
    if (n < 400) continue;
    const std::vector<double> weights(t.hourly.begin(), t.hourly.end());
    if (n >= 500) {
      EXPECT_GT(Correlation(hours, weights), 0.8)
          << CategoryName(t.category);  // 0.91-0.98, seeds 1-16
    }
    for (std::size_t d = 0; d < 7; ++d) {
      weekday_observed.push_back(weekdays[d] / (n / 7));
      weekday_truth.push_back(t.weekday[d]);
    }
  }
  ASSERT_GE(weekday_truth.size(), 3u * 7);
  const double weekday_r = Correlation(weekday_observed, weekday_truth);
  EXPECT_GT(weekday_r, 0.5);  // 0.68-0.92 over seeds 1-16; about 0 without weekly cycles
}

// Convoys: the two plates of each pair pass the same camera less than a minute apart again and
// again; two busy plates that are not a pair almost never do.
TEST_F(SimCityTest, ConvoysPassTheSameCamerasWithinAMinute) {
  auto together = [&](const std::string& a, const std::string& b) {
    std::map<std::string, std::vector<UnixSeconds>> reads_of_a;
    for (const PlateRead& r : city_->plate_reads) {
      if (r.plate == a) reads_of_a[r.camera_id].push_back(r.read_at);
    }
    int count = 0;
    for (const PlateRead& r : city_->plate_reads) {
      if (r.plate != b) continue;
      for (const UnixSeconds t : reads_of_a[r.camera_id])
        count += std::abs(r.read_at - t) <= 60 ? 1 : 0;
    }
    return count;
  };
  ASSERT_EQ(city_->convoys.size(), 3u);
  for (const auto& [lead, follower] : city_->convoys)
    EXPECT_GE(together(lead, follower), 5) << lead;
  EXPECT_LE(together(city_->vehicles[0].plate, city_->vehicles[1].plate), 1);
}

// The branching structure behind the files: offspring share ~ theta, delays ~ 1 / omega.
TEST_F(SimCityTest, BranchingStructureMatchesThetaAndOmega) {
  for (const CategoryTruth& t : city_->truth) {
    double n = 0, children = 0, delay_days = 0;
    for (std::size_t i = 0; i < city_->incidents.size(); ++i) {
      if (city_->incidents[i].category != t.category) continue;
      n += 1;
      const std::int64_t parent = city_->incident_truth[i].parent;
      if (parent < 0) continue;
      children += 1;
      const Incident& p = city_->incidents[static_cast<std::size_t>(parent)];
      ASSERT_EQ(p.category, t.category);
      ASSERT_EQ(city_->incident_truth[static_cast<std::size_t>(parent)].cell,
                city_->incident_truth[i].cell);
      ASSERT_LE(p.occurred_at, city_->incidents[i].occurred_at);
      delay_days += static_cast<double>(city_->incidents[i].occurred_at - p.occurred_at) / 86400;
    }
    if (n < 700) continue;
    // Offspring share: theta in the stationary process, a little less near the end of the period.
    EXPECT_NEAR(children / n, t.theta, 0.07) << CategoryName(t.category);
    EXPECT_NEAR(delay_days / children, 1 / t.omega_per_day, 0.3 / t.omega_per_day)
        << CategoryName(t.category);
  }
}

// Same-cell pairs of one category less than `window_days` apart, in the records as written and
// with the occurrence times shuffled among the same events (which keeps where and when events
// happen, and breaks only their pairing in space-time).
struct PairCounts {
  double events = 0;
  double observed = 0;
  double shuffled = 0;  // mean of 4 shuffles
};

PairCounts CloseSameCellPairs(const City& city, Category category, double window_days,
                              std::uint64_t seed) {
  const geo::Grid& grid = city.layout.grid();
  std::vector<std::int64_t> cells;
  std::vector<UnixSeconds> times;
  for (const Incident& inc : city.incidents) {
    if (inc.category != category) continue;
    cells.push_back(grid.CellOf(inc.location->x, inc.location->y));
    times.push_back(inc.occurred_at);
  }
  const auto window = static_cast<UnixSeconds>(window_days * 86400);
  auto count = [&](const std::vector<UnixSeconds>& at) {
    std::map<std::int64_t, std::vector<UnixSeconds>> by_cell;
    for (std::size_t i = 0; i < cells.size(); ++i) by_cell[cells[i]].push_back(at[i]);
    double pairs = 0;
    for (auto& [cell, ts] : by_cell) {
      std::sort(ts.begin(), ts.end());
      for (std::size_t i = 0; i < ts.size(); ++i) {
        for (std::size_t j = i + 1; j < ts.size() && ts[j] - ts[i] < window; ++j) pairs += 1;
      }
    }
    return pairs;
  };
  PairCounts out;
  out.events = static_cast<double>(times.size());
  out.observed = count(times);
  Rng rng(seed);
  for (int round = 0; round < 4; ++round) {
    std::vector<UnixSeconds> permuted = times;
    for (std::size_t i = permuted.size(); i > 1; --i) {
      std::swap(permuted[i - 1],
                permuted[static_cast<std::size_t>(rng.Index(static_cast<std::int64_t>(i)))]);
    }
    out.shuffled += count(permuted) / 4;
  }
  return out;
}

// Self-excitation visible in the incident records alone, strong enough to recover theta: a
// cluster of a Poisson(theta) branching process has E[S] = 1 / (1 - theta) events and
// E[S(S - 1)] / 2 = ((1 - theta)^-3 - (1 - theta)^-1) / 2 pairs, so the excess of close
// same-cell pairs per event is e = ((1 - theta)^-2 - 1) / 2 and theta = 1 - (1 + 2e)^-1/2.
// With theta = 0 the excess disappears, so the test fails if triggering stops reaching the files.
TEST_F(SimCityTest, SelfExcitationIsVisibleInTheRecords) {
  const double window = 21, days = 120;
  double observed = 0, shuffled = 0;
  for (const CategoryTruth& t : city_->truth) {
    const PairCounts pairs = CloseSameCellPairs(*city_, t.category, window, 1);
    observed += pairs.observed;
    shuffled += pairs.shuffled;
    if (pairs.events < 600) continue;
    // Shuffling keeps each cell's events, so it also keeps the share p of a cluster's pairs that
    // two uniform times in the period would place within the window: divide it back out.
    const double p = 1 - std::pow(1 - window / days, 2);
    const double excess = (pairs.observed - pairs.shuffled) / pairs.events / (1 - p);
    const double theta = 1 - 1 / std::sqrt(1 + 2 * std::max(excess, 0.0));
    // Slightly low: pairs cut by the end of the period and delays beyond the window are missed.
    EXPECT_NEAR(theta, t.theta, 0.1) << CategoryName(t.category);
  }
  EXPECT_GT(observed / shuffled, 2.5);

  SimOptions control = SmallOptions(StatisticsSeed(), 120);
  control.theta_scale = 0;
  auto poisson = BuildCity(control);
  ASSERT_TRUE(poisson.ok());
  for (const IncidentTruth& t : poisson->incident_truth) ASSERT_EQ(t.parent, -1);
  observed = shuffled = 0;
  for (const CategoryTruth& t : poisson->truth) {
    const PairCounts pairs = CloseSameCellPairs(*poisson, t.category, window, 1);
    observed += pairs.observed;
    shuffled += pairs.shuffled;
  }
  EXPECT_GT(observed / shuffled, 0.8);
  EXPECT_LT(observed / shuffled, 1.25);
}

}  // namespace
}  // namespace vigil::sim
