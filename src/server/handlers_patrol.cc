// POST /api/v1/patrol-plans: one shift's patrol plan from a stored forecast, planned by the
// planner `vigil patrol` uses (patrol/shift_plan.h), along the roads when the server was
// started with a road file (road_service.h), in straight lines otherwise. Saved as
// --reports-dir/patrol-plans/NAME.json when the server has a reports directory, so
// patrol_plans.list and patrol_plans.get serve it.
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/time.h"
#include "patrol/plan_geojson.h"
#include "patrol/shift_plan.h"
#include "server/geojson.h"
#include "server/handlers.h"
#include "server/report_files.h"
#include "server/road_service.h"

namespace vigil::server {
namespace {

using nlohmann::json;

// Server-side ceilings: a handler runs on an I/O thread, so one request may not search long.
constexpr double kMaxTimeLimitS = 30;
constexpr int kMaxIterations = 100'000;
constexpr int kMaxCandidates = 5'000;
constexpr int kMaxCars = 500;

Error FieldError(const std::string& field, const std::string& what) {
  return MakeError(ErrorCode::kInvalidArgument, "'" + field + "' " + what);
}

// Reads optional members of a JSON object, naming the field (with its path) when one has the
// wrong type. The first error sticks; later reads are skipped.
class FieldReader {
 public:
  FieldReader(const json& object, std::string prefix)
      : object_(object), prefix_(std::move(prefix)) {}

  void Number(const char* name, double* out) {
    const json* v = Find(name);
    if (v == nullptr) return;
    if (!v->is_number()) return Fail(name, "must be a number");
    *out = v->get<double>();
  }
  template <class Int>
  void Integer(const char* name, Int* out, std::int64_t min, std::int64_t max) {
    const json* v = Find(name);
    if (v == nullptr) return;
    if (!v->is_number_integer() && !v->is_number_unsigned()) {
      return Fail(name, "must be an integer");
    }
    const auto value = v->get<std::int64_t>();
    if (value < min || value > max) {
      return Fail(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    *out = static_cast<Int>(value);
  }
  void Bool(const char* name, bool* out) {
    const json* v = Find(name);
    if (v == nullptr) return;
    if (!v->is_boolean()) return Fail(name, "must be true or false");
    *out = v->get<bool>();
  }
  void Text(const char* name, std::string* out) {
    const json* v = Find(name);
    if (v == nullptr) return;
    if (!v->is_string()) return Fail(name, "must be a string");
    *out = v->get<std::string>();
  }
  void TextList(const char* name, std::vector<std::string>* out) {
    const json* v = Find(name);
    if (v == nullptr) return;
    if (!v->is_array()) return Fail(name, "must be an array of strings");
    for (const json& item : *v) {
      if (!item.is_string()) return Fail(name, "must be an array of strings");
      out->push_back(item.get<std::string>());
    }
  }
  // A UTC instant: ISO 8601 text or seconds since the epoch.
  void Time(const char* name, std::optional<UnixSeconds>* out) {
    const json* v = Find(name);
    if (v == nullptr) return;
    if (v->is_number_integer()) {
      *out = v->get<UnixSeconds>();
      return;
    }
    if (!v->is_string()) return Fail(name, "must be ISO 8601 UTC text or epoch seconds");
    auto parsed = ParseUtc(v->get<std::string>());
    if (!parsed.ok()) return Fail(name, "must be ISO 8601 UTC text or epoch seconds");
    *out = *parsed;
  }
  std::string Path(const char* name) const { return prefix_ + name; }
  const Status& status() const { return status_; }

 private:
  const json* Find(const char* name) {
    if (!status_.ok()) return nullptr;
    const auto it = object_.find(name);
    if (it == object_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  void Fail(const char* name, const std::string& what) { status_ = FieldError(Path(name), what); }

  const json& object_;
  std::string prefix_;
  Status status_ = Status::Ok();
};

// What a create request asks for, parsed from its body (docs/api.md).
struct PlanBody {
  std::string name;  // report id; "" = made from the clock
  std::optional<UnixSeconds> shift_start;
  std::int64_t forecast_id = 0;  // 0 = by category and model
  std::string category;
  std::string model;
  int call_weeks = 8;  // weeks of calls behind each district's predicted calls; 0 = none
  patrol::ShiftPlanRequest request;
};

Result<PlanBody> ParsePlanBody(const json& body) {
  PlanBody out;
  out.request.shift_hours = 8;
  out.request.time_limit_s = 2;
  FieldReader top(body, "");
  top.Text("name", &out.name);
  top.Time("shift_start", &out.shift_start);
  top.Number("shift_hours", &out.request.shift_hours);
  top.Integer("cars", &out.request.cars, 0, kMaxCars);
  top.Integer("forecast_id", &out.forecast_id, 1, INT64_MAX);
  top.Text("category", &out.category);
  top.Text("model", &out.model);
  if (!top.status().ok()) return top.status().error();
  if (!out.name.empty() && !IsReportId(out.name)) {
    return FieldError("name",
                      "must be 1-128 letters, digits, '-', '_' or '.', not starting with '.'");
  }
  if (out.forecast_id == 0 && out.category.empty()) {
    return FieldError("forecast_id",
                      "is required unless 'category' (and optionally 'model') is given");
  }
  if (!out.category.empty() && out.category != "major" && !ParseCategory(out.category)) {
    return FieldError("category", "is not a known category");
  }
  if (const auto it = body.find("options"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) return FieldError("options", "must be an object");
    patrol::ShiftPlanRequest& r = out.request;
    FieldReader o(*it, "options.");
    o.Number("dwell_min", &r.dwell_min);
    o.Number("speed_kmh", &r.speed_kmh);
    o.Integer("candidates", &r.candidates, 1, kMaxCandidates);
    o.Integer("seed", &r.seed, 0, INT64_MAX);
    o.Integer("iterations", &r.iterations, 0, kMaxIterations);
    o.Number("time_limit_s", &r.time_limit_s);
    o.Bool("randomise", &r.randomise);
    o.Number("near_optimal_percent", &r.near_optimal_percent);
    o.Number("repeat_fraction", &r.repeat_fraction);
    o.TextList("priority", &r.priority);
    o.TextList("no_go", &r.no_go);
    o.Text("allocate_by", &r.allocate_by);
    o.Integer("min_per_district", &r.min_per_district, 0, kMaxCars);
    o.Integer("call_weeks", &out.call_weeks, 0, 52);
    if (!o.status().ok()) return o.status().error();
    if (!(r.time_limit_s <= kMaxTimeLimitS)) {
      return FieldError("options.time_limit_s", "must be at most 30 on the server");
    }
  }
  // The request's own checks name the field as the body does ("shift_hours", "dwell_min", ...).
  if (Status s = out.request.Validate(); !s.ok()) {
    const std::string& m = s.error().message;
    const bool top_level = m.rfind("shift_hours", 0) == 0 || m.rfind("cars", 0) == 0;
    return MakeError(ErrorCode::kInvalidArgument, (top_level ? "" : "options.") + m);
  }
  return out;
}

// The stored forecast the body names: by id, or the newest of category (and model) whose
// slot contains the shift start.
Result<std::int64_t> ChooseForecast(ForecastStore& forecasts, const PlanBody& body,
                                    UnixSeconds shift_start) {
  if (body.forecast_id != 0) return body.forecast_id;
  ForecastFilter filter{.category = body.category, .covering = shift_start, .limit = 1};
  if (!body.model.empty()) filter.model = body.model;
  auto found = forecasts.List(filter);
  if (!found.ok()) return found.error();
  if (found->empty()) {
    return MakeError(ErrorCode::kNotFound,
                     "no stored forecast of category '" + body.category + "'" +
                         (body.model.empty() ? "" : " and model '" + body.model + "'") +
                         " covers the shift start " + FormatUtc(shift_start));
  }
  return found->front().id;
}

// "plan-20240301T080000Z" from the shift start, with "-2", "-3", ... when taken.
std::string DefaultName(const std::string& directory, UnixSeconds shift_start) {
  std::string stamp = FormatUtc(shift_start);
  std::erase(stamp, '-');
  std::erase(stamp, ':');
  const std::string base = "plan-" + stamp;
  std::set<std::string> taken;
  if (!directory.empty()) {
    for (const ReportFile& f : ListReportFiles(directory, {".json", ".geojson"})) {
      taken.insert(f.id);
    }
  }
  std::string name = base;
  for (int n = 2; taken.contains(name); ++n) name = base + "-" + std::to_string(n);
  return name;
}

// Road travel for a plan in `crs`: the times of the server's road network and the road
// polyline of each leg. Both empty without a road file.
struct RoadTravel {
  patrol::TravelTimesFactory times;
  patrol::LegLonLat legs;
};

// With no-go areas the server's network is rebuilt without their roads for this request
// (a contraction of the whole graph: seconds on a city).
Result<RoadTravel> RoadTravelFor(HandlerContext& c, const std::string& crs,
                                 const patrol::ShiftPlanRequest& request) {
  const RoadService* roads = c.services.roads;
  if (roads == nullptr) return RoadTravel{};
  auto stations = c.backend.references->ListStations();
  if (!stations.ok()) return stations.error();
  std::shared_ptr<const patrol::RoadNetwork> network = roads->network;
  if (!request.no_go.empty()) {
    auto no_go = patrol::NoGoShapes(*c.backend.references, request);
    if (!no_go.ok()) return no_go.error();
    std::vector<geo::XY> station_points;  // their cars must get out
    for (const Station& st : *stations)
      station_points.push_back({st.location.lon, st.location.lat});
    auto avoiding =
        roads->avoiding->Get(*no_go, station_points, c.services.options->road_max_snap_m);
    if (!avoiding.ok()) return avoiding.error();
    network = std::move(*avoiding);
  }
  auto projector = c.backend.projectors.Get(crs, network->graph.crs());
  if (!projector.ok()) return projector.error();
  const patrol::ToGraphXY to_graph = patrol::ToGraphThrough(*projector);
  const patrol::RoadTravelOptions options{.max_snap_m = c.services.options->road_max_snap_m,
                                          .required_sites = static_cast<int>(stations->size())};
  // Times and leg geometry both come from `network`: without the no-go roads when asked.
  auto legs = std::make_shared<patrol::RoadLegs>(network, to_graph, options);
  return RoadTravel{.times = patrol::MakeRoadTravelFactory(network, to_graph, options),
                    .legs = [legs](const patrol::Point& a, const patrol::Point& b) {
                      return legs->LonLat(a, b);
                    }};
}

ApiResponse CreatePatrolPlan(HandlerContext& c) {
  auto body = JsonObjectBody(c.request);
  if (!body.ok()) return ErrorResponse(body.error());
  auto parsed = ParsePlanBody(*body);
  if (!parsed.ok()) return ErrorResponse(parsed.error());
  const UnixSeconds shift_start = parsed->shift_start.value_or(c.services.clock->Now());

  auto crs = c.backend.store->GetSetting("city.crs");
  if (!crs.ok()) return ErrorResponse(crs.error());
  if (!*crs) {
    return ErrorResponse(ApiError::kFailedPrecondition,
                         "the store has no city CRS yet; load located records first");
  }
  auto forecast_id = ChooseForecast(*c.backend.forecasts, *parsed, shift_start);
  if (!forecast_id.ok()) return ErrorResponse(forecast_id.error());
  auto header = c.backend.forecasts->Header(*forecast_id);
  if (!header.ok()) return ErrorResponse(header.error());
  auto forecast = patrol::LoadStoredForecast(*c.backend.forecasts, *forecast_id);
  if (!forecast.ok()) return ErrorResponse(forecast.error());
  auto travel = RoadTravelFor(c, **crs, parsed->request);
  if (!travel.ok()) return ErrorResponse(travel.error());
  // With allocate_by, each district's workload adds its predicted calls: the same hours of the
  // week over the call_weeks weeks before the forecast's slot (as `vigil patrol`).
  std::optional<patrol::CallHistory> calls;
  if (!parsed->request.allocate_by.empty() && parsed->call_weeks > 0) {
    auto history = patrol::LoadCallHistory(c.backend.db, forecast->slot_start, parsed->call_weeks);
    if (!history.ok()) return ErrorResponse(history.error());
    calls = std::move(*history);
  }
  auto shift = patrol::PlanShift(forecast->forecast, **crs, *c.backend.references, parsed->request,
                                 travel->times, false, calls ? &*calls : nullptr);
  if (!shift.ok()) return ErrorResponse(shift.error());
  auto to_lon_lat = patrol::LonLatFromCrs(**crs);
  if (!to_lon_lat.ok()) return ErrorResponse(to_lon_lat.error());
  auto geojson = patrol::PlanToGeoJson(shift->plan, *to_lon_lat, travel->legs);
  if (!geojson.ok()) return ErrorResponse(geojson.error());

  const std::string& root = c.services.options->reports_dir;
  const std::string directory = root.empty() ? "" : root + "/patrol-plans";
  const std::string name =
      parsed->name.empty() ? DefaultName(directory, shift_start) : parsed->name;
  json districts = json::array();
  for (const patrol::DistrictPlan& d : shift->districts) {
    districts.push_back({{"code", d.code},
                         {"workload", d.workload},
                         {"cars", d.cars},
                         {"stops", d.plan.stops},
                         {"risk_covered", d.plan.risk_covered}});
  }
  json plan = {
      {"id", name},
      {"saved", !directory.empty()},
      {"created_by", c.request.principal.user_name},
      {"created_at", FormatUtc(c.services.clock->Now())},
      {"shift_start", FormatUtc(shift_start)},
      {"shift_hours", parsed->request.shift_hours},
      {"travel", travel->times ? "roads" : "straight lines"},
      {"workload", calls ? "risk and predicted calls (" + std::to_string(calls->calls.size()) +
                               " calls in the " + std::to_string(calls->weeks) + " weeks before)"
                         : std::string("risk")},
      {"forecast", ForecastHeaderJson(*forecast_id, *header)},
      {"summary",
       {{"cars", shift->plan.cars.size()},
        {"stops", shift->plan.stops},
        {"risk_covered", shift->plan.risk_covered},
        {"candidate_sites", shift->plan.candidate_sites},
        {"iterations", shift->plan.iterations}}},
      {"districts", std::move(districts)},
      {"plan", json::parse(*geojson)}};
  const std::string text = plan.dump();
  if (!directory.empty()) {
    if (Status s = WriteNewReportFile(directory, name, ".json", text, {".json", ".geojson"});
        !s.ok()) {
      return ErrorResponse(s.error());
    }
  }
  return ApiResponse{.status = 201, .content_type = "application/json", .body = text};
}

}  // namespace

void RegisterPatrolHandlers(Router& router) { router.Add("patrol_plans.create", CreatePatrolPlan); }

}  // namespace vigil::server
