#include "risk/backtest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "risk/backtest_stats.h"
#include "risk/report.h"
#include "support/temp_dir.h"

namespace vigil::risk {
namespace {

constexpr UnixSeconds kStart = 1577836800;  // 2020-01-01T00:00:00Z
constexpr std::int64_t kDay = 86400;

// A 10 x 10 grid of 100 m cells: district "west" for columns 0-4, "east" for 5-9.
CitySnapshot SyntheticCity(int days = 140) {
  std::mt19937_64 rng(42);
  std::poisson_distribution<int> hot(3.0);
  std::poisson_distribution<int> warm(1.0);
  std::uniform_int_distribution<int> any_cell(0, 99);
  std::uniform_int_distribution<int> hour(0, 23);
  struct Event {
    UnixSeconds t;
    int cell;
    Category category;
    Origin origin;
  };
  std::vector<Event> events;
  auto add = [&](int day, int cell, Category c) {
    const Origin o = events.size() % 2 == 0 ? Origin::kCitizenCall : Origin::kOfficerInitiated;
    events.push_back({kStart + day * kDay + hour(rng) * 3600, cell, c, o});
  };
  for (int d = 0; d < days; ++d) {
    for (int k = hot(rng); k > 0; --k) add(d, 11, Category::kTheft);
    for (int k = warm(rng); k > 0; --k) add(d, 57, Category::kRobbery);
    for (int k = 0; k < 2; ++k) add(d, any_cell(rng), Category::kTheft);
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
  const geo::Grid grid{.origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = 10, .rows = 10};
  EventColumns in;
  in.district_names = {"west", "east"};
  for (const Event& e : events) {
    in.reported_at.push_back(e.t);
    in.occurred_at.push_back(e.t);
    in.category.push_back(e.category);
    in.x.push_back(grid.CenterX(e.cell));
    in.y.push_back(grid.CenterY(e.cell));
    in.origin.push_back(e.origin);
    in.district.push_back(e.cell % 10 < 5 ? 0 : 1);
  }
  auto snapshot = CitySnapshot::FromColumns(grid, std::move(in), EventColumns{});
  EXPECT_TRUE(snapshot.ok());
  return std::move(*snapshot);
}

// Counts the selection's events reported in [from, to) per cell of `snapshot`.
void CountEvents(const CitySnapshot& snapshot, const EventSelection& sel, UnixSeconds from,
                 UnixSeconds to, std::span<double> out) {
  std::fill(out.begin(), out.end(), 0.0);
  const EventColumns& e = snapshot.incidents();
  for (std::size_t i = snapshot.LowerBoundReported(from); i < snapshot.LowerBoundReported(to);
       ++i) {
    if (e.cell[i] >= 0 && sel.Matches(e.category[i])) out[static_cast<std::size_t>(e.cell[i])] += 1;
  }
}

// Knows the future: reads the full snapshot it was given at construction.
class OracleModel final : public RiskModel {
 public:
  explicit OracleModel(const CitySnapshot* truth) : truth_(truth) {}
  std::string name() const override { return "oracle"; }
  Status Fit(const CitySnapshot&, const EventSelection& selection) override {
    selection_ = selection;
    return Status::Ok();
  }
  Status Score(const CitySnapshot&, const Slot& slot, std::span<double> out) const override {
    CountEvents(*truth_, selection_, slot.start, slot.start + slot.length_s, out);
    return Status::Ok();
  }

 private:
  const CitySnapshot* truth_;
  EventSelection selection_;
};

class UniformModel final : public RiskModel {
 public:
  std::string name() const override { return "uniform"; }
  Status Fit(const CitySnapshot&, const EventSelection&) override { return Status::Ok(); }
  Status Score(const CitySnapshot&, const Slot&, std::span<double> out) const override {
    std::fill(out.begin(), out.end(), 0.05);
    return Status::Ok();
  }
};

// Last week's counts, scaled to the slot.
class LastWeekModel final : public RiskModel {
 public:
  std::string name() const override { return "last-week"; }
  Status Fit(const CitySnapshot&, const EventSelection& selection) override {
    selection_ = selection;
    return Status::Ok();
  }
  Status Score(const CitySnapshot& s, const Slot& slot, std::span<double> out) const override {
    CountEvents(s, selection_, slot.start - 7 * kDay, slot.start, out);
    for (double& v : out) v *= static_cast<double>(slot.length_s) / (7.0 * kDay);
    return Status::Ok();
  }

 private:
  EventSelection selection_;
};

// Records the latest report time and the origins of everything it was shown.
struct SpyLog {
  std::mutex mu;
  std::vector<std::pair<UnixSeconds, UnixSeconds>> fits;    // (known_before, latest shown)
  std::vector<std::pair<UnixSeconds, UnixSeconds>> scores;  // (slot start, latest shown)
  std::vector<UnixSeconds> train_from;
  bool saw_officer_initiated = false;
};

class SpyModel final : public RiskModel {
 public:
  explicit SpyModel(SpyLog* log) : log_(log) {}
  std::string name() const override { return "spy"; }
  Status Fit(const CitySnapshot& s, const EventSelection& selection) override {
    std::lock_guard<std::mutex> lock(log_->mu);
    log_->fits.emplace_back(selection.known_before, Latest(s));
    log_->train_from.push_back(selection.train_from.value_or(0));
    return Status::Ok();
  }
  Status Score(const CitySnapshot& s, const Slot& slot, std::span<double> out) const override {
    std::lock_guard<std::mutex> lock(log_->mu);
    log_->scores.emplace_back(slot.start, Latest(s));
    std::fill(out.begin(), out.end(), 1.0);
    return Status::Ok();
  }

 private:
  UnixSeconds Latest(const CitySnapshot& s) const {
    UnixSeconds latest = 0;
    for (const UnixSeconds t : s.incidents().reported_at) latest = std::max(latest, t);
    for (const Origin o : s.incidents().origin)
      log_->saw_officer_initiated |= o == Origin::kOfficerInitiated;
    return latest;
  }
  SpyLog* log_;
};

class FailingModel final : public RiskModel {
 public:
  std::string name() const override { return "failing"; }
  Status Fit(const CitySnapshot&, const EventSelection&) override {
    return MakeError(ErrorCode::kFailedPrecondition, "cannot fit");
  }
  Status Score(const CitySnapshot&, const Slot&, std::span<double>) const override {
    return Status::Ok();
  }
};

template <typename M, typename... Args>
ModelSpec Spec(std::string name, bool baseline, Args... args) {
  return ModelSpec{.name = std::move(name),
                   .baseline = baseline,
                   .make = [=]() -> Result<std::unique_ptr<RiskModel>> {
                     return std::unique_ptr<RiskModel>(std::make_unique<M>(args...));
                   }};
}

BacktestOptions TestOptions() {
  BacktestOptions o;
  o.test_from = kStart + 84 * kDay;
  o.test_to = kStart + 140 * kDay;  // 56 daily slots
  o.train_days = 60;
  o.refit_days = 14;
  o.categories = {Category::kTheft};
  o.major_together = true;
  o.bootstrap_resamples = 500;
  return o;
}

double Mean(const ModelRun& run, const std::string& metric) {
  for (const MetricEstimate& m : run.summary) {
    if (m.name == metric) return m.value.mean;
  }
  ADD_FAILURE() << "no metric " << metric;
  return NAN;
}

TEST(BacktestTest, OracleHasPeiOneUniformHasPaiOneAndWinsClearly) {
  const CitySnapshot city = SyntheticCity();
  const std::vector<ModelSpec> models = {Spec<OracleModel>("oracle", false, &city),
                                         Spec<UniformModel>("uniform", true),
                                         Spec<LastWeekModel>("last-week", true)};
  auto r = RunBacktest(city, models, TestOptions());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->slots.size(), 56u);
  EXPECT_EQ(r->targets.size(), 2u);
  ASSERT_EQ(r->runs.size(), 6u);
  for (const std::string target : {"theft", "major"}) {
    const ModelRun* oracle = r->Find("oracle", target);
    const ModelRun* uniform = r->Find("uniform", target);
    ASSERT_TRUE(oracle && uniform);
    ASSERT_TRUE(oracle->error.empty()) << oracle->error;
    EXPECT_EQ(oracle->slots.size(), 56u);
    for (const char* share : {"0.5%", "1%", "2%", "5%", "10%"}) {
      EXPECT_NEAR(Mean(*oracle, std::string("pei@") + share), 1.0, 1e-12) << share;
      EXPECT_NEAR(Mean(*uniform, std::string("pai@") + share), 1.0, 1e-12) << share;
    }
    EXPECT_GT(Mean(*r->Find("last-week", target), "pai@5%"), 2.0);  // the hot cells persist
  }
  // The oracle is compared with the best baseline (last week's counts) and is clearly better.
  ASSERT_EQ(r->reference.size(), 2u);
  EXPECT_EQ(r->reference[0], "last-week");
  EXPECT_EQ(r->best_model[0], "oracle");
  ASSERT_EQ(r->verdict.size(), 2u);
  EXPECT_EQ(r->verdict[0], "better");  // on pai@1%, the headline metric
  bool found = false;
  for (const Comparison& c : r->comparisons) {
    if (c.model != "oracle" || c.target != "theft") continue;
    found = true;
    for (const MetricEstimate& d : c.difference) {
      if (d.name != "auc@20%") continue;
      EXPECT_GT(d.value.low, 0);
      EXPECT_LE(d.value.low, d.value.mean);
      EXPECT_GE(d.value.high, d.value.mean);
    }
  }
  EXPECT_TRUE(found);
}

TEST(BacktestTest, PatrolExposureScalesTheRecordedCountsOfEachCell) {
  // The hot theft cell 11 records about 3 thefts a day, the rest of the city about 2. Last
  // week's counts flag cell 11 at 1 % of the area and catch about half of the thefts. Patrolled
  // ten times the average, cell 11's true crime is a tenth of what it records (0.3 of about 2.3
  // a day): the model, corrected the same way, still flags it, but it now holds about 13 %.
  const CitySnapshot city = SyntheticCity();
  const std::vector<ModelSpec> models = {Spec<LastWeekModel>("last-week", true)};
  BacktestOptions o = TestOptions();
  o.major_together = false;
  auto plain = RunBacktest(city, models, o);
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  o.patrol_exposure.assign(100, 1.0);
  o.patrol_exposure[11] = 10.0;
  auto corrected = RunBacktest(city, models, o);
  ASSERT_TRUE(corrected.ok()) << corrected.error().message;
  const double before = Mean(*plain->Find("last-week", "theft"), "hit_rate@1%");
  const double after = Mean(*corrected->Find("last-week", "theft"), "hit_rate@1%");
  EXPECT_GT(before, 0.4);
  EXPECT_GT(after, 0.05);
  EXPECT_LT(after, 0.25);
}

TEST(BacktestTest, TheHeadlineMetricPicksTheReferenceAndUnknownOnesAreRejected) {
  const CitySnapshot city = SyntheticCity();
  // A uniform forecast ranks no cell above another (hit rate = area share). As the only
  // non-baseline it is the best model; last week's counts, the better baseline on the
  // headline, are the reference and beat it.
  const std::vector<ModelSpec> models = {Spec<UniformModel>("uniform", false),
                                         Spec<UniformModel>("flat", true),
                                         Spec<LastWeekModel>("last-week", true)};
  BacktestOptions o = TestOptions();
  o.headline_metric = "hit_rate@5%";
  auto r = RunBacktest(city, models, o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->reference[0], "last-week");
  EXPECT_EQ(r->best_model[0], "uniform");
  EXPECT_EQ(r->verdict[0], "worse");
  o.headline_metric = "pai@3%";
  auto bad = RunBacktest(city, models, o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("headline"), std::string::npos);
}

TEST(BacktestTest, ReportsProgressAfterEveryFitRoundAndTarget) {
  const CitySnapshot city = SyntheticCity();
  const std::vector<ModelSpec> models = {Spec<LastWeekModel>("last-week", true)};
  BacktestOptions o = TestOptions();  // 2 targets x 4 fit rounds
  std::vector<BacktestProgress> seen;
  o.progress = [&](const BacktestProgress& p) { seen.push_back(p); };
  auto r = RunBacktest(city, models, o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(seen.size(), 10u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(seen[i].target, "theft");
    EXPECT_EQ(seen[i + 5].target, "major");
    EXPECT_EQ(seen[i].fits, 4u);
  }
  EXPECT_EQ(seen[3].fits_done, 4u);
  EXPECT_EQ(seen[3].slot_start, o.test_from + 42 * kDay);
  EXPECT_FALSE(seen[3].target_done);
  EXPECT_TRUE(seen[4].target_done);
}

TEST(BacktestTest, ModelsNeverSeeEventsReportedAtOrAfterTheSlot) {
  const CitySnapshot city = SyntheticCity();
  SpyLog log;
  const std::vector<ModelSpec> models = {Spec<SpyModel>("spy", false, &log)};
  BacktestOptions o = TestOptions();
  o.categories.clear();
  auto r = RunBacktest(city, models, o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(log.scores.size(), 56u);
  for (const auto& [slot_start, latest] : log.scores) EXPECT_LT(latest, slot_start);
  for (const auto& [known_before, latest] : log.fits) EXPECT_LT(latest, known_before);
  // Refits every 14 days from test_from, each training on the 60 days before it.
  ASSERT_EQ(log.fits.size(), 4u);
  for (std::size_t k = 0; k < log.fits.size(); ++k) {
    EXPECT_EQ(log.fits[k].first, o.test_from + static_cast<std::int64_t>(k) * 14 * kDay);
    EXPECT_EQ(log.train_from[k], log.fits[k].first - 60 * kDay);
  }
  EXPECT_EQ(r->refit_points.size(), 4u);

  // Without isolation the same spy is shown the whole history: the check above can fail.
  SpyLog open_log;
  o.isolate_future = false;
  ASSERT_TRUE(
      RunBacktest(city, std::vector<ModelSpec>{Spec<SpyModel>("spy", false, &open_log)}, o).ok());
  ASSERT_FALSE(open_log.scores.empty());
  EXPECT_GE(open_log.scores.front().second, open_log.scores.front().first);
}

TEST(BacktestTest, CitizenOnlyTrainingHidesOfficerInitiatedIncidents) {
  const CitySnapshot city = SyntheticCity();
  BacktestOptions o = TestOptions();
  SpyLog all;
  ASSERT_TRUE(
      RunBacktest(city, std::vector<ModelSpec>{Spec<SpyModel>("spy", false, &all)}, o).ok());
  EXPECT_TRUE(all.saw_officer_initiated);
  SpyLog citizen;
  o.train_only_citizen_reported = true;
  ASSERT_TRUE(
      RunBacktest(city, std::vector<ModelSpec>{Spec<SpyModel>("spy", false, &citizen)}, o).ok());
  EXPECT_FALSE(citizen.saw_officer_initiated);
  EXPECT_FALSE(citizen.scores.empty());

  // A city whose source marks no incident as citizen-reported cannot train citizen-only.
  const EventColumns& e = city.incidents();
  EventColumns none = e;
  none.origin.assign(e.size(), Origin::kRecord);
  auto unmarked = CitySnapshot::FromColumns(city.grid(), std::move(none), EventColumns{});
  ASSERT_TRUE(unmarked.ok());
  SpyLog unused;
  EXPECT_FALSE(
      RunBacktest(*unmarked, std::vector<ModelSpec>{Spec<SpyModel>("spy", false, &unused)}, o)
          .ok());
}

TEST(BacktestTest, FairnessSharesSumToOne) {
  const CitySnapshot city = SyntheticCity();
  const std::vector<ModelSpec> models = {Spec<LastWeekModel>("last-week", true),
                                         Spec<UniformModel>("uniform", true)};
  BacktestOptions o = TestOptions();
  o.fairness_area_share = 0.01;  // about one cell: last week's top cell, the hot cell 11
  auto r = RunBacktest(city, models, o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  for (const ModelRun& run : r->runs) {
    ASSERT_EQ(run.fairness.size(), 2u) << run.model;  // every city cell is in west or east
    double flagged = 0, crime = 0, area = 0;
    for (const DistrictFairness& d : run.fairness) {
      flagged += d.flagged_share;
      crime += d.crime_share;
      area += d.area_share;
    }
    EXPECT_NEAR(flagged, 1, 1e-9);
    EXPECT_NEAR(crime, 1, 1e-9);
    EXPECT_NEAR(area, 1, 1e-9);
  }
  // Uniform flags every district in proportion to its area; last week's counts flag the west,
  // where the hot cell 11 lies, almost alone.
  const ModelRun* uniform = r->Find("uniform", "theft");
  for (const DistrictFairness& d : uniform->fairness)
    EXPECT_NEAR(d.flagged_share, d.area_share, 1e-9);
  const ModelRun* last = r->Find("last-week", "theft");
  EXPECT_EQ(last->fairness[0].district, "west");
  EXPECT_GT(last->fairness[0].flagged_share, 0.9);
  EXPECT_GT(last->fairness[0].pai, 1.0);
}

TEST(BacktestTest, AFailingModelIsReportedAndTheOthersRun) {
  const CitySnapshot city = SyntheticCity();
  const std::vector<ModelSpec> models = {Spec<FailingModel>("failing", false),
                                         Spec<UniformModel>("uniform", true)};
  auto r = RunBacktest(city, models, TestOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->Find("failing", "major")->error.find("cannot fit"), std::string::npos);
  EXPECT_TRUE(r->Find("failing", "major")->slots.empty());
  EXPECT_EQ(r->Find("uniform", "major")->slots.size(), 56u);
}

TEST(BacktestTest, ShiftSlotsAndInvalidInput) {
  const CitySnapshot city = SyntheticCity();
  const std::vector<ModelSpec> models = {Spec<UniformModel>("uniform", true)};
  BacktestOptions o = TestOptions();
  o.slot_length_s = 8 * 3600;
  o.test_to = o.test_from + 3 * kDay;
  auto r = RunBacktest(city, models, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->slots.size(), 9u);
  EXPECT_EQ(r->refit_points.size(), 1u);

  BacktestOptions bad = TestOptions();
  bad.test_to = bad.test_from;
  EXPECT_FALSE(RunBacktest(city, models, bad).ok());
  bad = TestOptions();
  bad.cell_size_m = 50;  // the snapshot has 100 m cells
  EXPECT_FALSE(RunBacktest(city, models, bad).ok());
  bad = TestOptions();
  bad.patrol_exposure = {1.0};
  EXPECT_FALSE(RunBacktest(city, models, bad).ok());
  EXPECT_FALSE(RunBacktest(city, std::vector<ModelSpec>{models[0], models[0]}, TestOptions()).ok());
  EXPECT_FALSE(RunBacktest(city, std::vector<ModelSpec>{}, TestOptions()).ok());
}

TEST(BacktestReportTest, WritesJsonAndSelfContainedHtml) {
  const CitySnapshot city = SyntheticCity();
  const std::vector<ModelSpec> models = {
      Spec<LastWeekModel>("last-week", true), Spec<UniformModel>("uniform", true),
      Spec<OracleModel>("oracle", false, &city), Spec<FailingModel>("failing", false)};
  auto r = RunBacktest(city, models, TestOptions());
  ASSERT_TRUE(r.ok());
  testing::TempDir dir;
  ASSERT_TRUE(WriteBacktestReport(*r, dir.File("bt")).ok());
  auto slurp = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  const auto doc = nlohmann::json::parse(slurp(dir.File("bt.json")));
  ASSERT_EQ(doc["targets"].size(), 2u);
  EXPECT_EQ(doc["targets"][0]["name"], "theft");
  EXPECT_EQ(doc["targets"][0]["best_model"], "oracle");
  EXPECT_EQ(doc["targets"][0]["models"].size(), 4u);
  EXPECT_NEAR(doc["targets"][0]["models"][2]["metrics"]["pei@1%"]["mean"].get<double>(), 1.0,
              1e-12);
  EXPECT_EQ(doc["slot_count"], 56);
  const std::string html = slurp(dir.File("bt.html"));
  EXPECT_NE(html.find("<polyline"), std::string::npos);  // hit-rate curves
  EXPECT_NE(html.find("Risk map: oracle"), std::string::npos);
  EXPECT_NE(html.find("failing failed"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);  // nothing fetched from the network
  EXPECT_FALSE(WriteBacktestReport(*r, dir.File("missing/dir/bt")).ok());
}

// AR(1) noise around a known mean: the weekly-block interval covers the mean in about 95 %
// of replicates (block bootstraps run a little narrow; well above 80 % is required).
TEST(BootstrapTest, BlockIntervalCoversTheTrueMean) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0, 1);
  BootstrapOptions o;
  o.resamples = 400;
  int covered = 0;
  const int replicates = 100;
  for (int rep = 0; rep < replicates; ++rep) {
    std::vector<double> v(140);
    double e = 0;
    for (double& x : v) {
      e = 0.5 * e + noise(rng);
      x = 0.3 + e;
    }
    o.seed = static_cast<std::uint64_t>(rep) + 1;
    const Estimate est = BlockBootstrapMean(v, o);
    EXPECT_LE(est.low, est.mean);
    EXPECT_GE(est.high, est.mean);
    covered += est.low <= 0.3 && 0.3 <= est.high ? 1 : 0;
  }
  EXPECT_GE(covered, 85);
  EXPECT_LE(covered, 100);
}

TEST(BootstrapTest, PairedDifferenceExcludesZeroOnlyWhenOneIsBetter) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0, 0.2);
  std::vector<double> base(84), better(84), same(84);
  for (std::size_t i = 0; i < base.size(); ++i) {
    const double week = std::sin(static_cast<double>(i) / 7.0);  // shared ups and downs
    base[i] = week + noise(rng);
    better[i] = base[i] + 0.3 + noise(rng);
    same[i] = base[i] + noise(rng);
  }
  const BootstrapOptions o;
  const Estimate up = PairedDifference(better, base, o);
  EXPECT_GT(up.low, 0);
  EXPECT_LT(up.low, 0.3);
  EXPECT_GT(up.high, 0.3);
  const Estimate tie = PairedDifference(same, base, o);
  EXPECT_LT(tie.low, 0);
  EXPECT_GT(tie.high, 0);
  // Deterministic for a seed; NaN slots are skipped.
  EXPECT_EQ(PairedDifference(same, base, o).low, tie.low);
  std::vector<double> gaps = same;
  gaps[3] = NAN;
  EXPECT_EQ(PairedDifference(gaps, base, o).n, 83);
  EXPECT_TRUE(std::isnan(BlockBootstrapMean(std::vector<double>{NAN, NAN}, o).mean));
}

}  // namespace
}  // namespace vigil::risk
