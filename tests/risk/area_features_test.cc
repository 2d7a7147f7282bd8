// Per-cell columns from the areas a cell lies in: numeric statistics, population density and
// one indicator per regional type; NaN outside every area of the kind.
#include "risk/area_features.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "support/wkb_writer.h"

namespace vigil::risk {
namespace {

using vigil::testing::RectangleWkb;

// 10 x 10 cells of 0.001 degrees at the equator, identity "projection" to lon/lat.
const geo::Grid kGrid{.origin_x = 0, .origin_y = 0, .cell_size = 0.001, .columns = 10, .rows = 10};
const geo::ToLonLat kIdentity = [](double x, double y, double* lon, double* lat) {
  *lon = x;
  *lat = y;
  return true;
};

Area District(std::string code, double x0, double x1, std::string attributes) {
  return Area{.kind = "district",
              .code = std::move(code),
              .name = "",
              .geometry_wkb = RectangleWkb(x0, 0, x1, 0.01),
              .min_lon = x0,
              .min_lat = 0,
              .max_lon = x1,
              .max_lat = 0.01,
              .attributes_json = std::move(attributes)};
}

std::map<std::string, std::vector<float>> ByName(const EnvironmentColumns& env) {
  std::map<std::string, std::vector<float>> out;
  for (const auto& [name, values] : env.columns) out[name] = values;
  return out;
}

TEST(AreaFeaturesTest, CellsReadTheStatisticsAndTypeOfTheirArea) {
  // West half and the east half but its last column (cells of column 9 lie in no district).
  const std::vector<Area> areas = {
      District("1", 0, 0.005,
               R"({"population": 1000, "land_commercial": 0.5, "type_name": "dense core",
                   "note": "text is not a number", "code": "A", "NHD_NUM": 1.0})"),
      District("2", 0.005, 0.009,
               R"({"population": "3000", "type_name": "residential", "NHD_NUM": 2})"),
      Area{.kind = "boundary",
           .code = "city",
           .geometry_wkb = RectangleWkb(0, 0, 0.01, 0.01),
           .attributes_json = R"({"population": 4000})"}};
  auto env = BuildAreaColumns(kGrid, kIdentity, areas, AreaFeatureOptions{});
  ASSERT_TRUE(env.ok()) << env.error().message;
  auto columns = ByName(*env);
  ASSERT_EQ(columns.size(), 5u)
      << "boundary, text attributes and the repeated code (NHD_NUM) give no columns";
  const auto& population = columns.at("district_population");
  EXPECT_EQ(population[0], 1000.0f);           // column 0, row 0: district A
  EXPECT_EQ(population[5 + 10 * 3], 3000.0f);  // column 5: district B (numeric text)
  EXPECT_TRUE(std::isnan(population[9]));      // column 9: no district
  const auto& commercial = columns.at("district_land_commercial");
  EXPECT_EQ(commercial[2], 0.5f);
  EXPECT_TRUE(std::isnan(commercial[6])) << "B has no land_commercial";
  // A is 0.005 x 0.01 degrees at the equator: 556.6 m x 1113.2 m = 0.6196 km2.
  EXPECT_NEAR(columns.at("district_population_per_km2")[0], 1000 / 0.6196, 2);
  const auto& core = columns.at("district_type_dense_core");
  const auto& residential = columns.at("district_type_residential");
  EXPECT_EQ(core[0], 1.0f);
  EXPECT_EQ(core[6], 0.0f);
  EXPECT_EQ(residential[6], 1.0f);
  EXPECT_TRUE(std::isnan(core[9]));

  std::map<std::string, std::string> templates(env->reason_templates.begin(),
                                               env->reason_templates.end());
  EXPECT_EQ(templates.at("district_population"), "the district has {v} residents");
  EXPECT_EQ(templates.at("district_land_commercial"),
            "the district's commercial land share is {v}");
  const FeatureSpec type{"env_district_type_dense_core", templates.at("district_type_dense_core"),
                         ValueKind::kReal};
  EXPECT_EQ(RenderReason(type, 1), "the district is of the type 'dense core'");
  EXPECT_EQ(RenderReason(type, 0), "the district is not of the type 'dense core'");
  const FeatureSpec people{"env_district_population", templates.at("district_population"),
                           ValueKind::kReal};
  EXPECT_EQ(RenderReason(people, 143'888), "the district has 143,888 residents");
  EXPECT_EQ(RenderReason(people, 0.549), "the district has 0.549 residents");
}

TEST(AreaFeaturesTest, KindsCanBeChosenAndNoAreasGiveNoColumns) {
  const std::vector<Area> areas = {District("A", 0, 0.01, R"({"population": 10})")};
  auto none = BuildAreaColumns(kGrid, kIdentity, areas, AreaFeatureOptions{.kinds = {"beat"}});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->columns.empty());
  auto empty = BuildAreaColumns(kGrid, kIdentity, {}, AreaFeatureOptions{});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->columns.empty());
  auto capped =
      BuildAreaColumns(kGrid, kIdentity, areas, AreaFeatureOptions{.max_attributes_per_kind = 0});
  ASSERT_TRUE(capped.ok());
  EXPECT_TRUE(capped->columns.empty());
}

TEST(AreaFeaturesTest, ShapeAreaSubtractsHoles) {
  vigil::testing::WkbWriter w;
  w.bytes.push_back(1);
  w.U32(3);
  w.U32(2);
  w.Ring(vigil::testing::SquareRing(0, 0, 0.01, 0.01));
  w.Ring(vigil::testing::SquareRing(0.0025, 0.0025, 0.0075, 0.0075));
  auto shape = geo::ParseAreaWkb(w.bytes);
  ASSERT_TRUE(shape.ok());
  const double square_km2 = 1.1132 * 1.1132;
  EXPECT_NEAR(ShapeAreaKm2(*shape), square_km2 * 0.75, 0.005);
}

}  // namespace
}  // namespace vigil::risk
