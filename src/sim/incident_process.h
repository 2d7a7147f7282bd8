// The known incident model of the synthetic city and its simulation.
//
// For category k, the intensity at 100 m cell c and time t (events per day) is
//   lambda_k(c, t) = mu_k(c) * h_k(hour(t)) * w_k(weekday(t))
//                    + sum over earlier events i of k in c of theta_k * omega_k * exp(-omega_k (t -
//                    t_i))
// with mu_k(c) = exp(intercept_k + sum_j beta_kj * z_j(c)) (covariates z: city_layout.h),
// hourly weights h_k (24, mean 1) and weekday weights w_k (7, Monday first, mean 1) in the
// city's local time. The triggering part is the grid ETAS model of Mohler et al. (2015):
// offspring in the SAME cell, branching ratio theta_k, exponential delay with rate omega_k per
// day. Simulated exactly by the cluster (branching) method.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "model/category.h"
#include "model/records.h"
#include "sim/city_layout.h"
#include "sim/random.h"

namespace vigil::sim {

struct CategoryTruth {
  Category category = Category::kOther;
  double theta = 0;                 // branching ratio: expected direct offspring per event, [0, 1)
  double omega_per_day = 1;         // decay rate of triggering, per day; mean delay 1 / omega days
  double background_per_day = 0;    // expected background events per day in the whole city
  std::array<double, 24> hourly{};  // local hour-of-day weights, mean 1
  std::array<double, 7> weekday{};  // local weekday weights, Monday first, mean 1
  std::array<double, kCovariateCount> beta{};  // log-linear covariate coefficients
  double intercept = 0;        // chosen so that sum over cells of mu_k(c) = background_per_day
  double officer_share = 0.1;  // share of incidents found by officers (origin officer_initiated)
  double late_report_share = 0.02;  // share reported 1-14 days after occurrence
};

// What the simulation knows about each incident and the files do not say.
struct IncidentTruth {
  std::int64_t cell = -1;    // background grid cell (Layout::grid())
  std::int64_t parent = -1;  // index of the triggering incident; -1 = background event
};

// The generator's category parameters for a layout; background rates times `scale`.
std::vector<CategoryTruth> DefaultCategoryTruth(const Layout& layout, double scale);

// Background rate mu_k(c) per cell, events per day (sums to background_per_day).
std::vector<double> BackgroundRates(const Layout& layout, const CategoryTruth& truth);

struct SimPeriod {
  std::int64_t first_day = 0;  // local start date as days since 1970-01-01
  int days = 0;
  UnixSeconds start_utc = 0;  // local midnight of first_day
  UnixSeconds end_utc = 0;    // local midnight after the last day
};

// Simulates every category over `period` and fills incidents (sorted by occurrence time, ids
// I0000001...) and their truth. `zone` is the city's time zone.
Status SimulateIncidents(const Layout& layout, const std::vector<CategoryTruth>& truth,
                         const SimPeriod& period, TimeZone& zone, Rng& rng,
                         std::vector<Incident>* incidents,
                         std::vector<IncidentTruth>* incident_truth);

// Calls for service: one before most citizen-call incidents, plus `other_calls_per_day`
// non-crime calls (EMS, fire, traffic, noise...). Sorted by receipt time, ids C0000001...
void SimulateCalls(const Layout& layout, const std::vector<Incident>& incidents,
                   const SimPeriod& period, double other_calls_per_day, TimeZone& zone, Rng& rng,
                   std::vector<Call>* calls);

}  // namespace vigil::sim
