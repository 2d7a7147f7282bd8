#include "store/sqlite_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "store/migrations.h"
#include "store/spatial_key.h"
#include "store/sqlite_db.h"
#include "support/temp_dir.h"

namespace vigil {
namespace {

Incident MakeIncident(const std::string& id, Category category, UnixSeconds reported,
                      double x = 100, double y = 200) {
  Incident r;
  r.source = "test";
  r.source_id = id;
  r.category = category;
  r.source_code = "c";
  r.source_description = "desc";
  r.occurred_at = reported - 60;
  r.reported_at = reported;
  r.location = Location{-90.2, 38.6, x, y};
  r.district = "1";
  return r;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.File("store.sqlite"));
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    auto load = store_->BeginLoad("test", "memory");
    ASSERT_TRUE(load.ok());
    load_ = *load;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::int64_t load_ = 0;
};

TEST_F(SqliteStoreTest, MigrationsAreAppliedOnceAndRecorded) {
  auto version = SqliteSchemaVersion(dir_.File("store.sqlite"));
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, sqlite::Migrations().back().version);
  // Reopening applies nothing again and keeps data.
  std::vector<Incident> batch = {MakeIncident("a", Category::kTheft, 1000)};
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, batch, {}, nullptr).ok());
  store_.reset();
  auto reopened = OpenSqliteStore(dir_.File("store.sqlite"));
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(*(*reopened)->CountIncidents({}), 1);
}

TEST_F(SqliteStoreTest, UpsertCountsInsertsUpdatesAndUnchanged) {
  std::vector<Incident> batch = {MakeIncident("a", Category::kTheft, 1000),
                                 MakeIncident("b", Category::kRobbery, 2000)};
  UpsertCounts counts;
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, batch, {}, &counts).ok());
  EXPECT_EQ(counts.inserted, 2);

  auto second = store_->BeginLoad("test", "memory");
  ASSERT_TRUE(second.ok());
  batch[1].category = Category::kBurglary;
  UpsertCounts again;
  ASSERT_TRUE(store_->WriteIncidentBatch(*second, batch, {}, &again).ok());
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.updated, 1);
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(*store_->CountIncidents({}), 2);
  IncidentFilter burglary;
  burglary.category = Category::kBurglary;
  EXPECT_EQ(*store_->CountIncidents(burglary), 1);
}

TEST_F(SqliteStoreTest, CancellationHidesRecordEvenWhenItArrivesFirst) {
  std::vector<SourceKey> cancel = {{"test", "late"}};
  UpsertCounts counts;
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, {}, cancel, &counts).ok());
  EXPECT_EQ(counts.cancelled, 1);
  std::vector<Incident> batch = {MakeIncident("late", Category::kAssault, 5000),
                                 MakeIncident("kept", Category::kAssault, 6000)};
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, batch, {}, nullptr).ok());
  EXPECT_EQ(*store_->CountIncidents({}), 1);
  IncidentFilter all;
  all.include_cancelled = true;
  EXPECT_EQ(*store_->CountIncidents(all), 2);
  // Applying the same cancellation again counts nothing new.
  UpsertCounts repeat;
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, {}, cancel, &repeat).ok());
  EXPECT_EQ(repeat.cancelled, 0);
}

TEST_F(SqliteStoreTest, ForEachIncidentIsInReportOrderAndFilters) {
  std::vector<Incident> batch = {MakeIncident("c", Category::kTheft, 3000),
                                 MakeIncident("a", Category::kTheft, 1000),
                                 MakeIncident("b", Category::kRobbery, 2000)};
  batch[2].location.reset();
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, batch, {}, nullptr).ok());
  std::vector<std::string> ids;
  IncidentFilter filter;
  filter.reported_from = 1500;
  ASSERT_TRUE(store_
                  ->ForEachIncident(filter,
                                    [&](const Incident& r) {
                                      ids.push_back(r.source_id);
                                      if (r.source_id == "b") {
                                        EXPECT_FALSE(r.location.has_value());
                                      }
                                    })
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"b", "c"}));
}

TEST_F(SqliteStoreTest, SpatialIndexFindsPointsInBoxAndFollowsUpdates) {
  std::vector<Incident> batch = {MakeIncident("in", Category::kTheft, 1000, 10, 10),
                                 MakeIncident("out", Category::kTheft, 1000, 500, 500)};
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, batch, {}, nullptr).ok());
  auto ids = store_->IncidentIdsInBox(0, 0, 100, 100);
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(ids->size(), 1u);
  batch[1].location->x = 50;
  batch[1].location->y = 50;
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, batch, {}, nullptr).ok());
  EXPECT_EQ(store_->IncidentIdsInBox(0, 0, 100, 100)->size(), 2u);
}

// Random points (negative coordinates, points on cell edges, points far outside the keyed
// square) and random boxes: the grid-cell index answers exactly what a scan answers.
TEST_F(SqliteStoreTest, SpatialIndexMatchesBruteForceOnRandomBoxes) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> coordinate(-3000, 3000);
  std::vector<Incident> batch;
  for (int i = 0; i < 600; ++i) {
    double x = coordinate(rng), y = coordinate(rng);
    if (i % 7 == 0) x = std::round(x / kSpatialCellM) * kSpatialCellM;  // on a cell edge
    if (i % 11 == 0) y = std::round(y / kSpatialCellM) * kSpatialCellM;
    if (i == 5) x = 3 * kSpatialOffsetM;  // outside the keyed square: never in a box result
    batch.push_back(MakeIncident("p" + std::to_string(i), Category::kTheft, 1000 + i, x, y));
  }
  batch[9].location.reset();
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, batch, {}, nullptr).ok());
  std::map<std::string, std::int64_t> id_of;
  auto db = sqlite::Database::Open(dir_.File("store.sqlite"));
  ASSERT_TRUE(db.ok());
  auto rows = db->Prepare("SELECT id, source_id FROM incidents");
  ASSERT_TRUE(rows.ok());
  while (*rows->Step()) id_of[rows->ColumnText(1)] = rows->ColumnInt(0);
  ASSERT_EQ(id_of.size(), batch.size());
  for (int trial = 0; trial < 200; ++trial) {
    double x0 = coordinate(rng), x1 = coordinate(rng), y0 = coordinate(rng), y1 = coordinate(rng);
    if (x0 > x1) std::swap(x0, x1);
    if (y0 > y1) std::swap(y0, y1);
    if (trial == 0) {  // a box around everything
      x0 = y0 = -kSpatialOffsetM * 10;
      x1 = y1 = kSpatialOffsetM * 10;
    }
    std::vector<std::int64_t> expected;
    for (const Incident& r : batch) {
      if (!r.location || !HasSpatialKey(r.location->x, r.location->y)) continue;
      if (r.location->x >= x0 && r.location->x <= x1 && r.location->y >= y0 && r.location->y <= y1)
        expected.push_back(id_of.at(r.source_id));
    }
    std::sort(expected.begin(), expected.end());
    auto ids = store_->IncidentIdsInBox(x0, y0, x1, y1);
    ASSERT_TRUE(ids.ok());
    EXPECT_EQ(*ids, expected) << "box " << x0 << " " << y0 << " " << x1 << " " << y1;
    if (trial == 0) {
      EXPECT_EQ(ids->size(), 598u);  // all but the unlocated and the far point
    }
  }
  EXPECT_TRUE(store_->IncidentIdsInBox(10, 10, 0, 0)->empty());  // inverted box
}

// Migration 6 keys the rows stored before it with SQL; that SQL and SpatialKeyOf agree.
TEST_F(SqliteStoreTest, MigrationKeyExpressionEqualsTheUpsertKey) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> coordinate(-2e7, 2e7);
  std::vector<Incident> batch;
  for (int i = 0; i < 300; ++i)
    batch.push_back(
        MakeIncident("k" + std::to_string(i), Category::kTheft, 1000, coordinate(rng),
                     i % 3 == 0 ? std::round(coordinate(rng) / 256) * 256 : coordinate(rng)));
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, batch, {}, nullptr).ok());
  const std::string_view sql = sqlite::Migrations()[5].sql;
  const auto from = sql.find("SET cell_key = ") + 15, to = sql.find(" WHERE x IS NOT NULL");
  ASSERT_NE(to, std::string_view::npos);
  const std::string expression(sql.substr(from, to - from));
  auto db = sqlite::Database::Open(dir_.File("store.sqlite"));
  ASSERT_TRUE(db.ok());
  auto s = db->Prepare("SELECT COUNT(*), SUM(cell_key = " + expression + ") FROM incidents");
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_TRUE(*s->Step());
  EXPECT_EQ(s->ColumnInt(0), 300);
  EXPECT_EQ(s->ColumnInt(1), 300);
}

TEST_F(SqliteStoreTest, SettingsRoundTrip) {
  auto missing = store_->GetSetting("city.crs");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(store_->SetSetting("city.crs", "EPSG:32615").ok());
  ASSERT_TRUE(store_->SetSetting("city.crs", "EPSG:32616").ok());
  EXPECT_EQ(store_->GetSetting("city.crs")->value(), "EPSG:32616");
}

TEST_F(SqliteStoreTest, SummaryCountsByCategoryAndDistrict) {
  std::vector<Incident> batch = {MakeIncident("a", Category::kTheft, 1000),
                                 MakeIncident("b", Category::kTheft, 2000),
                                 MakeIncident("c", Category::kRobbery, 3000)};
  batch[2].district = "2";
  ASSERT_TRUE(store_->WriteIncidentBatch(load_, batch, {}, nullptr).ok());
  auto summary = store_->Summarize();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->incidents, 3);
  ASSERT_FALSE(summary->by_category.empty());
  EXPECT_EQ(summary->by_category[0].first, Category::kTheft);
  EXPECT_EQ(summary->by_category[0].second, 2);
  EXPECT_EQ(summary->by_district[0].first, "1");
  EXPECT_EQ(*summary->first_reported, 1000);
  EXPECT_EQ(*summary->last_reported, 3000);
}

TEST(SqliteStoreOpenTest, RefusesAFileThatIsNotAStore) {
  testing::TempDir dir;
  const std::string path = dir.Write("not-a-store.sqlite", std::string(4096, 'x'));
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace vigil
