#include "ingest/row_parser.h"

#include <cstdio>

#include "core/text.h"
#include "geo/point_memo.h"

namespace vigil::ingest {
namespace {

std::string Hex(unsigned long long value) {
  char buffer[20];
  std::snprintf(buffer, sizeof buffer, "%016llx", value);
  return buffer;
}

std::string Quote(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::string shown = ToUtf8Lenient(text.substr(0, kMax));
  if (text.size() > kMax) shown += "...";
  return "'" + shown + "'";
}

}  // namespace

constexpr const char* kFieldNames[] = {
    "source_id", "occurred", "reported",     "code", "description", "x",         "y",
    "address",   "district", "neighborhood", "beat", "count",       "call_type", "priority",
    "origin",    ""};

RowParser::Field RowParser::FieldNamed(std::string_view name) {
  for (int i = 0; i < kFieldCount; ++i) {
    if (name == kFieldNames[i]) return static_cast<Field>(i);
  }
  return kNone;
}

const char* RowParser::FieldName(Field field) { return kFieldNames[field]; }

RowParser::RowParser(RowParser&&) noexcept = default;
RowParser& RowParser::operator=(RowParser&&) noexcept = default;
RowParser::~RowParser() = default;

Result<RowParser> RowParser::Create(const Profile& profile, const std::vector<std::string>& header,
                                    const std::string& city_crs, geo::ProjectorCache* projectors) {
  RowParser parser;
  parser.profile_ = profile;
  parser.header_size_ = header.size();
  parser.city_crs_ = city_crs;
  auto find_column = [&header](const std::string& name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (EqualsIgnoreCase(Trim(header[i]), name)) return i;
    }
    return std::nullopt;
  };
  for (const auto& [field, choices] : profile.fields) {
    for (const ColumnChoice& choice : choices) {
      std::vector<std::size_t> indices;
      for (const std::string& column : choice) {
        if (auto index = find_column(column)) indices.push_back(*index);
      }
      if (indices.size() == choice.size()) {
        if (const Field slot = FieldNamed(field); slot != kNone)
          parser.columns_[slot] = std::move(indices);
        break;
      }
    }
  }
  std::string missing;
  for (const std::string& field : profile.required) {
    if (parser.HasField(FieldNamed(field))) continue;
    std::string names;
    for (const ColumnChoice& choice : profile.fields.at(field)) {
      std::string joined;
      for (const std::string& c : choice) joined += (joined.empty() ? "" : "+") + c;
      names += (names.empty() ? "" : " or ") + joined;
    }
    missing += (missing.empty() ? "" : "; ") + field + " (" + names + ")";
  }
  if (!missing.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "the header does not match profile '" +
                                                      profile.name + "': no column for " + missing);
  }
  for (const auto& [field, formats] : profile.date_formats) {
    if (const Field slot = FieldNamed(field); slot != kNone) parser.formats_[slot] = &formats;
  }
  if (profile.category) parser.category_from_ = FieldNamed(profile.category->from_field);
  if (profile.service) parser.service_from_ = FieldNamed(profile.service->from_field);
  for (const std::string& part : profile.id_parts) parser.id_fields_.push_back(FieldNamed(part));
  auto zone = TimeZone::Load(profile.timezone);
  if (!zone.ok()) return zone.error();
  parser.zone_.emplace(std::move(*zone));
  if (projectors == nullptr) {
    parser.own_projectors_ = std::make_shared<geo::ProjectorCache>();
    projectors = parser.own_projectors_.get();
  }
  parser.projectors_ = projectors;
  auto to_wgs84 = projectors->Get(profile.crs, "EPSG:4326");
  if (!to_wgs84.ok()) return to_wgs84.error();
  parser.to_wgs84_ = std::move(*to_wgs84);
  if (!city_crs.empty()) {
    auto to_city = projectors->Get("EPSG:4326", city_crs);
    if (!to_city.ok()) return to_city.error();
    parser.to_city_ = std::move(*to_city);
    parser.memo_ = &projectors->MemoFor(parser.to_wgs84_.get(), parser.to_city_.get());
  }
  return parser;
}

std::string_view RowParser::Value(const CsvRecord& record, Field field) {
  const std::vector<std::size_t>& indices = columns_[field];
  if (indices.empty()) return {};
  if (indices.size() == 1) {
    return indices[0] < record.fields.size() ? Trim(record.fields[indices[0]]) : std::string_view();
  }
  std::string& joined = join_buffers_[field];
  joined.clear();
  for (const std::size_t index : indices) {
    if (index >= record.fields.size()) continue;
    const std::string_view part = Trim(record.fields[index]);
    if (part.empty()) continue;
    if (!joined.empty()) joined.push_back(' ');
    joined.append(part);
  }
  return joined;
}

std::optional<UnixSeconds> RowParser::ParseTime(std::string_view text, Field field) {
  static const std::vector<std::string> kIso = {"%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                                                "%Y-%m-%d %H:%M", "%Y-%m-%d"};
  const std::vector<std::string>& formats = formats_[field] != nullptr ? *formats_[field] : kIso;
  std::size_t& hint = format_hint_[field];
  LocalDateTime local;
  for (std::size_t k = 0; k < formats.size(); ++k) {
    const std::size_t i = (hint + k) % formats.size();
    if (ParseLocalDateTime(text, formats[i], &local)) {
      hint = i;
      return zone_->ToUtc(local);
    }
  }
  return std::nullopt;
}

std::optional<RowReject> RowParser::ParseLocation(const CsvRecord& record,
                                                  std::optional<Location>* location) {
  location->reset();
  const std::string_view x_text = Value(record, kX);
  const std::string_view y_text = Value(record, kY);
  if (x_text.empty() || y_text.empty()) return std::nullopt;
  double x = 0;
  double y = 0;
  if (!ParseDouble(x_text, &x)) return RowReject{"x", Quote(x_text) + " is not a number"};
  if (!ParseDouble(y_text, &y)) return RowReject{"y", Quote(y_text) + " is not a number"};
  if (profile_.zero_xy_is_missing && x == 0 && y == 0) return std::nullopt;
  if (memo_ != nullptr) {
    if (const geo::ProjectedPoint* known = memo_->Find(x, y)) {
      if (OutOfBounds(known->lonlat)) return std::nullopt;
      *location = Location{known->lonlat.x, known->lonlat.y, known->metres.x, known->metres.y};
      return std::nullopt;
    }
  }
  geo::XY lonlat;
  if (!to_wgs84_->Transform(x, y, &lonlat) || lonlat.x < -180 || lonlat.x > 180 || lonlat.y < -90 ||
      lonlat.y > 90) {
    return RowReject{"x", "coordinates (" + std::string(x_text) + ", " + std::string(y_text) +
                              ") are outside the range of " + profile_.crs};
  }
  if (OutOfBounds(lonlat)) return std::nullopt;
  if (!to_city_) {
    city_crs_ = geo::UtmCrsFor(lonlat.x, lonlat.y);
    auto to_city = projectors_->Get("EPSG:4326", city_crs_);
    if (!to_city.ok()) return RowReject{"x", to_city.error().message};
    to_city_ = std::move(*to_city);
    memo_ = &projectors_->MemoFor(to_wgs84_.get(), to_city_.get());
  }
  geo::XY metres;
  if (!to_city_->Transform(lonlat.x, lonlat.y, &metres)) {
    return RowReject{"x", "coordinates cannot be projected to " + city_crs_};
  }
  memo_->Remember(x, y, {lonlat, metres});
  *location = Location{lonlat.x, lonlat.y, metres.x, metres.y};
  return std::nullopt;
}

void RowParser::PrefetchPoint(const CsvRecord& record) {
  if (memo_ == nullptr) return;
  double x = 0;
  double y = 0;
  if (ParseDouble(Value(record, kX), &x) && ParseDouble(Value(record, kY), &y)) {
    memo_->Prefetch(x, y);
  }
}

bool RowParser::OutOfBounds(const geo::XY& lonlat) {
  if (!profile_.bounds) return false;
  const auto& b = *profile_.bounds;
  if (lonlat.x >= b[0] && lonlat.y >= b[1] && lonlat.x <= b[2] && lonlat.y <= b[3]) return false;
  ++out_of_bounds_;
  return true;
}

std::string RowParser::RecordId(const CsvRecord& record) {
  std::string id;
  bool complete = !profile_.id_parts.empty();
  for (const Field part : id_fields_) {
    const std::string_view value = Value(record, part);
    if (value.empty()) {
      complete = false;
      break;
    }
    if (!id.empty()) id.push_back('/');
    id.append(value);
  }
  if (complete) return ToUtf8Lenient(id);
  // No id in the source: key the row by its content, numbering identical rows in a file.
  unsigned long long hash = 14695981039346656037ULL;
  for (const std::string_view field : record.fields) {
    hash = Fnv1a64(Trim(field), hash);
    hash = Fnv1a64("\x1f", hash);
  }
  const int ordinal = ++fingerprint_seen_[hash];
  return "h" + Hex(hash) + (ordinal > 1 ? "#" + std::to_string(ordinal) : "");
}

ParsedRow RowParser::Parse(const CsvRecord& record) {
  if (record.fields.size() != header_size_) {
    return RowReject{"*", "row has " + std::to_string(record.fields.size()) +
                              " fields but the header has " + std::to_string(header_size_)};
  }
  PrefetchPoint(record);
  const bool is_incident = profile_.kind == RecordKind::kIncident;
  const Field event_field = is_incident ? kOccurred : kReported;
  const std::string_view event_text = Value(record, event_field);
  if (event_text.empty()) return RowReject{FieldName(event_field), "is empty"};
  const auto event_time = ParseTime(event_text, event_field);
  if (!event_time) {
    return RowReject{FieldName(event_field),
                     Quote(event_text) + " matches none of the profile's date formats"};
  }

  if (!profile_.cancel_value.empty() && HasField(kCount)) {
    const std::string_view count = Value(record, kCount);
    if (count == profile_.cancel_value) {
      return RowCancellation{SourceKey{profile_.name, RecordId(record)}};
    }
    long long n = 0;
    if (!count.empty() && !ParseInt64(count, &n)) {
      return RowReject{"count", Quote(count) + " is not a whole number"};
    }
  }

  std::optional<Location> location;
  if (auto reject = ParseLocation(record, &location)) return *reject;

  Category category = Category::kOther;
  if (profile_.category) {
    const std::string word = ApplyValueMap(*profile_.category, Value(record, category_from_));
    category = ParseCategory(word).value_or(Category::kOther);
  }

  if (!is_incident) {
    Call call;
    call.source = profile_.name;
    call.source_id = RecordId(record);
    call.call_type = ToUtf8Lenient(Value(record, kCallType));
    call.service = profile_.service ? ApplyValueMap(*profile_.service, Value(record, service_from_))
                                    : std::string("police");
    call.category = category;
    if (const std::string_view p = Value(record, kPriority); !p.empty()) {
      long long priority = 0;
      if (!ParseInt64(p, &priority) || priority < 0 || priority > 9) {
        return RowReject{"priority", Quote(p) + " is not a priority 0-9"};
      }
      call.priority = static_cast<int>(priority);
    }
    call.received_at = *event_time;
    call.location = location;
    call.address = ToUtf8Lenient(Value(record, kAddress));
    call.district = ToUtf8Lenient(Value(record, kDistrict));
    return call;
  }

  Incident incident;
  incident.source = profile_.name;
  incident.source_id = RecordId(record);
  incident.category = category;
  incident.source_code = ToUtf8Lenient(Value(record, kCode));
  incident.source_description = ToUtf8Lenient(Value(record, kDescription));
  incident.occurred_at = *event_time;
  incident.reported_at = *event_time;
  if (const std::string_view reported = Value(record, kReported); !reported.empty()) {
    const auto reported_time = ParseTime(reported, kReported);
    if (!reported_time) {
      return RowReject{"reported", Quote(reported) + " matches none of the profile's date formats"};
    }
    incident.reported_at = *reported_time;
    if (profile_.reported_not_before_occurred && incident.reported_at < incident.occurred_at) {
      incident.reported_at = incident.occurred_at;
    }
  }
  incident.location = location;
  incident.address = ToUtf8Lenient(Value(record, kAddress));
  incident.district = ToUtf8Lenient(Value(record, kDistrict));
  incident.neighborhood = ToUtf8Lenient(Value(record, kNeighborhood));
  incident.beat = ToUtf8Lenient(Value(record, kBeat));
  const std::string_view origin_text = Value(record, kOrigin);
  const auto origin =
      ParseOrigin(origin_text.empty() ? std::string_view(profile_.origin) : origin_text);
  if (!origin) return RowReject{"origin", Quote(origin_text) + " is not a known origin"};
  incident.origin = *origin;
  return incident;
}

}  // namespace vigil::ingest
