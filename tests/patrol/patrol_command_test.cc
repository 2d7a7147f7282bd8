// End to end on the synthetic city: `vigil sim` makes roads, districts, stations and units;
// they are loaded as scripts/run-demo.sh does, `vigil predict` stores a forecast, and `vigil
// patrol` plans over the sim's roads. Checks the files it writes, not its console output.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "geo/area_shape.h"

namespace {

// The rows of a CSV text after its header, split at commas (the files here quote nothing).
std::vector<std::vector<std::string>> CsvRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream csv(text);
  std::string line;
  std::getline(csv, line);
  while (std::getline(csv, line)) {
    std::vector<std::string>& f = rows.emplace_back();
    std::stringstream fields(line);
    for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
  }
  return rows;
}

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class PatrolCommandTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("vigil_patrol_cli_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    const std::string sim = (*dir_ / "sim").string();
    ok_ = Run("sim --seed 3 --days 60 --out " + sim) &&
          Run("ingest -p vigil-incidents --rejects " + (*dir_ / "rej.csv").string() + " " + sim +
              "/incidents.csv") &&
          Run("ingest-areas --kind district --code-field code --name-field name " + sim +
              "/districts.geojson") &&
          Run("ingest-layer --layer stations " + sim + "/stations.csv") &&
          Run("ingest-layer --layer units " + sim + "/units.csv") &&
          Run("predict --model naive-28d --horizon 8h --out " + (*dir_ / "forecast").string());
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static bool Run(const std::string& args) {
    const std::string cmd = std::string(VIGIL_BINARY) + " --quiet --store " +
                            (*dir_ / "city.sqlite").string() + " " + args + " > " +
                            (*dir_ / "last.log").string() + " 2>&1";
    const int rc = std::system(cmd.c_str());
    if (rc != 0) std::cerr << cmd << "\n" << Slurp(*dir_ / "last.log");
    return rc == 0;
  }
  static std::string Graph() {
    return " --graph " + (*dir_ / "sim/roads.geojson").string() + " --profile " +
           std::string(VIGIL_SOURCE_DIR) + "/profiles/roads/vigil-sim.json";
  }
  static fs::path* dir_;
  static bool ok_;
};

fs::path* PatrolCommandTest::dir_ = nullptr;
bool PatrolCommandTest::ok_ = false;

TEST_F(PatrolCommandTest, PlansOnTheRoadsFromTheStoredForecast) {
  ASSERT_TRUE(ok_);
  const std::string out = (*dir_ / "plan").string();
  ASSERT_TRUE(Run("patrol --cars 6 --shift-hours 4 --iterations 30 --time-limit 0 --seed 5" +
                  Graph() + " --out " + out));
  const auto doc = nlohmann::json::parse(Slurp(out + ".geojson"));
  int routes = 0;
  int stops = 0;
  for (const auto& f : doc["features"]) {
    const auto& p = f["properties"];
    if (p["kind"] == "route") {
      ++routes;
      const auto& line = f["geometry"]["coordinates"];
      // Starts and ends at the station; follows the roads (more vertices than stops + 2).
      EXPECT_EQ(line.front(), line.back());
      if (p["stops"].get<int>() > 0) {
        EXPECT_GT(line.size(), p["stops"].get<std::size_t>() + 2);
      }
      EXPECT_LE(p["return_s"].get<double>(), 4 * 3600 + 1e-6);
    } else {
      ++stops;
      EXPECT_LT(p["arrive_s"].get<double>(), p["depart_s"].get<double>());
      EXPECT_NEAR(p["depart_s"].get<double>() - p["arrive_s"].get<double>(), 900, 1e-6);
    }
  }
  EXPECT_EQ(routes, 6);
  EXPECT_GT(stops, 6);
  const std::string csv = Slurp(out + ".csv");
  EXPECT_EQ(csv.rfind("car,station,order,cell,", 0), 0u);
  EXPECT_EQ(static_cast<int>(std::count(csv.begin(), csv.end(), '\n')), 1 + stops + 2 * routes);
  EXPECT_NE(Slurp(out + ".txt").find("total: 6 cars"), std::string::npos);
}

TEST_F(PatrolCommandTest, SameSeedSamePlanAndCsvForecastMatchesStored) {
  ASSERT_TRUE(ok_);
  const std::string common = " --cars 4 --shift-hours 3 --iterations 20 --time-limit 0";
  const std::string a = (*dir_ / "a").string(), b = (*dir_ / "b").string();
  const std::string c = (*dir_ / "c").string();
  ASSERT_TRUE(Run("patrol" + common + " --out " + a));
  ASSERT_TRUE(Run("patrol" + common + " --out " + b));
  EXPECT_EQ(Slurp(a + ".csv"), Slurp(b + ".csv"));
  // The CSV holds every cell of grade >= 2, enough for these cars: same plan from the file.
  ASSERT_TRUE(Run("patrol" + common + " --candidates 200 --forecast-csv " +
                  (*dir_ / "forecast.csv").string() + " --out " + c));
  ASSERT_TRUE(Run("patrol" + common + " --candidates 200 --out " + a));
  // The CSV rounds expected counts to 6 digits, so ties may break differently: compare totals.
  auto total = [](const std::string& text) {
    const auto at = text.find("risk covered ");
    return at == std::string::npos ? -1.0 : std::stod(text.substr(at + 13));
  };
  const double from_store = total(Slurp(a + ".txt"));
  ASSERT_GT(from_store, 0);
  EXPECT_NEAR(total(Slurp(c + ".txt")), from_store, 0.02 * from_store);
}

TEST_F(PatrolCommandTest, AllocatesByDistrictAndKeepsNoGoAreasFree) {
  ASSERT_TRUE(ok_);
  const std::string out = (*dir_ / "district").string();
  ASSERT_TRUE(
      Run("patrol --cars 8 --shift-hours 2 --iterations 10 --time-limit 0"
          " --allocate-by district --min-per-district 1 --out " +
          out));
  const std::string text = Slurp(out + ".txt");
  EXPECT_NE(text.find("total: 8 cars"), std::string::npos) << text;
  // The district with most stops of a plan, made a no-go area: no stop inside it any more.
  const auto districts = nlohmann::json::parse(Slurp(*dir_ / "sim/districts.geojson"));
  std::vector<std::pair<std::string, vigil::geo::AreaShape>> shapes;
  for (const auto& f : districts["features"]) {
    vigil::geo::AreaShape shape;
    const auto& g = f["geometry"];
    const auto polygons =
        g["type"] == "Polygon" ? nlohmann::json::array({g["coordinates"]}) : g["coordinates"];
    for (const auto& polygon : polygons) {
      shape.polygons.emplace_back();
      for (const auto& ring : polygon) {
        shape.polygons.back().emplace_back();
        for (const auto& p : ring) {
          shape.polygons.back().back().push_back({p[0].get<double>(), p[1].get<double>()});
        }
      }
    }
    shape.min_lon = shape.min_lat = -1e9;
    shape.max_lon = shape.max_lat = 1e9;
    shapes.emplace_back(f["properties"]["code"].get<std::string>(), shape);
  }
  auto stops_in = [&](const std::string& csv_path, const vigil::geo::AreaShape& shape) {
    int inside = 0;
    int stops = 0;
    for (const std::vector<std::string>& f : CsvRows(Slurp(csv_path))) {
      if (f.size() < 8 || f[3].empty()) continue;  // station rows have no cell
      ++stops;
      inside += vigil::geo::AreaContains(shape, std::stod(f[6]), std::stod(f[7])) ? 1 : 0;
    }
    return std::make_pair(inside, stops);
  };
  const std::string base = " --cars 4 --shift-hours 3 --iterations 10 --time-limit 0 --out ";
  ASSERT_TRUE(Run("patrol" + base + out));
  std::size_t busiest = 0;
  int most = -1;
  for (std::size_t d = 0; d < shapes.size(); ++d) {
    const int inside = stops_in(out + ".csv", shapes[d].second).first;
    if (inside > most) {
      most = inside;
      busiest = d;
    }
  }
  ASSERT_GT(most, 0);
  ASSERT_TRUE(Run("patrol --no-go district:" + shapes[busiest].first + base + out));
  const auto [inside, stops] = stops_in(out + ".csv", shapes[busiest].second);
  EXPECT_EQ(inside, 0);
  EXPECT_GT(stops, 0);
  // On the roads, the routes do not drive through it either: legs between two vertices inside
  // it are found only where a station inside it keeps 500 m of road for its cars to get out,
  // or where a stop by its edge is joined to a road that crosses the edge.
  std::vector<std::pair<double, double>> stations;  // lon, lat
  for (const std::vector<std::string>& f : CsvRows(Slurp(*dir_ / "sim/stations.csv"))) {
    if (f.size() >= 6) stations.emplace_back(std::stod(f[4]), std::stod(f[5]));
  }
  auto near_station = [&](double lon, double lat) {
    for (const auto& [slon, slat] : stations) {
      const double dx = (lon - slon) * 111'320 * std::cos(lat * M_PI / 180);
      const double dy = (lat - slat) * 111'320;
      if (dx * dx + dy * dy < 600.0 * 600.0) return true;
    }
    return false;
  };
  const vigil::geo::AreaShape& no_go = shapes[busiest].second;
  auto legs_inside = [&](const std::string& geojson_path) {
    const auto plan = nlohmann::json::parse(Slurp(geojson_path));
    int through = 0;
    for (const auto& f : plan["features"]) {
      if (f["properties"]["kind"] != "route") continue;
      const auto& line = f["geometry"]["coordinates"];
      for (std::size_t i = 1; i < line.size(); ++i) {
        const bool a = vigil::geo::AreaContains(no_go, line[i - 1][0], line[i - 1][1]);
        const bool b = vigil::geo::AreaContains(no_go, line[i][0], line[i][1]);
        through += a && b && !near_station(line[i][0], line[i][1]) ? 1 : 0;
      }
    }
    return through;
  };
  ASSERT_TRUE(Run("patrol" + base + out + Graph()));
  const int before = legs_inside(out + ".geojson");
  ASSERT_TRUE(Run("patrol --no-go district:" + shapes[busiest].first + base + out + Graph()));
  EXPECT_EQ(stops_in(out + ".csv", no_go).first, 0);
  const int after = legs_inside(out + ".geojson");
  EXPECT_GT(before, 20) << "without the no-go area the routes drive through the district";
  EXPECT_LE(after, 2) << "with it they stay out (before: " << before << ")";
  EXPECT_FALSE(Run("patrol --no-go district:NOPE --out " + out));
}

// `vigil top-solve --reference`: the published score beside the solver's, compared only when
// the file has the published instance's node count; a malformed table is refused by line.
TEST(TopSolveCommandTest, PrintsPublishedScoresBeside) {
  const fs::path dir =
      fs::temp_directory_path() / ("vigil_top_solve_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // Start (0,0), end (10,0); the detour through (5,5) scores 10 within tmax 14.2 (optimum 10).
  std::ofstream(dir / "hand.txt") << "n 5\nm 1\ntmax 14.2\n0 0 0\n3 0 1\n5 5 10\n7 0 1\n10 0 0\n";
  std::ofstream(dir / "refs.tsv") << "# test table\nhand 5 10 proof\n";
  std::ofstream(dir / "other.tsv") << "hand 6 10 proof\n";
  std::ofstream(dir / "bad.tsv") << "hand 5 10 proof\nhand five 10 proof\n";
  const auto top_solve = [&](const std::string& table, const std::string& log) {
    const std::string cmd = std::string(VIGIL_BINARY) + " top-solve --iterations 50 --reference " +
                            (dir / table).string() + " " + (dir / "hand.txt").string() + " > " +
                            (dir / log).string() + " 2>&1";
    return std::system(cmd.c_str());
  };
  EXPECT_EQ(top_solve("refs.tsv", "same.log"), 0);
  const std::string same = Slurp(dir / "same.log");
  EXPECT_NE(same.find("published"), std::string::npos) << same;
  EXPECT_NE(same.find("       10 ="), std::string::npos) << same;
  EXPECT_EQ(top_solve("other.tsv", "other.log"), 0);
  const std::string other = Slurp(dir / "other.log");
  EXPECT_NE(other.find("n/a (n 5 vs 6)"), std::string::npos) << other;
  EXPECT_NE(top_solve("bad.tsv", "bad.log"), 0);
  const std::string bad = Slurp(dir / "bad.log");
  EXPECT_NE(bad.find("bad.tsv:2"), std::string::npos) << bad;
  fs::remove_all(dir);
}

}  // namespace
