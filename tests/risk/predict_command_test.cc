// `vigil predict` end to end on the synthetic city: the learned model's reasons for its
// highest cells are stored with the forecast (within the documented cap of 200 cells x 5
// reasons), and a model that does not explain itself stores none.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "store/forecast_store.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

class PredictCommandTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("vigil_predict_cli_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    const std::string sim = (*dir_ / "sim").string();
    ok_ = Run("sim --seed 5 --days 60 --out " + sim) &&
          Run("ingest -p vigil-incidents --rejects " + (*dir_ / "rej.csv").string() + " " + sim +
              "/incidents.csv");
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static bool Run(const std::string& args) {
    const std::string log = (*dir_ / "last.log").string();
    const std::string cmd = std::string(VIGIL_BINARY) + " --quiet --store " + Store() + " " + args +
                            " > " + log + " 2>&1";
    const int rc = std::system(cmd.c_str());
    if (rc != 0) {
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      std::cerr << cmd << "\n" << text.str();
    }
    return rc == 0;
  }
  static std::string Store() { return (*dir_ / "city.sqlite").string(); }

  static fs::path* dir_;
  static bool ok_;
};

fs::path* PredictCommandTest::dir_ = nullptr;
bool PredictCommandTest::ok_ = false;

TEST_F(PredictCommandTest, TheLearnedModelStoresTheReasonsOfItsHighestCells) {
  ASSERT_TRUE(ok_);
  // Asks for more than the cap on both counts: 6 reasons for each of 300 cells.
  ASSERT_TRUE(
      Run("predict --model xgboost --train-days 60 --top 400 --reasons 6 "
          "--explain-cells 300 --out " +
          (*dir_ / "learned").string()));
  auto forecasts = ForecastStore::Open(Store());
  ASSERT_TRUE(forecasts.ok()) << forecasts.error().message;
  auto id = forecasts->LatestId();
  ASSERT_TRUE(id.ok());
  auto explained = forecasts->ExplainedCells(*id);
  ASSERT_TRUE(explained.ok()) << explained.error().message;
  ASSERT_FALSE(explained->empty());
  EXPECT_LE(explained->size(), 200u);
  for (std::size_t i = 0; i < explained->size(); ++i) {
    const ExplainedCell& cell = (*explained)[i];
    EXPECT_GT(cell.expected, 0) << cell.cell;  // the cell is one of the stored forecast's
    if (i > 0) {
      EXPECT_LE(cell.grade, (*explained)[i - 1].grade);
    }
    ASSERT_FALSE(cell.reasons.empty());
    EXPECT_LE(cell.reasons.size(), 5u);
    for (std::size_t r = 0; r < cell.reasons.size(); ++r) {
      EXPECT_EQ(cell.reasons[r].rank, static_cast<int>(r) + 1);
      EXPECT_FALSE(cell.reasons[r].feature.empty());
      EXPECT_FALSE(cell.reasons[r].text.empty());
      EXPECT_GT(cell.reasons[r].contribution, 0);
      if (r > 0) {
        EXPECT_LE(cell.reasons[r].contribution, cell.reasons[r - 1].contribution);
      }
    }
  }
}

TEST_F(PredictCommandTest, AModelWithoutReasonsStoresNone) {
  ASSERT_TRUE(ok_);
  ASSERT_TRUE(Run("predict --model naive-28d --out " + (*dir_ / "naive").string()));
  auto forecasts = ForecastStore::Open(Store());
  ASSERT_TRUE(forecasts.ok());
  auto id = forecasts->LatestId();
  ASSERT_TRUE(id.ok());
  EXPECT_FALSE(forecasts->Cells(*id)->empty());
  EXPECT_TRUE(forecasts->ExplainedCells(*id)->empty());
}

}  // namespace
}  // namespace vigil
