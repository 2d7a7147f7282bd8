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

}  // namespace
}  // namespace vigil
