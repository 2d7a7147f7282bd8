#include "roads/road_file.h"

#include <fstream>
#include <sstream>

#include "core/text.h"
#include "roads/centerline_import.h"
#include "roads/osm_import.h"

namespace vigil::roads {
namespace {

bool EndsWith(const std::string& text, const std::string& suffix) {
  const std::string lower = ToLower(text);
  return lower.size() >= suffix.size() &&
         lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Result<RoadGraph> LoadRoadFile(const std::string& graph_path, const std::string& profile_path) {
  if (EndsWith(graph_path, ".pbf") || EndsWith(graph_path, ".osm") ||
      EndsWith(graph_path, ".osm.bz2") || EndsWith(graph_path, ".osm.gz")) {
    return ImportOsm(graph_path, {});
  }
  CenterlineImportOptions options;
  if (!profile_path.empty()) {
    std::ifstream in(profile_path, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kNotFound, "Profile " + profile_path + " cannot be read.");
    std::stringstream text;
    text << in.rdbuf();
    auto profile = ParseCenterlineProfile(text.str());
    if (!profile.ok()) return profile.error();
    options.profile = std::move(profile).value();
  }
  return ImportCenterlines(graph_path, options);
}

}  // namespace vigil::roads
