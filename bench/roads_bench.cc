// Roads benchmark: import of the Columbus OSM extract and of a generated ~1M-node grid,
// contraction hierarchy preprocessing, point-to-point queries (CH beside plain Dijkstra on the
// same 1,000 random pairs) and a 100 x 100 matrix (CH buckets beside 100 one-to-all Dijkstras).
//
//   bench_roads [osm_file=../shared/data/osm/columbus.osm.pbf] [grid_side=1000] [ch_grid_side=300]
//
// The large grid (grid_side^2 nodes) is built twice: once from generated nodes and edges (graph
// builder only: SCC + CSR), and once written as an OSM PBF file (libosmium's writer, in a
// temporary directory removed afterwards) and imported end to end with roads::ImportOsm (parse,
// project, SCC, CSR). The CH figures for generated graphs use a ch_grid_side^2 grid to keep the
// run short.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "roads/contraction.h"
#include "roads/dijkstra.h"
#include "roads/grid_graph.h"
#include "roads/osm_import.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <osmium/builder/attr.hpp>
#include <osmium/io/pbf_output.hpp>
#include <osmium/io/writer.hpp>
#include <osmium/memory/buffer.hpp>
#pragma GCC diagnostic pop

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

// Writes a side x side street grid (100 m spacing with jitter, around St. Louis) as OSM PBF: nodes
// row by row, then each row and column cut into ways of 50 segments; every 10th line is primary,
// the rest residential, all two-way. Returns the number of nodes written.
std::size_t WriteGridPbf(const std::string& path, int side) {
  namespace attr = osmium::builder::attr;
  constexpr double kLat0 = 38.55, kLon0 = -90.35, kStep = 100.0;
  const double dlat = kStep / 111'320.0;
  const double dlon = kStep / (111'320.0 * 0.7826);  // cos(38.6 deg)
  osmium::io::Header header;
  header.set("generator", "vigil bench_roads");
  osmium::io::Writer writer{osmium::io::File{path, "pbf"}, header, osmium::io::overwrite::allow};
  constexpr std::size_t kFlushBytes = 8u << 20;
  osmium::memory::Buffer buffer{kFlushBytes + (1u << 20), osmium::memory::Buffer::auto_grow::yes};
  auto flush = [&](bool force) {
    if (buffer.committed() < kFlushBytes && !(force && buffer.committed() > 0)) return;
    writer(std::move(buffer));
    buffer =
        osmium::memory::Buffer{kFlushBytes + (1u << 20), osmium::memory::Buffer::auto_grow::yes};
  };
  auto id = [side](int row, int col) { return osmium::object_id_type{row} * side + col + 1; };
  // Up to 20 m of jitter per node, so coordinates do not delta-encode to nothing.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> jitter(-0.2, 0.2);
  for (int r = 0; r < side; ++r) {
    for (int c = 0; c < side; ++c) {
      const double lon = kLon0 + (c + jitter(rng)) * dlon, lat = kLat0 + (r + jitter(rng)) * dlat;
      osmium::builder::add_node(buffer, attr::_id(id(r, c)), attr::_version(1),
                                attr::_location(lon, lat));
      flush(false);
    }
  }
  flush(true);
  constexpr int kWaySegments = 50;
  osmium::object_id_type way_id = 0;
  std::vector<osmium::object_id_type> refs;
  for (int vertical = 0; vertical < 2; ++vertical) {
    for (int line = 0; line < side; ++line) {
      const char* highway = line % 10 == 0 ? "primary" : "residential";
      for (int start = 0; start + 1 < side; start += kWaySegments) {
        refs.clear();
        for (int k = start; k <= std::min(start + kWaySegments, side - 1); ++k) {
          refs.push_back(vertical ? id(k, line) : id(line, k));
        }
        osmium::builder::add_way(buffer, attr::_id(++way_id), attr::_version(1), attr::_nodes(refs),
                                 attr::_tag("highway", highway));
        flush(false);
      }
    }
  }
  flush(true);
  writer.close();
  return static_cast<std::size_t>(side) * side;
}

// Times a real import of a generated side x side OSM PBF file; false when it fails.
bool RunLargeImport(int side) {
  std::string dir_template =
      (std::filesystem::temp_directory_path() / "vigil_bench_roads_XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) {
    std::perror("mkdtemp");
    return false;
  }
  const std::filesystem::path dir = dir_template;
  const std::string path = (dir / "grid.osm.pbf").string();
  bool ok = true;
  try {
    auto start = Clock::now();
    const std::size_t written = WriteGridPbf(path, side);
    std::printf("big grid  OSM PBF write               %10.2f s   (%zu nodes, %.1f MB)\n",
                SecondsSince(start), written,
                static_cast<double>(std::filesystem::file_size(path)) / 1e6);
    start = Clock::now();
    auto imported = vigil::roads::ImportOsm(path, {});
    if (imported.ok()) {
      std::printf("big grid  OSM PBF import (end to end) %10.2f s   (%zu nodes, %zu edges)\n",
                  SecondsSince(start), imported->node_count(), imported->edge_count());
    } else {
      std::fprintf(stderr, "big grid import: %s\n", imported.error().message.c_str());
      ok = false;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "big grid OSM write: %s\n", e.what());
    ok = false;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return ok;
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
  ok = RunLargeImport(side) && ok;
  const RoadGraph grid = vigil::roads::testing::MakeGridGraph(ch_side, ch_side, 100, 1);
  ok = RunQueries("grid", grid, 1000, true) && ok;
  std::printf("%s\n",
              ok ? "CH and Dijkstra agree on every query" : "MISMATCH between CH and Dijkstra");
  return ok ? 0 : 1;
}
