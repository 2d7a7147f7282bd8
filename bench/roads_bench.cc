// Roads benchmark: import of the Columbus OSM extract and of a generated ~1M-node grid,
// contraction hierarchy preprocessing, point-to-point queries (CH beside plain Dijkstra on the
// same 1,000 random pairs) and a 100 x 100 matrix (CH buckets beside 100 one-to-all Dijkstras).
//
//   bench_roads [osm_file=../shared/data/osm/columbus.osm.pbf] [grid_side=1000] [ch_grid_side=300]
//
// The large grid (grid_side^2 nodes) is only built, to time graph construction (SCC + CSR);
// the CH figures for generated graphs use a ch_grid_side^2 grid to keep the run short.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "roads/contraction.h"
#include "roads/dijkstra.h"
#include "roads/grid_graph.h"
#include "roads/osm_import.h"

namespace {

using Clock = std::chrono::steady_clock;
using vigil::roads::ChQuery;
using vigil::roads::ContractionHierarchy;
using vigil::roads::Dijkstra;
using vigil::roads::Endpoint;
using vigil::roads::NodeId;
using vigil::roads::RoadGraph;
using vigil::roads::Weight;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Runs the query and matrix comparisons on one graph; false when CH and Dijkstra disagree.
bool RunQueries(const char* label, const RoadGraph& graph, int pairs, bool matrix_baseline) {
  auto start = Clock::now();
  auto ch = ContractionHierarchy::Build(graph, {});
  if (!ch.ok()) {
    std::fprintf(stderr, "%s: %s\n", label, ch.error().message.c_str());
    return false;
  }
  std::printf("%-9s CH preprocessing            %10.2f s   (%zu nodes, %zu shortcuts)\n", label,
              SecondsSince(start), graph.node_count(), ch->shortcut_count());
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<NodeId> node(0, static_cast<NodeId>(graph.node_count() - 1));
  Dijkstra dijkstra(graph);
  ChQuery query(*ch);
  std::vector<double> t_ch, t_dij;
  int mismatches = 0;
  for (int i = 0; i < pairs; ++i) {
    const Endpoint s[] = {{.node = node(rng)}};
    const Endpoint t[] = {{.node = node(rng)}};
    auto t0 = Clock::now();
    const Weight a = query.Search(s, t).time_ms;
    t_ch.push_back(SecondsSince(t0) * 1e6);
    t0 = Clock::now();
    const Weight b = dijkstra.Search(s, t).time_ms;
    t_dij.push_back(SecondsSince(t0) * 1e6);
    mismatches += a != b;
  }
  std::printf(
      "%-9s point-to-point median      CH %9.1f us   Dijkstra %10.1f us   ratio %6.0fx  (%d pairs, "
      "%d mismatches)\n",
      label, Median(t_ch), Median(t_dij), Median(t_dij) / std::max(Median(t_ch), 1e-9), pairs,
      mismatches);
  std::vector<std::vector<Endpoint>> points;
  for (int i = 0; i < 100; ++i) points.push_back({{.node = node(rng)}});
  auto t0 = Clock::now();
  const std::vector<Weight> m = query.Matrix(points, points);
  const double ch_matrix = SecondsSince(t0);
  if (matrix_baseline) {
    t0 = Clock::now();
    for (int i = 0; i < 100; ++i) {
      const std::vector<Weight> row = dijkstra.OneToAll(points[i]);
      for (int j = 0; j < 100; ++j) mismatches += row[points[j][0].node] != m[i * 100 + j];
    }
    const double dij_matrix = SecondsSince(t0);
    std::printf("%-9s 100x100 matrix             CH %9.3f s    Dijkstra %10.3f s    ratio %6.0fx\n",
                label, ch_matrix, dij_matrix, dij_matrix / std::max(ch_matrix, 1e-9));
  } else {
    std::printf("%-9s 100x100 matrix             CH %9.3f s\n", label, ch_matrix);
  }
  return mismatches == 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string osm = argc > 1 ? argv[1] : VIGIL_SHARED_DATA "/osm/columbus.osm.pbf";
  const int side = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int ch_side = argc > 3 ? std::atoi(argv[3]) : 300;
  bool ok = true;
  auto start = Clock::now();
  auto columbus = vigil::roads::ImportOsm(osm, {});
  if (columbus.ok()) {
    std::printf("columbus  OSM PBF import              %10.2f s   (%zu nodes, %zu edges)\n",
                SecondsSince(start), columbus->node_count(), columbus->edge_count());
    ok = RunQueries("columbus", *columbus, 1000, true) && ok;
  } else {
    std::printf("columbus  skipped: %s\n", columbus.error().message.c_str());
  }
  start = Clock::now();
  {
    const RoadGraph big = vigil::roads::testing::MakeGridGraph(side, side, 100, 1);
    std::printf("big grid  generated graph build       %10.2f s   (%zu nodes, %zu edges)\n",
                SecondsSince(start), big.node_count(), big.edge_count());
  }
  const RoadGraph grid = vigil::roads::testing::MakeGridGraph(ch_side, ch_side, 100, 1);
  ok = RunQueries("grid", grid, 1000, true) && ok;
  std::printf("%s\n",
              ok ? "CH and Dijkstra agree on every query" : "MISMATCH between CH and Dijkstra");
  return ok ? 0 : 1;
}
