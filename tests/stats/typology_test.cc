// Typology on constructed tables: recovery, naming, k choice, assignment API, transforms.
#include "stats/typology.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "stats/type_naming.h"
#include "stats_test_support.h"

namespace vigil::stats {
namespace {

std::vector<int> Labels(const Typology& t) { return t.assignment; }

TEST(TypologyTest, RecoversBlobsWithUniqueNamesAndFullStability) {
  const Blobs blobs = MakeBlobs(4, 40, 3, 1.0, 15.0, 21);
  auto t =
      BuildTypology(BlobTable(blobs), TypologyOptions{.k = 4, .restarts = 20, .auto_log1p = false});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_DOUBLE_EQ(AdjustedRandIndex(Labels(*t), blobs.truth), 1.0);
  EXPECT_GT(t->silhouette, 0.7);
  EXPECT_GT(t->stability, 0.95);
  EXPECT_EQ(t->stability_ari.size(), 20u);
  std::set<std::string> names;
  for (const AreaType& type : t->types) names.insert(type.name);
  EXPECT_EQ(names.size(), 4u);
  // Centres in original units are the members' means: blob b sits at (15 (b % 2), 15 (b / 2), 7.5
  // b).
  for (const AreaType& type : t->types) {
    const double z_blob = type.centre[2] / 7.5;
    EXPECT_NEAR(z_blob, std::round(z_blob), 0.1);
    EXPECT_EQ(type.size, 40);
  }
  EXPECT_LT(t->wcss, t->total_ss);
}

TEST(TypologyTest, SameSeedGivesSameTypology) {
  const Blobs blobs = MakeBlobs(6, 25, 3, 3.0, 4.0, 8);
  const TypologyOptions options{.k = 6, .restarts = 5, .seed = 99, .stability_runs = 5};
  auto a = BuildTypology(BlobTable(blobs), options);
  auto b = BuildTypology(BlobTable(blobs), options);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->assignment, b->assignment);
  EXPECT_EQ(a->stability_ari, b->stability_ari);
  for (std::size_t t = 0; t < a->types.size(); ++t) EXPECT_EQ(a->types[t].name, b->types[t].name);
}

TEST(TypologyTest, ChooseKPicksTheTrueNumberOfBlobs) {
  for (int true_k : {3, 5}) {
    const Blobs blobs =
        MakeBlobs(true_k, 30, 2, 1.0, 12.0, 100 + static_cast<std::uint64_t>(true_k));
    auto choice =
        ChooseK(BlobTable(blobs), TypologyOptions{.restarts = 10, .auto_log1p = false}, 2, 8);
    ASSERT_TRUE(choice.ok()) << choice.error().message;
    EXPECT_EQ(choice->best_k, true_k);
    EXPECT_EQ(choice->silhouette_by_k.size(), 7u);
  }
  EXPECT_FALSE(ChooseK(BlobTable(MakeBlobs(3, 5, 2, 1, 12, 1)), TypologyOptions{}, 1, 4).ok());
}

TEST(TypologyTest, AssignTypesAndModelAssignAgreeWithTheFit) {
  const Blobs blobs = MakeBlobs(3, 30, 2, 1.0, 12.0, 4);
  const AreaTable table = BlobTable(blobs);
  const TypologyOptions options{.k = 3, .restarts = 10, .stability_runs = 0};
  auto t = BuildTypology(table, options);
  auto assigned = AssignTypes(table, options);
  ASSERT_TRUE(t.ok() && assigned.ok());
  auto by_model = t->model.Assign(table);
  ASSERT_TRUE(by_model.ok());
  ASSERT_EQ(assigned->size(), table.rows());
  for (std::size_t r = 0; r < table.rows(); ++r) {
    EXPECT_EQ(assigned->at(table.codes[r]), t->assignment[r]);
    EXPECT_EQ(by_model->at(table.codes[r]), t->assignment[r]);
  }
  EXPECT_TRUE(std::isnan(t->stability));
  // A new area placed at blob 2's position is assigned blob 2's type.
  AreaTable fresh;
  fresh.features = table.features;
  ASSERT_TRUE(fresh.AddRow("NEW", "", {0.0, 12.0}).ok());
  auto one = t->model.Assign(fresh);
  ASSERT_TRUE(one.ok());
  const int blob2_type = t->assignment[2 * 30];
  EXPECT_EQ(one->at("NEW"), blob2_type);
}

TEST(TypologyTest, LogTransformsOnlySkewedNonNegativeFeatures) {
  AreaTable table;
  table.features = {"skewed", "symmetric", "negative_skewed"};
  for (int i = 0; i < 60; ++i) {
    const double skewed = std::exp(i / 6.0);  // exponential growth: strongly right-skewed
    const double symmetric = i % 10;
    const double negative = i < 58 ? -1.0 : 1000.0 * i;  // skewed but has negatives
    ASSERT_TRUE(table.AddRow("A" + std::to_string(i), "", {skewed, symmetric, negative}).ok());
  }
  auto t = BuildTypology(table, TypologyOptions{.k = 2, .restarts = 2, .stability_runs = 0});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_TRUE(t->model.log1p[0]);
  EXPECT_FALSE(t->model.log1p[1]);
  EXPECT_FALSE(t->model.log1p[2]);
  auto forced =
      BuildTypology(table, TypologyOptions{.k = 2, .log1p_features = {"negative_skewed"}});
  EXPECT_FALSE(forced.ok());
}

TEST(TypologyTest, MissingValuesFailOrAreImputed) {
  AreaTable table;
  table.features = {"x", "y"};
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(table.AddRow("A" + std::to_string(i), "", {1.0 * i, 2.0 * i}).ok());
  table.values[3] = std::nan("");  // area A1, feature y
  auto strict = BuildTypology(table, TypologyOptions{.k = 2, .stability_runs = 0});
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.error().message.find("A1"), std::string::npos);
  auto lenient =
      BuildTypology(table, TypologyOptions{.k = 2, .impute_missing = true, .stability_runs = 0});
  EXPECT_TRUE(lenient.ok());
}

TEST(TypologyTest, ValidateRejectsBadOptions) {
  EXPECT_FALSE(TypologyOptions{.k = 1}.Validate().ok());
  EXPECT_FALSE(TypologyOptions{.restarts = 0}.Validate().ok());
  EXPECT_FALSE(TypologyOptions{.skew_threshold = 0}.Validate().ok());
  EXPECT_FALSE(TypologyOptions{.stability_runs = -1}.Validate().ok());
  EXPECT_TRUE(TypologyOptions{}.Validate().ok());
  const Blobs blobs = MakeBlobs(2, 2, 2, 1, 10, 1);
  EXPECT_FALSE(BuildTypology(BlobTable(blobs), TypologyOptions{.k = 5}).ok());
}

TEST(TypeNamingTest, NamesFollowTheRulesOnConstructedCentres) {
  const std::vector<RoleScores> centres = {
      {.density = 2.0,
       .ageing = -0.5,
       .commerce = 2.0,
       .household = -1.0},  // dense commercial core
      {.density = -2.0, .ageing = 2.0, .commerce = 0.3, .household = -0.5},  // rural ageing
      {.density = 0.1, .ageing = 0.1, .commerce = -0.1, .household = 0.0},   // mixed urban-rural
      {.density = 0.3, .ageing = -0.2, .commerce = -1.5, .household = 1.5},  // residential suburb
      {.density = 1.5,
       .ageing = -0.2,
       .commerce = -1.2,
       .household = 0.3},  // dense residential city
      {.density = -1.5, .ageing = 0.4, .commerce = 1.6, .household = -0.8},  // rural service hub
  };
  const std::vector<std::string> names = NameTypes(centres);
  EXPECT_EQ(names[0], "dense commercial core");
  EXPECT_EQ(names[1], "rural ageing");
  EXPECT_EQ(names[2], "mixed urban-rural");
  EXPECT_EQ(names[3], "residential suburb");
  EXPECT_EQ(names[4], "dense residential city");
  EXPECT_EQ(names[5], "rural service hub");
}

TEST(TypeNamingTest, WeakSignalsAreMixedNotDirectional) {
  // Large-ish households and a younger population, but the mean signed z (0.37) is below
  // kNamingMinMean: "mixed urban-rural" rather than "young family town".
  const RoleScores weak{.density = -0.18, .ageing = -0.49, .commerce = 0.08, .household = 0.25};
  EXPECT_EQ(NameTypes({weak})[0], "mixed urban-rural");
  // Dense with shops per resident just below the mean still reads as residential.
  const RoleScores dense{.density = 1.2, .ageing = -0.5, .commerce = -0.1, .household = 0.2};
  EXPECT_EQ(NameTypes({dense})[0], "dense residential city");
  // A centre no rule applies to, once the mixed name is taken, is "other type N".
  const std::vector<std::string> names = NameTypes({weak, weak});
  EXPECT_EQ(names[1], "other type 2");
}

TEST(TypeNamingTest, IdenticalCentresStillGetUniqueNames) {
  const RoleScores rural{.density = -2.0, .ageing = 2.0};
  const std::vector<std::string> names = NameTypes({rural, rural, rural});
  EXPECT_EQ(names[0], "rural ageing");
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 3u);
  // More centres than rules: the rest are "other type N", still unique.
  std::vector<RoleScores> many(NamingRules().size() + 2, rural);
  const std::vector<std::string> all = NameTypes(many);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), many.size());
  EXPECT_EQ(all.back(), "other type " + std::to_string(many.size()));
}

}  // namespace
}  // namespace vigil::stats
