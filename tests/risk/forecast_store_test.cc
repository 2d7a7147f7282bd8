#include "store/forecast_store.h"

#include <gtest/gtest.h>

#include <vector>

#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace vigil {
namespace {

TEST(ForecastStoreTest, SavesAndReadsBackAForecast) {
  vigil::testing::TempDir dir;
  const std::string path = dir.File("store.sqlite");
  ASSERT_TRUE(OpenSqliteStore(path).ok());  // an ordinary store file
  auto store = ForecastStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  const ForecastHeader header{
      .model = "etas",
      .category = "major",
      .slot_start = 1700000000,
      .slot_length_s = 86400,
      .grid = geo::Grid{.origin_x = 10, .origin_y = 20, .cell_size = 100, .columns = 7, .rows = 3},
      .created_at = 1700000100};
  const std::vector<ForecastCell> cells = {{3, 0.25, 7}, {1, 1.5, 10}, {20, 0.01, 2}};
  auto id = store->Save(header, cells);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto second = store->Save(header, {});
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*id, *second);

  auto read = store->Header(*id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->model, "etas");
  EXPECT_EQ(read->category, "major");
  EXPECT_EQ(read->slot_start, 1700000000);
  EXPECT_EQ(read->grid.columns, 7);
  EXPECT_EQ(read->grid.origin_y, 20);
  auto back = store->Cells(*id);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 3u);
  EXPECT_EQ((*back)[0].cell, 1);
  EXPECT_EQ((*back)[0].expected, 1.5);
  EXPECT_EQ((*back)[0].grade, 10);
  EXPECT_EQ((*back)[2].cell, 20);
  EXPECT_TRUE(store->Cells(*second)->empty());
  EXPECT_EQ(store->Header(*second + 100).error().code, ErrorCode::kNotFound);
  // Duplicate cells violate the key and leave nothing behind.
  const std::vector<ForecastCell> duplicate = {{1, 1, 3}, {1, 2, 4}};
  EXPECT_FALSE(store->Save(header, duplicate).ok());
  EXPECT_EQ(store->Header(*second + 1).error().code, ErrorCode::kNotFound);
}

TEST(ForecastStoreTest, ReasonsRoundTripInGradeOrder) {
  vigil::testing::TempDir dir;
  auto store = ForecastStore::Open(dir.File("store.sqlite"));
  ASSERT_TRUE(store.ok()) << store.error().message;
  const ForecastHeader header{
      .model = "xgboost",
      .category = "burglary",
      .slot_start = 1700000000,
      .slot_length_s = 86400,
      .grid = geo::Grid{.origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = 5, .rows = 5},
      .created_at = 1700000100};
  const std::vector<ForecastCell> cells = {{2, 0.5, 6}, {7, 0.9, 9}, {11, 0.8, 9}};
  const std::vector<CellReason> reasons = {
      {.cell = 2, .rank = 1, .feature = "calls_7d", .contribution = 0.3, .text = "many calls"},
      {.cell = 7, .rank = 2, .feature = "lag_28d", .contribution = 0.1, .text = "last month"},
      {.cell = 7, .rank = 1, .feature = "near_14d", .contribution = 0.4, .text = "near repeats"},
      {.cell = 11, .rank = 1, .feature = "lag_7d", .contribution = 0.2, .text = "last week"}};
  auto id = store->Save(header, cells, reasons);
  ASSERT_TRUE(id.ok()) << id.error().message;

  auto explained = store->ExplainedCells(*id);
  ASSERT_TRUE(explained.ok()) << explained.error().message;
  ASSERT_EQ(explained->size(), 3u);
  // Grade 9 first (cell 7 before 11 by expected count), then grade 6.
  EXPECT_EQ((*explained)[0].cell, 7);
  EXPECT_EQ((*explained)[0].grade, 9);
  EXPECT_DOUBLE_EQ((*explained)[0].expected, 0.9);
  ASSERT_EQ((*explained)[0].reasons.size(), 2u);
  EXPECT_EQ((*explained)[0].reasons[0].rank, 1);
  EXPECT_EQ((*explained)[0].reasons[0].feature, "near_14d");
  EXPECT_EQ((*explained)[0].reasons[0].text, "near repeats");
  EXPECT_DOUBLE_EQ((*explained)[0].reasons[0].contribution, 0.4);
  EXPECT_EQ((*explained)[1].cell, 11);
  EXPECT_EQ((*explained)[2].cell, 2);

  auto one = store->ExplainedCells(*id, 11);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].reasons[0].feature, "lag_7d");
  EXPECT_TRUE(store->ExplainedCells(*id, 3)->empty());

  // Reasons added later, in their own transaction, all or none.
  auto plain = store->Save(header, cells);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(store->ExplainedCells(*plain)->empty());
  const std::vector<CellReason> clash = {
      {.cell = 2, .rank = 1, .feature = "a", .contribution = 0.1, .text = "a"},
      {.cell = 2, .rank = 1, .feature = "b", .contribution = 0.1, .text = "b"}};
  EXPECT_FALSE(store->SaveReasons(*plain, clash).ok());
  EXPECT_TRUE(store->ExplainedCells(*plain)->empty());
  const std::vector<CellReason> bad_rank = {
      {.cell = 2, .rank = 0, .feature = "a", .contribution = 0.1, .text = "a"}};
  EXPECT_EQ(store->SaveReasons(*plain, bad_rank).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store->SaveReasons(*plain + 100, std::span(reasons)).error().code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(store->SaveReasons(*plain, std::span(reasons).first(1)).ok());
  EXPECT_EQ(store->ExplainedCells(*plain)->size(), 1u);
}

}  // namespace
}  // namespace vigil
