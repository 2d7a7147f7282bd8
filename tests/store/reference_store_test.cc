#include <gtest/gtest.h>

#include "store/sqlite_reference_store.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace vigil {
namespace {

using testing::TempDir;

Location At(double lon, double lat) {
  return Location{.lon = lon, .lat = lat, .x = lon * 1000, .y = lat * 1000};
}

Area Square(const std::string& code, const std::string& attributes) {
  // Any bytes do: the store keeps WKB opaque. Include a zero byte to catch text truncation.
  return Area{.kind = "neighborhood",
              .code = code,
              .name = "Area " + code,
              .geometry_wkb = {1, 3, 0, 0, 0, 0, 7, 255},
              .min_lon = -90.3,
              .min_lat = 38.6,
              .max_lon = -90.2,
              .max_lat = 38.7,
              .attributes_json = attributes};
}

class ReferenceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteReferenceStore(dir_.File("store.sqlite"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    refs_ = std::move(*opened);
  }
  TempDir dir_;
  std::unique_ptr<ReferenceStore> refs_;
};

TEST_F(ReferenceStoreTest, AreasUpsertByKindAndCodeAndRoundTripBlobs) {
  std::vector<Area> areas = {Square("1", R"({"pop":10})"), Square("2", "{}")};
  UpsertCounts counts;
  ASSERT_TRUE(refs_->UpsertAreas(areas, &counts).ok());
  EXPECT_EQ(counts.inserted, 2);
  // Same again: unchanged. One changed attribute: updated.
  counts = {};
  ASSERT_TRUE(refs_->UpsertAreas(areas, &counts).ok());
  EXPECT_EQ(counts.unchanged, 2);
  EXPECT_EQ(counts.inserted + counts.updated, 0);
  areas[0].attributes_json = R"({"pop":11})";
  counts = {};
  ASSERT_TRUE(refs_->UpsertAreas(areas, &counts).ok());
  EXPECT_EQ(counts.updated, 1);
  EXPECT_EQ(counts.unchanged, 1);
  // Same code, other kind: a separate area.
  Area district = Square("1", "{}");
  district.kind = "district";
  counts = {};
  ASSERT_TRUE(refs_->UpsertAreas(std::span(&district, 1), &counts).ok());
  EXPECT_EQ(counts.inserted, 1);

  auto found = refs_->FindArea("neighborhood", "1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->geometry_wkb, areas[0].geometry_wkb);
  EXPECT_EQ((*found)->attributes_json, R"({"pop":11})");
  EXPECT_DOUBLE_EQ((*found)->min_lon, -90.3);
  auto absent = refs_->FindArea("neighborhood", "99");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());

  std::vector<std::string> codes;
  ASSERT_TRUE(
      refs_->ForEachArea("neighborhood", [&](const Area& a) { codes.push_back(a.code); }).ok());
  EXPECT_EQ(codes, (std::vector<std::string>{"1", "2"}));
  auto kinds = refs_->AreaKinds();
  ASSERT_TRUE(kinds.ok());
  ASSERT_EQ(kinds->size(), 2u);
  EXPECT_EQ((*kinds)[0], (std::pair<std::string, std::int64_t>{"district", 1}));
  EXPECT_EQ((*kinds)[1], (std::pair<std::string, std::int64_t>{"neighborhood", 2}));
}

TEST_F(ReferenceStoreTest, EntitiesRoundTripWithOptionalFields) {
  std::vector<Station> stations = {{"S1", "Central", "station", "1", At(-90.2, 38.6)}};
  std::vector<Unit> units = {{"U1", "Adam-1", "car", "S1", 10}};
  std::vector<Camera> cameras = {{"C1", At(-90.21, 38.61), std::nullopt, 360, 80, "surveillance"},
                                 {"C2", At(-90.22, 38.62), 90.0, 60, 120, "lpr"}};
  std::vector<PointOfInterest> pois = {{"P1", "bar", "Joe's", At(-90.23, 38.63)}};
  std::vector<PersonOfInterest> persons = {
      {"R1", "Jane Roe", 1980, "wanted", Category::kRobbery, At(-90.24, 38.64)},
      {"R2", "John Doe", std::nullopt, "registered_offender", std::nullopt, std::nullopt}};
  std::vector<Vehicle> vehicles = {{"ABC123", "Ford", "Focus", "blue", "stolen"},
                                   {"XYZ9", "Kia", "Rio", "red", std::nullopt}};
  std::vector<PlateRead> reads = {{"PR2", "ABC123", "C2", 2000, At(-90.22, 38.62)},
                                  {"PR1", "ABC123", "C2", 1000, At(-90.22, 38.62)},
                                  {"PR3", "XYZ9", "C2", 1500, At(-90.22, 38.62)}};
  std::vector<Relation> relations = {{"L1", "person_vehicle", "R1", "ABC123", std::nullopt, 1},
                                     {"L2", "phone_call", "555", "556", 1234, 2.5}};
  UpsertCounts counts;
  ASSERT_TRUE(refs_->UpsertStations(stations, &counts).ok());
  ASSERT_TRUE(refs_->UpsertUnits(units, &counts).ok());
  ASSERT_TRUE(refs_->UpsertCameras(cameras, &counts).ok());
  ASSERT_TRUE(refs_->UpsertPointsOfInterest(pois, &counts).ok());
  ASSERT_TRUE(refs_->UpsertPersonsOfInterest(persons, &counts).ok());
  ASSERT_TRUE(refs_->UpsertVehicles(vehicles, &counts).ok());
  ASSERT_TRUE(refs_->UpsertPlateReads(reads, &counts).ok());
  ASSERT_TRUE(refs_->UpsertRelations(relations, &counts).ok());
  EXPECT_EQ(counts.inserted, 14);

  auto c = refs_->Count();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->stations, 1);
  EXPECT_EQ(c->units, 1);
  EXPECT_EQ(c->cameras, 2);
  EXPECT_EQ(c->points_of_interest, 1);
  EXPECT_EQ(c->persons_of_interest, 2);
  EXPECT_EQ(c->vehicles, 2);
  EXPECT_EQ(c->plate_reads, 3);
  EXPECT_EQ(c->relations, 2);
  EXPECT_EQ(c->areas, 0);

  auto listed_cameras = refs_->ListCameras();
  ASSERT_TRUE(listed_cameras.ok());
  ASSERT_EQ(listed_cameras->size(), 2u);
  EXPECT_FALSE((*listed_cameras)[0].heading_deg.has_value());
  EXPECT_EQ((*listed_cameras)[1].heading_deg, 90.0);
  EXPECT_DOUBLE_EQ((*listed_cameras)[1].location.x, -90.22 * 1000);

  auto listed_persons = refs_->ListPersonsOfInterest();
  ASSERT_TRUE(listed_persons.ok());
  ASSERT_EQ(listed_persons->size(), 2u);
  EXPECT_EQ((*listed_persons)[0].offence_category, Category::kRobbery);
  EXPECT_EQ((*listed_persons)[0].birth_year, 1980);
  EXPECT_FALSE((*listed_persons)[1].location.has_value());
  EXPECT_FALSE((*listed_persons)[1].birth_year.has_value());

  auto listed_vehicles = refs_->ListVehicles();
  ASSERT_TRUE(listed_vehicles.ok());
  EXPECT_EQ((*listed_vehicles)[0].hot_list, "stolen");
  EXPECT_FALSE((*listed_vehicles)[1].hot_list.has_value());

  auto stations_out = refs_->ListStations();
  ASSERT_TRUE(stations_out.ok());
  EXPECT_EQ((*stations_out)[0].name, "Central");
  auto units_out = refs_->ListUnits();
  ASSERT_TRUE(units_out.ok());
  EXPECT_DOUBLE_EQ((*units_out)[0].shift_hours, 10);
  auto pois_out = refs_->ListPointsOfInterest();
  ASSERT_TRUE(pois_out.ok());
  EXPECT_EQ((*pois_out)[0].name, "Joe's");

  // Plate reads come in time order and filter by plate and time window.
  std::vector<std::string> ids;
  ASSERT_TRUE(
      refs_->ForEachPlateRead({}, [&](const PlateRead& r) { ids.push_back(r.source_id); }).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"PR1", "PR3", "PR2"}));
  ids.clear();
  PlateReadFilter filter{.plate = "ABC123", .read_from = 1000, .read_to = 2000};
  ASSERT_TRUE(
      refs_->ForEachPlateRead(filter, [&](const PlateRead& r) { ids.push_back(r.source_id); })
          .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"PR1"}));

  std::vector<Relation> calls;
  ASSERT_TRUE(
      refs_->ForEachRelation("phone_call", [&](const Relation& r) { calls.push_back(r); }).ok());
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].at, 1234);
  EXPECT_DOUBLE_EQ(calls[0].weight, 2.5);

  // Reloading everything changes nothing.
  counts = {};
  ASSERT_TRUE(refs_->UpsertPersonsOfInterest(persons, &counts).ok());
  ASSERT_TRUE(refs_->UpsertPlateReads(reads, &counts).ok());
  ASSERT_TRUE(refs_->UpsertCameras(cameras, &counts).ok());
  EXPECT_EQ(counts.unchanged, 7);
  EXPECT_EQ(counts.inserted + counts.updated, 0);
}

TEST_F(ReferenceStoreTest, SurvivesReopenAndSharesFileWithStore) {
  std::vector<Vehicle> vehicles = {{"ABC123", "Ford", "Focus", "blue", std::nullopt}};
  ASSERT_TRUE(refs_->UpsertVehicles(vehicles, nullptr).ok());
  refs_.reset();
  auto store = OpenSqliteStore(dir_.File("store.sqlite"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->SetSetting("city.crs", "EPSG:32615").ok());
  auto reopened = OpenSqliteReferenceStore(dir_.File("store.sqlite"));
  ASSERT_TRUE(reopened.ok());
  auto c = (*reopened)->Count();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->vehicles, 1);
}

TEST_F(ReferenceStoreTest, NewestUnitPositionIsByTimeThenByArrival) {
  auto latest = refs_->LatestUnitPositions();
  ASSERT_TRUE(latest.ok());
  EXPECT_TRUE(latest->empty());
  const std::vector<UnitPosition> reports = {
      {"u2", 1000, -90.1, 38.1, "available", "pat"},
      {"u1", 2000, -90.2, 38.2, "en route", "pat"},
      {"u1", 1500, -90.3, 38.3, "late", "pat"},       // older than the one before: ignored
      {"u2", 1000, -90.4, 38.4, "on scene", "disp"},  // same time, later arrival: wins
  };
  for (const UnitPosition& p : reports) ASSERT_TRUE(refs_->AppendUnitPosition(p).ok());
  latest = refs_->LatestUnitPositions();
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].unit_id, "u1");
  EXPECT_EQ((*latest)[0].status, "en route");
  EXPECT_EQ((*latest)[0].lon, -90.2);
  EXPECT_EQ((*latest)[1].unit_id, "u2");
  EXPECT_EQ((*latest)[1].status, "on scene");
  EXPECT_EQ((*latest)[1].reported_by, "disp");
  EXPECT_EQ((*latest)[1].at, 1000);

  // Bad positions are refused and store nothing.
  const Status far = refs_->AppendUnitPosition({"u1", 3000, 181, 0, "", ""});
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(far.error().message.find("u1"), std::string::npos);
  EXPECT_FALSE(refs_->AppendUnitPosition({"", 3000, 0, 0, "", ""}).ok());
  latest = refs_->LatestUnitPositions();
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ((*latest)[0].at, 2000);
}

TEST_F(ReferenceStoreTest, UnitTrackIsTheWindowInTimeOrderUpToTheLimit) {
  const std::vector<UnitPosition> reports = {
      {"u1", 3000, -90.3, 38.3, "c", ""},    {"u2", 1500, -91.0, 39.0, "other unit", ""},
      {"u1", 1000, -90.1, 38.1, "a", ""},    {"u1", 2000, -90.2, 38.2, "b1", ""},
      {"u1", 2000, -90.25, 38.25, "b2", ""},  // same time, appended later: after b1
      {"u1", 4000, -90.4, 38.4, "d", ""},
  };
  for (const UnitPosition& p : reports) ASSERT_TRUE(refs_->AppendUnitPosition(p).ok());
  auto statuses = [](const std::vector<UnitPosition>& track) {
    std::vector<std::string> out;
    for (const UnitPosition& p : track) out.push_back(p.status);
    return out;
  };
  auto whole = refs_->UnitTrack("u1", 0, 10000, 100);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(statuses(*whole), (std::vector<std::string>{"a", "b1", "b2", "c", "d"}));
  EXPECT_EQ((*whole)[2].lon, -90.25);
  // [from, to): 1000 is in, 4000 is out.
  auto window = refs_->UnitTrack("u1", 1000, 4000, 100);
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(statuses(*window), (std::vector<std::string>{"a", "b1", "b2", "c"}));
  auto first_two = refs_->UnitTrack("u1", 0, 10000, 2);
  ASSERT_TRUE(first_two.ok());
  EXPECT_EQ(statuses(*first_two), (std::vector<std::string>{"a", "b1"}));
  auto none = refs_->UnitTrack("u3", 0, 10000, 100);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(refs_->UnitTrack("u1", 0, 10000, 0).ok());
}

TEST(ReferenceStoreOpen, RefusesAFileThatIsNotAStore) {
  TempDir dir;
  const std::string path = dir.Write("not.sqlite", std::string(4096, 'x'));
  auto opened = OpenSqliteReferenceStore(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt);
}

}  // namespace
}  // namespace vigil
