// The map layers of the force's assets and roads: stations, cameras and their fields of view,
// units at their newest stored position (kept across restarts), the roads layer of a server
// started with a road file, and patrol plans routed along those roads.
#include <cmath>
#include <filesystem>
#include <numbers>
#include <span>

#include "geo/projection.h"
#include "server/asset_layers.h"
#include "store/reference_store.h"
#include "store/sqlite_reference_store.h"
#include "support/wkb_writer.h"
#include "test_server.h"

namespace vigil::server {
namespace {

using nlohmann::json;
using security::Role;
using testing::Bearer;
using testing::Headers;
using testing::Reply;

// Metres between two WGS84 points (haversine, mean Earth radius).
double GroundMetres(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kRadius = 6'371'008.8;
  const double rad = std::numbers::pi / 180;
  const double a =
      std::pow(std::sin((lat2 - lat1) * rad / 2), 2) +
      std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::pow(std::sin((lon2 - lon1) * rad / 2), 2);
  return 2 * kRadius * std::asin(std::sqrt(a));
}

TEST(SectorPolygonTest, SectorHasItsApexAtTheCameraAndItsArcAtRange) {
  const json polygon = SectorPolygon(-90.2, 38.6, 80, 90.0, 60);  // looking east, 60 degrees
  const json& ring = polygon["coordinates"][0];
  ASSERT_GE(ring.size(), 5u);
  EXPECT_EQ(ring.front(), ring.back());
  EXPECT_DOUBLE_EQ(ring.front()[0].get<double>(), -90.2);
  for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
    const double lon = ring[i][0];
    const double lat = ring[i][1];
    EXPECT_NEAR(GroundMetres(-90.2, 38.6, lon, lat), 80, 0.5) << i;
    EXPECT_GT(lon, -90.2) << "an east-facing sector lies east of its camera";
  }
  // The arc's ends are 30 degrees either side of east: north-east first, south-east last.
  EXPECT_GT(ring[1][1].get<double>(), 38.6);
  EXPECT_LT(ring[ring.size() - 2][1].get<double>(), 38.6);
}

TEST(SectorPolygonTest, AllRoundCameraIsADisc) {
  const json ring = SectorPolygon(127.0, 37.5, 50, std::nullopt, 360)["coordinates"][0];
  ASSERT_GE(ring.size(), 37u);
  EXPECT_EQ(ring.front(), ring.back());
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    EXPECT_NEAR(GroundMetres(127.0, 37.5, ring[i][0], ring[i][1]), 50, 0.5) << i;
  }
}

// Stations, cameras and units as the store holds them.
class AssetLayersTest : public testing::ServerTest {
 protected:
  void Populate() {
    auto refs = OpenSqliteReferenceStore(options_.store_path);
    ASSERT_TRUE(refs.ok());
    const std::vector<Station> stations = {
        {.source_id = "s1",
         .name = "Central",
         .kind = "station",
         .district = "1",
         .location = {.lon = -90.2, .lat = 38.6, .x = 740'450, .y = 4'270'450}}};
    const std::vector<Camera> cameras = {
        {.source_id = "c1",
         .location = {.lon = -90.21, .lat = 38.61},
         .heading_deg = 180.0,
         .field_of_view_deg = 90,
         .range_m = 60,
         .purpose = "surveillance"},
        {.source_id = "c2", .location = {.lon = -90.22, .lat = 38.62}, .range_m = 40}};
    const std::vector<Unit> units = {
        {.source_id = "u1", .call_sign = "Adam-1", .kind = "car", .station_id = "s1"},
        {.source_id = "u2", .call_sign = "Adam-2", .kind = "foot", .station_id = "gone"}};
    ASSERT_TRUE((*refs)->UpsertStations(stations, nullptr).ok());
    ASSERT_TRUE((*refs)->UpsertCameras(cameras, nullptr).ok());
    ASSERT_TRUE((*refs)->UpsertUnits(units, nullptr).ok());
  }

  json Layer(const std::string& name, const Headers& auth) {
    const Reply reply = Get("/api/v1/layers/" + name, auth);
    EXPECT_EQ(reply.status, 200u) << name << ": " << reply.body;
    EXPECT_EQ(reply.content_type, "application/geo+json") << name;
    EXPECT_EQ(reply.json["type"], "FeatureCollection") << name;
    return reply.json;
  }

  static const json* Feature(const json& collection, const std::string& id) {
    for (const json& f : collection["features"]) {
      if (f["id"] == id) return &f;
    }
    return nullptr;
  }
};

TEST_F(AssetLayersTest, StationsCamerasAndCoverageAreServedAsGeoJson) {
  Populate();
  const Headers officer = Bearer(Token(Role::kPatrolOfficer));
  const json stations = Layer("stations", officer);
  ASSERT_EQ(stations["features"].size(), 1u);
  EXPECT_EQ(stations["features"][0]["properties"]["name"], "Central");
  EXPECT_EQ(stations["features"][0]["geometry"]["coordinates"], json::array({-90.2, 38.6}));

  const json cameras = Layer("cameras", officer);
  ASSERT_EQ(cameras["features"].size(), 2u);
  const json* c1 = Feature(cameras, "c1");
  ASSERT_NE(c1, nullptr);
  EXPECT_EQ((*c1)["properties"]["heading_deg"], 180.0);
  EXPECT_EQ((*c1)["properties"]["purpose"], "surveillance");
  EXPECT_TRUE((*Feature(cameras, "c2"))["properties"]["heading_deg"].is_null());

  const json coverage = Layer("camera-coverage", officer);
  const json* sector = Feature(coverage, "c1");
  ASSERT_NE(sector, nullptr);
  EXPECT_EQ((*sector)["geometry"]["type"], "Polygon");
  for (const json& point : (*sector)["geometry"]["coordinates"][0]) {
    EXPECT_LE(point[1].get<double>(), 38.61) << "a south-facing camera sees south";
  }

  // The list names every asset layer with its size; no roads without a road file.
  const Reply listed = Get("/api/v1/layers", officer);
  ASSERT_EQ(listed.status, 200u);
  std::map<std::string, std::int64_t> sizes;
  for (const json& layer : listed.json["items"]) sizes[layer["name"]] = layer.value("features", 0);
  EXPECT_EQ(sizes["stations"], 1);
  EXPECT_EQ(sizes["cameras"], 2);
  EXPECT_EQ(sizes["camera-coverage"], 2);
  EXPECT_EQ(sizes["units"], 2);
  EXPECT_FALSE(sizes.contains("roads"));
  EXPECT_EQ(Get("/api/v1/layers/roads", officer).code(), "not_found");
  // Deny by default: no token, no layer.
  EXPECT_EQ(Get("/api/v1/layers/units").status, 401u);
}

TEST_F(AssetLayersTest, UnitsStandAtTheirNewestStoredPositionAcrossRestarts) {
  Populate();
  const Headers officer = Bearer(Token(Role::kPatrolOfficer));
  json units = Layer("units", officer);
  ASSERT_EQ(units["features"].size(), 2u);
  EXPECT_EQ((*Feature(units, "u1"))["properties"]["position"], "station");
  EXPECT_EQ((*Feature(units, "u1"))["geometry"]["coordinates"], json::array({-90.2, 38.6}));
  EXPECT_EQ((*Feature(units, "u2"))["properties"]["position"], "none");
  EXPECT_TRUE((*Feature(units, "u2"))["geometry"].is_null());

  auto report = [&](double lon, const char* at, const char* status) {
    const json body = {{"lon", lon}, {"lat", 38.61}, {"status", status}, {"at", at}};
    const Reply r = Post("/api/v1/units/u1/position", body.dump(), officer);
    EXPECT_EQ(r.status, 201u) << r.body;
  };
  report(-90.25, "2024-03-05T10:00:00Z", "patrolling");
  report(-90.26, "2024-03-05T09:00:00Z", "late report");  // older: does not move the unit
  units = Layer("units", officer);
  const json& u1 = *Feature(units, "u1");
  EXPECT_EQ(u1["properties"]["position"], "reported");
  EXPECT_EQ(u1["properties"]["status"], "patrolling");
  EXPECT_EQ(u1["properties"]["at"], "2024-03-05T10:00:00Z");
  EXPECT_EQ(u1["properties"]["reported_by"], testing::UserName(Role::kPatrolOfficer));
  EXPECT_EQ(u1["geometry"]["coordinates"], json::array({-90.25, 38.61}));

  // A rejected report stores nothing.
  EXPECT_EQ(
      Post("/api/v1/units/u1/position", json{{"lon", 999}, {"lat", 0}}.dump(), officer).code(),
      "bad_request");

  // Positions are in the store, not the server's memory.
  server_->Stop();
  auto restarted = Server::Start(options_, clock_);
  ASSERT_TRUE(restarted.ok()) << restarted.error().message;
  server_ = std::move(*restarted);
  units = Layer("units", Bearer(Token(Role::kCommander)));
  EXPECT_EQ((*Feature(units, "u1"))["geometry"]["coordinates"], json::array({-90.25, 38.61}));
  auto refs = OpenSqliteReferenceStore(options_.store_path);
  ASSERT_TRUE(refs.ok());
  auto latest = (*refs)->LatestUnitPositions();
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->front().status, "patrolling");
}

TEST_F(AssetLayersTest, UnitTrackIsAuditedPersonalDataInTimeOrder) {
  Populate();
  const Headers officer = Bearer(Token(Role::kPatrolOfficer));
  const std::vector<std::pair<double, const char*>> reports = {
      {-90.23, "2024-03-05T10:20:00Z"},
      {-90.21, "2024-03-05T10:00:00Z"},
      {-90.22, "2024-03-05T10:10:00Z"},
      {-90.30, "2024-03-04T08:00:00Z"}};  // the day before
  for (const auto& [lon, at] : reports) {
    const json body = {{"lon", lon}, {"lat", 38.61}, {"status", "patrolling"}, {"at", at}};
    ASSERT_EQ(Post("/api/v1/units/u1/position", body.dump(), officer).status, 201u);
  }
  const std::string window = "?from=2024-03-05T00:00:00Z&to=2024-03-06T00:00:00Z";
  const Headers dispatcher = Bearer(Token(Role::kDispatcher), "incident 2024-311: who was near");
  Reply track = Get("/api/v1/units/u1/track" + window, dispatcher);
  ASSERT_EQ(track.status, 200u) << track.body;
  EXPECT_EQ(track.json["unit"], "u1");
  EXPECT_EQ(track.json["call_sign"], "Adam-1");
  ASSERT_EQ(track.json["positions"].size(), 3u);
  EXPECT_EQ(track.json["positions"][0]["at"], "2024-03-05T10:00:00Z");
  EXPECT_EQ(track.json["positions"][2]["at"], "2024-03-05T10:20:00Z");
  EXPECT_EQ(track.json["positions"][1]["reported_by"], testing::UserName(Role::kPatrolOfficer));
  EXPECT_FALSE(track.json["truncated"].get<bool>());
  EXPECT_EQ(track.json["line"]["type"], "LineString");
  EXPECT_EQ(track.json["line"]["coordinates"][0], json::array({-90.21, 38.61}));
  EXPECT_EQ(track.json["line"]["coordinates"].size(), 3u);

  track = Get("/api/v1/units/u1/track" + window + "&limit=2", dispatcher);
  ASSERT_EQ(track.status, 200u) << track.body;
  EXPECT_EQ(track.json["positions"].size(), 2u);
  EXPECT_TRUE(track.json["truncated"].get<bool>());

  // Nothing in the window: no positions, no line.
  track = Get("/api/v1/units/u2/track" + window, dispatcher);
  ASSERT_EQ(track.status, 200u) << track.body;
  EXPECT_TRUE(track.json["positions"].empty());
  EXPECT_TRUE(track.json["line"].is_null());

  EXPECT_EQ(Get("/api/v1/units/nope/track" + window, dispatcher).code(), "not_found");
  EXPECT_EQ(
      Get("/api/v1/units/u1/track?from=2024-03-06T00:00:00Z&to=2024-03-05T00:00:00Z", dispatcher)
          .code(),
      "bad_request");
  // An officer's movements need a stated purpose, and officers cannot read each other's.
  EXPECT_EQ(Get("/api/v1/units/u1/track" + window, Bearer(Token(Role::kDispatcher))).code(),
            "purpose_required");
  EXPECT_EQ(Get("/api/v1/units/u1/track" + window, Bearer(Token(Role::kPatrolOfficer), "x")).code(),
            "forbidden");

  // Each read is in the audit trail with its purpose.
  const Reply audit = Get("/api/v1/audit?resource=units.track", Bearer(Token(Role::kAuditor)));
  ASSERT_EQ(audit.status, 200u) << audit.body;
  int served = 0;
  for (const json& record : audit.json["items"]) {
    if (record["outcome"] != "served") continue;
    ++served;
    EXPECT_EQ(record["purpose"], "incident 2024-311: who was near");
    EXPECT_EQ(record["user"], testing::UserName(Role::kDispatcher));
  }
  EXPECT_EQ(served, 4) << audit.body;  // three tracks and the unit that is not there
}

// A street grid every 100 m in UTM zone 15N around the test forecast's grid (740,000-741,000
// E, 4,270,000-4,271,000 N), written as WGS84 centrelines for the sim road profile.
std::string StreetGridGeoJson() {
  auto to_wgs84 = geo::Projector::Create("EPSG:32615", "EPSG:4326");
  EXPECT_TRUE(to_wgs84.ok());
  json features = json::array();
  for (int axis = 0; axis < 2; ++axis) {
    for (int i = 0; i <= 20; ++i) {
      json line = json::array();
      for (int j = 0; j <= 20; ++j) {
        const double along = 739'500 + 100.0 * j;
        const double across = 739'500 + 100.0 * i;
        const double x = axis == 0 ? along : across;
        const double y = (axis == 0 ? across : along) + 4'270'000 - 740'000;
        geo::XY lon_lat;
        EXPECT_TRUE(to_wgs84->Transform(x, y, &lon_lat));
        line.push_back({lon_lat.x, lon_lat.y});
      }
      features.push_back({{"type", "Feature"},
                          {"geometry", {{"type", "LineString"}, {"coordinates", line}}},
                          {"properties",
                           {{"class", i % 5 == 0 ? "primary" : "residential"},
                            {"name", (axis == 0 ? "Street " : "Avenue ") + std::to_string(i)},
                            {"oneway", "0"}}}});
    }
  }
  return json{{"type", "FeatureCollection"}, {"features", features}}.dump();
}

// An area of `kind` and `code` over the lon/lat rectangle from `sw` to `ne`.
Area RectangleArea(const std::string& kind, const std::string& code, const geo::XY& sw,
                   const geo::XY& ne) {
  return Area{.kind = kind,
              .code = code,
              .geometry_wkb = vigil::testing::RectangleWkb(sw.x, sw.y, ne.x, ne.y),
              .min_lon = sw.x,
              .min_lat = sw.y,
              .max_lon = ne.x,
              .max_lat = ne.y};
}

class RoadLayersTest : public AssetLayersTest {
 protected:
  void Customize(ServerOptions& options) override {
    options.road_graph = dir_.Write("roads.geojson", StreetGridGeoJson());
    options.road_profile = std::string(VIGIL_SOURCE_DIR) + "/profiles/roads/vigil-sim.json";
    options.reports_dir = dir_.File("reports");
    // Roads within 150 m of a station stay when they lie in a no-go area (one block here).
    options.road_max_snap_m = 150;
    std::filesystem::create_directories(dir_.File("reports/patrol-plans"));
  }
};

TEST_F(RoadLayersTest, RoadsLayerHasEachStreetOnceAsOneLine) {
  const Headers analyst = Bearer(Token(Role::kAnalyst));
  const json roads = Layer("roads", analyst);
  // 42 streets crossing at every vertex: each is one run, and each segment is drawn once.
  ASSERT_EQ(roads["features"].size(), 42u);
  std::size_t points = 0;
  for (const json& f : roads["features"]) {
    EXPECT_EQ(f["geometry"]["type"], "LineString");
    EXPECT_EQ(f["properties"]["oneway"], false);
    points += f["geometry"]["coordinates"].size();
  }
  EXPECT_EQ(points, 42u * 21u);
  const json& first = roads["features"][0]["properties"];
  EXPECT_TRUE(first["class"] == "primary" || first["class"] == "residential");
  EXPECT_EQ(first["name"].get<std::string>().rfind("Street ", 0), 0u);

  const Reply zipped =
      Get("/api/v1/layers/roads",
          Headers{{"Authorization", analyst.at("Authorization")}, {"Accept-Encoding", "gzip"}});
  EXPECT_EQ(zipped.status, 200u);
  EXPECT_EQ(zipped.content_encoding, "gzip");

  const Reply listed = Get("/api/v1/layers", analyst);
  bool found = false;
  for (const json& layer : listed.json["items"]) {
    if (layer["name"] == "roads") found = layer["features"] == 42;
  }
  EXPECT_TRUE(found) << listed.body;
}

TEST_F(RoadLayersTest, PatrolPlansFollowTheRoads) {
  Populate();
  ASSERT_EQ(IngestCityIncident().status, 201u);
  auto forecasts = ForecastStore::Open(options_.store_path);
  ASSERT_TRUE(forecasts.ok());
  const std::vector<ForecastCell> cells = {{.cell = 44, .expected = 0.9, .grade = 10},
                                           {.cell = 77, .expected = 0.5, .grade = 8},
                                           {.cell = 99, .expected = 0.7, .grade = 9}};
  auto id = forecasts->Save(testing::TestForecast("kde", "theft", 1'709'280'000, 8 * 3600), cells);
  ASSERT_TRUE(id.ok());
  const json body = {{"name", "roads"},
                     {"forecast_id", *id},
                     {"shift_hours", 2},
                     {"cars", 1},
                     {"options", {{"iterations", 50}, {"time_limit_s", 0}, {"seed", 7}}}};
  const Reply created = Post("/api/v1/patrol-plans", body.dump(), Bearer(Token(Role::kCommander)));
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(created.json["travel"], "roads");
  EXPECT_GE(created.json["summary"]["stops"].get<int>(), 1);
  // A route along a street grid turns corners: far more points than its stops.
  std::size_t route_points = 0;
  for (const json& f : created.json["plan"]["features"]) {
    if (f["properties"]["kind"] == "route") route_points += f["geometry"]["coordinates"].size();
  }
  EXPECT_GT(route_points, static_cast<std::size_t>(created.json["summary"]["stops"]) + 2);

  // A no-go area over the north-east of the grid (cell 77 and its streets): no stop in it, and
  // the plan is made on the roads without its streets.
  auto to_wgs84 = geo::Projector::Create("EPSG:32615", "EPSG:4326");
  ASSERT_TRUE(to_wgs84.ok());
  geo::XY sw;
  geo::XY ne;
  ASSERT_TRUE(to_wgs84->Transform(740'620, 4'270'620, &sw));
  ASSERT_TRUE(to_wgs84->Transform(741'000, 4'271'000, &ne));
  auto refs = OpenSqliteReferenceStore(options_.store_path);
  ASSERT_TRUE(refs.ok());
  const Area zone = RectangleArea("zone", "ne", sw, ne);
  ASSERT_TRUE((*refs)->UpsertAreas(std::span(&zone, 1), nullptr).ok());
  json avoiding = body;
  avoiding["name"] = "roads-no-go";
  avoiding["options"]["no_go"] = {"zone:ne"};
  const Reply planned =
      Post("/api/v1/patrol-plans", avoiding.dump(), Bearer(Token(Role::kCommander)));
  ASSERT_EQ(planned.status, 201u) << planned.body;
  EXPECT_EQ(planned.json["travel"], "roads");
  for (const json& f : planned.json["plan"]["features"]) {
    if (f["properties"]["kind"] == "stop") {
      EXPECT_NE(f["properties"]["cell"], 77);
    }
  }

  // A no-go band from south to north of the grid (740,620-740,880 E) between the station and
  // cell 99: the car gets round it by the grid's ends, and no route point lies inside it.
  ASSERT_TRUE(to_wgs84->Transform(740'620, 4'269'900, &sw));
  ASSERT_TRUE(to_wgs84->Transform(740'880, 4'271'100, &ne));
  const Area band = RectangleArea("closure", "band", sw, ne);
  ASSERT_TRUE((*refs)->UpsertAreas(std::span(&band, 1), nullptr).ok());
  json around = body;
  around["name"] = "roads-around-band";
  around["options"]["no_go"] = {"closure:band"};
  const Reply detour = Post("/api/v1/patrol-plans", around.dump(), Bearer(Token(Role::kCommander)));
  ASSERT_EQ(detour.status, 201u) << detour.body;
  auto to_utm = geo::Projector::Create("EPSG:4326", "EPSG:32615");
  ASSERT_TRUE(to_utm.ok());
  bool visits_99 = false;
  double east_most = 0;
  for (const json& f : detour.json["plan"]["features"]) {
    if (f["properties"]["kind"] == "stop" && f["properties"]["cell"] == 99) visits_99 = true;
    if (f["properties"]["kind"] != "route") continue;
    for (const json& point : f["geometry"]["coordinates"]) {
      geo::XY m;
      ASSERT_TRUE(to_utm->Transform(point[0], point[1], &m));
      east_most = std::max(east_most, m.x);
      EXPECT_FALSE(m.x > 740'650 && m.x < 740'850 && m.y > 4'269'950 && m.y < 4'271'050)
          << "route point " << m.x << " E, " << m.y << " N is inside the no-go band";
    }
  }
  EXPECT_TRUE(visits_99) << detour.body;
  EXPECT_GT(east_most, 740'900) << "the route reaches the far side of the band";

  // Shared out over areas, the workload counts the calls of the weeks before the slot.
  json allocated = body;
  allocated["name"] = "by-zone";
  allocated["options"]["allocate_by"] = "zone";
  const Reply shared =
      Post("/api/v1/patrol-plans", allocated.dump(), Bearer(Token(Role::kCommander)));
  ASSERT_EQ(shared.status, 201u) << shared.body;
  EXPECT_EQ(shared.json["workload"], "risk and predicted calls (0 calls in the 8 weeks before)");
  ASSERT_EQ(shared.json["districts"].size(), 1u);
  EXPECT_EQ(shared.json["districts"][0]["code"], "ne");
  allocated["options"]["call_weeks"] = 0;
  allocated["name"] = "by-zone-risk";
  EXPECT_EQ(Post("/api/v1/patrol-plans", allocated.dump(), Bearer(Token(Role::kCommander)))
                .json["workload"],
            "risk");
}

}  // namespace
}  // namespace vigil::server
