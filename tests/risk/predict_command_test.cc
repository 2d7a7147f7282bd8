// `vigil predict` end to end on the synthetic city: the learned model's reasons for its
// highest cells are stored with the forecast (within the documented cap of 200 cells x 5
// reasons), and a model that does not explain itself stores none.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "store/forecast_store.h"

extern char** environ;

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

// Centre longitudes of the cells a forecast CSV lists, and the highest grade in it.
struct WrittenCells {
  std::vector<double> lons;
  int max_grade = 0;
};

WrittenCells ReadForecastCsv(const fs::path& csv) {
  // cell,x,y,lon,lat,expected,probability,grade,reasons
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  WrittenCells out;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string field;
    for (int i = 0; i < 8 && std::getline(row, field, ','); ++i) {
      if (i == 3) out.lons.push_back(std::stod(field));
      if (i == 7) out.max_grade = std::max(out.max_grade, std::stoi(field));
    }
  }
  return out;
}

TEST_F(PredictCommandTest, AStoredCityBoundaryClipsTheForecastGrid) {
  ASSERT_TRUE(ok_);
  // The incidents' longitudes: the boundary below keeps the west half of the city.
  std::ifstream incidents(*dir_ / "sim" / "incidents.csv");
  std::string line;
  std::getline(incidents, line);  // id,category,description,occurred,reported,lon,lat,...
  double min_lon = 1e9, max_lon = -1e9, min_lat = 1e9, max_lat = -1e9;
  while (std::getline(incidents, line)) {
    std::stringstream row(line);
    std::string field;
    for (int i = 0; i < 7 && std::getline(row, field, ','); ++i) {
      if (i == 5 && !field.empty()) {
        min_lon = std::min(min_lon, std::stod(field));
        max_lon = std::max(max_lon, std::stod(field));
      }
      if (i == 6 && !field.empty()) {
        min_lat = std::min(min_lat, std::stod(field));
        max_lat = std::max(max_lat, std::stod(field));
      }
    }
  }
  ASSERT_LT(min_lon, max_lon);
  const double mid_lon = (min_lon + max_lon) / 2;
  const double cell_lon = 0.0015;  // a 100 m cell is 0.0011 degrees of longitude at 37.5 N

  ASSERT_TRUE(
      Run("predict --model naive-365d --min-grade 1 --out " + (*dir_ / "unclipped").string()));
  const WrittenCells unclipped = ReadForecastCsv(*dir_ / "unclipped.csv");
  const auto east = std::count_if(unclipped.lons.begin(), unclipped.lons.end(),
                                  [&](double lon) { return lon > mid_lon + cell_lon; });
  ASSERT_GT(east, 10) << "the unclipped forecast must have cells east of the boundary";

  const fs::path boundary = *dir_ / "west-half.geojson";
  {
    std::ofstream out(boundary);
    out.precision(10);
    out << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)"
        << R"({"code":"WEST"},"geometry":{"type":"Polygon","coordinates":[[)"
        << "[" << min_lon - 0.01 << "," << min_lat - 0.01 << "],[" << mid_lon << ","
        << min_lat - 0.01 << "],[" << mid_lon << "," << max_lat + 0.01 << "],[" << min_lon - 0.01
        << "," << max_lat + 0.01 << "],[" << min_lon - 0.01 << "," << min_lat - 0.01 << "]]]}}]}";
  }
  ASSERT_TRUE(Run("ingest-areas --kind boundary --code-field code " + boundary.string()));
  ASSERT_TRUE(
      Run("predict --model naive-365d --min-grade 1 --out " + (*dir_ / "clipped").string()));
  const WrittenCells clipped = ReadForecastCsv(*dir_ / "clipped.csv");
  ASSERT_FALSE(clipped.lons.empty());
  for (const double lon : clipped.lons) EXPECT_LT(lon, mid_lon + cell_lon);
  EXPECT_LT(clipped.lons.size(), unclipped.lons.size());
  // Grades rank the city's cells: its riskiest cell is grade 10 whatever lies outside.
  EXPECT_EQ(clipped.max_grade, 10);
}

TEST_F(PredictCommandTest, TheShiftScheduleForecastsTheNextShiftOfEveryCategory) {
  ASSERT_TRUE(ok_);
  // 05:45 UTC (the synthetic city keeps UTC) with a 30-minute lead: the 06:00 shift is too close,
  // so the forecasts are for the 14:00-22:00 shift.
  const fs::path out = *dir_ / "scheduled";
  ASSERT_TRUE(
      Run("forecast-schedule --once --now 2023-02-20T05:45Z --shifts 22:00,06:00,14:00 "
          "--lead 30 --models naive-28d --categories theft,major --out-dir " +
          out.string()));
  auto forecasts = ForecastStore::Open(Store());
  ASSERT_TRUE(forecasts.ok());
  auto headers = forecasts->List(ForecastFilter{});
  ASSERT_TRUE(headers.ok()) << headers.error().message;
  std::vector<std::string> categories;
  for (const ForecastSummary& summary : *headers) {
    const ForecastHeader& h = summary.header;
    if (h.slot_start != 1676901600) continue;  // 2023-02-20T14:00:00Z
    EXPECT_EQ(h.slot_length_s, 8 * 3600);
    EXPECT_EQ(h.model, "naive-28d");
    categories.push_back(h.category);
  }
  std::sort(categories.begin(), categories.end());
  EXPECT_EQ(categories, (std::vector<std::string>{"major", "theft"}));
  EXPECT_TRUE(fs::exists(out / "20230220T1400Z-theft-naive-28d.csv"));
  EXPECT_TRUE(fs::exists(out / "20230220T1400Z-major-naive-28d.geojson"));
  EXPECT_FALSE(Run("forecast-schedule --once --shifts 6:00 --models naive-28d"));
  EXPECT_FALSE(Run("forecast-schedule --now 2023-02-20T05:45Z --models naive-28d"));
}

TEST_F(PredictCommandTest, TheShiftScheduleWaitsForTheNextShiftAndStopsOnSigterm) {
  ASSERT_TRUE(ok_);
  // One shift a day, starting twelve hours from now: never due while this test runs.
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char start[8];
  std::snprintf(start, sizeof start, "%02d:00", (utc.tm_hour + 12) % 24);
  const std::string log = (*dir_ / "schedule.log").string();
  const std::string binary = VIGIL_BINARY;
  const std::string store = Store();
  const std::string out_dir = (*dir_ / "daemon").string();
  std::vector<const char*> argv = {binary.c_str(), "--store",   store.c_str(), "forecast-schedule",
                                   "--models",     "naive-28d", "--lead",      "0",
                                   "--shifts",     start,       "--out-dir",   out_dir.c_str(),
                                   nullptr};
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&files, 1, 2);
  pid_t pid = 0;
  ASSERT_EQ(
      posix_spawn(&pid, binary.c_str(), &files, nullptr, const_cast<char**>(argv.data()), environ),
      0);
  posix_spawn_file_actions_destroy(&files);
  // It announces the shift it waits for, then waits.
  std::string text;
  for (int i = 0; i < 600 && text.find("next: the shift at ") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream in(log);
    std::stringstream read;
    read << in.rdbuf();
    text = read.str();
  }
  ASSERT_NE(text.find("next: the shift at "), std::string::npos) << text;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, WNOHANG), 0) << "it stopped before the shift: " << text;
  ::kill(pid, SIGTERM);
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status)) << "not a clean exit on SIGTERM";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(text.find("stored"), std::string::npos) << text;
}

}  // namespace
}  // namespace vigil
