// Risk engine benchmark: fits the etas model (EM, Mohler et al. 2015) on 500,000 events of a
// simulated grid Hawkes process over a city-sized grid and scores one slot for every cell,
// beside the naive-28d model's fit and score on the same snapshot in the same run.
//
//   bench_risk [events=500000] [side_cells=250]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "risk/etas_model.h"
#include "risk/hawkes_city.h"
#include "risk/naive_model.h"
#include "store/snapshot.h"

namespace {

using Clock = std::chrono::steady_clock;
using vigil::UnixSeconds;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const long target_events = argc > 1 ? std::atol(argv[1]) : 500000;
  const int side = argc > 2 ? std::atoi(argv[2]) : 250;  // 250 x 250 cells of 100 m: 25 km x 25 km
  constexpr double kDays = 730;
  constexpr double kTheta = 0.4;
  constexpr double kOmega = 0.5;
  constexpr UnixSeconds kStart = 18262LL * 86400;  // 2020-01-01

  auto t0 = Clock::now();
  auto city =
      vigil::risk::testing::MakeHawkesCity({.side = side,
                                            .days = kDays,
                                            .theta = kTheta,
                                            .omega_per_day = kOmega,
                                            .target_events = static_cast<double>(target_events),
                                            .start = kStart,
                                            .rates_seed = 1,
                                            .simulator_seed = 2});
  auto& snapshot = city.snapshot;
  if (!snapshot.ok()) {
    std::fprintf(stderr, "bench_risk: %s\n", snapshot.error().message.c_str());
    return 1;
  }
  std::printf(
      "simulated %zu events over %.0f days on %d x %d cells of 100 m (theta %.2f, omega %.2f/day) "
      "in %.2f s\n",
      city.events, kDays, side, side, kTheta, kOmega, SecondsSince(t0));

  const UnixSeconds cut = kStart + static_cast<UnixSeconds>(kDays) * 86400;
  const vigil::risk::EventSelection selection{.known_before = cut, .train_from = kStart};
  const vigil::risk::Slot slot{.start = cut, .length_s = 86400};
  std::vector<double> out(static_cast<std::size_t>(snapshot->grid().cell_count()));

  vigil::risk::NaiveModel naive(28);
  t0 = Clock::now();
  if (!naive.Fit(*snapshot, selection).ok()) return 1;
  const double naive_fit = SecondsSince(t0);
  t0 = Clock::now();
  if (!naive.Score(*snapshot, slot, out).ok()) return 1;
  const double naive_score = SecondsSince(t0);

  vigil::risk::EtasModel etas(vigil::risk::EtasOptions{});
  t0 = Clock::now();
  const vigil::Status fit = etas.Fit(*snapshot, selection);
  const double etas_fit = SecondsSince(t0);
  if (!fit.ok()) {
    std::fprintf(stderr, "bench_risk: %s\n", fit.error().message.c_str());
    return 1;
  }
  t0 = Clock::now();
  if (!etas.Score(*snapshot, slot, out).ok()) return 1;
  const double etas_score = SecondsSince(t0);
  double expected = 0;
  for (double v : out) expected += v;

  std::printf("%-10s %10s %12s  %s\n", "model", "fit s", "score ms", "notes");
  std::printf("%-10s %10.3f %12.2f  baseline\n", "naive-28d", naive_fit, naive_score * 1e3);
  std::printf(
      "%-10s %10.3f %12.2f  %d EM iterations%s, theta %.4f, omega %.4f/day, %.1f expected in the "
      "slot\n",
      "etas", etas_fit, etas_score * 1e3, etas.iterations(),
      etas.converged() ? "" : " (not converged)", etas.theta(), etas.omega_per_day(), expected);
  std::printf("etas/naive: score time x%.1f; etas fit %.2f us per event per EM iteration\n",
              etas_score / std::max(naive_score, 1e-9),
              etas_fit * 1e6 / (static_cast<double>(city.events) * std::max(etas.iterations(), 1)));
  return 0;
}
