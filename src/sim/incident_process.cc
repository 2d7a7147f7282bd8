// The known incident model: category parameters and the cluster (branching) simulation.
#include "sim/incident_process.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <numeric>
#include <string>

namespace vigil::sim {
namespace {

struct CategorySpec {
  Category category;
  double theta;
  double omega;
  double share;      // share of all incidents
  double peak_hour;  // local hour of the daily peak
  double amplitude;  // strength of the daily cycle
  double weekend;    // Saturday weight relative to a weekday
  double officer;    // officer-initiated share
  double late;       // reported days later
  std::array<double, kCovariateCount> beta;
};

// Covariates: log_pop_density, commercial, industrial, green, bar, transit, school, nightclub.
constexpr CategorySpec kSpecs[] = {
    {Category::kRobbery,
     0.35,
     0.5,
     0.04,
     23.0,
     0.8,
     1.20,
     0.05,
     0.02,
     {0.5, 1.5, 0.0, 0.3, 0.8, 0.6, 0.0, 0.5}},
    {Category::kTheft,
     0.25,
     0.8,
     0.30,
     15.0,
     0.6,
     1.10,
     0.05,
     0.05,
     {0.4, 2.0, 0.0, -0.5, 0.5, 0.8, 0.0, 0.3}},
    {Category::kAssault,
     0.30,
     0.6,
     0.17,
     23.5,
     1.0,
     1.35,
     0.10,
     0.02,
     {0.5, 1.2, 0.0, 0.0, 1.0, 0.3, 0.0, 1.0}},
    {Category::kSexualViolence,
     0.20,
     0.3,
     0.04,
     0.0,
     0.9,
     1.30,
     0.02,
     0.12,
     {0.6, 0.8, 0.0, 0.4, 0.6, 0.3, 0.2, 0.6}},
    {Category::kBurglary,
     0.45,
     0.4,
     0.09,
     13.0,
     0.5,
     0.85,
     0.02,
     0.08,
     {1.0, -0.3, 0.3, -0.5, 0.0, 0.0, 0.0, 0.0}},
    {Category::kVehicleTheft,
     0.35,
     0.3,
     0.06,
     2.0,
     0.7,
     1.00,
     0.05,
     0.06,
     {0.6, 0.3, 1.0, 0.0, 0.0, 0.3, 0.0, 0.0}},
    {Category::kFraud,
     0.20,
     1.0,
     0.12,
     13.0,
     0.8,
     0.60,
     0.02,
     0.30,
     {0.8, 1.0, 0.0, -1.0, 0.0, 0.3, 0.0, 0.0}},
    {Category::kDrugs,
     0.50,
     0.25,
     0.06,
     21.0,
     0.7,
     1.15,
     0.80,
     0.00,
     {0.3, 0.8, 0.5, 0.6, 0.6, 0.4, 0.0, 0.8}},
    {Category::kDisorder,
     0.40,
     0.9,
     0.12,
     23.0,
     0.9,
     1.40,
     0.35,
     0.00,
     {0.5, 1.0, 0.0, 0.3, 1.0, 0.5, 0.2, 0.8}},
};

constexpr double kIncidentsPerDay = 61.6;  // all categories, offspring included, scale 1

const char* const kDescriptions[][3] = {
    {"Street robbery", "Robbery of a store", "Purse snatching with force"},
    {"Theft from person", "Shoplifting", "Bicycle theft"},
    {"Simple assault", "Aggravated assault", "Fight in a public place"},
    {"Sexual assault", "Indecent assault", "Sexual harassment with contact"},
    {"Residential burglary", "Commercial burglary", "Attempted burglary"},
    {"Theft of a car", "Theft of a motorcycle", "Theft from a vehicle"},
    {"Phone scam", "Online purchase fraud", "Card fraud"},
    {"Possession of narcotics", "Drug dealing", "Drug use in public"},
    {"Public disturbance", "Vandalism", "Drunk and disorderly"},
};

std::array<double, 24> HourlyWeights(double peak, double amplitude) {
  std::array<double, 24> w{};
  for (int h = 0; h < 24; ++h) {
    const double phase = 2 * std::numbers::pi * (h + 0.5 - peak) / 24;
    w[static_cast<std::size_t>(h)] = std::exp(amplitude * std::cos(phase));
  }
  const double mean = std::accumulate(w.begin(), w.end(), 0.0) / 24;
  for (double& v : w) v = std::round(v / mean * 1e6) / 1e6;
  return w;
}

std::array<double, 7> WeekdayWeights(double weekend) {
  std::array<double, 7> w = {
      1.0, 0.97, 1.0, 1.02, (1 + weekend) / 2 + 0.05, weekend, (1 + weekend) / 2 - 0.05};
  const double mean = std::accumulate(w.begin(), w.end(), 0.0) / 7;
  for (double& v : w) v = std::round(v / mean * 1e6) / 1e6;
  return w;
}

int WeekdayOf(std::int64_t days_since_epoch) {  // Monday = 0; 1970-01-01 was a Thursday
  return static_cast<int>(((days_since_epoch % 7) + 7 + 3) % 7);
}

struct Event {
  double t = 0;  // UTC seconds
  double x = 0, y = 0;
  std::int64_t cell = 0;
  std::int64_t parent = -1;
  std::size_t category = 0;  // index into truth
};

}  // namespace

std::vector<CategoryTruth> DefaultCategoryTruth(const Layout& layout, double scale) {
  std::vector<CategoryTruth> out;
  for (const CategorySpec& spec : kSpecs) {
    CategoryTruth t;
    t.category = spec.category;
    t.theta = spec.theta;
    t.omega_per_day = spec.omega;
    t.background_per_day = kIncidentsPerDay * spec.share * (1 - spec.theta) * scale;
    t.hourly = HourlyWeights(spec.peak_hour, spec.amplitude);
    t.weekday = WeekdayWeights(spec.weekend);
    t.beta = spec.beta;
    t.officer_share = spec.officer;
    t.late_report_share = spec.late;
    double sum = 0;
    for (const auto& z : layout.cell_covariates) {
      double s = 0;
      for (std::size_t j = 0; j < z.size(); ++j) s += t.beta[j] * z[j];
      sum += std::exp(s);
    }
    t.intercept = std::log(t.background_per_day / sum);
    out.push_back(t);
  }
  return out;
}

std::vector<double> BackgroundRates(const Layout& layout, const CategoryTruth& truth) {
  std::vector<double> mu;
  mu.reserve(layout.cell_covariates.size());
  for (const auto& z : layout.cell_covariates) {
    double s = truth.intercept;
    for (std::size_t j = 0; j < z.size(); ++j) s += truth.beta[j] * z[j];
    mu.push_back(std::exp(s));
  }
  return mu;
}

Status SimulateIncidents(const Layout& layout, const std::vector<CategoryTruth>& truth,
                         const SimPeriod& period, TimeZone& zone, Rng& rng,
                         std::vector<Incident>* incidents,
                         std::vector<IncidentTruth>* incident_truth) {
  const geo::Grid& grid = layout.grid();
  std::vector<Event> events;
  for (std::size_t k = 0; k < truth.size(); ++k) {
    const CategoryTruth& tr = truth[k];
    Rng crng = rng.Fork(k);
    const Discrete cells(BackgroundRates(layout, tr));
    std::vector<double> day_weights(static_cast<std::size_t>(period.days));
    for (int d = 0; d < period.days; ++d) {
      day_weights[static_cast<std::size_t>(d)] =
          tr.weekday[static_cast<std::size_t>(WeekdayOf(period.first_day + d))];
    }
    const Discrete days(day_weights);
    const Discrete hours(tr.hourly);
    const std::size_t first = events.size();
    // Background: an inhomogeneous Poisson process, piecewise constant per local hour.
    const std::int64_t n = crng.Poisson(tr.background_per_day * days.total());
    for (std::int64_t i = 0; i < n; ++i) {
      const auto d = static_cast<std::int64_t>(days.Sample(crng));
      const auto h = static_cast<int>(hours.Sample(crng));
      const double within = crng.Uniform() * 3600;
      LocalDateTime local = CivilFromUnix((period.first_day + d) * 86400);
      local.hour = h;
      const double t = static_cast<double>(zone.ToUtc(local)) + within;
      const auto c = static_cast<std::int64_t>(cells.Sample(crng));
      events.push_back({t, 0, 0, c, -1, k});
    }
    // Offspring, generation by generation: Poisson(theta) children, Exp(omega) delays, same cell.
    for (std::size_t i = first; i < events.size(); ++i) {
      const std::int64_t children = crng.Poisson(tr.theta);
      for (std::int64_t j = 0; j < children; ++j) {
        const double t = events[i].t + crng.Exponential(tr.omega_per_day) * 86400;
        if (t < static_cast<double>(period.end_utc)) {
          events.push_back({t, 0, 0, events[i].cell, static_cast<std::int64_t>(i), k});
        }
      }
    }
    for (std::size_t i = first; i < events.size(); ++i) {
      events[i].x = grid.CenterX(events[i].cell) + crng.Uniform(-0.5, 0.5) * grid.cell_size;
      events[i].y = grid.CenterY(events[i].cell) + crng.Uniform(-0.5, 0.5) * grid.cell_size;
    }
  }
  // Order by occurrence second, then category, then generation order.
  std::vector<std::size_t> order(events.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto ta = static_cast<std::int64_t>(std::floor(events[a].t));
    const auto tb = static_cast<std::int64_t>(std::floor(events[b].t));
    if (ta != tb) return ta < tb;
    return events[a].category < events[b].category;
  });
  std::vector<std::int64_t> rank(events.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<std::int64_t>(r);

  Rng arng = rng.Fork(100);
  incidents->clear();
  incident_truth->clear();
  incidents->reserve(events.size());
  incident_truth->reserve(events.size());
  char id[32];
  for (std::size_t r = 0; r < order.size(); ++r) {
    const Event& e = events[order[r]];
    const CategoryTruth& tr = truth[e.category];
    Incident inc;
    inc.source = "vigil-sim";
    std::snprintf(id, sizeof(id), "I%07zu", r + 1);
    inc.source_id = id;
    inc.category = tr.category;
    inc.source_code = std::string(CategoryName(tr.category));
    inc.source_description = kDescriptions[static_cast<std::size_t>(tr.category)][arng.Index(3)];
    inc.occurred_at = static_cast<UnixSeconds>(std::floor(e.t));
    if (arng.Bernoulli(tr.officer_share)) {
      inc.origin = Origin::kOfficerInitiated;
      inc.reported_at =
          inc.occurred_at + 60 + static_cast<UnixSeconds>(arng.Exponential(1.0 / 240));
    } else {
      inc.origin = Origin::kCitizenCall;
      double delay = 0;
      if (arng.Bernoulli(tr.late_report_share)) {
        delay = arng.Uniform(1, 14) * 86400;
      } else if (arng.Bernoulli(0.6)) {
        delay = 60 + arng.Exponential(1.0 / 480);
      } else {
        delay = 300 + arng.Exponential(1.0 / 9000);
      }
      inc.reported_at = inc.occurred_at + static_cast<UnixSeconds>(delay);
    }
    inc.location = layout.Locate(e.x, e.y);
    inc.address = layout.AddressAt(e.x, e.y);
    const AreaFeature* district = layout.DistrictAt(e.x, e.y);
    const AreaFeature* neighborhood = layout.NeighborhoodAt(e.x, e.y);
    if (district == nullptr || neighborhood == nullptr) {
      return MakeError(ErrorCode::kInternal, "A simulated incident fell outside every district.");
    }
    inc.district = district->code;
    inc.neighborhood = neighborhood->code;
    inc.beat = layout.BeatAt(e.x, e.y);
    incidents->push_back(std::move(inc));
    incident_truth->push_back(
        {e.cell, e.parent < 0 ? -1 : rank[static_cast<std::size_t>(e.parent)]});
  }
  return Status::Ok();
}

}  // namespace vigil::sim
