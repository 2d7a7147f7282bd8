// Domain records as they move between ingest, store and engines. Coordinates: lon/lat in
// WGS84 degrees and x/y in the city's projected metres; times in UTC seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.h"
#include "model/category.h"

namespace vigil {

// How an incident came to police attention.
enum class Origin : std::uint8_t {
  kUnknown = 0,
  kCitizenCall = 1,
  kOfficerInitiated = 2,
  kRecord = 3
};
std::string_view OriginName(Origin origin);
std::optional<Origin> ParseOrigin(std::string_view name);

struct Location {
  double lon = 0;
  double lat = 0;
  double x = 0;  // projected metres, city CRS
  double y = 0;
};

// A crime record.
struct Incident {
  std::string source;     // source profile or system name, e.g. "slmpd"
  std::string source_id;  // id in the source system; (source, source_id) is unique
  Category category = Category::kOther;
  std::string source_code;           // the source's own offence code, e.g. UCR "31111"
  std::string source_description;    // the source's own description text
  UnixSeconds occurred_at = 0;       // when it happened (start), UTC
  UnixSeconds reported_at = 0;       // when police knew of it, UTC; models use this
  std::optional<Location> location;  // absent when the source withholds or lacks it
  std::string address;
  std::string district;      // police district / precinct code in the source
  std::string neighborhood;  // neighbourhood or community code in the source
  std::string beat;
  Origin origin = Origin::kRecord;
};

// A call for service (112/911).
struct Call {
  std::string source;
  std::string source_id;
  std::string call_type;  // the source's own type text, e.g. "EMS: BACK PAINS/INJURY"
  std::string service;    // "police", "ems", "fire", "traffic" or the source's word
  Category category = Category::kOther;
  int priority = 0;  // 1 most urgent; 0 unknown
  UnixSeconds received_at = 0;
  std::optional<Location> location;
  std::string address;
  std::string district;
};

}  // namespace vigil
