#include "server/road_service.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "roads/road_file.h"

namespace vigil::server {
namespace {

using roads::EdgeId;
using roads::NodeId;
using roads::RoadGraph;

// One undirected segment of a source road.
struct Segment {
  NodeId a = roads::kNoNode;
  NodeId b = roads::kNoNode;
  bool oneway = false;
};

void AppendPoint(const RoadGraph& graph, NodeId node, bool first, std::string* out) {
  char text[64];
  const roads::RoadNode& n = graph.node(node);
  const int size =
      std::snprintf(text, sizeof text, "%s[%.6f,%.6f]", first ? "" : ",", n.lon, n.lat);
  out->append(text, static_cast<std::size_t>(size));
}

// Chains the segments of one source road into runs: a run ends where the road branches or
// ends (a node of degree other than 2 within the road); closed loops become one run each.
class RunBuilder {
 public:
  explicit RunBuilder(const std::vector<Segment>& segments) : segments_(segments) {
    used_.assign(segments.size(), 0);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      incident_[segments[i].a].push_back(i);
      incident_[segments[i].b].push_back(i);
    }
  }

  // Calls emit(nodes, oneway) once per run.
  template <class Emit>
  void ForEachRun(Emit emit) {
    std::vector<NodeId> ends;
    for (const auto& [node, list] : incident_) {
      if (list.size() != 2) ends.push_back(node);
    }
    std::sort(ends.begin(), ends.end());  // deterministic output
    for (NodeId start : ends) {
      for (std::size_t s : incident_.at(start)) {
        if (!used_[s]) Walk(start, s, emit);
      }
    }
    for (std::size_t s = 0; s < segments_.size(); ++s) {
      if (!used_[s]) Walk(segments_[s].a, s, emit);
    }
  }

 private:
  template <class Emit>
  void Walk(NodeId start, std::size_t segment, Emit& emit) {
    std::vector<NodeId> nodes{start};
    bool oneway = false;
    NodeId at = start;
    while (true) {
      used_[segment] = 1;
      const Segment& s = segments_[segment];
      oneway = oneway || s.oneway;
      at = s.a == at ? s.b : s.a;
      nodes.push_back(at);
      const std::vector<std::size_t>& next = incident_.at(at);
      if (next.size() != 2) break;
      const std::size_t other = next[0] == segment ? next[1] : next[0];
      if (used_[other]) break;
      segment = other;
    }
    emit(nodes, oneway);
  }

  const std::vector<Segment>& segments_;
  std::vector<char> used_;
  std::unordered_map<NodeId, std::vector<std::size_t>> incident_;
};

}  // namespace

std::string RoadLinesGeoJson(const RoadGraph& graph, std::int64_t* lines) {
  // Each segment once: a one-way edge, or the lower id of a two-way pair.
  std::vector<EdgeId> kept;
  kept.reserve(graph.edge_count());
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    const EdgeId reverse = graph.ReverseOf(e);
    if (reverse == roads::kNoEdge || e < reverse) kept.push_back(e);
  }
  std::stable_sort(kept.begin(), kept.end(), [&](EdgeId x, EdgeId y) {
    return graph.edge(x).source_id < graph.edge(y).source_id;
  });

  std::string out = R"({"type":"FeatureCollection","name":"roads","features":[)";
  std::int64_t features = 0;
  std::vector<Segment> segments;
  for (std::size_t begin = 0; begin < kept.size();) {
    const roads::RoadEdge& head = graph.edge(kept[begin]);
    std::size_t end = begin;
    segments.clear();
    while (end < kept.size() && graph.edge(kept[end]).source_id == head.source_id) {
      const EdgeId e = kept[end++];
      segments.push_back({.a = graph.edge(e).from,
                          .b = graph.edge(e).to,
                          .oneway = graph.ReverseOf(e) == roads::kNoEdge});
    }
    const std::string properties = nlohmann::json{
        {"class", roads::RoadClassName(head.road_class)},
        {"name",
         graph.names()[head.name]}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    RunBuilder(segments).ForEachRun([&](const std::vector<NodeId>& nodes, bool oneway) {
      if (features > 0) out += ',';
      out += R"({"type":"Feature","geometry":{"type":"LineString","coordinates":[)";
      for (std::size_t i = 0; i < nodes.size(); ++i) AppendPoint(graph, nodes[i], i == 0, &out);
      out += "]},\"properties\":";
      out.append(properties, 0, properties.size() - 1);  // without the closing brace
      out += oneway ? R"(,"oneway":true}})" : R"(,"oneway":false}})";
      ++features;
    });
    begin = end;
  }
  out += "]}";
  if (lines != nullptr) *lines = features;
  return out;
}

Result<std::unique_ptr<RoadService>> RoadService::Load(const std::string& road_file,
                                                       const std::string& profile_file) {
  auto graph = roads::LoadRoadFile(road_file, profile_file);
  if (!graph.ok()) return graph.error();
  if (graph->node_count() == 0) {
    return MakeError(ErrorCode::kInvalidArgument, "road file " + road_file + " has no roads");
  }
  auto service = std::make_unique<RoadService>();
  service->file = road_file;
  service->layer.json = RoadLinesGeoJson(*graph, &service->lines);
  service->layer.gzip = Gzip(service->layer.json);
  auto network = patrol::MakeRoadNetwork(std::move(graph).value());
  if (!network.ok()) return network.error();
  service->network = std::move(network).value();
  service->avoiding = std::make_unique<patrol::AvoidingNetworkCache>(service->network->graph,
                                                                     kAvoidingNetworksKept);
  return service;
}

}  // namespace vigil::server
