// Reference entities as they move between ingest, store and engines: areas (polygons with
// public statistics), stations, units, cameras, points of interest, persons of interest,
// vehicles, plate reads and relations. Coordinates: lon/lat in WGS84 degrees and x/y in the
// city's projected metres (records.h Location); times in UTC seconds (core/time.h).
// Persons of interest and plate reads are personal data: engines read them, the server
// authorises and audits every access.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "model/category.h"
#include "model/records.h"

namespace vigil {

// A polygon layer feature: district, beat, neighbourhood, municipality, city boundary...
// Unique by (kind, code).
struct Area {
  std::string kind;  // "neighborhood", "district", "municipality", "boundary", ...
  std::string code;  // code as used by records (e.g. SLMPD neighbourhood number "51")
  std::string name;
  std::vector<std::uint8_t> geometry_wkb;  // WGS84 lon/lat Polygon or MultiPolygon, ISO WKB
  double min_lon = 0;                      // bounding box of the geometry, degrees
  double min_lat = 0;
  double max_lon = 0;
  double max_lat = 0;
  std::string attributes_json = "{}";  // JSON object of public statistics (numbers, text)
};

// A police station, substation or police box. Unique by source_id.
struct Station {
  std::string source_id;
  std::string name;
  std::string kind;      // "headquarters", "station", "substation", "police_box"
  std::string district;  // district code the station serves
  Location location;
};

// A patrol unit. Unique by source_id.
struct Unit {
  std::string source_id;
  std::string call_sign;
  std::string kind;        // "car", "foot", "bike", "motorcycle"
  std::string station_id;  // source_id of its Station
  double shift_hours = 8;  // hours per shift, > 0
};

// A reported position of a patrol unit, from its terminal or its dispatcher. Appended, never
// changed: the newest by `at` is where the unit is.
struct UnitPosition {
  std::string unit_id;      // Unit::source_id
  UnixSeconds at = 0;       // when the position was taken, UTC seconds
  double lon = 0;           // WGS84 degrees, [-180, 180]
  double lat = 0;           // WGS84 degrees, [-90, 90]
  std::string status;       // e.g. "available", "en route", "on scene"; may be ""
  std::string reported_by;  // user name of the reporter; may be ""
};

// A fixed camera. Unique by source_id.
struct Camera {
  std::string source_id;
  Location location;
  std::optional<double> heading_deg;  // 0 = north, clockwise, [0, 360); absent = 360-degree
  double field_of_view_deg = 360;     // (0, 360]
  double range_m = 50;                // metres, > 0
  std::string purpose;                // "surveillance", "lpr", "traffic", ...
};

// A place that shapes crime risk: bar, school, transit stop, ATM... Unique by source_id.
struct PointOfInterest {
  std::string source_id;
  std::string kind;
  std::string name;
  Location location;
};

// A person of interest (personal data). Unique by source_id.
struct PersonOfInterest {
  std::string source_id;
  std::string full_name;
  std::optional<int> birth_year;
  std::string status;  // "registered_offender", "electronic_monitoring", "wanted", ...
  std::optional<Category> offence_category;
  std::optional<Location> location;  // last known address, when known
};

// A vehicle by plate. Unique by plate (upper case, no spaces).
struct Vehicle {
  std::string plate;
  std::string make;
  std::string model;
  std::string color;
  std::optional<std::string> hot_list;  // reason when the plate is on a hot list
};

// One licence-plate read by a camera (personal data). Unique by source_id.
struct PlateRead {
  std::string source_id;
  std::string plate;      // upper case, no spaces
  std::string camera_id;  // source_id of its Camera
  UnixSeconds read_at = 0;
  Location location;
};

// A typed, optionally timed and weighted link between two entity ids. Unique by source_id.
struct Relation {
  std::string source_id;
  std::string kind;  // "person_phone", "phone_call", "account_transfer", "person_vehicle", ...
  std::string from_id;
  std::string to_id;
  std::optional<UnixSeconds> at;  // UTC, when the relation is an event
  double weight = 1;
};

}  // namespace vigil
