#include "risk/etas_em.h"

#include <algorithm>
#include <cmath>

namespace vigil::risk {
namespace {

// Sums over events of the window-end terms: 1 - e^{-omega (T - t)} and (T - t) e^{-omega (T - t)}.
struct BoundaryTerms {
  double expected_offspring = 0;
  double weighted_age = 0;
};

BoundaryTerms Boundary(const CellEventTimes& events, double window_days, double omega) {
  BoundaryTerms b;
  for (const double t : events.times) {
    const double age = window_days - t;
    const double x = omega * age;
    if (x > 50) {
      b.expected_offspring += 1;
      continue;
    }
    const double e = std::exp(-x);
    b.expected_offspring += 1 - e;
    b.weighted_age += age * e;
  }
  return b;
}

double LogLikelihood(const EmStatistics& s, const EtasParameters& p, double window_days,
                     const BoundaryTerms& b) {
  double mu_total = 0;
  for (const double m : p.mu) mu_total += m;
  return s.log_intensity - mu_total * window_days - p.theta * b.expected_offspring;
}

double RelativeChange(double before, double after) {
  return std::abs(after - before) / std::max(std::abs(before), 1e-12);
}

}  // namespace

EmStatistics EStep(const CellEventTimes& events, const EtasParameters& params) {
  EmStatistics s;
  s.background.assign(events.groups(), 0.0);
  const double theta_omega = params.theta * params.omega;
  for (std::size_t g = 0; g < events.groups(); ++g) {
    const double mu = params.mu[g];
    double a = 0;  // sum_i e^{-omega (t_j - t_i)}
    double b = 0;  // sum_i (t_j - t_i) e^{-omega (t_j - t_i)}
    for (std::uint32_t j = events.offsets[g]; j < events.offsets[g + 1]; ++j) {
      if (j > events.offsets[g]) {
        const double d = events.times[j] - events.times[j - 1];
        const double e = std::exp(-params.omega * d);
        b = e * (b + d * (a + 1));
        a = e * (a + 1);
      }
      const double trig = theta_omega * a;
      const double lambda = mu + trig;
      if (!(lambda > 0)) continue;
      s.background[g] += mu / lambda;
      s.triggered += trig / lambda;
      s.triggered_dt += theta_omega * b / lambda;
      s.log_intensity += std::log(lambda);
    }
  }
  return s;
}

EmStatistics EStepPairwise(const CellEventTimes& events, const EtasParameters& params,
                           double cutoff) {
  EmStatistics s;
  s.background.assign(events.groups(), 0.0);
  const double theta_omega = params.theta * params.omega;
  const double horizon = -std::log(cutoff) / params.omega;
  for (std::size_t g = 0; g < events.groups(); ++g) {
    const double mu = params.mu[g];
    const std::uint32_t first = events.offsets[g];
    for (std::uint32_t j = first; j < events.offsets[g + 1]; ++j) {
      double trig = 0;
      double trig_dt = 0;
      for (std::uint32_t i = j; i-- > first;) {
        const double dt = events.times[j] - events.times[i];
        if (dt > horizon) break;
        const double k = theta_omega * std::exp(-params.omega * dt);
        trig += k;
        trig_dt += k * dt;
      }
      const double lambda = mu + trig;
      if (!(lambda > 0)) continue;
      s.background[g] += mu / lambda;
      s.triggered += trig / lambda;
      s.triggered_dt += trig_dt / lambda;
      s.log_intensity += std::log(lambda);
    }
  }
  return s;
}

Result<EtasFit> FitEtasEm(const CellEventTimes& events, double window_days,
                          const EtasOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  if (events.times.empty())
    return MakeError(ErrorCode::kFailedPrecondition, "etas needs at least one event to fit");
  if (!(window_days > 0))
    return MakeError(ErrorCode::kInvalidArgument, "etas window must be positive days");
  EtasFit fit;
  EtasParameters& p = fit.params;
  p.theta = options.initial_theta;
  p.omega = options.initial_omega;
  p.mu.resize(events.groups());
  for (std::size_t g = 0; g < events.groups(); ++g) {
    p.mu[g] = (1 - p.theta) * static_cast<double>(events.offsets[g + 1] - events.offsets[g]) /
              window_days;
  }
  for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
    const EmStatistics s = EStep(events, p);
    const BoundaryTerms boundary = Boundary(events, window_days, p.omega);
    double mu_before = 0;
    double mu_after = 0;
    for (std::size_t g = 0; g < events.groups(); ++g) {
      mu_before += p.mu[g];
      p.mu[g] = s.background[g] / window_days;
      mu_after += p.mu[g];
    }
    const double theta_before = p.theta;
    const double omega_before = p.omega;
    if (s.triggered > 0 && boundary.expected_offspring > 0) {
      p.theta = s.triggered / boundary.expected_offspring;
      const double denominator = s.triggered_dt + p.theta * boundary.weighted_age;
      if (denominator > 0) p.omega = s.triggered / denominator;
    } else {
      p.theta = 0;
    }
    const double change =
        std::max({RelativeChange(theta_before, p.theta), RelativeChange(omega_before, p.omega),
                  RelativeChange(mu_before, mu_after)});
    if (change < options.tolerance) {
      fit.converged = true;
      break;
    }
  }
  fit.iterations = std::min(fit.iterations, options.max_iterations);
  const EmStatistics final_stats = EStep(events, p);
  fit.log_likelihood =
      LogLikelihood(final_stats, p, window_days, Boundary(events, window_days, p.omega));
  return fit;
}

}  // namespace vigil::risk
