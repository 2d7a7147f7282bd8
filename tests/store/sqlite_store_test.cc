#include "store/sqlite_store.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
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
