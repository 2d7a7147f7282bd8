// Calls for service of the synthetic city: the calls that precede citizen-reported incidents
// and the non-crime calls (EMS, fire, traffic, noise...) a police call centre also takes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "sim/incident_process.h"

namespace vigil::sim {
namespace {

struct CallType {
  const char* type;  // the call-taker's type text; "EMS:", "FIRE:", "TRAFFIC:" name the service
  const char* service;
  int priority;
  double weight;  // share of the non-crime calls
};

constexpr CallType kOtherCalls[] = {
    {"EMS: CARDIAC ARREST", "ems", 1, 0.04},
    {"EMS: FALL INJURY", "ems", 2, 0.08},
    {"EMS: BREATHING PROBLEM", "ems", 1, 0.06},
    {"EMS: SICK PERSON", "ems", 3, 0.10},
    {"FIRE: STRUCTURE FIRE", "fire", 1, 0.02},
    {"FIRE: ALARM", "fire", 3, 0.06},
    {"FIRE: SMOKE INVESTIGATION", "fire", 2, 0.03},
    {"TRAFFIC: COLLISION", "traffic", 2, 0.12},
    {"TRAFFIC: HAZARD", "traffic", 3, 0.06},
    {"TRAFFIC: ILLEGAL PARKING", "traffic", 4, 0.08},
    {"NOISE COMPLAINT", "police", 4, 0.12},
    {"SUSPICIOUS PERSON", "police", 3, 0.08},
    {"WELFARE CHECK", "police", 3, 0.07},
    {"LOST PROPERTY", "police", 5, 0.05},
    {"MISSING PERSON", "police", 2, 0.03},
};

// Call type text and priority of the call before an incident of each category.
constexpr std::pair<const char*, int> kIncidentCalls[] = {
    {"ROBBERY", 1},        {"THEFT REPORT", 3},  {"ASSAULT", 1},
    {"SEXUAL ASSAULT", 1}, {"BURGLARY", 2},      {"VEHICLE THEFT", 3},
    {"FRAUD REPORT", 4},   {"DRUG ACTIVITY", 3}, {"DISTURBANCE", 3},
};

struct Pending {
  Call call;
  std::size_t order = 0;  // generation order, the tie-break of the sort
};

}  // namespace

void SimulateCalls(const Layout& layout, const std::vector<Incident>& incidents,
                   const SimPeriod& period, double other_calls_per_day, TimeZone& zone, Rng& rng,
                   std::vector<Call>* calls) {
  std::vector<Pending> pending;
  Rng irng = rng.Fork(1);
  for (const Incident& inc : incidents) {
    if (inc.origin != Origin::kCitizenCall || !irng.Bernoulli(0.92)) continue;
    Call call;
    const auto& [type, priority] = kIncidentCalls[static_cast<std::size_t>(inc.category)];
    call.call_type = type;
    call.service = "police";
    call.category = inc.category;
    call.priority = priority;
    const auto before = static_cast<UnixSeconds>(irng.Uniform(30, 600));
    call.received_at = std::max(inc.occurred_at, inc.reported_at - before);
    call.location = inc.location;
    call.address = inc.address;
    call.district = inc.district;
    pending.push_back({std::move(call), pending.size()});
  }

  Rng orng = rng.Fork(2);
  std::vector<double> type_weights;
  for (const CallType& t : kOtherCalls) type_weights.push_back(t.weight);
  const Discrete types(type_weights);
  std::vector<double> cell_weights(layout.cell_population.size());
  for (std::size_t c = 0; c < cell_weights.size(); ++c) {
    cell_weights[c] = layout.cell_population[c] + 200 * layout.cell_land[c][1];
  }
  const Discrete cells(cell_weights);
  std::array<double, 24> hourly{};
  for (int h = 0; h < 24; ++h) {
    hourly[static_cast<std::size_t>(h)] =
        1 + 0.5 * std::cos(2 * 3.141592653589793 * (h + 0.5 - 18) / 24);
  }
  const Discrete hours(hourly);
  const geo::Grid& grid = layout.grid();
  for (int d = 0; d < period.days; ++d) {
    const std::int64_t n = orng.Poisson(other_calls_per_day);
    for (std::int64_t i = 0; i < n; ++i) {
      const CallType& t = kOtherCalls[types.Sample(orng)];
      LocalDateTime local = CivilFromUnix((period.first_day + d) * 86400);
      local.hour = static_cast<int>(hours.Sample(orng));
      local.minute = static_cast<int>(orng.Index(60));
      local.second = static_cast<int>(orng.Index(60));
      const auto c = static_cast<std::int64_t>(cells.Sample(orng));
      const double x = grid.CenterX(c) + orng.Uniform(-0.5, 0.5) * grid.cell_size;
      const double y = grid.CenterY(c) + orng.Uniform(-0.5, 0.5) * grid.cell_size;
      Call call;
      call.call_type = t.type;
      call.service = t.service;
      call.category = Category::kOther;
      call.priority = t.priority;
      call.received_at = zone.ToUtc(local);
      call.location = layout.Locate(x, y);
      call.address = layout.AddressAt(x, y);
      const AreaFeature* district = layout.DistrictAt(x, y);
      call.district = district != nullptr ? district->code : "";
      pending.push_back({std::move(call), pending.size()});
    }
  }
  std::sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
    if (a.call.received_at != b.call.received_at) return a.call.received_at < b.call.received_at;
    return a.order < b.order;
  });
  calls->clear();
  calls->reserve(pending.size());
  char id[32];
  for (std::size_t i = 0; i < pending.size(); ++i) {
    Call call = std::move(pending[i].call);
    call.source = "vigil-sim";
    std::snprintf(id, sizeof(id), "C%07zu", i + 1);
    call.source_id = id;
    calls->push_back(std::move(call));
  }
}

}  // namespace vigil::sim
