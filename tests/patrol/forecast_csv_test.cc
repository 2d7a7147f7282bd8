#include "patrol/forecast_csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace vigil::patrol {
namespace {

// Rows as `vigil predict` writes them (x, y with two decimals).
std::string Row(const geo::Grid& g, std::int64_t cell, double expected) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%lld,%.2f,%.2f,-90.1,38.6,%.6g,0.1,5,\n",
                static_cast<long long>(cell), g.CenterX(cell), g.CenterY(cell), expected);
  return buf;
}

constexpr const char* kHeader = "cell,x,y,lon,lat,expected,probability,grade,reasons\n";

TEST(ForecastCsvTest, ReconstructsTheGridFromIdsAndCentres) {
  const geo::Grid g{
      .origin_x = 731234.5, .origin_y = 4270000.25, .cell_size = 100, .columns = 57, .rows = 40};
  std::string text = kHeader;
  text += Row(g, 1000, 0.5) + Row(g, 1001, 0.25) + Row(g, 1200, 1.5) + Row(g, 2270, 0.125);
  auto f = ParseForecastCsv(text, {});
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->grid.columns, 57);
  EXPECT_DOUBLE_EQ(f->grid.cell_size, 100);
  EXPECT_NEAR(f->grid.origin_x, g.origin_x, 0.01);
  EXPECT_NEAR(f->grid.origin_y, g.origin_y, 0.01);
  EXPECT_EQ(f->grid.rows, 2270 / 57 + 1);
  ASSERT_EQ(static_cast<std::int64_t>(f->expected.size()), f->grid.cell_count());
  EXPECT_DOUBLE_EQ(f->expected[1200], 1.5);
  EXPECT_DOUBLE_EQ(f->expected[2270], 0.125);
  EXPECT_DOUBLE_EQ(f->expected[1002], 0);
}

TEST(ForecastCsvTest, BadRowsNameTheLineAndField) {
  const geo::Grid g{.origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = 10, .rows = 10};
  std::string text = std::string(kHeader) + Row(g, 5, 1) + "7,750.00,50.00,0,0,-1,0,1,\n";
  auto f = ParseForecastCsv(text, {});
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("line 3, field expected"), std::string::npos)
      << f.error().message;
  EXPECT_FALSE(ParseForecastCsv("cell,x,y\n1,2,3\n", {}).ok());  // no expected column
}

TEST(ForecastCsvTest, IdsThatDisagreeWithCentresAreRejected) {
  const geo::Grid g{.origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = 10, .rows = 10};
  // Cell 15 claims the centre of cell 25.
  std::string text =
      std::string(kHeader) + Row(g, 5, 1) + Row(g, 11, 1) + "15,550.00,250.00,0,0,1,0,1,\n";
  EXPECT_FALSE(ParseForecastCsv(text, {}).ok());
}

TEST(ForecastCsvTest, OneCellNeedsTheCellSize) {
  const geo::Grid g{.origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = 10, .rows = 10};
  const std::string text = std::string(kHeader) + Row(g, 5, 2);
  EXPECT_FALSE(ParseForecastCsv(text, {}).ok());
  auto f = ParseForecastCsv(text, {.cell_size_m = 100});
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_DOUBLE_EQ(f->expected[5], 2);
  EXPECT_NEAR(f->grid.CenterX(5), 550, 1e-9);
}

}  // namespace
}  // namespace vigil::patrol
