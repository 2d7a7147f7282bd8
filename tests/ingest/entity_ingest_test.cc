#include "ingest/entity_ingest.h"

#include <gtest/gtest.h>

#include "geo/projection.h"
#include "store/sqlite_reference_store.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace vigil::ingest {
namespace {

using testing::TempDir;

class EntityIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.File("store.sqlite"));
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    auto refs = OpenSqliteReferenceStore(dir_.File("store.sqlite"));
    ASSERT_TRUE(refs.ok()) << refs.error().message;
    refs_ = std::move(*refs);
  }
  Result<EntityIngestSummary> Load(EntityLayer layer, const std::string& name,
                                   const std::string& csv, EntityIngestOptions options = {}) {
    return IngestEntityCsv(*store_, *refs_, layer, dir_.Write(name, csv), options);
  }
  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ReferenceStore> refs_;
};

TEST(EntityLayerNames, RoundTrip) {
  for (int i = 0; i <= static_cast<int>(EntityLayer::kRelations); ++i) {
    const auto layer = static_cast<EntityLayer>(i);
    EXPECT_EQ(ParseEntityLayer(EntityLayerName(layer)), layer);
    EXPECT_FALSE(EntityLayerColumns(layer).empty());
  }
  EXPECT_EQ(ParseEntityLayer("Plate_Reads"), EntityLayer::kPlateReads);
  EXPECT_FALSE(ParseEntityLayer("people").has_value());
}

TEST_F(EntityIngestTest, StationsChooseAndSaveCityCrsAndProject) {
  auto summary = Load(EntityLayer::kStations, "stations.csv",
                      "id,name,kind,district,lon,lat\n"
                      "S1,Central,headquarters,1,-90.2,38.63\n"
                      "S2,North,station,2,-90.21,38.70\n"
                      "S3,Nowhere,station,3,0,0\n"
                      "S4,Bad,station,4,abc,38.6\n"
                      ",Blank,station,4,-90.2,38.6\n");
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->rows, 5);
  EXPECT_EQ(summary->counts.inserted, 2);
  ASSERT_EQ(summary->rejected, 3);
  EXPECT_EQ(summary->rejects[0].line, 4);
  EXPECT_EQ(summary->rejects[0].field, "lon");
  EXPECT_EQ(summary->rejects[1].line, 5);
  EXPECT_NE(summary->rejects[1].reason.find("'abc'"), std::string::npos);
  EXPECT_EQ(summary->rejects[2].field, "id");
  EXPECT_EQ(summary->city_crs, "EPSG:32615");
  auto saved = store_->GetSetting("city.crs");
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(*saved, "EPSG:32615");

  auto stations = refs_->ListStations();
  ASSERT_TRUE(stations.ok());
  ASSERT_EQ(stations->size(), 2u);
  auto utm = geo::Projector::Create("EPSG:4326", "EPSG:32615");
  ASSERT_TRUE(utm.ok());
  geo::XY expected;
  ASSERT_TRUE(utm->Transform(-90.2, 38.63, &expected));
  EXPECT_NEAR((*stations)[0].location.x, expected.x, 1e-6);
  EXPECT_NEAR((*stations)[0].location.y, expected.y, 1e-6);
  EXPECT_EQ((*stations)[0].kind, "headquarters");

  // Reloading the file changes nothing.
  auto again =
      IngestEntityCsv(*store_, *refs_, EntityLayer::kStations, dir_.File("stations.csv"), {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->counts.unchanged, 2);
  EXPECT_EQ(again->counts.inserted + again->counts.updated, 0);
}

TEST_F(EntityIngestTest, UsesExistingCityCrs) {
  ASSERT_TRUE(store_->SetSetting("city.crs", "EPSG:3857").ok());
  auto summary = Load(EntityLayer::kPois, "pois.csv", "id,kind,name,lon,lat\nP1,bar,Joe's,10,0\n");
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  auto pois = refs_->ListPointsOfInterest();
  ASSERT_TRUE(pois.ok());
  ASSERT_EQ(pois->size(), 1u);
  EXPECT_NEAR((*pois)[0].location.x, 1113194.9, 0.1);  // 10 degrees east in Web Mercator
}

TEST_F(EntityIngestTest, CoordinatesInAnotherCrs) {
  // UTM 15N easting 500000 is longitude -93.
  EntityIngestOptions options{.coordinate_crs = "EPSG:32615"};
  auto summary = Load(EntityLayer::kPois, "pois.csv",
                      "id,kind,name,lon,lat\nP1,school,Elm,500000,4000000\n", options);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  auto pois = refs_->ListPointsOfInterest();
  ASSERT_TRUE(pois.ok());
  ASSERT_EQ(pois->size(), 1u);
  EXPECT_NEAR((*pois)[0].location.lon, -93.0, 1e-7);
  EXPECT_NEAR((*pois)[0].location.x, 500000, 1e-3);  // city CRS chosen as the same zone
  EXPECT_NEAR((*pois)[0].location.y, 4000000, 1e-3);

  options.coordinate_crs = "EPSG:999999";
  auto bad = Load(EntityLayer::kPois, "pois2.csv", "id,kind,name,lon,lat\n", options);
  EXPECT_FALSE(bad.ok());
}

TEST_F(EntityIngestTest, MissingColumnRefusesFileBeforeWriting) {
  auto summary =
      Load(EntityLayer::kCameras, "cameras.csv", "id,lon,lat,heading_deg,purpose\nC1,-90,38,,x\n");
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.error().message.find("field_of_view_deg, range_m"), std::string::npos)
      << summary.error().message;
  auto empty = Load(EntityLayer::kCameras, "empty.csv", "");
  EXPECT_FALSE(empty.ok());
  auto counts = refs_->Count();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->cameras, 0);
}

TEST_F(EntityIngestTest, CamerasUnitsVehiclesPersons) {
  // Columns in another order, with an extra one.
  auto cameras = Load(EntityLayer::kCameras, "cameras.csv",
                      "purpose,id,lon,lat,heading_deg,field_of_view_deg,range_m,note\n"
                      "surveillance,C1,-90.2,38.6,,90,80,x\n"
                      "lpr,C2,-90.2,38.6,45,60,120,\n"
                      "lpr,C3,-90.2,38.6,400,60,120,\n"
                      "lpr,C4,-90.2,38.6,10,60,-5,\n");
  ASSERT_TRUE(cameras.ok()) << cameras.error().message;
  EXPECT_EQ(cameras->counts.inserted, 2);
  ASSERT_EQ(cameras->rejected, 2);
  EXPECT_EQ(cameras->rejects[0].field, "heading_deg");
  EXPECT_EQ(cameras->rejects[1].field, "range_m");
  auto listed = refs_->ListCameras();
  ASSERT_TRUE(listed.ok());
  EXPECT_FALSE((*listed)[0].heading_deg.has_value());
  EXPECT_DOUBLE_EQ((*listed)[0].field_of_view_deg, 360);  // no heading: 360-degree
  EXPECT_EQ((*listed)[1].heading_deg, 45.0);

  auto units =
      Load(EntityLayer::kUnits, "units.csv",
           "id,call_sign,kind,station_id,shift_hours\nU1,Adam-1,car,S1,10\nU2,Adam-2,car,S1,0\n");
  ASSERT_TRUE(units.ok());
  EXPECT_EQ(units->counts.inserted, 1);
  EXPECT_EQ(units->rejected, 1);

  auto vehicles =
      Load(EntityLayer::kVehicles, "vehicles.csv",
           "plate,make,model,color,hot_list\nab 123-c,Ford,Focus,blue,stolen\n,Kia,Rio,red,\n");
  ASSERT_TRUE(vehicles.ok());
  EXPECT_EQ(vehicles->rejected, 1);
  auto vlist = refs_->ListVehicles();
  ASSERT_TRUE(vlist.ok());
  ASSERT_EQ(vlist->size(), 1u);
  EXPECT_EQ((*vlist)[0].plate, "AB123C");
  EXPECT_EQ((*vlist)[0].hot_list, "stolen");

  auto persons = Load(EntityLayer::kPersons, "persons.csv",
                      "id,full_name,birth_year,status,offence_category,lon,lat\n"
                      "R1,Jane Roe,1980,wanted,robbery,-90.2,38.6\n"
                      "R2,John Doe,,registered_offender,,,\n"
                      "R3,Bad Year,18,wanted,,,\n"
                      "R4,Bad Category,1990,wanted,piracy,,\n");
  ASSERT_TRUE(persons.ok());
  EXPECT_EQ(persons->counts.inserted, 2);
  ASSERT_EQ(persons->rejected, 2);
  EXPECT_EQ(persons->rejects[0].field, "birth_year");
  EXPECT_EQ(persons->rejects[1].field, "offence_category");
  auto plist = refs_->ListPersonsOfInterest();
  ASSERT_TRUE(plist.ok());
  EXPECT_EQ((*plist)[0].offence_category, Category::kRobbery);
  EXPECT_FALSE((*plist)[1].location.has_value());
}

TEST_F(EntityIngestTest, PlateReadsAndRelationsParseUtcTimes) {
  auto reads = Load(EntityLayer::kPlateReads, "plate_reads.csv",
                    "id,plate,camera_id,read_at,lon,lat\n"
                    "PR1,ab123c,C2,2024-03-01 12:00:00,-90.2,38.6\n"
                    "PR2,AB123C,C2,2024-03-01T12:05:00Z,-90.2,38.6\n"
                    "PR3,AB123C,C2,yesterday,-90.2,38.6\n"
                    "PR4,AB123C,C2\n");
  ASSERT_TRUE(reads.ok()) << reads.error().message;
  EXPECT_EQ(reads->counts.inserted, 2);
  ASSERT_EQ(reads->rejected, 2);
  EXPECT_EQ(reads->rejects[0].field, "read_at");
  EXPECT_EQ(reads->rejects[1].field, "*");
  EXPECT_EQ(reads->rejects[1].line, 5);
  std::vector<UnixSeconds> times;
  ASSERT_TRUE(refs_
                  ->ForEachPlateRead({.plate = "AB123C"},
                                     [&](const PlateRead& r) { times.push_back(r.read_at); })
                  .ok());
  EXPECT_EQ(times, (std::vector<UnixSeconds>{1709294400, 1709294700}));

  auto relations = Load(EntityLayer::kRelations, "relations.csv",
                        "id,kind,from_id,to_id,at,weight\n"
                        "L1,person_vehicle,R1,AB123C,,\n"
                        "L2,phone_call,555,556,2024-03-01 12:00:00,3\n"
                        "L3,phone_call,555,,2024-03-01 12:00:00,3\n");
  ASSERT_TRUE(relations.ok());
  EXPECT_EQ(relations->counts.inserted, 2);
  ASSERT_EQ(relations->rejected, 1);
  EXPECT_EQ(relations->rejects[0].field, "to_id");
  std::vector<Relation> all;
  ASSERT_TRUE(refs_->ForEachRelation("", [&](const Relation& r) { all.push_back(r); }).ok());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[0].at.has_value());
  EXPECT_DOUBLE_EQ(all[0].weight, 1);
  EXPECT_EQ(all[1].at, 1709294400);
  EXPECT_DOUBLE_EQ(all[1].weight, 3);
}

TEST_F(EntityIngestTest, SmallBatchesCommitEverything) {
  std::string csv = "id,kind,name,lon,lat\n";
  for (int i = 0; i < 25; ++i) csv += "P" + std::to_string(i) + ",atm,ATM,-90.2,38.6\n";
  auto summary = Load(EntityLayer::kPois, "pois.csv", csv, {.batch_rows = 4});
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->counts.inserted, 25);
  auto counts = refs_->Count();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->points_of_interest, 25);
  EXPECT_FALSE(EntityIngestOptions{.batch_rows = 0}.Validate().ok());
}

}  // namespace
}  // namespace vigil::ingest
