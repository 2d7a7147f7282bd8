// Ingest of new records through a built-in source profile, with the validation of
// `vigil ingest` (ingest::RowParser: required columns, times in the source's zone, coordinate
// projection and bounds, category mapping). POST /api/v1/ingest/{profile} takes one record as a
// JSON object of column -> value; .../bulk takes a JSON array of such objects or a CSV body
// (Content-Type: text/csv) with a header row. New records are published on the live stream.

#include "core/csv_reader.h"
#include "core/time.h"
#include "ingest/profile.h"
#include "ingest/row_parser.h"
#include "server/event_hub.h"
#include "server/handlers.h"
#include "server/request_parsing.h"

namespace vigil::server {
namespace {

using nlohmann::json;

// Rows as text cells under one header, whatever the body's format.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

Result<std::string> CellText(const json& value, const std::string& column) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return std::string();
  if (value.is_number() || value.is_boolean()) return value.dump();
  return MakeError(ErrorCode::kInvalidArgument,
                   "column '" + column + "' must be a string, number, boolean or null");
}

// Appends JSON objects to `table`, growing the header with each new column name.
Status AddObjects(const json& objects, Table* table) {
  std::map<std::string, std::size_t> column_of;
  for (const json& object : objects) {
    if (!object.is_object()) {
      return MakeError(ErrorCode::kInvalidArgument, "each record must be a JSON object");
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (column_of.emplace(it.key(), table->header.size()).second) {
        table->header.push_back(it.key());
      }
    }
  }
  for (const json& object : objects) {
    std::vector<std::string> row(table->header.size());
    for (auto it = object.begin(); it != object.end(); ++it) {
      auto text = CellText(it.value(), it.key());
      if (!text.ok()) return text.error();
      row[column_of[it.key()]] = std::move(*text);
    }
    table->rows.push_back(std::move(row));
  }
  return Status::Ok();
}

json EventJson(const Incident& i) {
  return {{"source", i.source},
          {"source_id", i.source_id},
          {"category", std::string(CategoryName(i.category))},
          {"reported_at", FormatUtc(i.reported_at)},
          {"location", LocationJson(i.location)},
          {"district", i.district}};
}

json EventJson(const Call& c) {
  return {{"source", c.source},
          {"source_id", c.source_id},
          {"call_type", c.call_type},
          {"service", c.service},
          {"priority", c.priority},
          {"received_at", FormatUtc(c.received_at)},
          {"location", LocationJson(c.location)}};
}

// Parses and writes `table` through `profile` in one batch; the reply lists counts and rejects.
ApiResponse Load(HandlerContext& c, const ingest::Profile& profile, const Table& table,
                 bool single) {
  Store& store = *c.backend.store;
  auto crs = store.GetSetting("city.crs");
  if (!crs.ok()) return ErrorResponse(crs.error());
  const std::string city_crs = crs->value_or("");
  auto parser = ingest::RowParser::Create(profile, table.header, city_crs, &c.backend.projectors);
  if (!parser.ok()) return ErrorResponse(ApiError::kRejected, parser.error().message);
  std::vector<Incident> incidents;
  std::vector<Call> calls;
  std::vector<SourceKey> cancellations;
  json rejects = json::array();
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    CsvRecord record;
    record.line = static_cast<std::int64_t>(i) + 1;
    for (const std::string& cell : table.rows[i]) record.fields.emplace_back(cell);
    ingest::ParsedRow row = parser->Parse(record);
    if (auto* incident = std::get_if<Incident>(&row)) {
      incidents.push_back(std::move(*incident));
    } else if (auto* call = std::get_if<Call>(&row)) {
      calls.push_back(std::move(*call));
    } else if (auto* cancel = std::get_if<ingest::RowCancellation>(&row)) {
      cancellations.push_back(cancel->key);
    } else {
      const auto& reject = std::get<ingest::RowReject>(row);
      rejects.push_back({{"record", i + 1}, {"field", reject.field}, {"reason", reject.reason}});
    }
  }
  if (single && !rejects.empty()) {
    return ErrorResponse(ApiError::kRejected, rejects[0]["reason"].get<std::string>(),
                         {{"field", rejects[0]["field"]}});
  }
  auto load_id = store.BeginLoad(profile.name, "api:" + c.request.principal.user_name);
  if (!load_id.ok()) return ErrorResponse(load_id.error());
  if (city_crs.empty() && !parser->city_crs().empty()) {
    const Status saved = store.SetSetting("city.crs", parser->city_crs());
    if (!saved.ok()) return ErrorResponse(saved.error());
  }
  // The first records loaded also give the city its time zone (statistics by local month).
  if (auto zone = store.GetSetting("city.timezone"); !zone.ok()) {
    return ErrorResponse(zone.error());
  } else if (!zone->has_value() && !profile.timezone.empty()) {
    const Status saved = store.SetSetting("city.timezone", profile.timezone);
    if (!saved.ok()) return ErrorResponse(saved.error());
  }
  UpsertCounts counts;
  const Status written = profile.kind == ingest::RecordKind::kIncident
                             ? store.WriteIncidentBatch(*load_id, incidents, cancellations, &counts)
                             : store.WriteCallBatch(*load_id, calls, &counts);
  if (!written.ok()) return ErrorResponse(written.error());
  const Status finished = store.FinishLoad(*load_id, static_cast<std::int64_t>(rejects.size()));
  if (!finished.ok()) return ErrorResponse(finished.error());
  if (counts.inserted + counts.updated > 0) {
    for (const Incident& i : incidents)
      c.services.events->Publish("incident.new", EventJson(i), "incidents.get");
    for (const Call& call : calls)
      c.services.events->Publish("call.new", EventJson(call), "calls.get");
  }
  return JsonResponse({{"load_id", *load_id},
                       {"records", table.rows.size()},
                       {"inserted", counts.inserted},
                       {"updated", counts.updated},
                       {"unchanged", counts.unchanged},
                       {"cancelled", counts.cancelled},
                       {"rejected", rejects.size()},
                       {"rejects", std::move(rejects)}},
                      single && counts.inserted > 0 ? 201 : 200);
}

Result<ingest::Profile> ProfileArg(const ApiRequest& request) {
  // Built-in profiles only: a path would let a caller make the server read any file.
  return ingest::BuiltinProfile(request.args.at("source"));
}

ApiResponse IngestRecord(HandlerContext& c) {
  auto profile = ProfileArg(c.request);
  if (!profile.ok()) return ErrorResponse(ApiError::kNotFound, profile.error().message);
  auto body = JsonObjectBody(c.request);
  if (!body.ok()) return ErrorResponse(ApiError::kMalformedJson, body.error().message);
  Table table;
  const Status added = AddObjects(json::array({*body}), &table);
  if (!added.ok()) return ErrorResponse(added.error());
  return Load(c, *profile, table, /*single=*/true);
}

ApiResponse IngestBulk(HandlerContext& c) {
  auto profile = ProfileArg(c.request);
  if (!profile.ok()) return ErrorResponse(ApiError::kNotFound, profile.error().message);
  const std::size_t max_records = c.services.options->max_bulk_records;
  Table table;
  if (c.request.content_type == "text/csv") {
    CsvReader reader = CsvReader::FromString(c.request.body, profile->separator);
    CsvRecord record;
    if (!reader.Next(&record)) return ErrorResponse(ApiError::kBadRequest, "the CSV body is empty");
    table.header.assign(record.fields.begin(), record.fields.end());
    while (reader.Next(&record)) {
      if (table.rows.size() >= max_records) {
        return ErrorResponse(ApiError::kBodyTooLarge,
                             "at most " + std::to_string(max_records) + " records per request");
      }
      table.rows.emplace_back(record.fields.begin(), record.fields.end());
    }
  } else if (c.request.content_type == "application/json" || c.request.content_type.empty()) {
    auto body = ParseJsonBody(c.request.body);
    if (!body.ok()) return ErrorResponse(ApiError::kMalformedJson, body.error().message);
    if (!body->is_array()) {
      return ErrorResponse(ApiError::kBadRequest, "a bulk body is a JSON array of records");
    }
    if (body->size() > max_records) {
      return ErrorResponse(ApiError::kBodyTooLarge,
                           "at most " + std::to_string(max_records) + " records per request");
    }
    const Status added = AddObjects(*body, &table);
    if (!added.ok()) return ErrorResponse(added.error());
  } else {
    return ErrorResponse(ApiError::kUnsupportedMedia,
                         "bulk ingest takes application/json or text/csv");
  }
  return Load(c, *profile, table, /*single=*/false);
}

}  // namespace

// POST /api/v1/units/{id}/position: {"lon", "lat" (WGS84 degrees), "status" (optional text,
// e.g. "patrolling"), "at" (optional, ISO 8601 UTC or epoch seconds; default now)} of a unit
// of the store. Stored (unit_positions), then published on the stream as unit.position.
ApiResponse PostUnitPosition(HandlerContext& c) {
  auto body = JsonObjectBody(c.request);
  if (!body.ok()) return ErrorResponse(body.error());
  const nlohmann::json& b = *body;
  auto field_error = [](const std::string& field, const std::string& what) {
    return ErrorResponse(ApiError::kBadRequest, "'" + field + "' " + what, {{"field", field}});
  };
  const auto lon = b.find("lon");
  const auto lat = b.find("lat");
  if (lon == b.end() || !lon->is_number()) return field_error("lon", "must be a number");
  if (lat == b.end() || !lat->is_number()) return field_error("lat", "must be a number");
  const double lon_deg = lon->get<double>();
  const double lat_deg = lat->get<double>();
  if (!(lon_deg >= -180 && lon_deg <= 180)) return field_error("lon", "must be in [-180, 180]");
  if (!(lat_deg >= -90 && lat_deg <= 90)) return field_error("lat", "must be in [-90, 90]");
  std::string status;
  if (const auto it = b.find("status"); it != b.end() && !it->is_null()) {
    if (!it->is_string() || it->get<std::string>().size() > 64) {
      return field_error("status", "must be text of at most 64 characters");
    }
    status = it->get<std::string>();
  }
  UnixSeconds at = c.services.clock->Now();
  if (const auto it = b.find("at"); it != b.end() && !it->is_null()) {
    Result<UnixSeconds> parsed = MakeError(ErrorCode::kInvalidArgument, "");
    if (it->is_number_integer()) parsed = it->get<UnixSeconds>();
    if (it->is_string()) parsed = ParseUtc(it->get<std::string>());
    if (!parsed.ok()) return field_error("at", "must be ISO 8601 UTC text or epoch seconds");
    at = *parsed;
  }
  const std::string& unit_id = c.request.args.at("id");
  auto found = FindUnit(*c.backend.references, unit_id);
  if (!found.ok()) return ErrorResponse(found.error());
  if (!*found) return ErrorResponse(ApiError::kNotFound, "no unit '" + unit_id + "'");
  const Unit& unit = **found;
  const nlohmann::json event = {{"unit", unit.source_id},
                                {"call_sign", unit.call_sign},
                                {"lon", lon_deg},
                                {"lat", lat_deg},
                                {"status", status},
                                {"at", FormatUtc(at)},
                                {"reported_by", c.request.principal.user_name}};
  // Stored before it is announced: a position the client saw acknowledged is never lost.
  const UnitPosition position{.unit_id = unit.source_id,
                              .at = at,
                              .lon = lon_deg,
                              .lat = lat_deg,
                              .status = status,
                              .reported_by = c.request.principal.user_name};
  if (Status s = c.backend.references->AppendUnitPosition(position); !s.ok()) {
    return ErrorResponse(s.error());
  }
  // As the units map layer shows it (the newest position, with who reported it).
  c.services.events->Publish("unit.position", event, "layers.get");
  return JsonResponse(event, 201);
}

void RegisterIngestHandlers(Router& router) {
  router.Add("ingest.record", IngestRecord);
  router.Add("ingest.bulk", IngestBulk);
  router.Add("units.position", PostUnitPosition);
}

}  // namespace vigil::server
