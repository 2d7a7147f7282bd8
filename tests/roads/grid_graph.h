// A generated road graph for tests and benchmarks: a rows x columns lattice of nodes
// `spacing_m` apart, with a deterministic mix of road classes, speeds and one-way streets.
#pragma once

#include <cstdint>
#include <random>

#include "roads/road_graph.h"

namespace vigil::roads::testing {

inline RoadGraph MakeGridGraph(int rows, int columns, double spacing_m, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  RoadGraphBuilder builder("EPSG:32617");
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      const double x = 300000 + c * spacing_m, y = 4400000 + r * spacing_m;
      builder.AddNode({.x = x, .y = y, .lon = -83 + x * 1e-5, .lat = 40 + y * 1e-6});
    }
  }
  std::uniform_real_distribution<double> jitter(0.8, 1.25);
  std::uniform_int_distribution<int> pick(0, 9);
  auto id = [&](int r, int c) { return static_cast<NodeId>(r * columns + c); };
  std::int64_t way = 0;
  auto road = [&](NodeId a, NodeId b, bool arterial) {
    const double kmh = (arterial ? 60 : 30) * jitter(rng);
    const double len = spacing_m * jitter(rng);
    const RoadClass cls = arterial ? RoadClass::kPrimary : RoadClass::kResidential;
    const int kind = pick(rng);  // 0: one-way along, 1: one-way against, else two-way
    ++way;
    if (kind != 1) builder.AddEdge(a, b, len, len / (kmh / 3.6), cls, "", way);
    if (kind != 0) builder.AddEdge(b, a, len, len / (kmh / 3.6), cls, "", way);
  };
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      if (c + 1 < columns) road(id(r, c), id(r, c + 1), r % 10 == 0);
      if (r + 1 < rows) road(id(r, c), id(r + 1, c), c % 10 == 0);
    }
  }
  auto graph = builder.Build({});
  return std::move(graph).value();
}

}  // namespace vigil::roads::testing
