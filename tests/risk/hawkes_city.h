// A square city whose events come from the grid Hawkes simulator (hawkes_simulator.h), as a
// CitySnapshot, for the risk benchmarks: a third of the cells active with log-normal
// background rates scaled so the process yields about `target_events` events.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "risk/hawkes_simulator.h"
#include "store/snapshot.h"

namespace vigil::risk::testing {

struct HawkesCityOptions {
  int side = 250;              // side x side cells of 100 m
  double days = 730;           // simulated span from `start`
  double theta = 0.4;          // mean children per event
  double omega_per_day = 0.5;  // trigger decay
  double target_events = 5e5;  // expected events in all (background / (1 - theta))
  UnixSeconds start = 0;       // UTC seconds of t = 0
  Category category = Category::kBurglary;
  std::uint64_t rates_seed = 1;      // background rates and positions inside the cells
  std::uint64_t simulator_seed = 2;  // SimulateGridHawkes
};

struct HawkesCity {
  Result<CitySnapshot> snapshot;
  std::size_t events = 0;
};

inline HawkesCity MakeHawkesCity(const HawkesCityOptions& o) {
  std::mt19937_64 rng(o.rates_seed);
  std::lognormal_distribution<double> spread(0, 1);
  std::bernoulli_distribution active(1.0 / 3);
  std::vector<double> mu(static_cast<std::size_t>(o.side) * static_cast<std::size_t>(o.side), 0.0);
  double total = 0;
  for (double& m : mu) {
    if (active(rng)) total += (m = spread(rng));
  }
  for (double& m : mu) m *= o.target_events * (1 - o.theta) / (o.days * total);
  const auto simulated = SimulateGridHawkes(mu, o.theta, o.omega_per_day, o.days, o.simulator_seed);
  EventColumns columns;
  std::uniform_real_distribution<double> inside(0.05, 0.95);
  for (const SimulatedEvent& e : simulated) {
    columns.reported_at.push_back(o.start +
                                  static_cast<UnixSeconds>(std::llround(e.t_days * 86400)));
    columns.occurred_at.push_back(columns.reported_at.back());
    columns.category.push_back(o.category);
    columns.x.push_back((static_cast<double>(e.cell % o.side) + inside(rng)) * 100);
    columns.y.push_back((static_cast<double>(e.cell / o.side) + inside(rng)) * 100);
  }
  const geo::Grid grid{
      .origin_x = 0, .origin_y = 0, .cell_size = 100, .columns = o.side, .rows = o.side};
  return {CitySnapshot::FromColumns(grid, std::move(columns), EventColumns{}), simulated.size()};
}

}  // namespace vigil::risk::testing
