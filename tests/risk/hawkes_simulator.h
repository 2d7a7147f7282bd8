// A simulator of the grid self-exciting (Hawkes) process the etas model fits, with known
// parameters, for tests and the risk benchmark. Header-only, standard library only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace vigil::risk::testing {

struct SimulatedEvent {
  std::int64_t cell = 0;
  double t_days = 0;  // since the start of the simulation
};

// Simulates the grid Hawkes process lambda_n(t) = mu_n + sum theta omega e^{-omega (t - t_i)}
// over [0, days) by its branching structure: background events uniform in time, each event
// having Poisson(theta) children delayed by Exponential(omega). Sorted by time.
inline std::vector<SimulatedEvent> SimulateGridHawkes(const std::vector<double>& mu_per_day,
                                                      double theta, double omega_per_day,
                                                      double days, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, days);
  std::poisson_distribution<int> children(theta);
  std::exponential_distribution<double> delay(omega_per_day);
  std::vector<SimulatedEvent> events;
  std::vector<double> generation;
  for (std::size_t cell = 0; cell < mu_per_day.size(); ++cell) {
    std::poisson_distribution<int> background(mu_per_day[cell] * days);
    generation.clear();
    for (int k = background(rng); k > 0; --k) generation.push_back(uniform(rng));
    while (!generation.empty()) {
      std::vector<double> next;
      for (const double t : generation) {
        events.push_back({static_cast<std::int64_t>(cell), t});
        for (int k = children(rng); k > 0; --k) {
          const double child = t + delay(rng);
          if (child < days) next.push_back(child);
        }
      }
      generation = std::move(next);
    }
  }
  std::sort(events.begin(), events.end(),
            [](const SimulatedEvent& a, const SimulatedEvent& b) { return a.t_days < b.t_days; });
  return events;
}

}  // namespace vigil::risk::testing
