// Registration of the API's handlers, one function per group of routes, and helpers they
// share. Handlers parse parameters, call the store or an engine, and render JSON; they hold no
// security logic (the Router has authorised the request before they run).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "model/records.h"
#include "server/router.h"
#include "store/record_query.h"
#include "store/reference_store.h"

namespace vigil::server {

void RegisterAuthHandlers(Router& router);      // auth.*, account.*, users.*
void RegisterMapHandlers(Router& router);       // areas.*, layers.*, forecasts.*
void RegisterRecordHandlers(Router& router);    // incidents.*, calls.*, statistics.get
void RegisterPersonalHandlers(Router& router);  // persons.*, plate_reads.*, relations.*,
                                                // units.track
void RegisterAdminHandlers(Router& router);   // audit.*, backtests.*, patrol_plans.list/get, stream
void RegisterPatrolHandlers(Router& router);  // patrol_plans.create
void RegisterIngestHandlers(Router& router);  // ingest.*

// The {name} argument of the route as a positive integer id; kInvalidArgument otherwise.
Result<std::int64_t> IdArg(const ApiRequest& request, const std::string& name);
// The filter and page of a record list: from, to, category, district, offset, limit.
Result<RecordQuery> RecordQueryFrom(const ApiRequest& request);
// The body as a JSON object; kInvalidArgument when it is not JSON or not an object.
Result<nlohmann::json> JsonObjectBody(const ApiRequest& request);
// The store's unit with this source id; nullopt when it has none.
Result<std::optional<Unit>> FindUnit(ReferenceStore& refs, const std::string& unit_id);

nlohmann::json LocationJson(const std::optional<Location>& location);
nlohmann::json IncidentJson(std::int64_t id, const Incident& incident);
nlohmann::json CallJson(std::int64_t id, const Call& call);

}  // namespace vigil::server
