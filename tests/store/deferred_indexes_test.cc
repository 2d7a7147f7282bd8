// Bulk-load index deferral (store.h DeferIndexes / RestoreIndexes) and multi-load writes.
#include "store/deferred_indexes.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace vigil {
namespace {

Incident At(const std::string& id, Category category, UnixSeconds reported, double x, double y) {
  Incident r;
  r.source = "test";
  r.source_id = id;
  r.category = category;
  r.source_code = "c";
  r.source_description = "desc " + id;
  r.occurred_at = reported - 60;
  r.reported_at = reported;
  r.location = Location{-90.2, 38.6, x, y};
  return r;
}

std::vector<Incident> Sample() {
  std::vector<Incident> rows;
  for (int i = 0; i < 300; ++i) {
    rows.push_back(At("r" + std::to_string(i), i % 3 == 0 ? Category::kTheft : Category::kAssault,
                      1000 + 37 * ((i * 7919) % 300), 100.0 * (i % 17), 80.0 * (i % 23)));
  }
  return rows;
}

// (name, sql) of the table's indexes that have DDL, by name.
std::vector<std::pair<std::string, std::string>> IndexesOf(const std::string& path,
                                                           const std::string& table) {
  auto db = sqlite::Database::Open(path);
  EXPECT_TRUE(db.ok());
  std::vector<std::pair<std::string, std::string>> out;
  if (!db.ok()) return out;
  auto s = db->Prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT "
      "NULL ORDER BY name");
  EXPECT_TRUE(s.ok());
  s->BindText(1, table);
  while (*s->Step()) out.emplace_back(s->ColumnText(0), s->ColumnText(1));
  return out;
}

std::int64_t Scalar(const std::string& path, const std::string& sql) {
  auto db = sqlite::Database::Open(path);
  EXPECT_TRUE(db.ok());
  auto s = db->Prepare(sql);
  EXPECT_TRUE(s.ok()) << sql;
  EXPECT_TRUE(*s->Step()) << sql;
  return s->ColumnInt(0);
}

// What the queries the indexes serve answer: theft ids in a time window, in report order,
// and the ids in a box.
std::pair<std::vector<std::string>, std::vector<std::int64_t>> Answers(Store& store) {
  std::vector<std::string> window;
  IncidentFilter filter;
  filter.reported_from = 3000;
  filter.reported_to = 9000;
  filter.category = Category::kTheft;
  EXPECT_TRUE(
      store.ForEachIncident(filter, [&](const Incident& r) { window.push_back(r.source_id); })
          .ok());
  auto box = store.IncidentIdsInBox(250, 100, 900, 1200);
  EXPECT_TRUE(box.ok());
  return {window, box.ok() ? *box : std::vector<std::int64_t>{}};
}

TEST(DeferredIndexesTest, QueriesAgreeWhileDeferredAndRestoreGivesBackTheSameIndexes) {
  testing::TempDir dir;
  const std::string path = dir.File("store.sqlite");
  auto store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  const auto before = IndexesOf(path, "incidents");
  ASSERT_EQ(before.size(), 3u);  // reported, category + reported, grid cell

  auto load = (*store)->BeginLoad("test", "memory");
  ASSERT_TRUE(load.ok());
  const std::vector<Incident> rows = Sample();
  ASSERT_TRUE((*store)->WriteIncidentBatch(*load, rows, {}, nullptr).ok());
  const auto indexed = Answers(**store);
  ASSERT_FALSE(indexed.first.empty());
  ASSERT_FALSE(indexed.second.empty());

  ASSERT_TRUE((*store)->DeferIndexes(RecordTable::kIncidents).ok());
  EXPECT_TRUE(IndexesOf(path, "incidents").empty());
  EXPECT_EQ(Scalar(path, "SELECT COUNT(*) FROM deferred_indexes"), 3);
  EXPECT_EQ(Answers(**store), indexed);
  // Upserts still find their key: reloading the same rows changes nothing.
  UpsertCounts again;
  ASSERT_TRUE((*store)->WriteIncidentBatch(*load, rows, {}, &again).ok());
  EXPECT_EQ(again.unchanged, static_cast<std::int64_t>(rows.size()));
  // Deferring twice is harmless.
  ASSERT_TRUE((*store)->DeferIndexes(RecordTable::kIncidents).ok());
  EXPECT_EQ(Scalar(path, "SELECT COUNT(*) FROM deferred_indexes"), 3);

  ASSERT_TRUE((*store)->RestoreIndexes().ok());
  EXPECT_EQ(IndexesOf(path, "incidents"), before);
  EXPECT_EQ(Scalar(path, "SELECT COUNT(*) FROM deferred_indexes"), 0);
  EXPECT_EQ(Answers(**store), indexed);
  ASSERT_TRUE((*store)->RestoreIndexes().ok());  // nothing recorded: nothing to do
}

TEST(DeferredIndexesTest, OpeningAStoreLeftWithDeferredIndexesRebuildsThem) {
  testing::TempDir dir;
  const std::string path = dir.File("store.sqlite");
  std::vector<std::pair<std::string, std::string>> before;
  {
    auto store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok());
    before = IndexesOf(path, "calls");
    ASSERT_FALSE(before.empty());
    ASSERT_TRUE((*store)->DeferIndexes(RecordTable::kCalls).ok());
    EXPECT_TRUE(IndexesOf(path, "calls").empty());
    // Closed without RestoreIndexes, as a killed load leaves it.
  }
  auto reopened = OpenSqliteStore(path);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  EXPECT_EQ(IndexesOf(path, "calls"), before);
  EXPECT_EQ(Scalar(path, "SELECT COUNT(*) FROM deferred_indexes"), 0);
}

TEST(DeferredIndexesTest, OneWriteCommitsSeveralLoadsEachWithItsOwnCounts) {
  testing::TempDir dir;
  const std::string path = dir.File("store.sqlite");
  auto store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok());
  auto first = (*store)->BeginLoad("test", "a.csv");
  auto second = (*store)->BeginLoad("test", "b.csv");
  ASSERT_TRUE(first.ok() && second.ok());
  const std::vector<Incident> a = {At("1", Category::kTheft, 100, 1, 1),
                                   At("2", Category::kTheft, 200, 2, 2)};
  std::vector<Incident> b = {At("2", Category::kAssault, 300, 3, 3),
                             At("3", Category::kAssault, 400, 4, 4)};
  const std::vector<SourceKey> cancel = {{"test", "1"}};
  UpsertCounts counts_a, counts_b;
  const IncidentWrite parts[] = {{*first, a, {}, &counts_a}, {*second, b, cancel, &counts_b}};
  ASSERT_TRUE((*store)->WriteIncidents(parts).ok());
  EXPECT_EQ(counts_a.inserted, 2);
  EXPECT_EQ(counts_b.inserted, 1);  // "3"
  EXPECT_EQ(counts_b.updated, 1);   // "2", written by the earlier part, changed by this one
  EXPECT_EQ(counts_b.cancelled, 1);
  // The later part wins, and each load's record holds its own counts.
  EXPECT_EQ(Scalar(path, "SELECT category FROM incidents WHERE source_id = '2'"),
            static_cast<int>(Category::kAssault));
  EXPECT_EQ(Scalar(path, "SELECT inserted FROM loads WHERE path = 'a.csv'"), 2);
  EXPECT_EQ(Scalar(path, "SELECT inserted * 10 + updated FROM loads WHERE path = 'b.csv'"), 11);
  EXPECT_EQ(*(*store)->CountIncidents({}), 2);  // "1" is cancelled
}

}  // namespace
}  // namespace vigil

namespace vigil::sqlite {
namespace {

// The value of a connection's PRAGMA `name`.
std::int64_t Pragma(Database& db, const std::string& name) {
  auto s = db.Prepare("PRAGMA " + name);
  EXPECT_TRUE(s.ok());
  auto row = s->Step();
  EXPECT_TRUE(row.ok() && *row);
  return s->ColumnInt(0);
}

// A bulk load shrinks the page cache (store.h DeferIndexes); this puts the default back.
TEST(CacheSizeTest, DefaultComesBack) {
  testing::TempDir dir;
  auto db = OpenStoreDatabase(dir.File("store.sqlite"));
  ASSERT_TRUE(db.ok()) << db.error().message;
  EXPECT_EQ(Pragma(*db, "cache_size"), -kDefaultCacheKib);
  ASSERT_TRUE(db->Exec("PRAGMA cache_size = -1024").ok());
  ASSERT_EQ(Pragma(*db, "cache_size"), -1024);
  ASSERT_TRUE(SetCacheSize(*db, kDefaultCacheKib).ok());
  EXPECT_EQ(Pragma(*db, "cache_size"), -kDefaultCacheKib);
}

// The rebuild sorts with its own cache and temporary files, then hands the connection back
// with the store's settings: later queries sort in memory with the default cache.
TEST(CacheSizeTest, RestoringIndexesGivesBackTheStoreSettings) {
  testing::TempDir dir;
  auto db = OpenStoreDatabase(dir.File("store.sqlite"));
  ASSERT_TRUE(db.ok()) << db.error().message;
  ASSERT_EQ(Pragma(*db, "temp_store"), 2);  // MEMORY
  ASSERT_TRUE(DeferSecondaryIndexes(*db, "calls").ok());
  ASSERT_TRUE(SetCacheSize(*db, 4 << 10).ok());  // as a bulk load leaves it
  ASSERT_TRUE(RestoreDeferredIndexes(*db).ok());
  EXPECT_EQ(Pragma(*db, "cache_size"), -kDefaultCacheKib);
  EXPECT_EQ(Pragma(*db, "temp_store"), 2);
  auto index = db->Prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'calls_received'");
  ASSERT_TRUE(index.ok());
  ASSERT_TRUE(*index->Step());
  EXPECT_EQ(index->ColumnInt(0), 1);
}

}  // namespace
}  // namespace vigil::sqlite
