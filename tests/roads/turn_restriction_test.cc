// Via-way (and via-node) turn restrictions applied by node splitting: exact detour times with
// Dijkstra and CH on small hand-made graphs, restrictions that do not connect, both kinds on
// one path, a generated grid against an independent search over edge histories, and one
// via-way relation through the OSM importer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <queue>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "roads/ascii_map.h"
#include "roads/contraction.h"
#include "roads/dijkstra.h"
#include "roads/road_graph.h"
#include "support/temp_dir.h"

namespace vigil::roads {
namespace {

constexpr double kSpacing = 1000;  // original node i is at x = i * kSpacing; copies share it

// A way through lettered nodes: every step takes `step_s` seconds, both ways unless one-way.
struct Way {
  std::int64_t id = 0;
  std::string nodes;  // letters of `names`, in way order
  double step_s = 0;
  bool one_way = false;
};

struct Net {
  RoadGraph graph;
  std::string names;  // original node i is names[i]; OSM node id of a letter is its code
  std::size_t applied = 0;
};

// Builds the graph with the restrictions applied, keeping every node (ids 0..n-1 stay the
// original nodes; copies come after).
Net Make(const std::string& names, const std::vector<Way>& ways,
         const std::vector<TurnRestriction>& restrictions) {
  RoadGraphBuilder b("EPSG:32617");
  std::unordered_map<std::int64_t, NodeId> osm_nodes;
  for (std::size_t i = 0; i < names.size(); ++i) {
    osm_nodes[names[i]] = b.AddNode({.x = kSpacing * static_cast<double>(i), .y = 0});
  }
  std::unordered_map<std::int64_t, std::vector<NodeId>> way_nodes;
  for (const Way& w : ways) {
    std::vector<NodeId>& ids = way_nodes[w.id];
    for (char c : w.nodes) ids.push_back(osm_nodes.at(c));
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
      b.AddEdge(ids[i], ids[i + 1], 100, w.step_s, RoadClass::kResidential, "", w.id);
      if (!w.one_way)
        b.AddEdge(ids[i + 1], ids[i], 100, w.step_s, RoadClass::kResidential, "", w.id);
    }
  }
  for (const TurnRestriction& r : restrictions) b.AddRestriction(r);
  Net net{.names = names};
  net.applied = b.SplitRestrictedTurns(osm_nodes, way_nodes);
  net.graph = b.Build({.keep_largest_component = false}).value();
  return net;
}

// Routes with Dijkstra and CH, which must agree.
class Router {
 public:
  explicit Router(const Net& net)
      : net_(net),
        dijkstra_(net.graph),
        ch_(ContractionHierarchy::Build(net.graph, {}).value()),
        query_(ch_) {}

  // "letters time_s" of the fastest route from the original node `from` to the place of `to`
  // (the node or any of its copies), or "unreachable".
  std::string Route(char from, char to) {
    const Endpoint s[] = {{.node = Node(from)}};
    std::vector<Endpoint> t;
    for (NodeId v = 0; v < net_.graph.node_count(); ++v) {
      if (Letter(v) == to) t.push_back({.node = v});
    }
    const NodePath plain = dijkstra_.Search(s, t);
    const NodePath fast = query_.Search(s, t);
    EXPECT_EQ(plain.found, fast.found);
    EXPECT_EQ(plain.time_ms, fast.time_ms);
    if (!plain.found) return "unreachable";
    std::string letters(1, from);
    for (EdgeId e : plain.edges) letters += Letter(net_.graph.edge(e).to);
    return letters + " " + std::to_string(plain.time_ms / 1000) + "." +
           std::to_string(plain.time_ms % 1000 / 100);
  }

 private:
  NodeId Node(char letter) const { return static_cast<NodeId>(net_.names.find(letter)); }
  char Letter(NodeId v) const {
    return net_.names[static_cast<std::size_t>(std::lround(net_.graph.node(v).x / kSpacing))];
  }

  const Net& net_;
  Dijkstra dijkstra_;
  ContractionHierarchy ch_;
  ChQuery query_;
};

// a -A- j =W= m =W= k -B- b, a detour j -D- d -D- b, another way into W (c -C- j), a side road
// at m (S) and one at k (E) with a link b -BE- e. Times in seconds per step.
constexpr const char* kNames = "ajmkbdcse";
const std::vector<Way> kWays = {
    {.id = 1, .nodes = "aj", .step_s = 10}, {.id = 2, .nodes = "jmk", .step_s = 20},
    {.id = 3, .nodes = "kb", .step_s = 10}, {.id = 4, .nodes = "jdb", .step_s = 30},
    {.id = 5, .nodes = "be", .step_s = 15}, {.id = 6, .nodes = "cj", .step_s = 10},
    {.id = 7, .nodes = "ms", .step_s = 10}, {.id = 8, .nodes = "ke", .step_s = 10}};

TurnRestriction ViaWay(std::int64_t from, std::vector<std::int64_t> via, std::int64_t to,
                       const std::string& kind) {
  return {.from_way = from,
          .via_ways = std::move(via),
          .to_way = to,
          .only = kind.rfind("only_", 0) == 0,
          .kind = kind};
}

TurnRestriction ViaNode(std::int64_t from, char via, std::int64_t to, const std::string& kind) {
  return {.from_way = from,
          .via_node = via,
          .to_way = to,
          .only = kind.rfind("only_", 0) == 0,
          .kind = kind};
}

TEST(ViaWayRestriction, WithoutRestrictionTheShortPathIsTaken) {
  const Net net = Make(kNames, kWays, {});
  Router r(net);
  EXPECT_EQ(r.Route('a', 'b'), "ajmkb 60.0");
  EXPECT_EQ(r.Route('a', 'e'), "ajmke 60.0");
  EXPECT_EQ(net.graph.node_count(), 9u);
}

TEST(ViaWayRestriction, NoStraightOnTakesTheDetour) {
  const Net net = Make(kNames, kWays, {ViaWay(1, {2}, 3, "no_straight_on")});
  EXPECT_EQ(net.applied, 1u);
  EXPECT_EQ(net.graph.applied_restrictions(), 1u);
  EXPECT_EQ(net.graph.node_count(), 9u + 3);  // copies of j, m, k
  Router r(net);
  // By D (70 s) rather than on to e and back by BE (75 s) or a U-turn on W (100 s).
  EXPECT_EQ(r.Route('a', 'b'), "ajdb 70.0");
  EXPECT_EQ(r.Route('a', 'e'), "ajmke 60.0");  // the other turn at k is allowed
  EXPECT_EQ(r.Route('a', 's'), "ajms 40.0");
  EXPECT_EQ(r.Route('c', 'b'), "cjmkb 60.0");  // W entered from C, not A
  EXPECT_EQ(r.Route('b', 'a'), "bkmja 60.0");  // the other direction
}

TEST(ViaWayRestriction, OnlyStraightOnForbidsTheOtherTurnsAtTheEnd) {
  const Net net = Make(kNames, kWays, {ViaWay(1, {2}, 3, "only_straight_on")});
  EXPECT_EQ(net.applied, 1u);
  Router r(net);
  EXPECT_EQ(r.Route('a', 'b'), "ajmkb 60.0");
  // Not onto E at k: on to b and back by BE (75 s) beats D (85 s) and a U-turn on W (100 s).
  EXPECT_EQ(r.Route('a', 'e'), "ajmkbe 75.0");
  EXPECT_EQ(r.Route('a', 's'), "ajms 40.0");   // leaving W before its end is allowed
  EXPECT_EQ(r.Route('c', 'e'), "cjmke 60.0");  // entered from C: any turn at k
  EXPECT_EQ(r.Route('c', 'b'), "cjmkb 60.0");
  EXPECT_EQ(r.Route('e', 'a'), "ekmja 60.0");
}

TEST(ViaWayRestriction, FromWayEnteringAtTheOtherEnd) {
  // W is drawn j -> k; B comes in at k, so the via path runs k, m, j.
  const Net net = Make(kNames, kWays, {ViaWay(3, {2}, 1, "no_straight_on")});
  EXPECT_EQ(net.applied, 1u);
  Router r(net);
  // By D (70 s) rather than by BE and E into k (75 s), which does not come from B.
  EXPECT_EQ(r.Route('b', 'a'), "bdja 70.0");
  EXPECT_EQ(r.Route('e', 'a'), "ekmja 60.0");
  EXPECT_EQ(r.Route('a', 'b'), "ajmkb 60.0");
}

TEST(ViaWayRestriction, OneWayViaWayIsTravelledItsOwnWayOnly) {
  std::vector<Way> ways = kWays;
  ways[1].one_way = true;  // W: j -> m -> k only
  const Net net = Make(kNames, ways,
                       {ViaWay(1, {2}, 3, "no_straight_on"),    // along W: applied
                        ViaWay(3, {2}, 1, "no_straight_on")});  // against W: cannot happen
  EXPECT_EQ(net.applied, 1u);
  EXPECT_EQ(net.graph.restrictions().size(), 2u);
  Router r(net);
  EXPECT_EQ(r.Route('a', 'b'), "ajdb 70.0");
  EXPECT_EQ(r.Route('b', 'a'), "bdja 70.0");  // W is one-way anyway
}

TEST(ViaWayRestriction, WaysThatDoNotConnectAreStoredOnly) {
  const Net plain = Make(kNames, kWays, {});
  const Net net = Make(kNames, kWays,
                       {ViaWay(1, {2}, 4, "no_left_turn"),       // D does not leave k
                        ViaWay(7, {2}, 3, "no_straight_on"),     // S meets W inside, not at an end
                        ViaWay(1, {99}, 3, "no_straight_on"),    // no such via way
                        ViaWay(1, {2, 6}, 3, "no_straight_on"),  // C does not follow on from W
                        ViaWay(1, {}, 3, "no_straight_on"),      // no via at all
                        {.from_way = 1,
                         .via_node = 'j',
                         .via_ways = {2},
                         .to_way = 3,
                         .kind = "no_straight_on"}});  // both a via node and a via way
  EXPECT_EQ(net.applied, 0u);
  EXPECT_EQ(net.graph.applied_restrictions(), 0u);
  EXPECT_EQ(net.graph.restrictions().size(), 6u);
  EXPECT_EQ(net.graph.node_count(), plain.graph.node_count());
  EXPECT_EQ(net.graph.edge_count(), plain.graph.edge_count());
  Router a(plain), b(net);
  for (char s : std::string(kNames)) {
    for (char t : std::string(kNames)) EXPECT_EQ(a.Route(s, t), b.Route(s, t));
  }
}

TEST(ViaWayRestriction, ChainOfViaWaysInRelationOrder) {
  // W split in two, the second drawn backwards (k -> m).
  std::vector<Way> ways = kWays;
  ways[1] = {.id = 21, .nodes = "jm", .step_s = 20};
  ways.push_back({.id = 22, .nodes = "km", .step_s = 20});
  const Net net = Make(kNames, ways,
                       {ViaWay(1, {21, 22}, 3, "no_straight_on"),
                        ViaWay(1, {22, 21}, 3, "no_straight_on")});  // out of order: skipped
  EXPECT_EQ(net.applied, 1u);
  Router r(net);
  EXPECT_EQ(r.Route('a', 'b'), "ajdb 70.0");
  EXPECT_EQ(r.Route('c', 'b'), "cjmkb 60.0");
  EXPECT_EQ(r.Route('a', 'e'), "ajmke 60.0");
}

// kWays plus s -T- d, with a via-way restriction and three via-node ones on its path.
Net Overlapping() {
  std::vector<Way> ways = kWays;
  ways.push_back({.id = 9, .nodes = "sd", .step_s = 25});
  return Make(kNames, ways,
              {ViaWay(1, {2}, 3, "no_straight_on"),    // a j m k -/-> b
               ViaNode(2, 'm', 7, "no_right_turn"),    // along W at m -/-> s
               ViaNode(1, 'j', 6, "no_left_turn"),     // a j -/-> c
               ViaNode(2, 'k', 8, "no_right_turn")});  // along W at k -/-> e
}

TEST(ViaWayRestriction, ViaNodeRestrictionsOnTheViaPathStillHold) {
  const Net net = Overlapping();
  EXPECT_EQ(net.applied, 4u);
  Router r(net);
  EXPECT_EQ(r.Route('a', 'b'), "ajdb 70.0");
  EXPECT_EQ(r.Route('a', 's'), "ajds 65.0");   // not the right turn at m
  EXPECT_EQ(r.Route('a', 'c'), "ajmjc 60.0");  // not the left turn at j: U-turn on W
  EXPECT_EQ(r.Route('a', 'e'), "ajdbe 85.0");  // at k neither straight on nor right
  EXPECT_EQ(r.Route('c', 'b'), "cjmkb 60.0");
  EXPECT_EQ(r.Route('c', 'e'), "cjmkbe 75.0");
  EXPECT_EQ(r.Route('c', 's'), "cjds 65.0");
}

TEST(ViaWayRestriction, ChEqualsDijkstraForAllPairs) {
  const Net net = Overlapping();
  Dijkstra dijkstra(net.graph);
  auto ch = ContractionHierarchy::Build(net.graph, {});
  ASSERT_TRUE(ch.ok());
  ChQuery query(*ch);
  const auto n = static_cast<NodeId>(net.graph.node_count());  // copies included
  for (NodeId s = 0; s < n; ++s) {
    const Endpoint src[] = {{.node = s}};
    const std::vector<Weight> all = dijkstra.OneToAll(src);
    for (NodeId t = 0; t < n; ++t) {
      const Endpoint dst[] = {{.node = t}};
      EXPECT_EQ(query.Search(src, dst).time_ms, all[t]) << s << " -> " << t;
    }
  }
}

// --- A generated grid against a reference search over edge histories -----------------------

// The last four directed edges travelled, one byte each (never 0), the latest lowest.
using History = std::uint32_t;
History Push(History history, std::uint32_t edge) { return (history << 8) | edge; }

// One restriction as directed edges: `sequence` holds the from edge then the via path edges
// (`length` in all); the rule applies to the edge after them.
struct Manoeuvre {
  History sequence = 0;
  int length = 0;
  std::int64_t to_way = 0;
  bool only = false;
};

// True when an edge of `way` may follow `history` under `rules` (those ending with the same
// last edge as `history`, or any superset of them).
bool Allowed(History history, std::int64_t way, const std::vector<Manoeuvre>& rules) {
  bool any_only = false, onto_only = false;
  for (const Manoeuvre& m : rules) {
    const History mask = m.length >= 4 ? ~History{0} : (History{1} << (8 * m.length)) - 1;
    if ((history & mask) != m.sequence) continue;
    if (!m.only && way == m.to_way) return false;
    any_only = any_only || m.only;
    onto_only = onto_only || (m.only && way == m.to_way);
  }
  return !any_only || onto_only;
}

TEST(ViaWayRestriction, GridMatchesSearchOverEdgeHistories) {
  constexpr int kSide = 6;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    std::mt19937_64 rng(seed);
    // Every segment is its own two-way way; way id = 1 + index into `segments`.
    std::vector<std::pair<NodeId, NodeId>> segments;
    std::vector<int> seconds;
    std::vector<std::int64_t> way_at(kSide * kSide * kSide * kSide, 0);  // [v * n + w]
    auto way_of = [&](NodeId v, NodeId w) -> std::int64_t& {
      return way_at[v * kSide * kSide + w];
    };
    std::vector<std::vector<NodeId>> neighbours(kSide * kSide);
    for (int r = 0; r < kSide; ++r) {
      for (int c = 0; c < kSide; ++c) {
        const auto v = static_cast<NodeId>(r * kSide + c);
        for (const NodeId w :
             {c + 1 < kSide ? v + 1 : kNoNode, r + 1 < kSide ? v + kSide : kNoNode}) {
          if (w == kNoNode) continue;
          segments.emplace_back(v, w);
          seconds.push_back(std::uniform_int_distribution<int>(1, 9)(rng));
          way_of(v, w) = way_of(w, v) = static_cast<std::int64_t>(segments.size());
          neighbours[v].push_back(w);
          neighbours[w].push_back(v);
        }
      }
    }
    RoadGraphBuilder b("EPSG:32617"), unrestricted_b("EPSG:32617");
    std::unordered_map<std::int64_t, NodeId> osm_nodes;
    for (int v = 0; v < kSide * kSide; ++v) {
      osm_nodes[v + 1] = b.AddNode({.x = 100.0 * (v % kSide), .y = 100.0 * (v / kSide)});
      unrestricted_b.AddNode(b.node(osm_nodes[v + 1]));
    }
    std::unordered_map<std::int64_t, std::vector<NodeId>> way_nodes;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const auto [u, v] = segments[i];
      const auto id = static_cast<std::int64_t>(i + 1);
      way_nodes[id] = {u, v};
      for (RoadGraphBuilder* builder : {&b, &unrestricted_b}) {
        builder->AddEdge(u, v, 100, seconds[i], RoadClass::kResidential, "", id);
        builder->AddEdge(v, u, 100, seconds[i], RoadClass::kResidential, "", id);
      }
    }
    const RoadGraph unrestricted = unrestricted_b.Build({.keep_largest_component = false}).value();
    Dijkstra unrestricted_dijkstra(unrestricted);
    // Restrictions as node walks q, p0, ..., p_k, to: a from edge q -> p0, 0..3 via edges, a to
    // way that is neither the from way nor a via way. Every other one is cut from a fastest
    // path of the unrestricted grid, so that it changes some routes; the others are random
    // walks that do not turn back.
    std::vector<TurnRestriction> restrictions;
    std::vector<std::vector<Manoeuvre>> rules(256);  // by the last byte of their sequence
    // Byte of the directed edge v -> w.
    auto code = [&](NodeId v, NodeId w) {
      return static_cast<std::uint32_t>(way_of(v, w) * 2 + (v < w ? 0 : 1));
    };
    auto pick = [&](const std::vector<NodeId>& from) {
      return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
    };
    std::uniform_int_distribution<NodeId> any_node(0, kSide * kSide - 1);
    while (restrictions.size() < 30) {
      const auto via_edges = static_cast<std::size_t>(rng() % 4);
      std::vector<NodeId> walk;
      if (restrictions.size() % 2 == 0) {
        const Endpoint from[] = {{.node = any_node(rng)}}, to[] = {{.node = any_node(rng)}};
        const NodePath path = unrestricted_dijkstra.Search(from, to);
        if (path.edges.size() < via_edges + 2) continue;
        const auto first =
            std::uniform_int_distribution<std::size_t>(0, path.edges.size() - via_edges - 2)(rng);
        walk.push_back(unrestricted.edge(path.edges[first]).from);
        for (std::size_t i = first; i < first + via_edges + 2; ++i) {
          walk.push_back(unrestricted.edge(path.edges[i]).to);
        }
      } else {
        walk = {any_node(rng)};
        walk.push_back(pick(neighbours[walk[0]]));
        for (std::size_t i = 0; i <= via_edges; ++i) {
          const NodeId next = pick(neighbours[walk.back()]);
          if (next == walk[walk.size() - 2]) break;
          walk.push_back(next);
        }
        if (walk.size() < 3) continue;
      }
      Manoeuvre m{.only = rng() % 3 == 0};
      std::vector<std::int64_t> via;
      for (std::size_t i = 0; i + 2 < walk.size(); ++i) {
        m.sequence = Push(m.sequence, code(walk[i], walk[i + 1]));
        ++m.length;
        if (i > 0) via.push_back(way_of(walk[i], walk[i + 1]));
      }
      const std::int64_t from_way = way_of(walk[0], walk[1]);
      m.to_way = way_of(walk[walk.size() - 2], walk.back());
      if (m.to_way == from_way || std::find(via.begin(), via.end(), m.to_way) != via.end()) {
        continue;
      }
      restrictions.push_back({.from_way = from_way,
                              .via_node = via.empty() ? static_cast<std::int64_t>(walk[1]) + 1 : 0,
                              .via_ways = via,
                              .to_way = m.to_way,
                              .only = m.only,
                              .kind = m.only ? "only_straight_on" : "no_straight_on"});
      rules[m.sequence & 0xFF].push_back(m);
    }
    for (const TurnRestriction& r : restrictions) b.AddRestriction(r);
    EXPECT_EQ(b.SplitRestrictedTurns(osm_nodes, way_nodes), restrictions.size());
    const RoadGraph graph = b.Build({.keep_largest_component = false}).value();
    auto ch = ContractionHierarchy::Build(graph, {});
    ASSERT_TRUE(ch.ok());
    Dijkstra dijkstra(graph);
    ChQuery query(*ch);
    int changed = 0;  // pairs the restrictions make slower
    auto original = [&](NodeId v) {
      const RoadNode& n = graph.node(v);
      return static_cast<NodeId>(std::lround(n.y / 100) * kSide + std::lround(n.x / 100));
    };
    // Targets are places: a node and its copies.
    std::vector<std::vector<Endpoint>> place(kSide * kSide);
    for (NodeId v = 0; v < graph.node_count(); ++v) place[original(v)].push_back({.node = v});
    for (NodeId s = 0; s < kSide * kSide; ++s) {
      // Reference: Dijkstra over (node, last four edges) on the unrestricted grid.
      std::unordered_map<std::uint64_t, Weight> best;  // node << 32 | history
      std::vector<Weight> reference(kSide * kSide, kInfinity);
      using Item = std::pair<Weight, std::uint64_t>;
      std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
      heap.push({0, std::uint64_t{s} << 32});
      best[std::uint64_t{s} << 32] = 0;
      while (!heap.empty()) {
        const auto [d, key] = heap.top();
        heap.pop();
        if (best.at(key) != d) continue;
        const auto v = static_cast<NodeId>(key >> 32);
        const auto history = static_cast<History>(key);
        reference[v] = std::min(reference[v], d);
        for (NodeId w : neighbours[v]) {
          const std::int64_t way = way_of(v, w);
          if (!Allowed(history, way, rules[history & 0xFF])) continue;
          const std::uint64_t next = std::uint64_t{w} << 32 | Push(history, code(v, w));
          const Weight nd = d + 1000 * static_cast<Weight>(seconds[way - 1]);
          auto [it, inserted] = best.try_emplace(next, nd);
          if (!inserted && it->second <= nd) continue;
          it->second = nd;
          heap.push({nd, next});
        }
      }
      const Endpoint src[] = {{.node = s}};
      const std::vector<Weight> free = unrestricted_dijkstra.OneToAll(src);
      for (NodeId t = 0; t < kSide * kSide; ++t) {
        changed += reference[t] != free[t] ? 1 : 0;
        const NodePath plain = dijkstra.Search(src, place[t]);
        ASSERT_EQ(plain.time_ms, reference[t]) << s << " -> " << t;
        EXPECT_EQ(query.Search(src, place[t]).time_ms, reference[t]) << s << " -> " << t;
        // The route itself makes no forbidden manoeuvre.
        History travelled = 0;
        for (EdgeId e : plain.edges) {
          const RoadEdge& edge = graph.edge(e);
          ASSERT_TRUE(Allowed(travelled, edge.source_id, rules[travelled & 0xFF]))
              << s << " -> " << t;
          travelled = Push(travelled, code(original(edge.from), original(edge.to)));
        }
      }
    }
    EXPECT_GT(changed, 100);
    std::printf("seed %d: %zu restrictions, %zu copies, %d of %d pairs slower\n",
                static_cast<int>(seed), restrictions.size(), graph.node_count() - kSide * kSide,
                changed, kSide * kSide * kSide * kSide);
  }
}

// --- Through the OSM importer ---------------------------------------------------------------

TEST(ViaWayRestriction, ImportedRelationIsApplied) {
  const char* map = R"(
        C
        |
        |
        |
    A---J---M---K---B
        |          /
        |        /
        D-------F
  )";
  const std::vector<testing::AsciiWay> ways = {
      {"AJ", {}}, {"JMK", {}}, {"KB", {}}, {"JDFB", {}}, {"CJ", {}}};
  auto xml = testing::AsciiMapToOsmXml(map, 100, ways, {});
  ASSERT_TRUE(xml.ok()) << xml.error().message;
  // from way 1 (AJ), via way 2 (JMK), to way 3 (KB).
  const std::string relation =
      "  <relation id=\"1\" version=\"1\">\n"
      "    <member type=\"way\" ref=\"1\" role=\"from\"/>\n"
      "    <member type=\"way\" ref=\"2\" role=\"via\"/>\n"
      "    <member type=\"way\" ref=\"3\" role=\"to\"/>\n"
      "    <tag k=\"type\" v=\"restriction\"/>\n"
      "    <tag k=\"restriction\" v=\"no_straight_on\"/>\n"
      "  </relation>\n";
  std::string text = *xml;
  text.insert(text.rfind("</osm>"), relation);
  vigil::testing::TempDir dir;
  auto graph = ImportOsm(dir.Write("via_way.osm", text), {});
  ASSERT_TRUE(graph.ok()) << graph.error().message;
  ASSERT_EQ(graph->restrictions().size(), 1u);
  const TurnRestriction& r = graph->restrictions()[0];
  EXPECT_EQ(r.from_way, 1);
  EXPECT_EQ(r.via_node, 0);
  EXPECT_EQ(r.via_ways, std::vector<std::int64_t>{2});
  EXPECT_EQ(r.to_way, 3);
  EXPECT_EQ(graph->applied_restrictions(), 1u);
  // Letters by position: the same map imported without the relation gives the originals.
  auto plain = testing::BuildAsciiNetwork(map, 100, ways, {}, dir.path());
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  testing::AsciiNetwork net{.graph = std::move(graph).value()};
  for (const auto& [letter, id] : plain->node_of) {
    const RoadNode& at = plain->graph.node(id);
    for (NodeId v = 0; v < net.graph.node_count() && !net.node_of.contains(letter); ++v) {
      if (net.graph.node(v).lon == at.lon && net.graph.node(v).lat == at.lat) {
        net.node_of[letter] = v;
      }
    }
  }
  Dijkstra dijkstra(net.graph);
  auto ch = ContractionHierarchy::Build(net.graph, {});
  ASSERT_TRUE(ch.ok());
  ChQuery query(*ch);
  // Residential roads at 30 km/h. By D and F (2,000 m), not straight on (1,600 m) nor by a
  // U-turn at D (2,200 m), at K or in the dead end C (2,400 m); from C straight on is allowed.
  const struct {
    char from, to;
    const char* nodes;
    double metres;
  } expected[] = {{'A', 'B', "AJDFB", 2000}, {'C', 'B', "CJMKB", 1600}, {'B', 'A', "BKMJA", 1600}};
  for (const auto& e : expected) {
    SCOPED_TRACE(std::string(1, e.from) + " -> " + e.to);
    const Endpoint s[] = {{.node = net.node_of.at(e.from)}};
    const Endpoint t[] = {{.node = net.node_of.at(e.to)}};
    const NodePath path = dijkstra.Search(s, t);
    ASSERT_TRUE(path.found);
    EXPECT_EQ(query.Search(s, t).time_ms, path.time_ms);
    EXPECT_EQ(testing::Letters(net, path, s[0].node), e.nodes);
    EXPECT_NEAR(static_cast<double>(path.time_ms) / 1000, e.metres / (30 / 3.6), 1);
  }
}

}  // namespace
}  // namespace vigil::roads
