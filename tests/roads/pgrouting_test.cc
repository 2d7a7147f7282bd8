// Vigil's routes against pgRouting on the same graph: the directed edges (travel time in
// seconds as the cost) are loaded into a throwaway PostgreSQL cluster
// (scripts/pg-throwaway.sh, 127.0.0.1 only) and pgr_dijkstraCost's many-to-many costs are
// compared with the CH matrix. Columbus when ../shared/data is present, a generated grid
// otherwise. Skips when PostgreSQL or pgRouting cannot be started.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "roads/contraction.h"
#include "roads/grid_graph.h"
#include "roads/osm_import.h"

namespace vigil::roads {
namespace {

namespace fs = std::filesystem;

class PgRoutingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil_pgr_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The server runs as another OS user when the tests run as root: let it in.
    fs::permissions(dir_, fs::perms::all);
    port_ = 20000 + static_cast<int>(::getpid() % 20000);
    script_ = std::string(VIGIL_SOURCE_DIR) + "/scripts/pg-throwaway.sh";
    const std::string start = script_ + " start " + (dir_ / "pg").string() + " " +
                              std::to_string(port_) + " > " + (dir_ / "start.log").string() +
                              " 2>&1";
    started_ = std::system(start.c_str()) == 0;
  }
  void TearDown() override {
    if (started_) {
      const std::string stop = script_ + " stop " + (dir_ / "pg").string() + " >/dev/null 2>&1";
      [[maybe_unused]] const int rc = std::system(stop.c_str());
    }
    fs::remove_all(dir_);
  }
  // Runs a psql script file; output (unaligned, tuples only) into `out`.
  bool Psql(const fs::path& script, const fs::path& out) const {
    const std::string cmd = "psql -X -q -v ON_ERROR_STOP=1 -At -h 127.0.0.1 -p " +
                            std::to_string(port_) + " -U postgres -f " + script.string() + " > " +
                            out.string() + " 2> " + (dir_ / "psql.err").string();
    return std::system(cmd.c_str()) == 0;
  }
  fs::path dir_;
  int port_ = 0;
  std::string script_;
  bool started_ = false;
};

TEST_F(PgRoutingTest, DijkstraCostsEqualTheChMatrix) {
  if (!started_) GTEST_SKIP() << "PostgreSQL could not be started (scripts/pg-throwaway.sh)";
  const fs::path pbf = fs::path(VIGIL_SHARED_DATA) / "osm/columbus.osm.pbf";
  RoadGraph graph;
  if (fs::exists(pbf)) {
    auto g = ImportOsm(pbf.string(), {});
    ASSERT_TRUE(g.ok()) << g.error().message;
    graph = std::move(g).value();
  } else {
    graph = testing::MakeGridGraph(40, 40, 100, 11);
  }
  {
    std::ofstream edges(dir_ / "edges.csv");
    for (EdgeId e = 0; e < graph.edge_count(); ++e) {
      const RoadEdge& r = graph.edge(e);
      edges << e + 1 << ',' << r.from + 1 << ',' << r.to + 1 << ',' << r.time_ms / 1000 << '.';
      char ms[8];
      std::snprintf(ms, sizeof ms, "%03u", r.time_ms % 1000);
      edges << ms << ",-1\n";
    }
  }
  // 20 x 20 pairs spread over the node ids.
  std::vector<NodeId> nodes;
  const auto n = static_cast<NodeId>(graph.node_count());
  for (NodeId i = 0; i < 20; ++i) nodes.push_back(static_cast<NodeId>((i * 7919ULL * 13) % n));
  std::string ids;
  for (NodeId v : nodes) ids += (ids.empty() ? "" : ",") + std::to_string(v + 1);
  {
    std::ofstream sql(dir_ / "run.sql");
    sql << "CREATE EXTENSION pgrouting CASCADE;\n"
        << "CREATE TABLE edges (id bigint, source bigint, target bigint, cost float8, "
           "reverse_cost float8);\n"
        << "\\copy edges FROM '" << (dir_ / "edges.csv").string() << "' CSV\n"
        << "SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost("
        << "'SELECT id, source, target, cost, reverse_cost FROM edges', ARRAY[" << ids
        << "]::bigint[], ARRAY[" << ids << "]::bigint[], directed => true);\n";
  }
  if (!Psql(dir_ / "run.sql", dir_ / "costs.txt")) {
    std::ifstream err(dir_ / "psql.err");
    std::stringstream text;
    text << err.rdbuf();
    if (text.str().find("pgrouting") != std::string::npos &&
        text.str().find("not available") != std::string::npos)
      GTEST_SKIP() << "pgRouting is not installed: " << text.str();
    FAIL() << "psql failed: " << text.str();
  }
  std::map<std::pair<NodeId, NodeId>, double> pgr;
  std::ifstream costs(dir_ / "costs.txt");
  for (std::string line; std::getline(costs, line);) {
    unsigned long long s = 0, t = 0;
    double cost = 0;
    if (std::sscanf(line.c_str(), "%llu|%llu|%lf", &s, &t, &cost) == 3)
      pgr[{static_cast<NodeId>(s - 1), static_cast<NodeId>(t - 1)}] = cost;
  }
  auto ch = ContractionHierarchy::Build(graph, {});
  ASSERT_TRUE(ch.ok());
  ChQuery query(*ch);
  std::vector<std::vector<Endpoint>> ends;
  ends.reserve(nodes.size());
  for (NodeId v : nodes) ends.push_back({Endpoint{.node = v}});
  const std::vector<Weight> matrix = query.Matrix(ends, ends);
  int compared = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (std::size_t j = 0; j < nodes.size(); ++j) {
      if (nodes[i] == nodes[j]) continue;
      const Weight ms = matrix[i * nodes.size() + j];
      const auto it = pgr.find({nodes[i], nodes[j]});
      ASSERT_LT(ms, kInfinity);  // the graph is one strongly connected component
      ASSERT_NE(it, pgr.end()) << "pgRouting found no path " << nodes[i] << " -> " << nodes[j];
      EXPECT_NEAR(it->second * 1000.0, static_cast<double>(ms), 0.5)
          << nodes[i] << " -> " << nodes[j];
      ++compared;
    }
  }
  EXPECT_GE(compared, 300);
}

}  // namespace
}  // namespace vigil::roads
