#include "geo/grid.h"

#include <gtest/gtest.h>

namespace vigil::geo {
namespace {

TEST(GridTest, CoveringAlignsToCellSizeAndContainsCorners) {
  const Grid g = Grid::Covering(1050, 2020, 1450, 2310, 100);
  EXPECT_EQ(g.origin_x, 1000);
  EXPECT_EQ(g.origin_y, 2000);
  EXPECT_EQ(g.columns, 5);
  EXPECT_EQ(g.rows, 4);
  EXPECT_GE(g.CellOf(1050, 2020), 0);
  EXPECT_GE(g.CellOf(1450, 2310), 0);
}

TEST(GridTest, CellIdsAreRowMajorAndCentresRoundTrip) {
  const Grid g = Grid::Covering(0, 0, 999, 499, 100);
  EXPECT_EQ(g.CellOf(150, 250), 2 * g.columns + 1);
  for (std::int64_t c = 0; c < g.cell_count(); ++c) {
    EXPECT_EQ(g.CellOf(g.CenterX(c), g.CenterY(c)), c);
  }
}

TEST(GridTest, OutsidePointsAndNanGiveMinusOne) {
  const Grid g = Grid::Covering(0, 0, 100, 100, 50);
  EXPECT_EQ(g.CellOf(-1, 10), -1);
  EXPECT_EQ(g.CellOf(10, 1e9), -1);
  EXPECT_EQ(g.CellOf(std::nan(""), 10), -1);
}

}  // namespace
}  // namespace vigil::geo
