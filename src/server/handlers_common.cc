#include "core/text.h"
#include "server/handlers.h"
#include "server/request_parsing.h"

namespace vigil::server {

Result<std::int64_t> IdArg(const ApiRequest& request, const std::string& name) {
  auto it = request.args.find(name);
  long long id = 0;
  if (it == request.args.end() || !ParseInt64(it->second, &id) || id < 1) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + name + "' must be a positive integer id");
  }
  return static_cast<std::int64_t>(id);
}

Result<RecordQuery> RecordQueryFrom(const ApiRequest& request) {
  const QueryParams params(request.params);
  RecordQuery query;
  auto from = params.Time("from");
  if (!from.ok()) return from.error();
  query.from = *from;
  auto to = params.Time("to");
  if (!to.ok()) return to.error();
  query.to = *to;
  if (auto category = params.Text("category")) {
    auto parsed = ParseCategory(*category);
    if (!parsed) {
      return MakeError(ErrorCode::kInvalidArgument, "unknown category '" + *category + "'");
    }
    query.category = *parsed;
  }
  query.district = params.Text("district");
  auto offset = params.Int("offset", 0, 1'000'000'000);
  if (!offset.ok()) return offset.error();
  query.offset = offset->value_or(0);
  auto limit = params.Int("limit", 1, 1000);
  if (!limit.ok()) return limit.error();
  query.limit = limit->value_or(100);
  VIGIL_RETURN_IF_ERROR(query.Validate());
  return query;
}

Result<std::optional<Unit>> FindUnit(ReferenceStore& refs, const std::string& unit_id) {
  auto units = refs.ListUnits();
  if (!units.ok()) return units.error();
  for (Unit& unit : *units) {
    if (unit.source_id == unit_id) return std::optional<Unit>(std::move(unit));
  }
  return std::optional<Unit>();
}

Result<nlohmann::json> JsonObjectBody(const ApiRequest& request) {
  auto body = ParseJsonBody(request.body);
  if (!body.ok()) return body.error();
  if (!body->is_object()) {
    return MakeError(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  return body;
}

nlohmann::json LocationJson(const std::optional<Location>& location) {
  if (!location) return nullptr;
  return {{"lon", location->lon}, {"lat", location->lat}, {"x", location->x}, {"y", location->y}};
}

nlohmann::json IncidentJson(std::int64_t id, const Incident& i) {
  return {{"id", id},
          {"source", i.source},
          {"source_id", i.source_id},
          {"category", std::string(CategoryName(i.category))},
          {"source_code", i.source_code},
          {"source_description", i.source_description},
          {"occurred_at", FormatUtc(i.occurred_at)},
          {"reported_at", FormatUtc(i.reported_at)},
          {"location", LocationJson(i.location)},
          {"address", i.address},
          {"district", i.district},
          {"neighborhood", i.neighborhood},
          {"beat", i.beat},
          {"origin", std::string(OriginName(i.origin))}};
}

nlohmann::json CallJson(std::int64_t id, const Call& c) {
  return {{"id", id},
          {"source", c.source},
          {"source_id", c.source_id},
          {"call_type", c.call_type},
          {"service", c.service},
          {"category", std::string(CategoryName(c.category))},
          {"priority", c.priority},
          {"received_at", FormatUtc(c.received_at)},
          {"location", LocationJson(c.location)},
          {"address", c.address},
          {"district", c.district}};
}

}  // namespace vigil::server
