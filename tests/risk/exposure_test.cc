#include "risk/exposure.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "geo/projection.h"

namespace vigil::risk {
namespace {

namespace fs = std::filesystem;

class ExposureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil_exposure_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& text) {
    const fs::path path = dir_ / ("f" + std::to_string(files_++) + ".csv");
    std::ofstream(path) << text;
    return path.string();
  }
  // 4 x 3 cells of 100 m in UTM zone 52N.
  const geo::Grid grid_{
      .origin_x = 320000, .origin_y = 4150000, .cell_size = 100, .columns = 4, .rows = 3};
  const std::string crs_ = "EPSG:32652";
  fs::path dir_;
  int files_ = 0;
};

TEST_F(ExposureTest, CellRowsAreAveragedAndUnlistedCellsReadOne) {
  auto e = ReadPatrolExposure(Write("cell,exposure\n0,2\n0,4\n5,0.5\n99,3\n"), grid_, crs_);
  ASSERT_TRUE(e.ok()) << e.error().message;
  ASSERT_EQ(e->per_cell.size(), 12u);
  EXPECT_DOUBLE_EQ(e->per_cell[0], 3.0);
  EXPECT_DOUBLE_EQ(e->per_cell[5], 0.5);
  EXPECT_DOUBLE_EQ(e->per_cell[1], 1.0);
  EXPECT_EQ(e->rows, 4);
  EXPECT_EQ(e->cells, 2);
  EXPECT_EQ(e->outside, 1);  // cell 99 is not on the grid
}

TEST_F(ExposureTest, PointsFallInTheirCells) {
  // x,y in the city CRS: the centre of cell 6 (row 1, column 2).
  auto xy = ReadPatrolExposure(Write("x,y,exposure\n320250,4150150,2.5\n0,0,9\n"), grid_, crs_);
  ASSERT_TRUE(xy.ok()) << xy.error().message;
  EXPECT_DOUBLE_EQ(xy->per_cell[6], 2.5);
  EXPECT_EQ(xy->outside, 1);
  // The same point as WGS84 lon/lat.
  auto to_wgs84 = geo::Projector::Create(crs_, "EPSG:4326");
  ASSERT_TRUE(to_wgs84.ok());
  geo::XY ll;
  ASSERT_TRUE(to_wgs84->Transform(320250, 4150150, &ll));
  auto lonlat = ReadPatrolExposure(Write("Longitude,Latitude,Exposure\n" + std::to_string(ll.x) +
                                         "," + std::to_string(ll.y) + ",2.5\n"),
                                   grid_, crs_);
  ASSERT_TRUE(lonlat.ok()) << lonlat.error().message;
  EXPECT_DOUBLE_EQ(lonlat->per_cell[6], 2.5);
}

TEST_F(ExposureTest, BadRowsNameTheLineAndTheField) {
  auto zero = ReadPatrolExposure(Write("cell,exposure\n1,1\n2,0\n"), grid_, crs_);
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().message.find(":3: field 'exposure' must be > 0"), std::string::npos)
      << zero.error().message;
  auto text = ReadPatrolExposure(Write("lon,lat,exposure\nabc,37.5,1\n"), grid_, crs_);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.error().message.find(":2: field 'lon' is not a number"), std::string::npos)
      << text.error().message;
  auto cell = ReadPatrolExposure(Write("cell,exposure\n1.5,1\n"), grid_, crs_);
  ASSERT_FALSE(cell.ok());
  EXPECT_NE(cell.error().message.find("field 'cell'"), std::string::npos);
  auto header = ReadPatrolExposure(Write("where,exposure\n1,1\n"), grid_, crs_);
  ASSERT_FALSE(header.ok());
  EXPECT_NE(header.error().message.find(":1: the header needs"), std::string::npos);
  auto missing = ReadPatrolExposure(Write("cell,weight\n1,1\n"), grid_, crs_);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no 'exposure' column"), std::string::npos);
  EXPECT_FALSE(ReadPatrolExposure((dir_ / "absent.csv").string(), grid_, crs_).ok());
}

}  // namespace
}  // namespace vigil::risk
