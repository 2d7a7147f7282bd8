// Reading area attributes through GDAL and deriving ratio features.
#include "stats/area_table.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/temp_dir.h"

namespace vigil::stats {
namespace {

const char* kGeoJson = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"11140","name":"중구","pop":121475,"area":9.98,"shops_a":10,"shops_b":30,"label":"x"},
 "geometry":{"type":"Point","coordinates":[126.99,37.56]}},
{"type":"Feature","properties":{"code":"51760","name":"평창군","pop":38792,"area":1462.77,"shops_a":5,"shops_b":null,"label":"y"},
 "geometry":{"type":"Point","coordinates":[128.39,37.37]}}]})";

TEST(AreaTableTest, ReadsGeoJsonAttributesWithUtf8Names) {
  testing::TempDir dir;
  const std::string path = dir.Write("areas.geojson", kGeoJson);
  auto table =
      ReadAreaTable(path, AreaTableReadOptions{.code_field = "code", .name_field = "name"});
  ASSERT_TRUE(table.ok()) << table.error().message;
  ASSERT_EQ(table->rows(), 2u);
  EXPECT_EQ(table->codes[0], "11140");
  EXPECT_EQ(table->names[1], "평창군");
  // "all numeric": pop, area, shops_a, shops_b; not the text field "label".
  EXPECT_EQ(table->features, (std::vector<std::string>{"pop", "area", "shops_a", "shops_b"}));
  EXPECT_DOUBLE_EQ(table->At(1, 1), 1462.77);
  EXPECT_TRUE(std::isnan(table->At(1, 3)));
}

TEST(AreaTableTest, ReadsCsvTextNumbersAndChosenFields) {
  testing::TempDir dir;
  const std::string path =
      dir.Write("areas.csv", "code,name,pop,area\nA,Alpha,100,2.5\nB,Beta,300,\n");
  auto table = ReadAreaTable(
      path, AreaTableReadOptions{.code_field = "code", .numeric_fields = {"area", "pop"}});
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table->features, (std::vector<std::string>{"area", "pop"}));
  EXPECT_DOUBLE_EQ(table->At(0, 0), 2.5);
  EXPECT_DOUBLE_EQ(table->At(1, 1), 300);
  EXPECT_TRUE(std::isnan(table->At(1, 0)));
  EXPECT_EQ(table->names[0], "");
}

TEST(AreaTableTest, ReportsMissingFieldsBadNumbersAndRepeatedCodes) {
  testing::TempDir dir;
  const std::string csv = dir.Write("a.csv", "code,pop,label\nA,1,x\nB,2,y\n");
  EXPECT_EQ(ReadAreaTable(csv, {.code_field = "nope"}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ReadAreaTable(csv, {.code_field = "code", .numeric_fields = {"missing"}}).error().code,
            ErrorCode::kNotFound);
  auto text = ReadAreaTable(csv, {.code_field = "code", .numeric_fields = {"label"}});
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.error().message.find("label"), std::string::npos);
  const std::string repeated = dir.Write("r.csv", "code,pop\nA,1\nA,2\n");
  EXPECT_FALSE(ReadAreaTable(repeated, {.code_field = "code"}).ok());
  EXPECT_EQ(ReadAreaTable(dir.File("absent.csv"), {.code_field = "code"}).error().code,
            ErrorCode::kNotFound);
  EXPECT_FALSE(AreaTableReadOptions{}.Validate().ok());
}

TEST(AreaTableTest, DerivesRatioFeaturesWithPrefixPatterns) {
  AreaTable table;
  table.features = {"pop", "area", "shops_a", "shops_b"};
  ASSERT_TRUE(table.AddRow("A", "", {2000, 4, 10, 30}).ok());
  ASSERT_TRUE(table.AddRow("B", "", {500, 0, 1, 2}).ok());
  auto density = ParseRatioFeature("density=pop/area");
  auto shops = ParseRatioFeature("shops_per_1k = shops_* / pop * 1000");
  ASSERT_TRUE(density.ok() && shops.ok());
  EXPECT_EQ(shops->numerator, (std::vector<std::string>{"shops_*"}));
  EXPECT_DOUBLE_EQ(shops->scale, 1000);
  ASSERT_TRUE(DeriveFeatures(table, {*density, *shops}).ok());
  EXPECT_DOUBLE_EQ(table.At(0, *table.FeatureIndex("density")), 500);
  EXPECT_TRUE(std::isnan(table.At(1, *table.FeatureIndex("density"))));  // area 0
  EXPECT_DOUBLE_EQ(table.At(0, *table.FeatureIndex("shops_per_1k")), 20);
  EXPECT_DOUBLE_EQ(table.At(1, *table.FeatureIndex("shops_per_1k")), 6);
  EXPECT_FALSE(ParseRatioFeature("no_equals").ok());
  EXPECT_FALSE(ParseRatioFeature("x=a+/b").ok());
  EXPECT_EQ(DeriveFeatures(table, {{.name = "z", .numerator = {"absent_*"}}}).error().code,
            ErrorCode::kNotFound);
  auto selected = table.Select({"shops_per_1k", "pop"});
  ASSERT_TRUE(selected.ok());
  EXPECT_DOUBLE_EQ(selected->At(1, 1), 500);
}

}  // namespace
}  // namespace vigil::stats
