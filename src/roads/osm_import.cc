#include "roads/osm_import.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <unordered_map>

#include "geo/projection.h"
#include "roads/osmium_includes.h"

namespace vigil::roads {
namespace {

struct WayRecord {
  std::int64_t id = 0;
  std::vector<std::int64_t> refs;
  std::vector<std::pair<double, double>> lon_lat;
  RoadClass road_class = RoadClass::kOther;
  double speed_kmh = 0;
  int direction = 0;  // 0 both, 1 along, -1 against
  std::string name;
};

bool Is(const char* value, std::initializer_list<const char*> options) {
  if (value == nullptr) return false;
  for (const char* o : options) {
    if (std::strcmp(value, o) == 0) return true;
  }
  return false;
}

class CarWayHandler : public osmium::handler::Handler {
 public:
  explicit CarWayHandler(const CarProfile& profile) : profile_(profile) {}

  void way(const osmium::Way& way) {
    const osmium::TagList& tags = way.tags();
    const char* highway = tags["highway"];
    RoadClass road_class;
    bool is_link = false;
    if (highway == nullptr || !CarRoadClass(highway, &road_class, &is_link)) return;
    if (Is(tags["access"], {"no", "private"}) || Is(tags["motor_vehicle"], {"no", "private"}) ||
        Is(tags["motorcar"], {"no", "private"}) || Is(tags["area"], {"yes"})) {
      return;
    }
    WayRecord w;
    w.id = way.id();
    w.road_class = road_class;
    w.speed_kmh =
        profile_.speed_kmh[static_cast<int>(road_class)] * (is_link ? profile_.link_factor : 1.0);
    double posted = 0;
    if (profile_.use_maxspeed && tags["maxspeed"] != nullptr &&
        ParseMaxspeed(tags["maxspeed"], &posted)) {
      w.speed_kmh = posted * profile_.maxspeed_factor;
    }
    const char* oneway = tags["oneway"];
    // One way along the way when tagged so, or implied (motorways, roundabouts) and not
    // tagged two-way; against it when tagged -1.
    const bool implied =
        road_class == RoadClass::kMotorway || Is(tags["junction"], {"roundabout", "circular"});
    if (Is(oneway, {"-1", "reverse"})) {
      w.direction = -1;
    } else if (Is(oneway, {"yes", "true", "1"}) || (implied && !Is(oneway, {"no", "false", "0"}))) {
      w.direction = 1;
    }
    if (const char* name = tags["name"]) w.name = name;
    for (const osmium::NodeRef& ref : way.nodes()) {
      if (!ref.location().valid()) continue;
      w.refs.push_back(ref.ref());
      w.lon_lat.emplace_back(ref.location().lon(), ref.location().lat());
    }
    if (w.refs.size() >= 2) ways.push_back(std::move(w));
  }

  void relation(const osmium::Relation& relation) {
    const osmium::TagList& tags = relation.tags();
    if (!Is(tags["type"], {"restriction"})) return;
    const char* kind = tags["restriction"];
    if (kind == nullptr) kind = tags["restriction:motorcar"];
    if (kind == nullptr) return;
    const std::string value = kind;
    TurnRestriction r{.only = value.rfind("only_", 0) == 0, .kind = value};
    if (!r.only && value.rfind("no_", 0) != 0) return;
    for (const osmium::RelationMember& m : relation.members()) {
      const std::string role = m.role();
      if (role == "from" && m.type() == osmium::item_type::way) r.from_way = m.ref();
      if (role == "to" && m.type() == osmium::item_type::way) r.to_way = m.ref();
      if (role == "via" && m.type() == osmium::item_type::node) r.via_node = m.ref();
      if (role == "via" && m.type() == osmium::item_type::way) r.via_ways.push_back(m.ref());
    }
    if (r.from_way != 0 && r.to_way != 0) restrictions.push_back(std::move(r));
  }

  std::vector<WayRecord> ways;
  std::vector<TurnRestriction> restrictions;

 private:
  const CarProfile& profile_;
};

}  // namespace

Status OsmImportOptions::Validate() const {
  VIGIL_RETURN_IF_ERROR(profile.Validate());
  return build.Validate();
}

bool CarRoadClass(const std::string& highway, RoadClass* road_class, bool* is_link) {
  std::string base = highway;
  *is_link = false;
  if (base.size() > 5 && base.compare(base.size() - 5, 5, "_link") == 0) {
    base.resize(base.size() - 5);
    *is_link = true;
  }
  static const std::pair<const char*, RoadClass> kTable[] = {
      {"motorway", RoadClass::kMotorway},       {"trunk", RoadClass::kTrunk},
      {"primary", RoadClass::kPrimary},         {"secondary", RoadClass::kSecondary},
      {"tertiary", RoadClass::kTertiary},       {"unclassified", RoadClass::kUnclassified},
      {"residential", RoadClass::kResidential}, {"living_street", RoadClass::kLivingStreet},
      {"service", RoadClass::kService}};
  for (const auto& [name, cls] : kTable) {
    if (base == name) {
      if (*is_link && cls > RoadClass::kTertiary) return false;
      *road_class = cls;
      return true;
    }
  }
  return false;
}

Result<RoadGraph> ImportOsm(const std::string& path, const OsmImportOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return MakeError(ErrorCode::kNotFound, "OSM file " + path + " does not exist.");
  }
  CarWayHandler handler(options.profile);
  try {
    osmium::io::Reader reader(path, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way |
                                        osmium::osm_entity_bits::relation);
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations(index);
    locations.ignore_errors();
    osmium::apply(reader, locations, handler);
    reader.close();
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kCorrupt, "Cannot read OSM file " + path + ": " + e.what());
  }
  if (handler.ways.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition, "OSM file " + path + " holds no car roads.");
  }
  double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
  for (const WayRecord& w : handler.ways) {
    for (const auto& [lon, lat] : w.lon_lat) {
      min_lon = std::min(min_lon, lon);
      max_lon = std::max(max_lon, lon);
      min_lat = std::min(min_lat, lat);
      max_lat = std::max(max_lat, lat);
    }
  }
  const std::string crs = options.crs.empty()
                              ? geo::UtmCrsFor((min_lon + max_lon) / 2, (min_lat + max_lat) / 2)
                              : options.crs;
  auto projector = geo::Projector::Create("EPSG:4326", crs);
  if (!projector.ok()) return projector.error();
  RoadGraphBuilder builder(crs);
  std::unordered_map<std::int64_t, NodeId> node_of;
  // Builder nodes of the via ways only, for via-way restrictions.
  std::unordered_map<std::int64_t, std::vector<NodeId>> via_way_nodes;
  for (const TurnRestriction& r : handler.restrictions) {
    for (std::int64_t way : r.via_ways) via_way_nodes.try_emplace(way);
  }
  for (const WayRecord& w : handler.ways) {
    std::vector<NodeId> ids;
    ids.reserve(w.refs.size());
    for (std::size_t i = 0; i < w.refs.size(); ++i) {
      auto [it, inserted] = node_of.try_emplace(w.refs[i], kNoNode);
      if (inserted) {
        geo::XY xy;
        const auto [lon, lat] = w.lon_lat[i];
        if (!projector->Transform(lon, lat, &xy)) {
          return MakeError(ErrorCode::kInvalidArgument, "Node " + std::to_string(w.refs[i]) +
                                                            " cannot be projected to " + crs + ".");
        }
        it->second = builder.AddNode({.x = xy.x, .y = xy.y, .lon = lon, .lat = lat});
      }
      ids.push_back(it->second);
    }
    if (const auto via = via_way_nodes.find(w.id); via != via_way_nodes.end()) via->second = ids;
    const double mps = w.speed_kmh / 3.6;
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
      const NodeId u = ids[i], v = ids[i + 1];
      const double len =
          std::hypot(builder.node(v).x - builder.node(u).x, builder.node(v).y - builder.node(u).y);
      if (w.direction >= 0) builder.AddEdge(u, v, len, len / mps, w.road_class, w.name, w.id);
      if (w.direction <= 0) builder.AddEdge(v, u, len, len / mps, w.road_class, w.name, w.id);
    }
  }
  for (TurnRestriction& r : handler.restrictions) builder.AddRestriction(std::move(r));
  builder.SplitRestrictedTurns(node_of, via_way_nodes);
  return builder.Build(options.build);
}

}  // namespace vigil::roads
