#include "ingest/area_ingest.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "geo/projection.h"
#include "store/sqlite_reference_store.h"
#include "support/temp_dir.h"

namespace vigil::ingest {
namespace {

using testing::SharedData;
using testing::TempDir;
using Json = nlohmann::json;

// Five features: two good squares, one without a code, one without geometry, one bow-tie
// (self-intersecting), one point.
constexpr const char* kMixed = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"NHD_NUM":1.0,"NHD_NAME":"Alpha","pop":120,"share":0.5,"tag":"a"},
 "geometry":{"type":"Polygon","coordinates":[[[-90.3,38.6],[-90.2,38.6],[-90.2,38.7],[-90.3,38.7],[-90.3,38.6]]]}},
{"type":"Feature","properties":{"NHD_NUM":2.0,"NHD_NAME":"Beta","pop":80,"share":0.25,"tag":"b"},
 "geometry":{"type":"MultiPolygon","coordinates":[[[[-90.2,38.6],[-90.1,38.6],[-90.1,38.7],[-90.2,38.7],[-90.2,38.6]]]]}},
{"type":"Feature","properties":{"NHD_NUM":null,"NHD_NAME":"No code","pop":1,"share":0,"tag":"c"},
 "geometry":{"type":"Polygon","coordinates":[[[-90.3,38.6],[-90.2,38.6],[-90.2,38.7],[-90.3,38.6]]]}},
{"type":"Feature","properties":{"NHD_NUM":4.0,"NHD_NAME":"No geometry","pop":1,"share":0,"tag":"d"},"geometry":null},
{"type":"Feature","properties":{"NHD_NUM":5.0,"NHD_NAME":"Bow tie","pop":1,"share":0,"tag":"e"},
 "geometry":{"type":"Polygon","coordinates":[[[-90.3,38.6],[-90.2,38.7],[-90.2,38.6],[-90.3,38.7],[-90.3,38.6]]]}},
{"type":"Feature","properties":{"NHD_NUM":6.0,"NHD_NAME":"Point","pop":1,"share":0,"tag":"f"},
 "geometry":{"type":"Point","coordinates":[-90.25,38.65]}}
]})";

class AreaIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteReferenceStore(dir_.File("store.sqlite"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    refs_ = std::move(*opened);
  }
  std::int64_t AreaCount() {
    auto c = refs_->Count();
    return c.ok() ? c->areas : -1;
  }
  Json Attributes(const std::string& kind, const std::string& code) {
    auto area = refs_->FindArea(kind, code);
    if (!area.ok() || !area->has_value()) return nullptr;
    return Json::parse((*area)->attributes_json);
  }
  TempDir dir_;
  std::unique_ptr<ReferenceStore> refs_;
};

TEST_F(AreaIngestTest, LoadsPolygonsRejectsBadFeaturesAndReloadsIdempotently) {
  const std::string path = dir_.Write("mixed.geojson", kMixed);
  AreaIngestOptions options{
      .kind = "neighborhood", .code_field = "NHD_NUM", .name_field = "NHD_NAME"};
  auto summary = IngestAreas(*refs_, path, options);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->features, 6);
  EXPECT_EQ(summary->counts.inserted, 2);
  ASSERT_EQ(summary->rejected, 4);
  ASSERT_EQ(summary->rejects.size(), 4u);
  EXPECT_EQ(summary->rejects[0].line, 3);
  EXPECT_EQ(summary->rejects[0].field, "NHD_NUM");
  EXPECT_EQ(summary->rejects[0].file, path);
  EXPECT_EQ(summary->rejects[1].line, 4);
  EXPECT_EQ(summary->rejects[1].reason, "no geometry");
  EXPECT_EQ(summary->rejects[2].line, 5);
  EXPECT_NE(summary->rejects[2].reason.find("invalid"), std::string::npos)
      << summary->rejects[2].reason;
  EXPECT_EQ(summary->rejects[3].line, 6);
  EXPECT_NE(summary->rejects[3].reason.find("POINT"), std::string::npos)
      << summary->rejects[3].reason;

  auto alpha = refs_->FindArea("neighborhood", "1");  // 1.0 becomes "1"
  ASSERT_TRUE(alpha.ok() && alpha->has_value());
  EXPECT_EQ((*alpha)->name, "Alpha");
  EXPECT_NEAR((*alpha)->min_lon, -90.3, 1e-9);
  EXPECT_NEAR((*alpha)->max_lat, 38.7, 1e-9);
  ASSERT_GE((*alpha)->geometry_wkb.size(), 5u);
  EXPECT_EQ((*alpha)->geometry_wkb[0], 1);  // little-endian
  EXPECT_EQ((*alpha)->geometry_wkb[1], 3);  // wkbPolygon
  const Json attributes = Attributes("neighborhood", "1");
  EXPECT_EQ(attributes["pop"], 120);
  EXPECT_EQ(attributes["share"], 0.5);
  EXPECT_EQ(attributes["tag"], "a");

  auto again = IngestAreas(*refs_, path, options);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->counts.unchanged, 2);
  EXPECT_EQ(again->counts.inserted + again->counts.updated, 0);
  EXPECT_EQ(AreaCount(), 2);
}

TEST_F(AreaIngestTest, KeepsOnlyNamedFieldsAndRefusesMissingOnes) {
  const std::string path = dir_.Write("mixed.geojson", kMixed);
  AreaIngestOptions options{
      .kind = "neighborhood", .code_field = "NHD_NUM", .keep_fields = {"pop"}};
  auto summary = IngestAreas(*refs_, path, options);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(Attributes("neighborhood", "2"), Json::parse(R"({"pop":80})"));
  auto beta = refs_->FindArea("neighborhood", "2");
  ASSERT_TRUE(beta.ok() && beta->has_value());
  EXPECT_EQ((*beta)->name, "2");  // no name field: the code

  options.keep_fields = {"pop", "nonexistent"};
  options.kind = "other";
  auto missing = IngestAreas(*refs_, path, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("nonexistent"), std::string::npos);
  options.keep_fields = {};
  options.code_field = "CODE";
  auto no_code = IngestAreas(*refs_, path, options);
  ASSERT_FALSE(no_code.ok());
  EXPECT_NE(no_code.error().message.find("NHD_NUM"), std::string::npos)
      << "lists the fields there are";
  EXPECT_EQ(AreaCount(), 2);
}

TEST_F(AreaIngestTest, UnreadableFileIsOneErrorAndChangesNothing) {
  const std::string garbage =
      dir_.Write("broken.geojson", "{\"type\": \"FeatureCollection\", \"features\": [");
  auto summary = IngestAreas(*refs_, garbage, {.kind = "district", .code_field = "code"});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(summary.error().message.find(garbage), std::string::npos);
  auto absent =
      IngestAreas(*refs_, dir_.File("absent.geojson"), {.kind = "district", .code_field = "code"});
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(AreaCount(), 0);
}

// A square of 1 km in UTM zone 15N at the central meridian (-93 degrees).
std::string UtmSquare(bool declare_crs) {
  return std::string(R"({"type":"FeatureCollection",)") +
         (declare_crs
              ? R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32615"}},)"
              : "") +
         R"("features":[{"type":"Feature","properties":{"code":"Q"},"geometry":{"type":"Polygon",
         "coordinates":[[[500000,4000000],[501000,4000000],[501000,4001000],[500000,4001000],[500000,4000000]]]}}]})";
}

TEST_F(AreaIngestTest, ReprojectsFromUtmToLonLat) {
  auto expected = geo::Projector::Create("EPSG:32615", "EPSG:4326");
  ASSERT_TRUE(expected.ok());
  geo::XY south_west;
  geo::XY south_east;  // east of the central meridian the bottom edge dips south a little
  ASSERT_TRUE(expected->Transform(500000, 4000000, &south_west));
  ASSERT_TRUE(expected->Transform(501000, 4000000, &south_east));

  const std::string declared = dir_.Write("utm.geojson", UtmSquare(true));
  auto summary = IngestAreas(*refs_, declared, {.kind = "district", .code_field = "code"});
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->source_crs, "EPSG:32615");
  auto area = refs_->FindArea("district", "Q");
  ASSERT_TRUE(area.ok() && area->has_value());
  EXPECT_NEAR((*area)->min_lon, -93.0, 1e-7);  // the zone's central meridian
  EXPECT_NEAR((*area)->min_lon, south_west.x, 1e-9);
  EXPECT_NEAR((*area)->min_lat, south_east.y, 1e-9);
  EXPECT_LT(south_east.y, south_west.y);
  EXPECT_GT((*area)->min_lat, 36.1);
  EXPECT_LT((*area)->max_lat, 36.2);

  // The same coordinates with no CRS are not degrees: refused, unless the CRS is given.
  const std::string undeclared = dir_.Write("utm-no-crs.geojson", UtmSquare(false));
  auto refused = IngestAreas(*refs_, undeclared, {.kind = "district2", .code_field = "code"});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("not degrees"), std::string::npos)
      << refused.error().message;
  auto given = IngestAreas(
      *refs_, undeclared,
      {.kind = "district2", .code_field = "code", .read = {.source_crs = "EPSG:32615"}});
  ASSERT_TRUE(given.ok()) << given.error().message;
  auto area2 = refs_->FindArea("district2", "Q");
  ASSERT_TRUE(area2.ok() && area2->has_value());
  EXPECT_NEAR((*area2)->min_lat, south_east.y, 1e-9);
}

TEST_F(AreaIngestTest, ReadsTopoJson) {
  // Two unit squares sharing the arc x = 1 (arc 0 used forwards by A, reversed by B).
  const std::string path = dir_.Write("two.topojson", R"({"type":"Topology","objects":{"areas":{
    "type":"GeometryCollection","geometries":[
      {"type":"Polygon","arcs":[[0,1]],"properties":{"code":"A","name":"West"}},
      {"type":"Polygon","arcs":[[-1,2]],"properties":{"code":"B","name":"East"}}]}},
    "arcs":[[[11,50],[11,51]],[[11,51],[10,51],[10,50],[11,50]],[[11,50],[12,50],[12,51],[11,51]]]})");
  auto summary =
      IngestAreas(*refs_, path, {.kind = "beat", .code_field = "code", .name_field = "name"});
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->counts.inserted, 2)
      << (summary->rejects.empty() ? "" : summary->rejects[0].reason);
  auto east = refs_->FindArea("beat", "B");
  ASSERT_TRUE(east.ok() && east->has_value());
  EXPECT_EQ((*east)->name, "East");
  EXPECT_DOUBLE_EQ((*east)->min_lon, 11);
  EXPECT_DOUBLE_EQ((*east)->max_lon, 12);
}

// Writes a one-square shapefile in EPSG:32615 whose name field is Korean, encoded as CP949.
void WriteKoreanShapefile(const std::string& path) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
  ASSERT_NE(driver, nullptr);
  std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_NE(ds, nullptr);
  OGRSpatialReference utm;
  utm.importFromEPSG(32615);
  const char* layer_options[] = {"ENCODING=CP949", nullptr};
  OGRLayer* layer = ds->CreateLayer("gu", &utm, wkbPolygon, const_cast<char**>(layer_options));
  ASSERT_NE(layer, nullptr);
  OGRFieldDefn code("cty_cd", OFTString);
  OGRFieldDefn name("cty_nm", OFTString);
  OGRFieldDefn population("population", OFTInteger);
  ASSERT_EQ(layer->CreateField(&code), OGRERR_NONE);
  ASSERT_EQ(layer->CreateField(&name), OGRERR_NONE);
  ASSERT_EQ(layer->CreateField(&population), OGRERR_NONE);
  OGRFeature feature(layer->GetLayerDefn());
  feature.SetField("cty_cd", "11230");
  feature.SetField("cty_nm", "동대문구");
  feature.SetField("population", 341345);
  OGRGeometry* square = nullptr;
  OGRGeometryFactory::createFromWkt(
      "POLYGON ((500000 4000000,500000 4001000,501000 4001000,501000 4000000,500000 4000000))",
      &utm, &square);
  ASSERT_NE(square, nullptr);
  feature.SetGeometryDirectly(square);
  ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
}

TEST_F(AreaIngestTest, ReadsShapefileWithEncodingAndProjection) {
  const std::string shp = dir_.File("gu.shp");
  WriteKoreanShapefile(shp);
  ASSERT_TRUE(std::filesystem::exists(dir_.File("gu.cpg")));
  AreaIngestOptions options{.kind = "municipality", .code_field = "cty_cd", .name_field = "cty_nm"};
  auto summary = IngestAreas(*refs_, shp, options);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->counts.inserted, 1);
  auto area = refs_->FindArea("municipality", "11230");
  ASSERT_TRUE(area.ok() && area->has_value());
  EXPECT_EQ((*area)->name, "동대문구");
  EXPECT_NEAR((*area)->min_lon, -93.0, 1e-7);
  EXPECT_EQ(Attributes("municipality", "11230")["population"], 341345);

  // Without the .cpg the DBF bytes are CP949 with nothing saying so: the option decodes them.
  std::filesystem::remove(dir_.File("gu.cpg"));
  options.kind = "municipality2";
  options.read.encoding = "CP949";
  auto decoded = IngestAreas(*refs_, shp, options);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  auto area2 = refs_->FindArea("municipality2", "11230");
  ASSERT_TRUE(area2.ok() && area2->has_value());
  EXPECT_EQ((*area2)->name, "동대문구");
}

TEST_F(AreaIngestTest, JoinsAttributeTableByCode) {
  ASSERT_TRUE(IngestAreas(*refs_, dir_.Write("mixed.geojson", kMixed),
                          {.kind = "neighborhood", .code_field = "NHD_NUM", .keep_fields = {"pop"}})
                  .ok());
  const std::string table = dir_.Write("stats.csv",
                                       "code,households,label,pop\n"
                                       "1,50,north,121\n"
                                       "2,30.5,south,80\n"
                                       "77,1,ghost,1\n"
                                       ",1,blank,1\n");
  AttributeJoinOptions options{.kind = "neighborhood", .key_field = "code"};
  auto summary = JoinAreaAttributes(*refs_, table, options);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->rows, 4);
  EXPECT_EQ(summary->matched, 2);
  EXPECT_EQ(summary->counts.updated, 2);
  ASSERT_EQ(summary->rejected, 2);
  EXPECT_EQ(summary->rejects[0].line, 3);
  EXPECT_NE(summary->rejects[0].reason.find("'77'"), std::string::npos);
  EXPECT_EQ(summary->rejects[1].reason, "no area code");
  EXPECT_EQ(Attributes("neighborhood", "1"),
            Json::parse(R"({"pop":121,"households":50,"label":"north"})"));
  EXPECT_EQ(Attributes("neighborhood", "2")["households"], 30.5);

  auto again = JoinAreaAttributes(*refs_, table, options);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->counts.unchanged, 2);
  EXPECT_EQ(again->counts.updated, 0);
}

// --- Real data (skipped when ../shared/data is absent) ---

TEST_F(AreaIngestTest, RealStLouisNeighbourhoods) {
  const std::string folder = SharedData("stlouis/boundaries/neighborhoods");
  if (folder.empty()) GTEST_SKIP() << "St. Louis neighbourhoods not present";
  AreaIngestOptions options{
      .kind = "neighborhood", .code_field = "NHD_NUM", .name_field = "NHD_NAME"};
  std::int64_t rejected = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    auto summary = IngestAreas(*refs_, entry.path().string(), options);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    rejected += summary->rejected;
    for (const auto& r : summary->rejects) ADD_FAILURE() << r.file << ": " << r.reason;
  }
  EXPECT_EQ(rejected, 0);
  EXPECT_EQ(AreaCount(), 88);
  for (int code = 1; code <= 88; ++code) {
    auto area = refs_->FindArea("neighborhood", std::to_string(code));
    ASSERT_TRUE(area.ok() && area->has_value()) << "neighbourhood " << code;
    EXPECT_GT((*area)->min_lon, -90.33);
    EXPECT_LT((*area)->max_lon, -90.16);
    EXPECT_GT((*area)->min_lat, 38.53);
    EXPECT_LT((*area)->max_lat, 38.78);
  }
  auto academy = refs_->FindArea("neighborhood", "51");
  ASSERT_TRUE(academy.ok() && academy->has_value());
  EXPECT_EQ((*academy)->name, "Academy");
}

TEST_F(AreaIngestTest, RealStLouisOutlineInStatePlaneFeet) {
  const std::string path = SharedData("stlouis/boundaries/city_boundary_stateplane_ft.json");
  if (path.empty()) GTEST_SKIP() << "St. Louis outline not present";
  // The file declares no CRS; GeoJSON would mean WGS84, but its numbers are feet.
  AreaIngestOptions options{.kind = "boundary", .code_field = "LAYER"};
  auto refused = IngestAreas(*refs_, path, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("not degrees"), std::string::npos);
  options.read.source_crs = "ESRI:102696";  // NAD83 Missouri East, US feet
  auto summary = IngestAreas(*refs_, path, options);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  ASSERT_EQ(summary->counts.inserted, 1)
      << (summary->rejects.empty() ? "" : summary->rejects[0].reason);
  std::optional<Area> outline;
  ASSERT_TRUE(refs_->ForEachArea("boundary", [&](const Area& a) { outline = a; }).ok());
  ASSERT_TRUE(outline.has_value());
  EXPECT_NEAR(outline->min_lon, -90.32, 0.02);
  EXPECT_NEAR(outline->max_lon, -90.17, 0.02);
  EXPECT_NEAR(outline->min_lat, 38.53, 0.02);
  EXPECT_NEAR(outline->max_lat, 38.77, 0.02);
}

TEST_F(AreaIngestTest, RealKoreanMunicipalitiesWithStatistics) {
  const std::string path = SharedData("korea/bitSpatial/cty_2024-06.geojson");
  if (path.empty()) GTEST_SKIP() << "Korean si/gun/gu layer not present";
  AreaIngestOptions options{.kind = "municipality",
                            .code_field = "cty_cd",
                            .name_field = "cty_nm",
                            .keep_fields = {"mega_nm", "population", "household", "land_area"}};
  auto summary = IngestAreas(*refs_, path, options);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  for (const auto& r : summary->rejects) ADD_FAILURE() << r.line << ": " << r.reason;
  EXPECT_EQ(summary->features, 252);
  EXPECT_EQ(AreaCount(), 252);
  auto dongdaemun = refs_->FindArea("municipality", "11230");
  ASSERT_TRUE(dongdaemun.ok() && dongdaemun->has_value());
  EXPECT_EQ((*dongdaemun)->name, "동대문구");
  EXPECT_TRUE(IsValidUtf8((*dongdaemun)->name));
  const Json attributes = Attributes("municipality", "11230");
  EXPECT_EQ(attributes["population"], 341345.0);
  EXPECT_EQ(attributes["mega_nm"], "서울특별시");
  EXPECT_GT((*dongdaemun)->min_lon, 126.9);
  EXPECT_LT((*dongdaemun)->max_lat, 37.7);

  const std::string table = SharedData("korea/bitSpatial/cty_2024-06_attributes.csv");
  if (table.empty()) return;
  auto joined = JoinAreaAttributes(*refs_, table,
                                   {.kind = "municipality",
                                    .key_field = "cty_cd",
                                    .keep_fields = {"pharmacy_cnt", "store_cnt_food"}});
  ASSERT_TRUE(joined.ok()) << joined.error().message;
  EXPECT_EQ(joined->rows, 252);
  EXPECT_EQ(joined->matched, 252);
  EXPECT_EQ(Attributes("municipality", "11230")["pharmacy_cnt"], 246);
}

TEST_F(AreaIngestTest, RealKoreanTopoJson) {
  const std::string path =
      SharedData("korea/southkorea-maps/2018_skorea-municipalities-2018-topo-simple.json");
  if (path.empty()) GTEST_SKIP() << "southkorea-maps TopoJSON not present";
  AreaIngestOptions options{.kind = "municipality2018", .code_field = "code", .name_field = "name"};
  auto strict = IngestAreas(*refs_, path, options);
  ASSERT_TRUE(strict.ok()) << strict.error().message;
  EXPECT_EQ(strict->features, 250);
  // The simplified topology leaves some self-intersecting rings: rejected by default...
  EXPECT_EQ(strict->counts.inserted + strict->rejected, 250);
  EXPECT_GT(strict->rejected, 0);
  for (const auto& r : strict->rejects) {
    EXPECT_EQ(r.field, "geometry");
    EXPECT_NE(r.reason.find("invalid"), std::string::npos) << r.reason;
  }
  // ...and repaired on request, so every municipality loads.
  options.read.repair_invalid = true;
  auto repaired = IngestAreas(*refs_, path, options);
  ASSERT_TRUE(repaired.ok()) << repaired.error().message;
  EXPECT_EQ(repaired->rejected, 0);
  EXPECT_EQ(repaired->repaired, strict->rejected);
  EXPECT_EQ(repaired->counts.inserted, strict->rejected);
  EXPECT_EQ(AreaCount(), 250);
  auto jongno = refs_->FindArea("municipality2018", "11010");
  ASSERT_TRUE(jongno.ok() && jongno->has_value());
  EXPECT_EQ((*jongno)->name, "종로구");
  EXPECT_NEAR((*jongno)->min_lon, 126.95, 0.05);
  EXPECT_NEAR((*jongno)->min_lat, 37.57, 0.05);
}

}  // namespace
}  // namespace vigil::ingest
