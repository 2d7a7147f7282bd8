// The typology of the 252 Korean si/gun/gu (bitSpatial, 2024-06). Skips when ../shared/data
// is absent. Thresholds are the honest floor of what was measured (docs/typology.md), not
// the measured values themselves.
#include <gtest/gtest.h>

#include <set>

#include "stats/area_table.h"
#include "stats/typology.h"
#include "support/temp_dir.h"

namespace vigil::stats {
namespace {

Result<AreaTable> LoadCty() {
  const std::string path = testing::SharedData("korea/bitSpatial/cty_2024-06.geojson");
  if (path.empty()) return MakeError(ErrorCode::kNotFound, "absent");
  auto table =
      ReadAreaTable(path, AreaTableReadOptions{.code_field = "cty_cd", .name_field = "cty_nm"});
  if (!table.ok()) return table.error();
  const std::vector<RatioFeature> derived = BitSpatialFeatures();
  VIGIL_RETURN_IF_ERROR(DeriveFeatures(*table, derived));
  std::vector<std::string> names;
  for (const RatioFeature& f : derived) names.push_back(f.name);
  return table->Select(names);
}

std::size_t RowOf(const AreaTable& table, const std::string& code) {
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.codes[r] == code) return r;
  }
  ADD_FAILURE() << "no area " << code;
  return 0;
}

TEST(KoreaTypologyTest, SixTypesSeparateSeoulCoresFromRuralCounties) {
  if (testing::SharedData("korea/bitSpatial/cty_2024-06.geojson").empty())
    GTEST_SKIP() << "shared data absent";
  auto table = LoadCty();
  ASSERT_TRUE(table.ok()) << table.error().message;
  ASSERT_EQ(table->rows(), 252u);
  EXPECT_EQ(table->names[RowOf(*table, "11680")], "강남구");
  EXPECT_EQ(table->names[RowOf(*table, "51760")], "평창군");

  auto t =
      BuildTypology(*table, TypologyOptions{.log1p_features = {"density"}, .impute_missing = true});
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->types.size(), 6u);
  ASSERT_EQ(t->assignment.size(), 252u);
  int total = 0;
  std::set<std::string> names;
  for (const AreaType& type : t->types) {
    EXPECT_GT(type.size, 0);
    total += type.size;
    names.insert(type.name);
  }
  EXPECT_EQ(total, 252);
  EXPECT_EQ(names.size(), 6u);
  EXPECT_GT(t->silhouette, 0.15);
  EXPECT_GT(t->stability, 0.5);
  EXPECT_EQ(t->seed_ari.size(), 4u);
  EXPECT_GT(t->seed_agreement, 0.8);

  auto type_of = [&](const std::string& code) { return t->assignment[RowOf(*table, code)]; };
  const int jung_gu = type_of("11140");      // Seoul Jung-gu
  const int gangnam = type_of("11680");      // Seoul Gangnam-gu
  const int pyeongchang = type_of("51760");  // Gangwon Pyeongchang-gun
  const int goheung = type_of("46770");      // Jeonnam Goheung-gun
  const int boseong = type_of("46780");      // Jeonnam Boseong-gun
  for (int rural : {pyeongchang, goheung, boseong}) {
    EXPECT_NE(jung_gu, rural);
    EXPECT_NE(gangnam, rural);
  }
  // The rural counties' type has a low density centre, the Seoul cores' a high one.
  std::size_t density = 0;
  while (density < t->model.features.size() && t->model.features[density] != "density") ++density;
  ASSERT_LT(density, t->model.features.size());
  EXPECT_LT(t->types[static_cast<std::size_t>(goheung)].centre_z[density], -0.5);
  EXPECT_GT(t->types[static_cast<std::size_t>(gangnam)].centre_z[density], 0.5);
}

TEST(KoreaTypologyTest, AssignTypesMatchesBuildAndIsDeterministic) {
  if (testing::SharedData("korea/bitSpatial/cty_2024-06.geojson").empty())
    GTEST_SKIP() << "shared data absent";
  auto table = LoadCty();
  ASSERT_TRUE(table.ok()) << table.error().message;
  const TypologyOptions options{
      .restarts = 20, .log1p_features = {"density"}, .impute_missing = true, .stability_runs = 0};
  auto a = AssignTypes(*table, options);
  auto b = AssignTypes(*table, options);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(a->size(), 252u);
  auto t = BuildTypology(*table, options);
  ASSERT_TRUE(t.ok());
  for (std::size_t r = 0; r < table->rows(); ++r)
    EXPECT_EQ(a->at(table->codes[r]), t->assignment[r]);
}

}  // namespace
}  // namespace vigil::stats
