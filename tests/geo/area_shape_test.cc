#include "geo/area_shape.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

#include "support/wkb_writer.h"

namespace vigil::geo {
namespace {

using Wkb = testing::WkbWriter;

std::vector<XY> Square(double x0, double y0, double x1, double y1) {
  return testing::SquareRing(x0, y0, x1, y1);
}

// A 10 x 10 degree square with a 4 x 4 hole in the middle.
std::vector<std::uint8_t> SquareWithHole() {
  Wkb w;
  w.bytes.push_back(1);
  w.U32(3);
  w.U32(2);
  w.Ring(Square(0, 0, 10, 10));
  w.Ring(Square(3, 3, 7, 7));
  return w.bytes;
}

TEST(AreaCellsTest, PolygonWithHoleContainsShellButNotHole) {
  auto shape = ParseAreaWkb(SquareWithHole());
  ASSERT_TRUE(shape.ok()) << shape.error().message;
  EXPECT_TRUE(AreaContains(*shape, 1, 1));
  EXPECT_TRUE(AreaContains(*shape, 8, 5));
  EXPECT_FALSE(AreaContains(*shape, 5, 5));   // in the hole
  EXPECT_FALSE(AreaContains(*shape, 11, 5));  // outside
  EXPECT_DOUBLE_EQ(shape->max_lon, 10);
}

TEST(AreaCellsTest, MultiPolygonInBigEndian) {
  Wkb w;  // big-endian header written by hand
  auto be32 = [&](std::uint32_t v) {
    for (int i = 3; i >= 0; --i) w.bytes.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  auto be64 = [&](double d) {
    const auto v = std::bit_cast<std::uint64_t>(d);
    for (int i = 7; i >= 0; --i) w.bytes.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  w.bytes.push_back(0);
  be32(6);
  be32(2);
  for (double x0 : {0.0, 20.0}) {
    w.bytes.push_back(0);
    be32(3);
    be32(1);
    const auto ring = Square(x0, 0, x0 + 1, 1);
    be32(static_cast<std::uint32_t>(ring.size()));
    for (const XY& p : ring) {
      be64(p.x);
      be64(p.y);
    }
  }
  auto shape = ParseAreaWkb(w.bytes);
  ASSERT_TRUE(shape.ok()) << shape.error().message;
  EXPECT_EQ(shape->polygons.size(), 2u);
  EXPECT_TRUE(AreaContains(*shape, 20.5, 0.5));
  EXPECT_FALSE(AreaContains(*shape, 10, 0.5));
}

TEST(AreaCellsTest, TruncatedAndWrongTypeAreErrors) {
  std::vector<std::uint8_t> bytes = SquareWithHole();
  bytes.resize(bytes.size() - 5);
  auto truncated = ParseAreaWkb(bytes);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message.find("truncated"), std::string::npos);
  Wkb point;
  point.bytes.push_back(1);
  point.U32(1);
  point.F64(1);
  point.F64(2);
  EXPECT_FALSE(ParseAreaWkb(point.bytes).ok());
  EXPECT_FALSE(ParseAreaWkb({}).ok());
}

TEST(AreaCellsTest, CellsWhoseCentreIsInside) {
  // 10 x 10 cells of 1 unit; identity "projection" to lon/lat.
  const geo::Grid grid{.origin_x = 0, .origin_y = 0, .cell_size = 1, .columns = 10, .rows = 10};
  const ToLonLat identity = [](double x, double y, double* lon, double* lat) {
    *lon = x;
    *lat = y;
    return true;
  };
  const std::vector<double> centres = CellCentresLonLat(grid, identity);
  auto shape = ParseAreaWkb(SquareWithHole());
  ASSERT_TRUE(shape.ok());
  const std::vector<std::int64_t> cells = CellsInArea(*shape, centres);
  EXPECT_EQ(cells.size(), 100u - 16u);  // the hole covers the 4 x 4 centres 3.5 .. 6.5
  EXPECT_EQ(cells.front(), 0);
  for (std::int64_t c : cells) {
    const double x = grid.CenterX(c), y = grid.CenterY(c);
    EXPECT_FALSE(x > 3 && x < 7 && y > 3 && y < 7) << c;
  }
}

TEST(AreaCellsTest, MaskKeepsEveryCellTheOutlineCoversOrCrosses) {
  const geo::Grid grid{.origin_x = 0, .origin_y = 0, .cell_size = 1, .columns = 10, .rows = 10};
  const ToLonLat identity = [](double x, double y, double* lon, double* lat) {
    *lon = x;
    *lat = y;
    return true;
  };
  // An outline from 2.5 to 6.5 on both axes crosses cells 2..6 of each row and column.
  auto outline = ParseAreaWkb(testing::RectangleWkb(2.5, 2.5, 6.5, 6.5));
  // A second, small area holding only the centre of cell (row 8, column 8).
  auto island = ParseAreaWkb(testing::RectangleWkb(8.3, 8.3, 8.7, 8.7));
  ASSERT_TRUE(outline.ok() && island.ok());
  const std::vector<AreaShape> shapes = {*outline, *island};
  const std::vector<std::uint8_t> mask = MaskCellsTouching(grid, shapes, identity);
  ASSERT_EQ(mask.size(), 100u);
  for (std::int64_t cell = 0; cell < 100; ++cell) {
    const std::int64_t row = cell / 10, column = cell % 10;
    const bool crossed = row >= 2 && row <= 6 && column >= 2 && column <= 6;
    const bool island_cell = row == 8 && column == 8;
    EXPECT_EQ(mask[static_cast<std::size_t>(cell)], crossed || island_cell ? 1 : 0) << cell;
  }
  // Points that cannot be converted are outside: nothing is kept.
  const ToLonLat failing = [](double, double, double*, double*) { return false; };
  const std::vector<std::uint8_t> none = MaskCellsTouching(grid, shapes, failing);
  EXPECT_EQ(std::count(none.begin(), none.end(), 1), 0);
}

}  // namespace
}  // namespace vigil::geo
