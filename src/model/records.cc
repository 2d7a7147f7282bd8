#include "model/records.h"

namespace vigil {

std::string_view OriginName(Origin origin) {
  switch (origin) {
    case Origin::kCitizenCall: return "citizen_call";
    case Origin::kOfficerInitiated: return "officer_initiated";
    case Origin::kRecord: return "record";
    case Origin::kUnknown: break;
  }
  return "unknown";
}

std::optional<Origin> ParseOrigin(std::string_view name) {
  for (Origin o :
       {Origin::kUnknown, Origin::kCitizenCall, Origin::kOfficerInitiated, Origin::kRecord}) {
    if (OriginName(o) == name) return o;
  }
  return std::nullopt;
}

}  // namespace vigil
