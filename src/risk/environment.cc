#include "risk/environment.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace vigil::risk {
namespace {

// Points of one kind bucketed on a square grid of `bucket_m` metres, for radius queries.
class PointBuckets {
 public:
  PointBuckets(std::vector<std::pair<double, double>> points, double bucket_m)
      : points_(std::move(points)), bucket_m_(bucket_m) {
    for (std::size_t i = 0; i < points_.size(); ++i)
      buckets_[Key(Index(points_[i].first), Index(points_[i].second))].push_back(i);
  }

  // Calls visit(distance) for every point within `radius` of (x, y).
  template <typename Visit>
  void ForEachWithin(double x, double y, double radius, const Visit& visit) const {
    const long x0 = Index(x - radius), x1 = Index(x + radius);
    const long y0 = Index(y - radius), y1 = Index(y + radius);
    for (long bx = x0; bx <= x1; ++bx) {
      for (long by = y0; by <= y1; ++by) {
        const auto it = buckets_.find(Key(bx, by));
        if (it == buckets_.end()) continue;
        for (const std::size_t i : it->second) {
          const double d = std::hypot(points_[i].first - x, points_[i].second - y);
          if (d <= radius) visit(d);
        }
      }
    }
  }

 private:
  long Index(double v) const { return static_cast<long>(std::floor(v / bucket_m_)); }
  static long long Key(long bx, long by) {
    return (static_cast<long long>(bx) << 32) ^ static_cast<long long>(by & 0xffffffffL);
  }

  std::vector<std::pair<double, double>> points_;
  double bucket_m_;
  std::unordered_map<long long, std::vector<std::size_t>> buckets_;
};

std::string RadiusLabel(double r) {
  const double rounded = std::round(r);
  return std::to_string(static_cast<long long>(rounded));
}

// "bar" -> "bars", "bus_stop" -> "bus stops": plain words for reasons.
std::string PluralNoun(std::string kind) {
  std::replace(kind.begin(), kind.end(), '_', ' ');
  if (kind.empty()) return "points of interest";
  if (kind.back() == 's' || kind.back() == 'x') return kind + "es";
  if (kind.back() == 'y' && kind.size() > 1 &&
      std::string("aeiou").find(kind[kind.size() - 2]) == std::string::npos)
    return kind.substr(0, kind.size() - 1) + "ies";
  return kind + "s";
}

}  // namespace

Status EnvironmentOptions::Validate() const {
  auto bad = [](const std::string& m) { return Status(MakeError(ErrorCode::kInvalidArgument, m)); };
  for (const double r : count_radii_m) {
    if (!(r > 0 && std::isfinite(r))) return bad("environment count radii must be > 0 metres");
  }
  if (!(distance_cap_m > 0 && std::isfinite(distance_cap_m)))
    return bad("the environment distance cap must be > 0 metres");
  if (min_points_per_kind < 1) return bad("min_points_per_kind must be >= 1");
  if (max_kinds < 1) return bad("max_kinds must be >= 1");
  return Status::Ok();
}

Result<EnvironmentColumns> BuildEnvironmentColumns(const geo::Grid& grid,
                                                   std::span<const PointOfInterest> pois,
                                                   const EnvironmentOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  std::map<std::string, std::vector<std::pair<double, double>>> by_kind;
  for (const PointOfInterest& p : pois) {
    if (p.kind.empty() || !std::isfinite(p.location.x) || !std::isfinite(p.location.y)) continue;
    by_kind[p.kind].emplace_back(p.location.x, p.location.y);
  }
  std::vector<std::pair<std::string, std::size_t>> kinds;
  for (const auto& [kind, points] : by_kind) {
    if (points.size() >= options.min_points_per_kind) kinds.emplace_back(kind, points.size());
  }
  std::stable_sort(kinds.begin(), kinds.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (kinds.size() > options.max_kinds) kinds.resize(options.max_kinds);

  const auto cells = static_cast<std::size_t>(grid.cell_count());
  EnvironmentColumns env;
  for (const auto& [kind, count] : kinds) {
    const PointBuckets buckets(by_kind[kind], std::max(grid.cell_size, 100.0));
    const std::string noun = PluralNoun(kind);
    for (const double radius : options.count_radii_m) {
      const std::string name = kind + "_within_" + RadiusLabel(radius) + "m";
      std::vector<float> column(cells, 0.0f);
      for (std::size_t c = 0; c < cells; ++c) {
        const auto id = static_cast<std::int64_t>(c);
        int n = 0;
        buckets.ForEachWithin(grid.CenterX(id), grid.CenterY(id), radius, [&](double) { ++n; });
        column[c] = static_cast<float>(n);
      }
      env.columns.emplace_back(name, std::move(column));
      env.reason_templates.emplace_back(name,
                                        "{v} " + noun + " within " + RadiusLabel(radius) + " m");
    }
    // Coarser buckets for the long nearest-point reach: about 17 x 17 buckets per query.
    const PointBuckets coarse(by_kind[kind], std::max(grid.cell_size, options.distance_cap_m / 8));
    const std::string name = kind + "_nearest_m";
    std::vector<float> column(cells);
    for (std::size_t c = 0; c < cells; ++c) {
      const auto id = static_cast<std::int64_t>(c);
      double best = options.distance_cap_m;
      coarse.ForEachWithin(grid.CenterX(id), grid.CenterY(id), options.distance_cap_m,
                           [&](double d) { best = std::min(best, d); });
      column[c] = static_cast<float>(std::round(best));
    }
    env.columns.emplace_back(name, std::move(column));
    env.reason_templates.emplace_back(name, "the nearest of the " + noun + " is {v} m away");
  }
  return env;
}

void UseEnvironment(EnvironmentColumns env, FeatureOptions* features) {
  features->environment = std::move(env.columns);
  features->reason_templates = std::move(env.reason_templates);
}

}  // namespace vigil::risk
