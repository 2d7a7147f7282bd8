#include "roads/speed_profile.h"

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace vigil::roads {

Status CarProfile::Validate() const {
  for (double s : speed_kmh) {
    if (!(s > 0 && s < 400)) {
      return MakeError(ErrorCode::kInvalidArgument, "Every class speed must be in (0, 400) km/h.");
    }
  }
  if (!(link_factor > 0 && link_factor <= 1) || !(maxspeed_factor > 0 && maxspeed_factor <= 1.5)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "link_factor must be in (0, 1] and "
                     "maxspeed_factor in (0, 1.5].");
  }
  return Status::Ok();
}

bool ParseMaxspeed(const std::string& value, double* kmh) {
  std::string_view text = Trim(value);
  double factor = 1;
  const std::string lower = ToLower(text);
  std::string_view number = lower;
  if (const auto pos = lower.find("mph"); pos != std::string::npos) {
    factor = 1.609344;
    number = std::string_view(lower).substr(0, pos);
  } else if (const auto kpos = lower.find("km/h"); kpos != std::string::npos) {
    number = std::string_view(lower).substr(0, kpos);
  } else if (const auto kpos2 = lower.find("kmh"); kpos2 != std::string::npos) {
    number = std::string_view(lower).substr(0, kpos2);
  }
  double v = 0;
  if (!ParseDouble(number, &v) || !(v > 0 && v < 300)) return false;
  *kmh = v * factor;
  return true;
}

Status CenterlineProfile::Validate() const {
  if (class_field.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "The centreline profile needs a class_field.");
  }
  for (const CenterlineClassRule& rule : classes) {
    if (!(rule.speed_kmh > 0 && rule.speed_kmh < 400)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "Class " + rule.code + " needs a speed_kmh in (0, 400).");
    }
  }
  if (!(default_speed_kmh >= 0 && default_speed_kmh < 400)) {
    return MakeError(ErrorCode::kInvalidArgument, "default_speed_kmh must be in [0, 400).");
  }
  return Status::Ok();
}

const CenterlineClassRule* CenterlineProfile::Find(const std::string& code) const {
  for (const CenterlineClassRule& rule : classes) {
    if (rule.code == code) return &rule;
  }
  return nullptr;
}

CenterlineProfile TigerProfile() {
  CenterlineProfile p;
  // MTFCC codes of the TIGER/Line roads files; speeds are typical urban free-flow figures.
  // Walkways (S1710), stairways (S1720), bike and bridle paths (S1820, S1830), 4WD trails
  // (S1500) and census-internal lines (S1750) are not car roads and are skipped.
  p.classes = {
      {"S1100", RoadClass::kMotorway, 96},     // primary road: limited-access highway (60 mph)
      {"S1200", RoadClass::kPrimary, 64},      // secondary road: US/state highway (40 mph)
      {"S1400", RoadClass::kResidential, 40},  // local neighbourhood road, city street (25 mph)
      {"S1630", RoadClass::kMotorway, 56},     // ramp (35 mph)
      {"S1640", RoadClass::kService, 40},      // service drive along a limited-access highway
      {"S1730", RoadClass::kService, 16},      // alley (10 mph)
      {"S1740", RoadClass::kService, 16},      // private road for service vehicles
      {"S1780", RoadClass::kService, 10},      // parking lot road
  };
  return p;
}

Result<CenterlineProfile> ParseCenterlineProfile(const std::string& json_text) {
  const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return MakeError(ErrorCode::kInvalidArgument, "The centreline profile is not a JSON object.");
  }
  CenterlineProfile p;
  auto text = [&](const char* key, std::string* out) -> bool {
    if (!j.contains(key)) return true;
    if (!j[key].is_string()) return false;
    *out = j[key].get<std::string>();
    return true;
  };
  auto list = [&](const char* key, std::vector<std::string>* out) -> bool {
    if (!j.contains(key)) return true;
    if (!j[key].is_array()) return false;
    out->clear();
    for (const auto& v : j[key]) {
      if (!v.is_string()) return false;
      out->push_back(v.get<std::string>());
    }
    return true;
  };
  if (!text("class_field", &p.class_field) || !text("name_field", &p.name_field) ||
      !text("oneway_field", &p.oneway_field) || !list("forward_values", &p.forward_values) ||
      !list("backward_values", &p.backward_values) ||
      !text("left_from_field", &p.left_from_field) || !text("left_to_field", &p.left_to_field) ||
      !text("right_from_field", &p.right_from_field) ||
      !text("right_to_field", &p.right_to_field)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Centreline profile: field names must be strings and value lists arrays of "
                     "strings.");
  }
  if (j.contains("default_speed_kmh")) {
    if (!j["default_speed_kmh"].is_number()) {
      return MakeError(ErrorCode::kInvalidArgument, "default_speed_kmh must be a number.");
    }
    p.default_speed_kmh = j["default_speed_kmh"].get<double>();
  }
  if (j.contains("classes")) {
    if (!j["classes"].is_array()) {
      return MakeError(ErrorCode::kInvalidArgument, "classes must be an array.");
    }
    for (const auto& c : j["classes"]) {
      if (!c.is_object() || !c.contains("code") || !c["code"].is_string() ||
          !c.contains("speed_kmh") || !c["speed_kmh"].is_number()) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "Each class needs a string code and a numeric speed_kmh.");
      }
      CenterlineClassRule rule{.code = c["code"].get<std::string>(),
                               .speed_kmh = c["speed_kmh"].get<double>()};
      if (c.contains("class")) {
        if (!c["class"].is_string() ||
            !ParseRoadClass(c["class"].get<std::string>(), &rule.road_class)) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "Class " + rule.code + " has an unknown road class name.");
        }
      }
      p.classes.push_back(rule);
    }
  }
  VIGIL_RETURN_IF_ERROR(p.Validate());
  return p;
}

}  // namespace vigil::roads
