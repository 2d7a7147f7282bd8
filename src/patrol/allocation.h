// How many patrol cars each district gets for a shift: largest-remainder (Hamilton)
// apportionment of the cars over the districts' predicted workloads, with a minimum per district.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace vigil::patrol {

struct DistrictWorkload {
  std::string name;            // label
  double predicted_calls = 0;  // expected calls for service in the shift, >= 0
  double risk = 0;             // expected crimes in the shift (sum of forecast cells), >= 0
};

struct AllocationOptions {
  int total_cars = 0;        // cars to share out, >= 0
  int min_per_district = 1;  // every district gets at least this many, >= 0
  double call_weight = 1.0;  // workload weight of one predicted call, >= 0
  double risk_weight = 1.0;  // workload weight of one expected crime, >= 0

  Status Validate() const;
};

// Cars per district, in input order, summing to total_cars. Districts first get the minimum;
// a district whose proportional quota of all cars is below the minimum keeps just the minimum
// and leaves the apportionment, which is repeated over the others until every remaining quota
// is at least the minimum; the remaining districts then get the integer part of their quota
// and the leftover cars go one each to the largest fractional parts (ties: larger workload,
// then earlier district). When every workload is zero the cars are shared as if all were
// equal. Fails with kInvalidArgument when total_cars < min_per_district x districts or a
// workload is negative or not finite.
Result<std::vector<int>> AllocateCars(const std::vector<DistrictWorkload>& districts,
                                      const AllocationOptions& options);

// The weight used for apportionment: call_weight x predicted_calls + risk_weight x risk.
double Workload(const DistrictWorkload& district, const AllocationOptions& options);

}  // namespace vigil::patrol
