// Contraction hierarchies against plain Dijkstra: exact travel times on random pairs, paths
// made of real consecutive edges, and the bucket matrix against one-to-all searches.
#include <gtest/gtest.h>

#include <random>

#include "roads/contraction.h"
#include "roads/dijkstra.h"
#include "roads/grid_graph.h"
#include "roads/osm_import.h"
#include "support/temp_dir.h"

namespace vigil::roads {
namespace {

// Checks sources x targets_per_source random node pairs: one Dijkstra one-to-all per source,
// one CH query per pair. Returns the number of pairs found reachable.
int CompareRandomPairs(const RoadGraph& graph, const ContractionHierarchy& ch, int sources,
                       int targets_per_source, std::uint64_t seed) {
  Dijkstra dijkstra(graph);
  ChQuery query(ch);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<NodeId> node(0, static_cast<NodeId>(graph.node_count() - 1));
  int reachable = 0;
  for (int i = 0; i < sources; ++i) {
    const Endpoint s[] = {{.node = node(rng)}};
    const std::vector<Weight> all = dijkstra.OneToAll(s);
    for (int j = 0; j < targets_per_source; ++j) {
      const Endpoint t[] = {{.node = node(rng)}};
      const NodePath b = query.Search(s, t);
      EXPECT_EQ(b.found, all[t[0].node] != kInfinity);
      EXPECT_EQ(b.time_ms, all[t[0].node]) << "pair " << s[0].node << " -> " << t[0].node;
      if (!b.found) continue;
      ++reachable;
      // The unpacked path is a chain of original edges whose times add up.
      Weight sum = 0;
      NodeId at = s[0].node;
      for (EdgeId e : b.edges) {
        EXPECT_EQ(graph.edge(e).from, at);
        at = graph.edge(e).to;
        sum += graph.edge(e).time_ms;
      }
      EXPECT_EQ(at, t[0].node);
      EXPECT_EQ(sum, b.time_ms);
      if (j == 0) {  // the point-to-point Dijkstra agrees too
        EXPECT_EQ(dijkstra.Search(s, t).time_ms, b.time_ms);
      }
    }
  }
  return reachable;
}

TEST(ContractionTest, MatchesDijkstraOnGeneratedGrid) {
  const RoadGraph graph = testing::MakeGridGraph(40, 40, 100, 7);
  auto ch = ContractionHierarchy::Build(graph, {});
  ASSERT_TRUE(ch.ok()) << ch.error().message;
  EXPECT_GT(ch->shortcut_count(), 0u);
  // Every pair is reachable: the graph is one strongly connected component.
  EXPECT_EQ(CompareRandomPairs(graph, *ch, 20, 100, 1), 2000);
}

TEST(ContractionTest, MatrixMatchesOneToAll) {
  const RoadGraph graph = testing::MakeGridGraph(25, 30, 100, 3);
  auto ch = ContractionHierarchy::Build(graph, {});
  ASSERT_TRUE(ch.ok());
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<NodeId> node(0, static_cast<NodeId>(graph.node_count() - 1));
  std::vector<std::vector<Endpoint>> sources, targets;
  for (int i = 0; i < 12; ++i) sources.push_back({{.node = node(rng)}});
  for (int i = 0; i < 9; ++i) targets.push_back({{.node = node(rng), .offset_ms = 1000}});
  ChQuery query(*ch);
  const std::vector<Weight> matrix = query.Matrix(sources, targets);
  ASSERT_EQ(matrix.size(), sources.size() * targets.size());
  Dijkstra dijkstra(graph);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::vector<Weight> all = dijkstra.OneToAll(sources[i]);
    for (std::size_t j = 0; j < targets.size(); ++j) {
      EXPECT_EQ(matrix[i * targets.size() + j], all[targets[j][0].node] + 1000);
    }
  }
}

TEST(ContractionTest, RejectsBadOptions) {
  const RoadGraph graph = testing::MakeGridGraph(3, 3, 100, 1);
  EXPECT_FALSE(ContractionHierarchy::Build(graph, {.witness_settled_limit = 0}).ok());
  EXPECT_FALSE(ContractionHierarchy::Build(graph, {.edge_difference_weight = -1}).ok());
}

TEST(ContractionTest, MatchesDijkstraOnColumbus) {
  const std::string path = vigil::testing::SharedData("osm/columbus.osm.pbf");
  if (path.empty()) GTEST_SKIP() << "columbus.osm.pbf is not present";
  auto graph = ImportOsm(path, {});
  ASSERT_TRUE(graph.ok()) << graph.error().message;
  auto ch = ContractionHierarchy::Build(*graph, {});
  ASSERT_TRUE(ch.ok());
  EXPECT_EQ(CompareRandomPairs(*graph, *ch, 10, 300, 11), 3000);
}

}  // namespace
}  // namespace vigil::roads
