#include "store/snapshot.h"

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace vigil {
namespace {

TEST(SnapshotTest, ColumnsAreSortedByReportTimeAndIndexedByCell) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir.File("s.sqlite"));
  ASSERT_TRUE(store.ok());
  auto load = (*store)->BeginLoad("t", "m");
  ASSERT_TRUE(load.ok());
  std::vector<Incident> batch;
  const double xs[] = {1000, 1050, 1300, 1010};
  const UnixSeconds times[] = {400, 100, 300, 200};
  for (int i = 0; i < 4; ++i) {
    Incident r;
    r.source = "t";
    r.source_id = std::to_string(i);
    r.category = i == 2 ? Category::kRobbery : Category::kTheft;
    r.reported_at = times[i];
    r.occurred_at = times[i];
    r.location = Location{0, 0, xs[i], 5000};
    batch.push_back(r);
  }
  Incident unlocated = batch[0];
  unlocated.source_id = "u";
  unlocated.location.reset();
  batch.push_back(unlocated);
  ASSERT_TRUE((*store)->WriteIncidentBatch(*load, batch, {}, nullptr).ok());

  auto snapshot = CitySnapshot::Build(**store, SnapshotOptions{.cell_size_m = 100});
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
  const EventColumns& e = snapshot->incidents();
  ASSERT_EQ(e.size(), 4u);  // the unlocated one is left out by default
  EXPECT_TRUE(std::is_sorted(e.reported_at.begin(), e.reported_at.end()));
  const std::int64_t cell = snapshot->grid().CellOf(1000, 5000);
  auto in_cell = snapshot->IncidentsInCell(cell);
  ASSERT_EQ(in_cell.size(), 3u);  // x = 1000, 1010, 1050 share the 100 m cell
  EXPECT_LT(e.reported_at[in_cell[0]], e.reported_at[in_cell[1]]);
  EXPECT_EQ(snapshot->LowerBoundReported(250), 2u);
  EXPECT_TRUE(snapshot->IncidentsInCell(-5).empty());
}

TEST(SnapshotTest, RejectsNonPositiveCellSize) {
  testing::TempDir dir;
  auto store = OpenSqliteStore(dir.File("s.sqlite"));
  ASSERT_TRUE(store.ok());
  EXPECT_FALSE(CitySnapshot::Build(**store, SnapshotOptions{.cell_size_m = 0}).ok());
}

}  // namespace
}  // namespace vigil
