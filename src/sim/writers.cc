// CSV and GeoJSON writers of the synthetic city.
#include "sim/writers.h"

#include <cstdio>
#include <fstream>

namespace vigil::sim {
namespace {

// A CSV field, quoted when it holds a separator, quote or line break.
void Field(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void Fixed(std::string& out, double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
  out += buffer;
}

// Appends fields separated by commas and ends the line.
template <typename... Parts>
void Row(std::string& out, const Parts&... parts) {
  bool first = true;
  ((out += first ? "" : ",", first = false, Field(out, parts)), ...);
  out += '\n';
}

std::string Num(double value, int decimals) {
  std::string s;
  Fixed(s, value, decimals);
  return s;
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
      out += buffer;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void Coordinate(std::string& out, const Layout& layout, double x, double y) {
  const Location loc = layout.Locate(x, y);
  out += '[';
  Fixed(out, loc.lon, 7);
  out += ',';
  Fixed(out, loc.lat, 7);
  out += ']';
}

}  // namespace

std::string FormatSimTime(UnixSeconds t) {
  const LocalDateTime c = CivilFromUnix(t);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d %02d:%02d:%02d", c.year, c.month, c.day,
                c.hour, c.minute, c.second);
  return buffer;
}

Status WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return MakeError(ErrorCode::kIo, "Cannot open " + path + " for writing.");
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return MakeError(ErrorCode::kIo, "Cannot write " + path + ".");
  return Status::Ok();
}

std::string RoadsGeoJson(const City& city) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
  bool first = true;
  for (const RoadFeature& road : city.layout.roads) {
    if (!first) out += ",\n";
    first = false;
    out += "{\"type\":\"Feature\",\"properties\":{\"id\":" + JsonString(road.id) +
           ",\"class\":" + JsonString(road.road_class) + ",\"name\":" + JsonString(road.name) +
           ",\"oneway\":" + (road.oneway ? "true" : "false") +
           ",\"maxspeed_kmh\":" + std::to_string(road.maxspeed_kmh) +
           "},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[";
    for (std::size_t i = 0; i < road.points.size(); ++i) {
      if (i > 0) out += ',';
      Coordinate(out, city.layout, road.points[i].x, road.points[i].y);
    }
    out += "]}}";
  }
  return out + "\n]}\n";
}

std::string AreasGeoJson(const City& city, const std::string& kind) {
  std::vector<const AreaFeature*> areas;
  if (kind == "district") {
    for (const AreaFeature& a : city.layout.districts) areas.push_back(&a);
  } else if (kind == "neighborhood") {
    for (const AreaFeature& a : city.layout.neighborhoods) areas.push_back(&a);
  } else {
    areas.push_back(&city.layout.boundary);
  }
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
  bool first = true;
  for (const AreaFeature* a : areas) {
    if (!first) out += ",\n";
    first = false;
    out += "{\"type\":\"Feature\",\"properties\":{\"code\":" + JsonString(a->code) +
           ",\"name\":" + JsonString(a->name) + ",\"kind\":" + JsonString(a->kind) +
           ",\"population\":" + Num(a->population, 0) + ",\"households\":" + Num(a->households, 0) +
           ",\"land_residential\":" + Num(a->land[0], 4) +
           ",\"land_commercial\":" + Num(a->land[1], 4) +
           ",\"land_industrial\":" + Num(a->land[2], 4) + ",\"land_green\":" + Num(a->land[3], 4) +
           "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[";
    // Counter-clockwise exterior ring, closed (RFC 7946).
    const double xs[] = {a->min_x, a->max_x, a->max_x, a->min_x, a->min_x};
    const double ys[] = {a->min_y, a->min_y, a->max_y, a->max_y, a->min_y};
    for (int i = 0; i < 5; ++i) {
      if (i > 0) out += ',';
      Coordinate(out, city.layout, xs[i], ys[i]);
    }
    out += "]]}}";
  }
  return out + "\n]}\n";
}

std::string PoisCsv(const City& city) {
  std::string out = "id,kind,name,lon,lat\n";
  for (const PointOfInterest& p : city.layout.pois) {
    Row(out, p.source_id, p.kind, p.name, Num(p.location.lon, 6), Num(p.location.lat, 6));
  }
  return out;
}

std::string StationsCsv(const City& city) {
  std::string out = "id,name,kind,district,lon,lat\n";
  for (const Station& s : city.stations) {
    Row(out, s.source_id, s.name, s.kind, s.district, Num(s.location.lon, 6),
        Num(s.location.lat, 6));
  }
  return out;
}

std::string UnitsCsv(const City& city) {
  std::string out = "id,call_sign,kind,station_id,shift_hours\n";
  for (const Unit& u : city.units)
    Row(out, u.source_id, u.call_sign, u.kind, u.station_id, Num(u.shift_hours, 0));
  return out;
}

std::string CamerasCsv(const City& city) {
  std::string out = "id,lon,lat,heading_deg,field_of_view_deg,range_m,purpose\n";
  for (const Camera& c : city.cameras) {
    Row(out, c.source_id, Num(c.location.lon, 6), Num(c.location.lat, 6),
        c.heading_deg ? Num(*c.heading_deg, 0) : std::string(), Num(c.field_of_view_deg, 0),
        Num(c.range_m, 0), c.purpose);
  }
  return out;
}

std::string PersonsCsv(const City& city) {
  std::string out = "id,full_name,birth_year,status,offence_category,lon,lat\n";
  for (const PersonOfInterest& p : city.persons) {
    Row(out, p.source_id, p.full_name, p.birth_year ? std::to_string(*p.birth_year) : std::string(),
        p.status,
        p.offence_category ? std::string(CategoryName(*p.offence_category)) : std::string(),
        p.location ? Num(p.location->lon, 6) : std::string(),
        p.location ? Num(p.location->lat, 6) : std::string());
  }
  return out;
}

std::string VehiclesCsv(const City& city) {
  std::string out = "plate,make,model,color,hot_list\n";
  for (const Vehicle& v : city.vehicles)
    Row(out, v.plate, v.make, v.model, v.color, v.hot_list.value_or(""));
  return out;
}

std::string PlateReadsCsv(const City& city) {
  std::string out = "id,plate,camera_id,read_at,lon,lat\n";
  for (const PlateRead& r : city.plate_reads) {
    Row(out, r.source_id, r.plate, r.camera_id, FormatSimTime(r.read_at), Num(r.location.lon, 6),
        Num(r.location.lat, 6));
  }
  return out;
}

std::string RelationsCsv(const City& city) {
  std::string out = "id,kind,from_id,to_id,at,weight\n";
  for (const Relation& r : city.relations) {
    Row(out, r.source_id, r.kind, r.from_id, r.to_id, r.at ? FormatSimTime(*r.at) : std::string(),
        Num(r.weight, 1));
  }
  return out;
}

std::string IncidentsCsv(const City& city) {
  std::string out =
      "id,category,description,occurred,reported,lon,lat,address,district,neighborhood,beat,"
      "origin\n";
  out.reserve(city.incidents.size() * 150);
  for (const Incident& i : city.incidents) {
    Row(out, i.source_id, CategoryName(i.category), i.source_description,
        FormatSimTime(i.occurred_at), FormatSimTime(i.reported_at), Num(i.location->lon, 6),
        Num(i.location->lat, 6), i.address, i.district, i.neighborhood, i.beat,
        OriginName(i.origin));
  }
  return out;
}

std::string CallsCsv(const City& city) {
  std::string out = "id,received,type,service,priority,category,lon,lat,address,district\n";
  out.reserve(city.calls.size() * 120);
  for (const Call& c : city.calls) {
    Row(out, c.source_id, FormatSimTime(c.received_at), c.call_type, c.service,
        std::to_string(c.priority),
        c.category == Category::kOther ? std::string_view() : CategoryName(c.category),
        Num(c.location->lon, 6), Num(c.location->lat, 6), c.address, c.district);
  }
  return out;
}

}  // namespace vigil::sim
