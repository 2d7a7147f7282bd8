// Speed profiles: how road classes and tags become travel times. CarProfile is for OSM
// imports; CenterlineProfile maps the class codes of a street-centreline file (TIGER MTFCC by
// default) and can be read from a small JSON file (format in docs/roads.md).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/result.h"
#include "roads/road_graph.h"

namespace vigil::roads {

struct CarProfile {
  // Free-flow speed by class in km/h, in RoadClass order. Defaults are urban US/EU figures:
  // motorway 100, trunk 80, primary 60, secondary 50, tertiary 45, unclassified 35,
  // residential 30, living_street 10, service 15, other 20.
  std::array<double, kRoadClassCount> speed_kmh = {100, 80, 60, 50, 45, 35, 30, 10, 15, 20};
  double link_factor = 0.7;      // *_link ramps drive at this fraction of their class speed
                                 // (default 0.7), in (0, 1]
  bool use_maxspeed = true;      // a parseable `maxspeed` tag (km/h or "NN mph") replaces the
                                 // class speed (default true)
  double maxspeed_factor = 0.9;  // fraction of a posted limit actually driven (default 0.9)

  Status Validate() const;
};

// Parses an OSM maxspeed value to km/h: "50", "50 km/h", "30 mph", "30mph". False for "none",
// "signals", "walk", country codes ("US:urban") and anything else.
bool ParseMaxspeed(const std::string& value, double* kmh);

struct CenterlineClassRule {
  std::string code;  // value of the class field, e.g. "S1400"
  RoadClass road_class = RoadClass::kOther;
  double speed_kmh = 30;  // > 0
};

struct CenterlineProfile {
  std::string class_field = "MTFCC";    // attribute holding the class code
  std::string name_field = "FULLNAME";  // attribute holding the street name ("" = none)
  std::string oneway_field;             // attribute marking one-way lines ("" = all two-way)
  std::vector<std::string> forward_values = {"FT", "F", "1", "yes", "Y"};  // one-way along
                                                                           // the digitised line
  std::vector<std::string> backward_values = {"TF", "T", "-1"};            // one-way against it
  std::vector<CenterlineClassRule> classes;  // codes absent here are skipped (footways,
                                             // trails...) unless default_speed_kmh > 0
  double default_speed_kmh = 0;  // speed for unknown codes as RoadClass::kOther; 0 = skip
  // House-number range fields (TIGER names by default). A side is kept for a feature when the
  // file has both of its fields and both hold plain numbers; a file without them imports as
  // before, without ranges. "" = do not read that side.
  std::string left_from_field = "LFROMADD";
  std::string left_to_field = "LTOADD";
  std::string right_from_field = "RFROMADD";
  std::string right_to_field = "RTOADD";

  Status Validate() const;
  const CenterlineClassRule* Find(const std::string& code) const;
};

// The built-in profile for US Census TIGER/Line roads (MTFCC codes).
CenterlineProfile TigerProfile();

// Reads a profile from JSON: {"class_field": "MTFCC", "name_field": "FULLNAME",
// "oneway_field": "", "forward_values": [...], "backward_values": [...],
// "default_speed_kmh": 0, "classes": [{"code": "S1400", "class": "residential",
// "speed_kmh": 40}, ...], "left_from_field": "LFROMADD", "left_to_field": "LTOADD",
// "right_from_field": "RFROMADD", "right_to_field": "RTOADD"}. Missing keys keep the
// defaults of CenterlineProfile.
Result<CenterlineProfile> ParseCenterlineProfile(const std::string& json_text);

}  // namespace vigil::roads
