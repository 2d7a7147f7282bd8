// A directed car road graph in compressed sparse row form. Every vertex of every road line is a
// node (no chain compression), so a path's node sequence is its polyline. Coordinates are kept
// both as WGS84 lon/lat and as projected metres (x/y) of one CRS (a UTM zone for OSM imports).
// Edge travel times are integer milliseconds so that every search (Dijkstra, contraction
// hierarchies) agrees exactly. Immutable after Build(); safe to share between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "roads/address_ranges.h"

namespace vigil::roads {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();
inline constexpr EdgeId kNoEdge = std::numeric_limits<EdgeId>::max();

// Road classes, highest first. Importers map OSM `highway` values and TIGER MTFCC codes here.
enum class RoadClass : std::uint8_t {
  kMotorway,
  kTrunk,
  kPrimary,
  kSecondary,
  kTertiary,
  kUnclassified,
  kResidential,
  kLivingStreet,
  kService,
  kOther,
};
inline constexpr int kRoadClassCount = 10;

// Stable lower-case name ("motorway", "living_street", ...).
const char* RoadClassName(RoadClass road_class);
// Inverse of RoadClassName; false when unknown.
bool ParseRoadClass(const std::string& name, RoadClass* out);

struct RoadNode {
  double x = 0;    // projected metres (easting)
  double y = 0;    // projected metres (northing)
  double lon = 0;  // WGS84 degrees
  double lat = 0;  // WGS84 degrees
};

struct RoadEdge {
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  double length_m = 0;        // metres along the segment, > 0
  std::uint32_t time_ms = 0;  // travel time in milliseconds, >= 1
  RoadClass road_class = RoadClass::kOther;
  std::uint32_t name = 0;      // index into RoadGraph::names(); 0 is ""
  std::int64_t source_id = 0;  // OSM way id or 1-based feature index of the centreline file

  double time_s() const { return time_ms / 1000.0; }
};

// A no_* or only_* turn restriction from an OSM relation, stored as read. Via-node and via-way
// restrictions are applied by node splitting (RoadGraphBuilder::SplitRestrictedTurns) when
// their ways connect; the others are stored only.
struct TurnRestriction {
  std::int64_t from_way = 0;           // OSM way id of the `from` member
  std::int64_t via_node = 0;           // OSM node id of the `via` member (0 when via is a way)
  std::vector<std::int64_t> via_ways;  // OSM way ids of the `via` way members, in relation
                                       // order (empty when via is a node)
  std::int64_t to_way = 0;             // OSM way id of the `to` member
  bool only = false;                   // only_* (true) or no_* (false)
  std::string kind;                    // the restriction value, e.g. "no_left_turn"
};

class RoadGraph {
 public:
  std::size_t node_count() const { return nodes_.size(); }
  std::size_t edge_count() const { return edges_.size(); }
  const RoadNode& node(NodeId id) const { return nodes_[id]; }
  const RoadEdge& edge(EdgeId id) const { return edges_[id]; }
  const std::vector<RoadNode>& nodes() const { return nodes_; }
  const std::vector<RoadEdge>& edges() const { return edges_; }
  const std::vector<std::string>& names() const { return names_; }
  const std::vector<TurnRestriction>& restrictions() const { return restrictions_; }
  // House-number ranges of the centreline features that had them, in file order (empty for
  // OSM imports and files without range fields); GeocodeAddress reads them.
  const std::vector<AddressRange>& address_ranges() const { return address_ranges_; }
  const std::string& crs() const { return crs_; }
  // Restrictions applied by node splitting, via-node and via-way (the others, whose ways do
  // not connect, are stored only).
  std::size_t applied_restrictions() const { return applied_restrictions_; }

  // Outgoing edges of `node` are the edge ids [out_begin(node), out_end(node)).
  EdgeId out_begin(NodeId node) const { return out_offsets_[node]; }
  EdgeId out_end(NodeId node) const { return out_offsets_[node + 1]; }
  // Incoming edge ids of `node`: in_edges()[in_offsets(node) .. in_offsets(node + 1)).
  std::uint32_t in_begin(NodeId node) const { return in_offsets_[node]; }
  std::uint32_t in_end(NodeId node) const { return in_offsets_[node + 1]; }
  EdgeId in_edge(std::uint32_t index) const { return in_edges_[index]; }

  // The edge to -> from of the same road (same source id), or kNoEdge for a one-way.
  EdgeId ReverseOf(EdgeId edge) const;

 private:
  friend class RoadGraphBuilder;
  std::vector<RoadNode> nodes_;
  std::vector<RoadEdge> edges_;  // sorted by (from, to)
  std::vector<EdgeId> out_offsets_;
  std::vector<std::uint32_t> in_offsets_;
  std::vector<EdgeId> in_edges_;
  std::vector<std::string> names_;
  std::vector<TurnRestriction> restrictions_;
  std::vector<AddressRange> address_ranges_;
  std::string crs_;
  std::size_t applied_restrictions_ = 0;
};

struct GraphBuildOptions {
  bool keep_largest_component = true;  // drop every node outside the largest strongly
                                       // connected component (default true)

  Status Validate() const { return Status::Ok(); }
};

// Collects nodes and edges, then builds the immutable graph. Not thread-safe.
class RoadGraphBuilder {
 public:
  explicit RoadGraphBuilder(std::string crs) : crs_(std::move(crs)) {}

  NodeId AddNode(const RoadNode& node);
  // Adds a directed edge; self-loops and zero-length edges are dropped. `time_s` is rounded to
  // milliseconds (at least 1 ms).
  void AddEdge(NodeId from, NodeId to, double length_m, double time_s, RoadClass road_class,
               const std::string& name, std::int64_t source_id);
  void AddRestriction(TurnRestriction restriction) {
    restrictions_.push_back(std::move(restriction));
  }
  // Keeps a feature's house-number ranges (kept as given, whichever edges survive Build).
  void AddAddressRange(AddressRange range) { address_ranges_.push_back(std::move(range)); }
  std::size_t node_count() const { return nodes_.size(); }
  const RoadNode& node(NodeId id) const { return nodes_[id]; }

  // Applies the restrictions added so far by node splitting, so that no path of the built
  // graph makes a forbidden manoeuvre (see turn_restrictions.cc):
  // - via node: each edge entering the via node along the from way leads to a copy of the via
  //   node (same position) whose outgoing edges omit the turns onto the to way (no_*) or keep
  //   only them (only_*);
  // - via way(s): each edge entering the via path along the from way leads to a copy of the
  //   path (a copy of every node along the via ways, same positions); each copy keeps its
  //   node's outgoing edges, except that the edge continuing along the path goes to the next
  //   copy, and the copy of the exit node applies the no_* / only_* rule. The from way may
  //   enter the via ways at either end; the via ways must follow each other end to end in
  //   relation order, and every edge of the path must exist (a one-way via way is travelled
  //   its own way only).
  // Copies are made per combination of restrictions in progress, so overlapping restrictions
  // of both kinds all hold. A restriction counts as applied when an edge of its from way
  // enters its via node or path, the path exists, and an edge of its to way leaves the exit
  // node; the others are skipped (stored only). Several restrictions ending at one copy
  // combine: no turn onto any no_* to way, and, when there are only_* ones, only onto their to
  // ways. `osm_nodes` maps OSM node ids to builder nodes; `way_nodes` gives the builder nodes
  // of each via way in OSM order (other ways may be left out). Call once, after every edge and
  // restriction, before Build. Returns the number of restrictions applied.
  std::size_t SplitRestrictedTurns(
      const std::unordered_map<std::int64_t, NodeId>& osm_nodes,
      const std::unordered_map<std::int64_t, std::vector<NodeId>>& way_nodes = {});

  // Fails with kFailedPrecondition when no edge was added.
  Result<RoadGraph> Build(const GraphBuildOptions& options);

 private:
  std::string crs_;
  std::vector<RoadNode> nodes_;
  std::vector<RoadEdge> edges_;
  std::vector<std::string> names_{""};
  std::vector<TurnRestriction> restrictions_;
  std::vector<AddressRange> address_ranges_;
  std::unordered_map<std::string, std::uint32_t> name_index_;
  std::size_t applied_restrictions_ = 0;
};

// A copy of `graph` with only the edges `keep` accepts, rebuilt (with options.
// keep_largest_component, the largest strongly connected part of what is left). Node ids may
// change; positions, names, times, stored restrictions and address ranges are kept. Fails with
// kFailedPrecondition when no edge is kept.
Result<RoadGraph> FilterEdges(const RoadGraph& graph, const std::function<bool(EdgeId)>& keep,
                              const GraphBuildOptions& options);

// Component id of every node, by Kosaraju's algorithm with explicit stacks (no recursion).
// Returns the number of components; `component` gets one id per node.
std::uint32_t StronglyConnectedComponents(std::size_t node_count,
                                          const std::vector<RoadEdge>& edges,
                                          std::vector<std::uint32_t>* component);

}  // namespace vigil::roads
