// The API's endpoints over real HTTP: sign-in, ingest (single and bulk, with the CLI's
// validation), incidents and calls (filters, paging, stable order), statistics with MoM and
// YoY change, areas and forecast grids as GeoJSON, personal data behind the audit trail.
#include <filesystem>

#include "security/audit_log.h"
#include "store/forecast_store.h"
#include "store/sqlite_reference_store.h"
#include "store/sqlite_store.h"
#include "test_server.h"

namespace vigil::server::testing {
namespace {

using nlohmann::json;
using security::Role;

json IncidentRecord(const std::string& id, const std::string& category, const std::string& when,
                    const std::string& district, double lon = -90.2, double lat = 38.6) {
  return {{"id", id},   {"category", category}, {"occurred", when},    {"reported", when},
          {"lon", lon}, {"lat", lat},           {"district", district}};
}

class ApiTest : public ServerTest {
 protected:
  Reply Ingest(const json& record) {
    return Post("/api/v1/ingest/vigil-incidents", record.dump(), Bearer(Token(Role::kDispatcher)));
  }
};

TEST_F(ApiTest, SignInGivesATokenThatWorksUntilSignOut) {
  Reply bad =
      Post("/api/v1/auth/sign-in",
           json{{"name", UserName(Role::kAnalyst)}, {"password", "wrong password!"}}.dump());
  EXPECT_EQ(bad.status, 401u);
  EXPECT_EQ(bad.code(), "bad_credentials");
  Reply ok = Post("/api/v1/auth/sign-in",
                  json{{"name", UserName(Role::kAnalyst)}, {"password", kPassword}}.dump());
  ASSERT_EQ(ok.status, 200u) << ok.body;
  const std::string token = ok.json["token"];
  EXPECT_EQ(ok.json["user"]["role"], "analyst");
  EXPECT_EQ(Get("/api/v1/incidents", Bearer(token)).status, 200u);
  EXPECT_EQ(Post("/api/v1/auth/sign-out", "", Bearer(token)).status, 200u);
  EXPECT_EQ(Get("/api/v1/incidents", Bearer(token)).code(), "session_revoked");
}

TEST_F(ApiTest, RepeatedBadPasswordsLockTheAccount) {
  const std::string body =
      json{{"name", UserName(Role::kCommander)}, {"password", "not the password"}}.dump();
  for (int i = 0; i < options_.users.max_failures; ++i) Post("/api/v1/auth/sign-in", body);
  const Reply locked =
      Post("/api/v1/auth/sign-in",
           json{{"name", UserName(Role::kCommander)}, {"password", kPassword}}.dump());
  EXPECT_EQ(locked.status, 423u);
  EXPECT_EQ(locked.code(), "account_locked");
}

TEST_F(ApiTest, SingleIngestValidatesLikeTheCli) {
  const Reply created = Ingest(IncidentRecord("a1", "theft", "2024-03-05 10:00:00", "1"));
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(created.json["inserted"], 1);
  const Reply again = Ingest(IncidentRecord("a1", "theft", "2024-03-05 10:00:00", "1"));
  EXPECT_EQ(again.status, 200u);
  EXPECT_EQ(again.json["unchanged"], 1);
  json bad_time = IncidentRecord("a2", "theft", "yesterday", "1");
  const Reply rejected = Ingest(bad_time);
  EXPECT_EQ(rejected.status, 422u) << rejected.body;
  EXPECT_EQ(rejected.code(), "rejected");
  json missing = IncidentRecord("a3", "theft", "2024-03-05 10:00:00", "1");
  missing.erase("lon");
  EXPECT_EQ(Ingest(missing).code(), "rejected");
  EXPECT_EQ(Post("/api/v1/ingest/no-such-profile", "{}", Bearer(Token(Role::kDispatcher))).code(),
            "not_found");
  EXPECT_EQ(Post("/api/v1/ingest/../../etc/passwd", "{}", Bearer(Token(Role::kDispatcher))).code(),
            "no_route");
}

TEST_F(ApiTest, BulkIngestTakesJsonAndCsvAndListsRejects) {
  json records = json::array({IncidentRecord("b1", "theft", "2024-01-01 10:00:00", "1"),
                              IncidentRecord("b2", "robbery", "not a time", "1")});
  const Reply bulk = Post("/api/v1/ingest/vigil-incidents/bulk", records.dump(),
                          Bearer(Token(Role::kAdministrator)));
  ASSERT_EQ(bulk.status, 200u) << bulk.body;
  EXPECT_EQ(bulk.json["inserted"], 1);
  EXPECT_EQ(bulk.json["rejected"], 1);
  EXPECT_EQ(bulk.json["rejects"][0]["record"], 2);
  Headers csv = Bearer(Token(Role::kAdministrator));
  csv["Content-Type"] = "text/csv";
  const Reply from_csv = Post("/api/v1/ingest/vigil-incidents/bulk",
                              "id,category,occurred,reported,lon,lat,district\n"
                              "c1,burglary,2024-01-02 10:00:00,2024-01-02 10:00:00,-90.2,38.6,2\n",
                              csv);
  ASSERT_EQ(from_csv.status, 200u) << from_csv.body;
  EXPECT_EQ(from_csv.json["inserted"], 1);
  csv["Content-Type"] = "application/xml";
  EXPECT_EQ(Post("/api/v1/ingest/vigil-incidents/bulk", "<a/>", csv).code(), "unsupported_media");
}

TEST_F(ApiTest, IncidentsFilterAndPageInAStableOrder) {
  for (int i = 0; i < 7; ++i) {
    const std::string when = "2024-03-0" + std::to_string(i + 1) + " 10:00:00";
    ASSERT_EQ(Ingest(IncidentRecord("p" + std::to_string(i), i % 2 ? "theft" : "assault", when,
                                    i < 4 ? "1" : "2"))
                  .status,
              201u);
  }
  const Headers auth = Bearer(Token(Role::kPatrolOfficer));
  Reply all = Get("/api/v1/incidents?limit=3", auth);
  ASSERT_EQ(all.status, 200u) << all.body;
  EXPECT_EQ(all.json["total"], 7);
  EXPECT_EQ(all.json["next_offset"], 3);
  EXPECT_EQ(all.json["items"][0]["source_id"], "p6");  // newest first
  std::vector<std::string> seen;
  for (int offset = 0; offset < 7; offset += 3) {
    Reply page = Get("/api/v1/incidents?limit=3&offset=" + std::to_string(offset), auth);
    for (const json& item : page.json["items"]) seen.push_back(item["source_id"]);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"p6", "p5", "p4", "p3", "p2", "p1", "p0"}));
  Reply thefts = Get("/api/v1/incidents?category=theft&district=1", auth);
  EXPECT_EQ(thefts.json["total"], 2);  // p1, p3
  Reply window = Get("/api/v1/incidents?from=2024-03-02&to=2024-03-04", auth);
  EXPECT_EQ(window.json["total"], 2);
  const std::int64_t id = all.json["items"][0]["id"];
  Reply one = Get("/api/v1/incidents/" + std::to_string(id), auth);
  EXPECT_EQ(one.json["source_id"], "p6");
  EXPECT_EQ(Get("/api/v1/incidents/123456", auth).code(), "not_found");
  EXPECT_EQ(Get("/api/v1/incidents/abc", auth).code(), "bad_request");
}

TEST_F(ApiTest, CallsFilterAndPageForTheRolesThatMaySeeThem) {
  const Headers dispatcher = Bearer(Token(Role::kDispatcher));
  for (int i = 0; i < 5; ++i) {
    const json call = {{"id", "c" + std::to_string(i)},
                       {"received", "2024-03-0" + std::to_string(i + 1) + " 10:00:00"},
                       {"type", i % 2 ? "burglary alarm" : "fight"},
                       {"priority", "2"},
                       {"category", i % 2 ? "burglary" : "assault"},
                       {"lon", -90.2},
                       {"lat", 38.6},
                       {"district", i < 3 ? "1" : "2"}};
    const Reply posted = Post("/api/v1/ingest/vigil-calls", call.dump(), dispatcher);
    ASSERT_EQ(posted.status, 201u) << posted.body;
  }
  Reply page = Get("/api/v1/calls?limit=2", dispatcher);
  ASSERT_EQ(page.status, 200u) << page.body;
  EXPECT_EQ(page.json["total"], 5);
  EXPECT_EQ(page.json["next_offset"], 2);
  ASSERT_EQ(page.json["items"].size(), 2u);
  EXPECT_EQ(page.json["items"][0]["source_id"], "c4");  // newest first
  EXPECT_EQ(page.json["items"][1]["source_id"], "c3");
  EXPECT_EQ(Get("/api/v1/calls?limit=2&offset=4", dispatcher).json["next_offset"], nullptr);
  EXPECT_EQ(Get("/api/v1/calls?category=burglary", dispatcher).json["total"], 2);  // c1, c3
  EXPECT_EQ(Get("/api/v1/calls?district=1", dispatcher).json["total"], 3);
  EXPECT_EQ(Get("/api/v1/calls?from=2024-03-02&to=2024-03-04", dispatcher).json["total"], 2);
  const std::int64_t id = page.json["items"][0]["id"];
  const Reply one = Get("/api/v1/calls/" + std::to_string(id), Bearer(Token(Role::kAnalyst)));
  ASSERT_EQ(one.status, 200u) << one.body;
  EXPECT_EQ(one.json["source_id"], "c4");
  EXPECT_EQ(Get("/api/v1/calls/999999", dispatcher).code(), "not_found");
  EXPECT_EQ(Get("/api/v1/calls?limit=0", dispatcher).code(), "bad_request");
  // A patrol officer sees incidents but not the calls behind them.
  EXPECT_EQ(Get("/api/v1/calls", Bearer(Token(Role::kPatrolOfficer))).code(), "forbidden");
}

TEST_F(ApiTest, StatisticsGiveMonthOverMonthAndYearOverYearChange) {
  json records = json::array();
  int n = 0;
  auto add = [&](const std::string& when, int count) {
    for (int i = 0; i < count; ++i) {
      records.push_back(IncidentRecord("s" + std::to_string(n++), "theft", when, "1"));
    }
  };
  add("2023-03-10 10:00:00", 2);
  add("2024-02-10 10:00:00", 1);
  add("2024-03-10 10:00:00", 3);
  ASSERT_EQ(Post("/api/v1/ingest/vigil-incidents/bulk", records.dump(),
                 Bearer(Token(Role::kAdministrator)))
                .status,
            200u);
  Reply stats =
      Get("/api/v1/statistics?from=2024-03-01&to=2024-04-01", Bearer(Token(Role::kAnalyst)));
  ASSERT_EQ(stats.status, 200u) << stats.body;
  ASSERT_EQ(stats.json["rows"].size(), 1u) << stats.body;
  const json& row = stats.json["rows"][0];
  EXPECT_EQ(row["period"], "2024-03");
  EXPECT_EQ(row["district"], "1");
  EXPECT_EQ(row["category"], "theft");
  EXPECT_EQ(row["count"], 3);
  EXPECT_EQ(row["month_over_month"]["previous"], 1);
  EXPECT_EQ(row["month_over_month"]["difference"], 2);
  EXPECT_EQ(row["year_over_year"]["previous"], 2);
  EXPECT_DOUBLE_EQ(row["year_over_year"]["percent"].get<double>(), 50.0);
  EXPECT_EQ(Get("/api/v1/statistics", Bearer(Token(Role::kAnalyst))).code(), "bad_request");
  EXPECT_EQ(stats.json["time_zone"], "UTC");  // the first load saved its profile's zone

  auto store = OpenSqliteStore(options_.store_path);
  ASSERT_TRUE(store.ok());
  auto zone = (*store)->GetSetting("city.timezone");
  ASSERT_TRUE(zone.ok());
  EXPECT_EQ(zone->value_or(""), "UTC");
}

TEST_F(ApiTest, StatisticsCountMonthsOfTheCitysWallClock) {
  auto store = OpenSqliteStore(options_.store_path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->SetSetting("city.timezone", "Asia/Seoul").ok());  // UTC+9, no DST
  json records = json::array();
  int n = 0;
  for (const char* when : {"2024-02-29 14:59:00",     // 23:59 on 29 February in Seoul
                           "2024-02-29 15:00:00",     // 00:00 on 1 March in Seoul
                           "2024-03-15 10:00:00",     // March
                           "2024-03-31 15:30:00"}) {  // 00:30 on 1 April in Seoul
    records.push_back(IncidentRecord("k" + std::to_string(n++), "theft", when, "1"));
  }
  ASSERT_EQ(Post("/api/v1/ingest/vigil-incidents/bulk", records.dump(),
                 Bearer(Token(Role::kAdministrator)))
                .status,
            200u);
  // Loading keeps the zone the store already has.
  auto zone = (*store)->GetSetting("city.timezone");
  ASSERT_TRUE(zone.ok());
  EXPECT_EQ(zone->value_or(""), "Asia/Seoul");

  const Reply stats =
      Get("/api/v1/statistics?from=2024-03-01&to=2024-05-01", Bearer(Token(Role::kAnalyst)));
  ASSERT_EQ(stats.status, 200u) << stats.body;
  EXPECT_EQ(stats.json["time_zone"], "Asia/Seoul");
  EXPECT_EQ(stats.json["from"], "2024-02-29T15:00:00Z");  // local midnight, 1 March
  EXPECT_EQ(stats.json["to"], "2024-04-30T15:00:00Z");
  std::map<std::string, std::int64_t> by_period;
  for (const json& row : stats.json["rows"]) by_period[row["period"]] = row["count"];
  EXPECT_EQ(by_period, (std::map<std::string, std::int64_t>{{"2024-03", 2}, {"2024-04", 1}}));
  EXPECT_EQ(stats.json["total"], 3);
  // February (local) is read for March's month-over-month change: one incident.
  for (const json& row : stats.json["rows"]) {
    if (row["period"] == "2024-03") {
      EXPECT_EQ(row["month_over_month"]["previous"], 1);
    }
  }
}

// Little-endian ISO WKB of a square polygon.
std::vector<std::uint8_t> SquareWkb(double x0, double y0, double size) {
  std::vector<std::uint8_t> out;
  auto u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  auto f64 = [&](double d) {
    std::uint64_t v = 0;
    std::memcpy(&v, &d, 8);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  out.push_back(1);
  u32(3);
  u32(1);
  u32(5);
  const double xs[] = {x0, x0 + size, x0 + size, x0, x0};
  const double ys[] = {y0, y0, y0 + size, y0 + size, y0};
  for (int i = 0; i < 5; ++i) {
    f64(xs[i]);
    f64(ys[i]);
  }
  return out;
}

TEST_F(ApiTest, AreasAndForecastGridsAreGeoJson) {
  auto refs = OpenSqliteReferenceStore(options_.store_path);
  ASSERT_TRUE(refs.ok());
  Area area{.kind = "district",
            .code = "1",
            .name = "Central",
            .geometry_wkb = SquareWkb(-90.3, 38.5, 0.2),
            .min_lon = -90.3,
            .min_lat = 38.5,
            .max_lon = -90.1,
            .max_lat = 38.7};
  ASSERT_TRUE((*refs)->UpsertAreas(std::span(&area, 1), nullptr).ok());
  const Headers auth = Bearer(Token(Role::kCommander));
  Reply areas = Get("/api/v1/areas?kind=district", auth);
  ASSERT_EQ(areas.status, 200u) << areas.body;
  EXPECT_EQ(areas.json["features"][0]["geometry"]["type"], "Polygon");
  EXPECT_EQ(areas.json["features"][0]["geometry"]["coordinates"][0].size(), 5u);
  EXPECT_EQ(Get("/api/v1/areas/district:1", auth).json["properties"]["name"], "Central");
  EXPECT_EQ(Get("/api/v1/areas/district:9", auth).code(), "not_found");
  EXPECT_EQ(Get("/api/v1/layers/district", auth).json["features"].size(), 1u);

  // One located incident gives the store its city CRS (a UTM zone).
  ASSERT_EQ(Ingest(IncidentRecord("f1", "theft", "2024-03-05 10:00:00", "1")).status, 201u);
  auto forecasts = ForecastStore::Open(options_.store_path);
  ASSERT_TRUE(forecasts.ok());
  ForecastHeader header = TestForecast("kde", "theft");
  const std::vector<ForecastCell> cells = {{.cell = 0, .expected = 0.5, .grade = 9},
                                           {.cell = 55, .expected = 0.1, .grade = 3}};
  auto id = forecasts->Save(header, cells);
  ASSERT_TRUE(id.ok());
  Reply grid = Get("/api/v1/layers/risk?at=2024-03-01T12:00:00Z&category=theft", auth);
  ASSERT_EQ(grid.status, 200u) << grid.body;
  EXPECT_EQ(grid.content_type, "application/geo+json");
  ASSERT_EQ(grid.json["features"].size(), 2u);
  EXPECT_EQ(grid.json["features"][0]["properties"]["grade"], 9);
  EXPECT_EQ(grid.json["features"][0]["geometry"]["coordinates"][0].size(), 5u);
  const double lon = grid.json["features"][0]["geometry"]["coordinates"][0][0][0];
  EXPECT_GT(lon, -91.0);
  EXPECT_LT(lon, -89.0);
  EXPECT_EQ(Get("/api/v1/forecasts/" + std::to_string(*id), auth).body, grid.body);
  Headers gzip = auth;
  gzip["Accept-Encoding"] = "gzip, deflate";
  const Reply compressed = Get("/api/v1/forecasts/" + std::to_string(*id), gzip);
  EXPECT_EQ(compressed.content_encoding, "gzip");
  ASSERT_GE(compressed.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(compressed.body[0]), 0x1fu);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(compressed.body[1]), 0x8bu);
  EXPECT_EQ(Get("/api/v1/forecasts?category=theft", auth).json["items"].size(), 1u);
  EXPECT_EQ(Get("/api/v1/layers/risk?at=2025-01-01&category=theft", auth).code(), "not_found");
  EXPECT_EQ(Get("/api/v1/layers/risk?at=2024-03-01&category=nope", auth).code(), "bad_request");
}

TEST_F(ApiTest, ForecastReasonsAreServedInGradeOrder) {
  // One located incident gives the store its city CRS, so items carry a centroid.
  ASSERT_EQ(Ingest(IncidentRecord("r1", "burglary", "2024-03-05 10:00:00", "1")).status, 201u);
  auto forecasts = ForecastStore::Open(options_.store_path);
  ASSERT_TRUE(forecasts.ok());
  const ForecastHeader header = TestForecast("xgboost", "burglary");
  const std::vector<ForecastCell> cells = {{.cell = 4, .expected = 0.2, .grade = 5},
                                           {.cell = 12, .expected = 0.7, .grade = 10},
                                           {.cell = 30, .expected = 0.9, .grade = 10}};
  const std::vector<CellReason> reasons = {
      {.cell = 4, .rank = 1, .feature = "calls_7d", .contribution = 0.05, .text = "calls"},
      {.cell = 12, .rank = 1, .feature = "near_14d", .contribution = 0.12, .text = "repeats"},
      {.cell = 12, .rank = 2, .feature = "lag_28d", .contribution = 0.02, .text = "last month"},
      {.cell = 30, .rank = 1, .feature = "lag_7d", .contribution = 0.3, .text = "last week"}};
  auto id = forecasts->Save(header, cells, reasons);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto bare = forecasts->Save(header, cells);
  ASSERT_TRUE(bare.ok());
  const std::string base = "/api/v1/forecasts/" + std::to_string(*id) + "/reasons";
  const Headers auth = Bearer(Token(Role::kAnalyst));

  const Reply all = Get(base, auth);
  ASSERT_EQ(all.status, 200u) << all.body;
  EXPECT_EQ(all.json["forecast_id"], *id);
  const json& items = all.json["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["cell"], 30);  // grade 10, expected 0.9
  EXPECT_EQ(items[1]["cell"], 12);  // grade 10, expected 0.7
  EXPECT_EQ(items[2]["cell"], 4);
  EXPECT_EQ(items[1]["grade"], 10);
  EXPECT_DOUBLE_EQ(items[1]["expected"].get<double>(), 0.7);
  ASSERT_EQ(items[1]["reasons"].size(), 2u);
  EXPECT_EQ(
      items[1]["reasons"][0],
      (json{{"rank", 1}, {"text", "repeats"}, {"feature", "near_14d"}, {"contribution", 0.12}}));
  EXPECT_EQ(items[1]["reasons"][1]["rank"], 2);
  ASSERT_EQ(items[1]["centroid"].size(), 2u);
  const double lon = items[1]["centroid"][0];
  const double lat = items[1]["centroid"][1];
  EXPECT_GT(lon, -91.0);
  EXPECT_LT(lon, -89.0);
  EXPECT_GT(lat, 38.0);
  EXPECT_LT(lat, 39.0);

  const Reply one = Get(base + "?cell=12", auth);
  ASSERT_EQ(one.status, 200u) << one.body;
  EXPECT_EQ(one.json, items[1]);
  EXPECT_EQ(Get(base + "?cell=13", auth).code(), "not_found");
  EXPECT_EQ(Get(base + "?cell=x", auth).code(), "bad_request");

  const Reply none = Get("/api/v1/forecasts/" + std::to_string(*bare) + "/reasons", auth);
  ASSERT_EQ(none.status, 200u) << none.body;
  EXPECT_EQ(none.json, (json{{"forecast_id", *bare}, {"items", json::array()}}));
  EXPECT_EQ(Get("/api/v1/forecasts/999/reasons", auth).code(), "not_found");
  EXPECT_EQ(Get(base, Bearer(Token(Role::kDispatcher))).code(), "forbidden");
}

class PersonalDataTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    auto refs = OpenSqliteReferenceStore(options_.store_path);
    ASSERT_TRUE(refs.ok());
    PersonOfInterest person{.source_id = "poi-1",
                            .full_name = "Jordan Example",
                            .birth_year = 1990,
                            .status = "wanted"};
    ASSERT_TRUE((*refs)->UpsertPersonsOfInterest(std::span(&person, 1), nullptr).ok());
  }
};

TEST_F(PersonalDataTest, AReadIsAuditedWithWhoWhatAndPurpose) {
  const Reply read = Get("/api/v1/persons-of-interest/poi-1",
                         Bearer(Token(Role::kAnalyst), "case 2024-17: robbery series"));
  ASSERT_EQ(read.status, 200u) << read.body;
  EXPECT_EQ(read.json["full_name"], "Jordan Example");
  const Reply audit = Get("/api/v1/audit?resource=persons.get", Bearer(Token(Role::kAuditor)));
  ASSERT_EQ(audit.status, 200u) << audit.body;
  ASSERT_EQ(audit.json["items"].size(), 1u);
  const json& record = audit.json["items"][0];
  EXPECT_EQ(record["user"], UserName(Role::kAnalyst));
  EXPECT_EQ(record["role"], "analyst");
  EXPECT_EQ(record["source_address"], "127.0.0.1");
  EXPECT_EQ(record["purpose"], "case 2024-17: robbery series");
  EXPECT_EQ(record["outcome"], "served");
  EXPECT_EQ(record["resource"], "persons.get /api/v1/persons-of-interest/poi-1");
  EXPECT_TRUE(Get("/api/v1/audit/verify", Bearer(Token(Role::kAuditor))).json["ok"]);
}

TEST_F(PersonalDataTest, NothingIsServedWhenTheAuditRecordCannotBeWritten) {
  ASSERT_TRUE(db_->Exec("CREATE TRIGGER audit_down BEFORE INSERT ON audit_log "
                        "BEGIN SELECT RAISE(ABORT, 'audit disk unavailable'); END")
                  .ok());
  const Headers auth = Bearer(Token(Role::kCommander), "case 2024-17");
  for (const std::string target :
       {"/api/v1/persons-of-interest", "/api/v1/persons-of-interest/poi-1", "/api/v1/plate-reads",
        "/api/v1/relations"}) {
    const Reply refused = Get(target, auth);
    EXPECT_EQ(refused.status, 503u) << target;
    EXPECT_EQ(refused.code(), "audit_unavailable");
    EXPECT_EQ(refused.body.find("Jordan"), std::string::npos);
  }
  ASSERT_TRUE(db_->Exec("DROP TRIGGER audit_down").ok());
  EXPECT_EQ(Get("/api/v1/persons-of-interest", auth).status, 200u);
}

TEST_F(PersonalDataTest, ChangesAreRefusedWhenTheAuditRecordCannotBeWritten) {
  const std::string dispatcher = Token(Role::kDispatcher);
  ASSERT_TRUE(db_->Exec("CREATE TRIGGER audit_down BEFORE INSERT ON audit_log "
                        "BEGIN SELECT RAISE(ABORT, 'audit disk unavailable'); END")
                  .ok());
  const Reply refused = Ingest(IncidentRecord("x9", "theft", "2024-03-05 10:00:00", "1"));
  EXPECT_EQ(refused.status, 503u) << refused.body;
  EXPECT_EQ(refused.code(), "audit_unavailable");
  // A sign-in that cannot be recorded gives no session.
  const Reply sign_in =
      Post("/api/v1/auth/sign-in",
           json{{"name", UserName(Role::kAnalyst)}, {"password", kPassword}}.dump());
  EXPECT_EQ(sign_in.status, 503u) << sign_in.body;
  EXPECT_FALSE(sign_in.json.contains("token"));
  ASSERT_TRUE(db_->Exec("DROP TRIGGER audit_down").ok());
  // Nothing was stored by the refused change.
  const Reply none = Get("/api/v1/incidents", Bearer(dispatcher));
  ASSERT_EQ(none.status, 200u) << none.body;
  EXPECT_EQ(none.json["total"], 0);
  ASSERT_EQ(Ingest(IncidentRecord("x9", "theft", "2024-03-05 10:00:00", "1")).status, 201u);
  const Reply audit = Get("/api/v1/audit?resource=ingest.record", Bearer(Token(Role::kAuditor)));
  ASSERT_EQ(audit.status, 200u) << audit.body;
  std::vector<std::string> outcomes;  // newest first
  for (const json& r : audit.json["items"]) outcomes.push_back(r["outcome"]);
  EXPECT_EQ(outcomes, (std::vector<std::string>{"ok", "attempted"}));
}

TEST_F(PersonalDataTest, ChangesAndDenialsAreAudited) {
  ASSERT_EQ(Ingest(IncidentRecord("x1", "theft", "2024-03-05 10:00:00", "1")).status, 201u);
  EXPECT_EQ(Get("/api/v1/users", Bearer(Token(Role::kAnalyst))).code(), "forbidden");
  const Reply audit = Get("/api/v1/audit", Bearer(Token(Role::kAuditor)));
  bool ingest_seen = false;
  bool denial_seen = false;
  for (const json& r : audit.json["items"]) {
    ingest_seen = ingest_seen || (r["action"] == "ingest.record" && r["outcome"] == "ok" &&
                                  r["user"] == UserName(Role::kDispatcher));
    denial_seen =
        denial_seen || (r["outcome"] == "denied" && r["resource"] == "users.list /api/v1/users");
  }
  EXPECT_TRUE(ingest_seen) << audit.body;
  EXPECT_TRUE(denial_seen) << audit.body;
}

}  // namespace
}  // namespace vigil::server::testing

namespace vigil::server::testing {
namespace {

class ReportsTest : public ServerTest {
 protected:
  void Customize(ServerOptions& options) override {
    std::filesystem::create_directories(dir_.File("reports/backtests"));
    std::filesystem::create_directories(dir_.File("reports/patrol-plans"));
    dir_.Write("reports/backtests/spring-2024.json", R"({"models": ["kde"]})");
    dir_.Write("reports/patrol-plans/night-shift.geojson", R"({"type": "FeatureCollection"})");
    dir_.Write("reports/secret.json", R"({"secret": true})");
    options.reports_dir = dir_.File("reports");
  }
};

TEST_F(ReportsTest, BacktestsAndPatrolPlansAreServedFromTheReportsDirectory) {
  const Headers auth = Bearer(Token(security::Role::kAnalyst));
  const Reply list = Get("/api/v1/backtests", auth);
  ASSERT_EQ(list.status, 200u) << list.body;
  ASSERT_EQ(list.json["items"].size(), 1u);
  EXPECT_EQ(list.json["items"][0]["id"], "spring-2024");
  EXPECT_EQ(Get("/api/v1/backtests/spring-2024", auth).json["models"][0], "kde");
  EXPECT_EQ(Get("/api/v1/backtests/nope", auth).code(), "not_found");
  EXPECT_EQ(Get("/api/v1/backtests/..%2Fsecret", auth).code(), "no_route");
  EXPECT_EQ(Get("/api/v1/backtests/.secret", auth).code(), "bad_request");
  EXPECT_EQ(Get("/api/v1/patrol-plans/night-shift", auth).json["type"], "FeatureCollection");
}

TEST_F(ReportsTest, APatrolPlanIsCreatedFromAStoredForecastAndSaved) {
  ASSERT_EQ(IngestCityIncident().status, 201u);
  auto refs = OpenSqliteReferenceStore(options_.store_path);
  ASSERT_TRUE(refs.ok());
  const Station station{.source_id = "s1",
                        .name = "Central",
                        .kind = "station",
                        .district = "1",
                        .location = {.lon = -90.2, .lat = 38.6, .x = 740'450, .y = 4'270'450}};
  ASSERT_TRUE((*refs)->UpsertStations(std::span(&station, 1), nullptr).ok());
  const Unit unit{.source_id = "u1", .call_sign = "Adam-1", .kind = "car", .station_id = "s1"};
  ASSERT_TRUE((*refs)->UpsertUnits(std::span(&unit, 1), nullptr).ok());
  auto forecasts = ForecastStore::Open(options_.store_path);
  ASSERT_TRUE(forecasts.ok());
  const ForecastHeader header =
      TestForecast("kde", "theft", 1'709'280'000, 8 * 3600);  // 2024-03-01T08:00:00Z
  const std::vector<ForecastCell> cells = {{.cell = 44, .expected = 0.9, .grade = 10},
                                           {.cell = 46, .expected = 0.5, .grade = 8},
                                           {.cell = 64, .expected = 0.3, .grade = 6}};
  auto id = forecasts->Save(header, cells);
  ASSERT_TRUE(id.ok());

  const Headers commander = Bearer(Token(security::Role::kCommander));
  const json body = {{"name", "morning"},
                     {"forecast_id", *id},
                     {"shift_start", "2024-03-01T08:00:00Z"},
                     {"shift_hours", 2},
                     {"cars", 1},
                     {"options", {{"iterations", 50}, {"time_limit_s", 0}, {"seed", 7}}}};
  const Reply created = Post("/api/v1/patrol-plans", body.dump(), commander);
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(created.json["id"], "morning");
  EXPECT_EQ(created.json["saved"], true);
  EXPECT_EQ(created.json["forecast"]["id"], *id);
  EXPECT_EQ(created.json["shift_start"], "2024-03-01T08:00:00Z");
  EXPECT_EQ(created.json["plan"]["type"], "FeatureCollection");
  EXPECT_EQ(created.json["summary"]["cars"], 1);
  EXPECT_GE(created.json["summary"]["stops"].get<int>(), 1);  // 2 h is time enough for a stop
  int routes = 0;
  for (const json& f : created.json["plan"]["features"]) {
    routes += f["properties"]["kind"] == "route" ? 1 : 0;
  }
  EXPECT_EQ(routes, 1);

  const Headers officer = Bearer(Token(security::Role::kPatrolOfficer));
  EXPECT_EQ(Get("/api/v1/patrol-plans/morning", officer).json, created.json);
  bool listed = false;
  const Reply list = Get("/api/v1/patrol-plans", officer);
  for (const json& item : list.json["items"]) {
    listed = listed || item["id"] == "morning";
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(Post("/api/v1/patrol-plans", body.dump(), commander).code(), "conflict");

  // By category: the newest theft forecast covering the shift start, under a default name.
  const Reply by_category = Post("/api/v1/patrol-plans",
                                 json{{"category", "theft"},
                                      {"shift_start", "2024-03-01T09:00:00Z"},
                                      {"cars", 2},
                                      {"options", {{"iterations", 10}, {"time_limit_s", 0}}}}
                                     .dump(),
                                 commander);
  ASSERT_EQ(by_category.status, 201u) << by_category.body;
  EXPECT_EQ(by_category.json["id"], "plan-20240301T090000Z");
  EXPECT_EQ(by_category.json["summary"]["cars"], 2);
  EXPECT_EQ(
      Post("/api/v1/patrol-plans",
           json{{"category", "theft"}, {"shift_start", "2025-01-01T00:00:00Z"}}.dump(), commander)
          .code(),
      "not_found");
  EXPECT_EQ(Post("/api/v1/patrol-plans", body.dump(), officer).code(), "forbidden");
}

TEST_F(ReportsTest, PatrolPlanValidationNamesTheField) {
  const Headers commander = Bearer(Token(security::Role::kCommander));
  const std::vector<std::pair<json, std::string>> cases = {
      {json::object(), "forecast_id"},
      {{{"forecast_id", "seven"}}, "forecast_id"},
      {{{"forecast_id", 1}, {"shift_start", "tomorrow"}}, "shift_start"},
      {{{"forecast_id", 1}, {"shift_hours", 30}}, "shift_hours"},
      {{{"forecast_id", 1}, {"cars", -1}}, "cars"},
      {{{"forecast_id", 1}, {"name", "../x"}}, "name"},
      {{{"category", "nonsense"}}, "category"},
      {{{"forecast_id", 1}, {"options", {{"dwell_min", -5}}}}, "options.dwell_min"},
      {{{"forecast_id", 1}, {"options", {{"priority", {1, 2}}}}}, "options.priority"},
      {{{"forecast_id", 1}, {"options", {{"no_go", {"district"}}}}}, "options.no_go"},
      {{{"forecast_id", 1}, {"options", {{"time_limit_s", 90}}}}, "options.time_limit_s"},
      {{{"forecast_id", 1}, {"options", 3}}, "options"}};
  for (const auto& [body, field] : cases) {
    const Reply reply = Post("/api/v1/patrol-plans", body.dump(), commander);
    EXPECT_EQ(reply.status, 400u) << body.dump() << " " << reply.body;
    EXPECT_EQ(reply.code(), "bad_request") << body.dump();
    const std::string message = reply.json["error"].value("message", "");
    EXPECT_NE(message.find(field), std::string::npos) << body.dump() << ": " << message;
  }
  // A well-formed request on a store that has no city CRS yet.
  EXPECT_EQ(Post("/api/v1/patrol-plans", json{{"forecast_id", 99}}.dump(), commander).code(),
            "failed_precondition");
}

}  // namespace
}  // namespace vigil::server::testing
