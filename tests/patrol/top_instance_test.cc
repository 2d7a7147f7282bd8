#include "patrol/top_instance.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace vigil::patrol {
namespace {

TEST(TopInstanceTest, ParsesHeaderAndNodes) {
  auto inst = ParseTopInstance("n 4\nm 2\ntmax 10.5\n0 0 0\n3\t4\t7\n1 1 2\r\n0 2 0\n\n", "tiny");
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  EXPECT_EQ(inst->vehicles, 2);
  EXPECT_DOUBLE_EQ(inst->tmax, 10.5);
  ASSERT_EQ(inst->nodes.size(), 4u);
  EXPECT_DOUBLE_EQ(inst->nodes[1].x, 3);
  EXPECT_DOUBLE_EQ(inst->nodes[1].y, 4);
  EXPECT_EQ(inst->scores, (std::vector<double>{0, 7, 2, 0}));
  // Node 1 needs 5 + sqrt(13) > 10.5? 5 + 3.6 = 8.6 <= 10.5: reachable; node 2 as well.
  EXPECT_DOUBLE_EQ(TopUpperBound(*inst), 9);
  EXPECT_DOUBLE_EQ(TopScore(*inst, 7), 7);
}

TEST(TopInstanceTest, RejectsMalformedFiles) {
  EXPECT_FALSE(ParseTopInstance("n 3\nm 1\ntmax 5\n0 0 0\n1 1 1\n", "short").ok());  // 2 of 3 nodes
  EXPECT_FALSE(ParseTopInstance("n 2\nm 1\n0 0 0\n1 1 1\n", "no-tmax").ok());
  EXPECT_FALSE(ParseTopInstance("n 2\nm 1\ntmax 5\n0 0 0\n1 x 1\n", "bad-number").ok());
  EXPECT_FALSE(ParseTopInstance("n 2\nm 1\ntmax 5\n0 0 0\n1 1 -1\n", "negative").ok());
  EXPECT_FALSE(ParseTopInstance("n 2\nm 0\ntmax 5\n0 0 0\n1 1 1\n", "no-vehicles").ok());
  auto extra = ParseTopInstance("n 1\nm 1\ntmax 5\n0 0 0\n1 1 1\n", "extra");
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.error().message.find("extra:5"), std::string::npos) << extra.error().message;
  EXPECT_EQ(ReadTopInstance("/nonexistent/p.txt").error().code, ErrorCode::kNotFound);
}

// A hand-made instance: start (0,0), end (10,0); a detour through (5,5) scores 10 and costs
// 2*sqrt(50) = 14.14, the straight line collects the two sites at (3,0) and (7,0), 1 each.
TEST(TopInstanceTest, SolvesHandMadeInstance) {
  auto inst =
      ParseTopInstance("n 5\nm 1\ntmax 14.2\n0 0 0\n3 0 1\n5 5 10\n7 0 1\n10 0 0\n", "hand");
  ASSERT_TRUE(inst.ok());
  EuclideanTravelTimes travel(inst->nodes, 1.0);
  auto solved = SolveOrienteering(MakeTopProblem(*inst, travel), {.max_iterations = 50});
  ASSERT_TRUE(solved.ok());
  EXPECT_DOUBLE_EQ(TopScore(*inst, solved->score), 10);
  EXPECT_EQ(solved->routes[0], std::vector<int>{2});
}

TEST(TopInstanceTest, ChaoSet4WhenPresent) {
  const std::string path = std::string(VIGIL_SHARED_DATA) + "/top/chao-set4/p4.2.a.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  auto inst = ReadTopInstance(path);
  ASSERT_TRUE(inst.ok()) << inst.error().ToString();
  EXPECT_EQ(inst->name, "p4.2.a");
  EXPECT_EQ(inst->vehicles, 2);
  EXPECT_DOUBLE_EQ(inst->tmax, 25);
  EXPECT_EQ(inst->nodes.size(), 99u);
  EuclideanTravelTimes travel(inst->nodes, 1.0);
  const OrienteeringProblem problem = MakeTopProblem(*inst, travel);
  auto solved = SolveOrienteering(problem, {.max_iterations = 30});
  ASSERT_TRUE(solved.ok());
  for (std::size_t r = 0; r < 2; ++r) EXPECT_LE(solved->route_time[r], 25 + 1e-9);
  const double score = TopScore(*inst, solved->score);
  EXPECT_LE(score, TopUpperBound(*inst));
  EXPECT_GE(score, 240) << "far below what the solver reaches (286 at 1000 iterations)";
}

TEST(TopInstanceTest, ParsesReferenceTables) {
  auto refs = ParseTopReferences(
      "# comment line\n\np4.2.a\t100\t206\tchaoResults\np4.2.b 100 341.5 x # trailing\r\n", "refs");
  ASSERT_TRUE(refs.ok()) << refs.error().ToString();
  ASSERT_EQ(refs->size(), 2u);
  EXPECT_EQ(refs->at("p4.2.a").nodes, 100);
  EXPECT_DOUBLE_EQ(refs->at("p4.2.a").score, 206);
  EXPECT_EQ(refs->at("p4.2.a").source, "chaoResults");
  EXPECT_DOUBLE_EQ(refs->at("p4.2.b").score, 341.5);

  auto twice = ParseTopReferences("a 10 5 s\nb 10 6 s\na 10 7 s\n", "dup");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("dup:3"), std::string::npos) << twice.error().message;
  auto short_line = ParseTopReferences("a 10 5\n", "short");
  ASSERT_FALSE(short_line.ok());
  EXPECT_NE(short_line.error().message.find("short:1"), std::string::npos);
  EXPECT_FALSE(ParseTopReferences("a ten 5 s\n", "nodes").ok());
  EXPECT_FALSE(ParseTopReferences("a 1 5 s\n", "one-node").ok());
  EXPECT_FALSE(ParseTopReferences("a 10 -5 s\n", "negative").ok());
  EXPECT_EQ(ReadTopReferences("/nonexistent/refs.tsv").error().code, ErrorCode::kNotFound);
}

TEST(TopInstanceTest, ComparesOnlyWithTheSameInstanceSize) {
  auto inst = ParseTopInstance("n 4\nm 1\ntmax 9\n0 0 0\n1 0 3\n2 0 4\n3 0 0\n", "four");
  ASSERT_TRUE(inst.ok());
  const TopReference same{.nodes = 4, .score = 200, .source = "s"};
  EXPECT_EQ(CompareWithReference(*inst, 200, same), "=");
  EXPECT_EQ(CompareWithReference(*inst, 212, same), "+12");
  EXPECT_EQ(CompareWithReference(*inst, 190, same), "-5.0%");
  const TopReference other{.nodes = 5, .score = 200, .source = "s"};
  EXPECT_EQ(CompareWithReference(*inst, 200, other), "n/a (n 4 vs 5)");
}

// The table shipped for bench_patrol: every set-4 instance with m = 2, once, for n = 100, and
// scores that rise with the time budget (a, b, ... t) up to the sum of all scores, 1306.
TEST(TopInstanceTest, ShippedChaoSet4TableIsComplete) {
  auto refs =
      ReadTopReferences(std::string(VIGIL_SOURCE_DIR) + "/bench/reference/chao-set4-published.tsv");
  ASSERT_TRUE(refs.ok()) << refs.error().ToString();
  ASSERT_EQ(refs->size(), 20u);
  double previous = 0;
  for (char c = 'a'; c <= 't'; ++c) {
    const std::string name = std::string("p4.2.") + c;
    ASSERT_EQ(refs->count(name), 1u) << name;
    const TopReference& ref = refs->at(name);
    EXPECT_EQ(ref.nodes, 100) << name;
    EXPECT_GT(ref.score, previous) << name;
    previous = ref.score;
  }
  EXPECT_DOUBLE_EQ(previous, 1306);
}

}  // namespace
}  // namespace vigil::patrol
