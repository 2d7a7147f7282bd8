// Licence-plate reads along vehicle trips (with planted convoys) and the relations graph (with
// a planted ring) of the synthetic city.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "sim/entities.h"

namespace vigil::sim {
namespace {

constexpr double kStreetSpacingM = 400;

std::string Id(const char* prefix, std::size_t n, int width) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%s%0*zu", prefix, width, n);
  return buffer;
}

// An LPR camera on the arterial grid: street line indices of its crossing.
struct LprCamera {
  std::size_t camera = 0;  // index into cameras
  int iu = 0, iv = 0;
};

struct TripRead {
  std::size_t camera = 0;
  double t = 0;  // UTC seconds
};

// Cameras passed driving from camera a along a's E-W street to b's N-S street, then along it.
std::vector<std::size_t> Route(const std::vector<LprCamera>& lpr, const LprCamera& a,
                               const LprCamera& b) {
  std::vector<std::pair<int, std::size_t>> leg1, leg2;
  for (std::size_t k = 0; k < lpr.size(); ++k) {
    const LprCamera& c = lpr[k];
    if (c.iv == a.iv && c.iu >= std::min(a.iu, b.iu) && c.iu <= std::max(a.iu, b.iu)) {
      leg1.emplace_back(b.iu >= a.iu ? c.iu : -c.iu, k);
    } else if (c.iu == b.iu && c.iv != a.iv && c.iv >= std::min(a.iv, b.iv) &&
               c.iv <= std::max(a.iv, b.iv)) {
      leg2.emplace_back(b.iv >= a.iv ? c.iv : -c.iv, k);
    }
  }
  std::sort(leg1.begin(), leg1.end());
  std::sort(leg2.begin(), leg2.end());
  std::vector<std::size_t> route;
  route.reserve(leg1.size() + leg2.size());
  for (const auto& [key, k] : leg1) route.push_back(k);
  for (const auto& [key, k] : leg2) route.push_back(k);
  return route;
}

// Reads of one trip starting at `start` seconds; `speed` in metres per second.
std::vector<TripRead> Drive(const std::vector<Camera>& cameras, const std::vector<LprCamera>& lpr,
                            const std::vector<std::size_t>& route, double start, double speed,
                            Rng& rng) {
  std::vector<TripRead> reads;
  double t = start;
  for (std::size_t k = 0; k < route.size(); ++k) {
    const Camera& cam = cameras[lpr[route[k]].camera];
    if (k > 0) {
      const Camera& prev = cameras[lpr[route[k - 1]].camera];
      const double d =
          std::abs(cam.location.x - prev.location.x) + std::abs(cam.location.y - prev.location.y);
      t += d / speed + rng.Uniform(0, 40);  // driving plus a traffic light
    }
    reads.push_back({lpr[route[k]].camera, t});
  }
  return reads;
}

}  // namespace

void BuildActivity(const Layout& layout, const SimPeriod& period, int read_days, Rng& rng,
                   Entities* out) {
  std::vector<LprCamera> lpr;
  for (std::size_t k = 0; k < out->cameras.size(); ++k) {
    const Camera& c = out->cameras[k];
    if (c.purpose != "lpr") continue;
    lpr.push_back(
        {k, static_cast<int>(std::lround((c.location.x - layout.origin_x()) / kStreetSpacingM)),
         static_cast<int>(std::lround((c.location.y - layout.origin_y()) / kStreetSpacingM))});
  }
  const int days = std::min(read_days, period.days);
  const double first = static_cast<double>(period.end_utc) - days * 86400.0;
  struct Read {
    std::string plate;
    std::size_t camera;
    double t;
    std::size_t order;
  };
  std::vector<Read> reads;
  Rng trng = rng.Fork(1);
  // Everyday traffic: vehicles with skewed activity (commuters drive often).
  std::vector<double> activity;
  for (std::size_t v = 0; v < out->vehicles.size(); ++v)
    activity.push_back(1.0 / (1.0 + static_cast<double>(v % 50)));
  const Discrete vehicles(activity);
  std::array<double, 24> hourly{};
  for (int h = 0; h < 24; ++h) {
    const double a = h - 8.0, b = h - 18.0;
    hourly[static_cast<std::size_t>(h)] =
        0.3 + std::exp(-a * a / 4) + std::exp(-b * b / 6) + (h >= 7 && h <= 21 ? 0.4 : 0);
  }
  const Discrete hours(hourly);
  auto trip = [&](Rng& r) {
    const LprCamera& a =
        lpr[static_cast<std::size_t>(r.Index(static_cast<std::int64_t>(lpr.size())))];
    const LprCamera& b =
        lpr[static_cast<std::size_t>(r.Index(static_cast<std::int64_t>(lpr.size())))];
    return Route(lpr, a, b);
  };
  if (lpr.size() >= 2) {
    for (int d = 0; d < days; ++d) {
      const std::int64_t trips = trng.Poisson(180);
      for (std::int64_t i = 0; i < trips; ++i) {
        const std::string& plate = out->vehicles[vehicles.Sample(trng)].plate;
        const double start = first + d * 86400.0 + static_cast<double>(hours.Sample(trng)) * 3600 +
                             trng.Uniform(0, 3600);
        const std::vector<std::size_t> route = trip(trng);
        for (const TripRead& r :
             Drive(out->cameras, lpr, route, start, trng.Uniform(8, 14), trng)) {
          if (trng.Bernoulli(0.95)) reads.push_back({plate, r.camera, r.t, reads.size()});
        }
      }
    }
    // Convoys: pairs of vehicles that pass the same cameras within a minute, again and again.
    Rng crng = rng.Fork(2);
    for (std::size_t pair = 0; pair < 3; ++pair) {
      const std::string& lead = out->vehicles[100 + 37 * pair].plate;
      const std::string& follower = out->vehicles[700 + 53 * pair].plate;
      out->convoys.emplace_back(lead, follower);
      const int outings = std::max(2, days / 3);
      for (int k = 0; k < outings; ++k) {
        std::vector<std::size_t> route;
        while (route.size() < 3) route = trip(crng);
        const double start = first + crng.Uniform(0, days * 86400.0 - 7200);
        for (const TripRead& r :
             Drive(out->cameras, lpr, route, start, crng.Uniform(8, 14), crng)) {
          reads.push_back({lead, r.camera, r.t, reads.size()});
          reads.push_back({follower, r.camera, r.t + crng.Uniform(8, 50), reads.size()});
        }
      }
    }
  }
  std::sort(reads.begin(), reads.end(), [](const Read& a, const Read& b) {
    const auto ta = static_cast<std::int64_t>(a.t), tb = static_cast<std::int64_t>(b.t);
    return ta != tb ? ta < tb : a.order < b.order;
  });
  for (const Read& r : reads) {
    const auto at = static_cast<UnixSeconds>(r.t);
    if (at >= period.end_utc) continue;
    PlateRead read;
    read.source_id = Id("PR", out->plate_reads.size() + 1, 7);
    read.plate = r.plate;
    read.camera_id = out->cameras[r.camera].source_id;
    read.read_at = at;
    read.location = out->cameras[r.camera].location;
    out->plate_reads.push_back(std::move(read));
  }

  // Relations. Every person has a phone, about half an account; a ring of six persons calls,
  // pays and offends together.
  Rng rrng = rng.Fork(3);
  auto relate = [&](const char* kind, const std::string& from, const std::string& to,
                    std::optional<UnixSeconds> at, double weight) {
    out->relations.push_back({Id("REL", out->relations.size() + 1, 6), kind, from, to, at, weight});
  };
  const std::size_t persons = out->persons.size();
  std::vector<std::string> phone(persons), account(persons);
  for (std::size_t p = 0; p < persons; ++p) {
    phone[p] = Id("PH", p + 1, 4);
    relate("person_phone", out->persons[p].source_id, phone[p], std::nullopt, 1);
    if (rrng.Bernoulli(0.5)) account[p] = Id("AC", p + 1, 4);
  }
  for (std::size_t p = 0; p < persons && p < out->vehicles.size(); ++p) {
    if (rrng.Bernoulli(0.4))
      relate("person_vehicle", out->persons[p].source_id, out->vehicles[p * 3].plate, std::nullopt,
             1);
  }
  if (persons < 60) return;
  const std::vector<std::size_t> ring = {11, 23, 37, 41, 52, 58};
  for (const std::size_t p : ring) {
    out->ring.push_back(out->persons[p].source_id);
    if (account[p].empty()) account[p] = Id("AC", p + 1, 4);
  }
  for (std::size_t k = 0; k < out->convoys.size() && k < 3; ++k) {
    relate("person_vehicle", out->persons[ring[k]].source_id, out->convoys[k].first, std::nullopt,
           1);
    relate("person_vehicle", out->persons[ring[k + 3]].source_id, out->convoys[k].second,
           std::nullopt, 1);
  }
  const auto span = static_cast<double>(period.end_utc - period.start_utc);
  auto when = [&]() { return period.start_utc + static_cast<UnixSeconds>(rrng.Uniform(0, span)); };
  for (int k = 0; k < 2500; ++k) {  // background calls between random phones
    const auto a = static_cast<std::size_t>(rrng.Index(static_cast<std::int64_t>(persons)));
    const auto b = static_cast<std::size_t>(rrng.Index(static_cast<std::int64_t>(persons)));
    if (a != b)
      relate("phone_call", phone[a], phone[b], when(),
             std::round(rrng.Exponential(1.0 / 3) * 10) / 10 + 0.1);
  }
  for (int k = 0; k < 400; ++k) {  // the ring calls itself often
    const std::size_t a = ring[static_cast<std::size_t>(rrng.Index(6))];
    const std::size_t b = ring[static_cast<std::size_t>(rrng.Index(6))];
    if (a != b)
      relate("phone_call", phone[a], phone[b], when(),
             std::round(rrng.Exponential(1.0 / 2) * 10) / 10 + 0.1);
  }
  for (int k = 0; k < 600; ++k) {
    const auto a = static_cast<std::size_t>(rrng.Index(static_cast<std::int64_t>(persons)));
    const auto b = static_cast<std::size_t>(rrng.Index(static_cast<std::int64_t>(persons)));
    if (a != b && !account[a].empty() && !account[b].empty()) {
      relate("account_transfer", account[a], account[b], when(),
             std::round(rrng.Exponential(1.0 / 300)) + 10);
    }
  }
  for (int k = 0; k < 120; ++k) {
    const std::size_t a = ring[static_cast<std::size_t>(rrng.Index(6))];
    const std::size_t b = ring[static_cast<std::size_t>(rrng.Index(6))];
    if (a != b)
      relate("account_transfer", account[a], account[b], when(),
             std::round(rrng.Exponential(1.0 / 2000)) + 100);
  }
  std::map<std::pair<std::size_t, std::size_t>, int> co;
  for (int k = 0; k < 150; ++k) {
    const auto a = static_cast<std::size_t>(rrng.Index(static_cast<std::int64_t>(persons)));
    const auto b = static_cast<std::size_t>(rrng.Index(static_cast<std::int64_t>(persons)));
    if (a != b) ++co[{std::min(a, b), std::max(a, b)}];
  }
  for (std::size_t i = 0; i < ring.size(); ++i) {
    for (std::size_t j = i + 1; j < ring.size(); ++j)
      co[{ring[i], ring[j]}] += 2 + static_cast<int>(rrng.Index(3));
  }
  for (const auto& [pair, count] : co) {
    relate("co_offending", out->persons[pair.first].source_id, out->persons[pair.second].source_id,
           std::nullopt, count);
  }
}

}  // namespace vigil::sim
