#include "patrol/allocation.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vigil::patrol {
namespace {

Error Invalid(const std::string& message) {
  return MakeError(ErrorCode::kInvalidArgument, "car allocation: " + message);
}

bool FiniteNonNegative(double v) { return std::isfinite(v) && v >= 0; }

}  // namespace

Status AllocationOptions::Validate() const {
  if (total_cars < 0) return Invalid("total_cars must be >= 0");
  if (min_per_district < 0) return Invalid("min_per_district must be >= 0");
  if (!FiniteNonNegative(call_weight) || !FiniteNonNegative(risk_weight))
    return Invalid("weights must be finite numbers >= 0");
  return Status::Ok();
}

double Workload(const DistrictWorkload& district, const AllocationOptions& options) {
  return options.call_weight * district.predicted_calls + options.risk_weight * district.risk;
}

Result<std::vector<int>> AllocateCars(const std::vector<DistrictWorkload>& districts,
                                      const AllocationOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  const std::size_t n = districts.size();
  if (n == 0) {
    if (options.total_cars > 0) return Invalid("cars to share but no districts");
    return std::vector<int>{};
  }
  std::vector<double> weight(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!FiniteNonNegative(districts[i].predicted_calls) || !FiniteNonNegative(districts[i].risk)) {
      return Invalid("district '" + districts[i].name +
                     "' has a workload that is not a finite number >= 0");
    }
    weight[i] = Workload(districts[i], options);
  }
  if (std::all_of(weight.begin(), weight.end(), [](double w) { return w == 0; }))
    std::fill(weight.begin(), weight.end(), 1.0);
  const long long minimum_total =
      static_cast<long long>(options.min_per_district) * static_cast<long long>(n);
  if (options.total_cars < minimum_total) {
    return Invalid(std::to_string(options.total_cars) + " cars cannot give " + std::to_string(n) +
                   " districts " + std::to_string(options.min_per_district) + " each");
  }

  std::vector<int> cars(n, 0);
  std::vector<char> fixed(n, 0);
  int seats = options.total_cars;
  // Fix at the minimum every district whose quota falls below it, until none does.
  while (true) {
    double free_weight = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!fixed[i]) free_weight += weight[i];
    }
    bool changed = false;
    const int pass_seats = seats;  // quotas of one pass use the seats at its start
    for (std::size_t i = 0; i < n; ++i) {
      if (fixed[i]) continue;
      const double quota = free_weight > 0 ? pass_seats * weight[i] / free_weight : 0.0;
      if (quota < options.min_per_district) {
        fixed[i] = 1;
        cars[i] = options.min_per_district;
        seats -= options.min_per_district;
        changed = true;
      }
    }
    if (!changed) break;
  }
  double free_weight = 0;
  std::vector<std::size_t> free;
  for (std::size_t i = 0; i < n; ++i) {
    if (!fixed[i]) {
      free.push_back(i);
      free_weight += weight[i];
    }
  }
  if (free.empty()) {
    // Every district is at its minimum; any seats left (possible only when all quotas tie
    // just below the minimum) go by largest workload.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return weight[a] > weight[b]; });
    for (std::size_t j = 0; seats > 0; j = (j + 1) % n, --seats) ++cars[order[j]];
    return cars;
  }
  std::vector<double> remainder(n, -1);
  int given = 0;
  for (std::size_t i : free) {
    const double quota = seats * weight[i] / free_weight;
    cars[i] = static_cast<int>(std::floor(quota));
    remainder[i] = quota - cars[i];
    given += cars[i];
  }
  std::vector<std::size_t> order = free;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (remainder[a] != remainder[b]) return remainder[a] > remainder[b];
    return weight[a] > weight[b];
  });
  for (std::size_t j = 0; given < seats; j = (j + 1) % order.size(), ++given) ++cars[order[j]];
  return cars;
}

}  // namespace vigil::patrol
