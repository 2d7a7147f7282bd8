// Personal data: persons of interest, plate reads, relations, and where an officer's unit has
// been (its track). Every read writes its audit
// record (who, when, from where, what, purpose) first, through security::AuditedRead; when
// the record cannot be written nothing is served (503 audit_unavailable).
#include "server/handlers.h"
#include "server/request_parsing.h"

namespace vigil::server {
namespace {

using nlohmann::json;

json PersonJson(const PersonOfInterest& p) {
  return {
      {"id", p.source_id},
      {"full_name", p.full_name},
      {"birth_year", p.birth_year ? json(*p.birth_year) : json(nullptr)},
      {"status", p.status},
      {"offence_category",
       p.offence_category ? json(std::string(CategoryName(*p.offence_category))) : json(nullptr)},
      {"location", LocationJson(p.location)}};
}

json PlateReadJson(const PlateRead& r) {
  return {{"id", r.source_id},
          {"plate", r.plate},
          {"camera_id", r.camera_id},
          {"read_at", FormatUtc(r.read_at)},
          {"location", LocationJson(r.location)}};
}

json RelationJson(const Relation& r) {
  return {{"id", r.source_id},
          {"kind", r.kind},
          {"from_id", r.from_id},
          {"to_id", r.to_id},
          {"at", r.at ? json(FormatUtc(*r.at)) : json(nullptr)},
          {"weight", r.weight}};
}

// Runs `read` (returning Result<json>; json null = not found) behind an audit record.
template <typename Read>
ApiResponse Audited(HandlerContext& c, Read&& read) {
  auto event = AuditEventFor(c.request, c.request.method, "served");
  event.details = json{{"query", c.request.params}}.dump();
  Result<json> served = security::AuditedRead(c.backend.audit, event, std::forward<Read>(read));
  if (!served.ok()) {
    if (served.error().code == ErrorCode::kFailedPrecondition) {
      return ErrorResponse(ApiError::kAuditUnavailable,
                           "personal data is not served while the audit trail cannot be written");
    }
    return ErrorResponse(served.error());
  }
  if (served->is_null()) return ErrorResponse(ApiError::kNotFound, "no such record");
  return JsonResponse(*served);
}

Result<std::int64_t> Limit(const ApiRequest& request) {
  auto limit = QueryParams(request.params).Int("limit", 1, 1000);
  if (!limit.ok()) return limit.error();
  return limit->value_or(100);
}

ApiResponse ListPersons(HandlerContext& c) {
  auto limit = Limit(c.request);
  if (!limit.ok()) return ErrorResponse(limit.error());
  return Audited(c, [&]() -> Result<json> {
    auto persons = c.backend.references->ListPersonsOfInterest();
    if (!persons.ok()) return persons.error();
    json items = json::array();
    for (const PersonOfInterest& p : *persons) {
      if (static_cast<std::int64_t>(items.size()) >= *limit) break;
      items.push_back(PersonJson(p));
    }
    return json{{"items", std::move(items)}, {"total", persons->size()}};
  });
}

ApiResponse GetPerson(HandlerContext& c) {
  const std::string id = c.request.args.at("id");
  return Audited(c, [&]() -> Result<json> {
    auto persons = c.backend.references->ListPersonsOfInterest();
    if (!persons.ok()) return persons.error();
    for (const PersonOfInterest& p : *persons) {
      if (p.source_id == id) return PersonJson(p);
    }
    return json(nullptr);
  });
}

ApiResponse ListPlateReads(HandlerContext& c) {
  const QueryParams params(c.request.params);
  PlateReadFilter filter;
  filter.plate = params.Text("plate");
  auto from = params.Time("from");
  if (!from.ok()) return ErrorResponse(from.error());
  filter.read_from = *from;
  auto to = params.Time("to");
  if (!to.ok()) return ErrorResponse(to.error());
  filter.read_to = *to;
  auto limit = Limit(c.request);
  if (!limit.ok()) return ErrorResponse(limit.error());
  return Audited(c, [&]() -> Result<json> {
    json items = json::array();
    std::int64_t total = 0;
    const Status read = c.backend.references->ForEachPlateRead(filter, [&](const PlateRead& r) {
      if (total++ < *limit) items.push_back(PlateReadJson(r));
    });
    if (!read.ok()) return read.error();
    return json{{"items", std::move(items)}, {"total", total}};
  });
}

ApiResponse GetPlateRead(HandlerContext& c) {
  const std::string id = c.request.args.at("id");
  return Audited(c, [&]() -> Result<json> {
    json found = nullptr;
    const Status read = c.backend.references->ForEachPlateRead({}, [&](const PlateRead& r) {
      if (r.source_id == id) found = PlateReadJson(r);
    });
    if (!read.ok()) return read.error();
    return found;
  });
}

ApiResponse ListRelations(HandlerContext& c) {
  const std::string kind = QueryParams(c.request.params).Text("kind").value_or("");
  auto limit = Limit(c.request);
  if (!limit.ok()) return ErrorResponse(limit.error());
  return Audited(c, [&]() -> Result<json> {
    json items = json::array();
    std::int64_t total = 0;
    const Status read = c.backend.references->ForEachRelation(kind, [&](const Relation& r) {
      if (total++ < *limit) items.push_back(RelationJson(r));
    });
    if (!read.ok()) return read.error();
    return json{{"items", std::move(items)}, {"total", total}};
  });
}

// The relations touching one entity id (either end), for link analysis.
ApiResponse RelationLinks(HandlerContext& c) {
  const std::string id = c.request.args.at("id");
  auto limit = Limit(c.request);
  if (!limit.ok()) return ErrorResponse(limit.error());
  return Audited(c, [&]() -> Result<json> {
    json items = json::array();
    std::int64_t total = 0;
    const Status read = c.backend.references->ForEachRelation("", [&](const Relation& r) {
      if (r.from_id != id && r.to_id != id) return;
      if (total++ < *limit) items.push_back(RelationJson(r));
    });
    if (!read.ok()) return read.error();
    return json{{"entity", id}, {"items", std::move(items)}, {"total", total}};
  });
}

// GET /api/v1/units/{id}/track?from=T&to=T&limit=N: the unit's stored positions taken in
// [from, to) (default: the 12 hours to now), earliest first, at most `limit` (1-10,000,
// default 1,000; `truncated` says more were stored), and the same as a GeoJSON LineString
// (null below two positions). 404 for a unit the store does not have.
ApiResponse GetUnitTrack(HandlerContext& c) {
  constexpr UnixSeconds kDefaultWindow = UnixSeconds{12} * 3600;
  const QueryParams params(c.request.params);
  auto to = params.Time("to");
  if (!to.ok()) return ErrorResponse(to.error());
  auto from = params.Time("from");
  if (!from.ok()) return ErrorResponse(from.error());
  const UnixSeconds to_at = to->value_or(c.services.clock->Now());
  const UnixSeconds from_at = from->value_or(to_at - kDefaultWindow);
  if (from_at >= to_at) {
    return ErrorResponse(ApiError::kBadRequest, "'from' must be before 'to'", {{"field", "from"}});
  }
  auto limit = params.Int("limit", 1, 10000);
  if (!limit.ok()) return ErrorResponse(limit.error());
  const std::int64_t max_positions = limit->value_or(1000);
  const std::string unit_id = c.request.args.at("id");
  return Audited(c, [&]() -> Result<json> {
    auto found = FindUnit(*c.backend.references, unit_id);
    if (!found.ok()) return found.error();
    if (!*found) return json(nullptr);
    const Unit& unit = **found;
    // One more than asked for tells whether the window holds more.
    auto track = c.backend.references->UnitTrack(unit_id, from_at, to_at, max_positions + 1);
    if (!track.ok()) return track.error();
    const bool truncated = static_cast<std::int64_t>(track->size()) > max_positions;
    if (truncated) track->pop_back();
    json positions = json::array();
    json coordinates = json::array();
    for (const UnitPosition& p : *track) {
      positions.push_back({{"at", FormatUtc(p.at)},
                           {"lon", p.lon},
                           {"lat", p.lat},
                           {"status", p.status},
                           {"reported_by", p.reported_by}});
      coordinates.push_back({p.lon, p.lat});
    }
    json line = nullptr;
    if (coordinates.size() >= 2) {
      line = {{"type", "LineString"}, {"coordinates", std::move(coordinates)}};
    }
    return json{
        {"unit", unit.source_id}, {"call_sign", unit.call_sign},       {"from", FormatUtc(from_at)},
        {"to", FormatUtc(to_at)}, {"positions", std::move(positions)}, {"truncated", truncated},
        {"line", std::move(line)}};
  });
}

}  // namespace

void RegisterPersonalHandlers(Router& router) {
  router.Add("persons.list", ListPersons);
  router.Add("persons.get", GetPerson);
  router.Add("plate_reads.list", ListPlateReads);
  router.Add("plate_reads.get", GetPlateRead);
  router.Add("relations.list", ListRelations);
  router.Add("relations.links", RelationLinks);
  router.Add("units.track", GetUnitTrack);
}

}  // namespace vigil::server
