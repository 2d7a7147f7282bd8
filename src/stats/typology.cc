#include "stats/typology.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "stats/type_naming.h"

namespace vigil::stats {
namespace {

double Median(std::vector<double> v) {
  std::erase_if(v, [](double x) { return std::isnan(x); });
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Skewness(const std::vector<double>& v) {
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double m2 = 0;
  double m3 = 0;
  for (double x : v) {
    const double d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= static_cast<double>(v.size());
  m3 /= static_cast<double>(v.size());
  return m2 > 0 ? m3 / std::pow(m2, 1.5) : 0.0;
}

// Fits the transformation on the table's columns; fills everything but centres and names.
Result<TypologyModel> FitTransform(const AreaTable& table, const TypologyOptions& options) {
  TypologyModel model;
  model.features = table.features;
  for (const std::string& name : options.log1p_features) {
    if (!table.FeatureIndex(name))
      return MakeError(ErrorCode::kNotFound, "typology: no feature '" + name + "' to log1p");
  }
  for (std::size_t c = 0; c < table.cols(); ++c) {
    std::vector<double> column(table.rows());
    for (std::size_t r = 0; r < table.rows(); ++r) column[r] = table.At(r, c);
    const double median = Median(column);
    for (std::size_t r = 0; r < table.rows(); ++r) {
      if (!std::isnan(column[r])) continue;
      if (!options.impute_missing || std::isnan(median)) {
        return MakeError(
            ErrorCode::kInvalidArgument,
            "typology: area '" + table.codes[r] + "' has no value for '" + table.features[c] + "'");
      }
      column[r] = median;
    }
    const bool non_negative =
        std::all_of(column.begin(), column.end(), [](double x) { return x >= 0; });
    const bool forced = std::find(options.log1p_features.begin(), options.log1p_features.end(),
                                  table.features[c]) != options.log1p_features.end();
    if (forced && !non_negative) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "typology: log1p of '" + table.features[c] + "' needs values >= 0");
    }
    const bool log =
        forced || (options.auto_log1p && non_negative && Skewness(column) > options.skew_threshold);
    if (log) {
      for (double& x : column) x = std::log1p(x);
    }
    double mean = 0;
    for (double x : column) mean += x;
    mean /= static_cast<double>(column.size());
    double var = 0;
    for (double x : column) var += (x - mean) * (x - mean);
    var /= static_cast<double>(column.size());
    model.log1p.push_back(log);
    model.mean.push_back(mean);
    model.sd.push_back(std::sqrt(var));
    model.median.push_back(median);
  }
  return model;
}

RoleScores ScoresOf(const TypologyModel& model, std::span<const double> centre_z,
                    const NamingRoles& roles) {
  auto z = [&](const std::string& feature) {
    for (std::size_t c = 0; c < model.features.size(); ++c) {
      if (model.features[c] == feature) return centre_z[c];
    }
    return 0.0;
  };
  return RoleScores{.density = z(roles.density),
                    .ageing = z(roles.ageing),
                    .commerce = z(roles.commerce),
                    .household = z(roles.household)};
}

// Mean ARI between the full-data assignment and the assignment of every area to the centres
// of a k-means fitted on a bootstrap resample (drawn with replacement, same size).
std::vector<double> BootstrapStability(const PointMatrix& z, const std::vector<int>& assignment,
                                       const TypologyOptions& options) {
  std::vector<double> out;
  std::mt19937_64 rng(SplitMix64(options.seed ^ 0x5ab1e5eedULL));
  for (int b = 0; b < options.stability_runs; ++b) {
    PointMatrix sample{z.rows, z.cols, {}};
    sample.values.reserve(z.values.size());
    for (std::size_t i = 0; i < z.rows; ++i) {
      const auto pick = static_cast<std::size_t>(rng() % z.rows);
      auto row = z.Row(pick);
      sample.values.insert(sample.values.end(), row.begin(), row.end());
    }
    KMeansOptions km{.k = options.k,
                     .restarts = options.stability_restarts,
                     .max_iterations = options.max_iterations,
                     .seed = SplitMix64(options.seed + static_cast<std::uint64_t>(b) + 1)};
    auto fit = RunKMeans(sample, km);
    if (!fit.ok()) continue;
    std::vector<int> refit(z.rows);
    for (std::size_t i = 0; i < z.rows; ++i) refit[i] = NearestCentre(z.Row(i), fit->centres);
    out.push_back(AdjustedRandIndex(assignment, refit));
  }
  return out;
}

Result<Typology> Fit(const AreaTable& table, const TypologyOptions& options, bool with_stability) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  if (table.rows() < static_cast<std::size_t>(options.k)) {
    return MakeError(ErrorCode::kInvalidArgument, "typology: k = " + std::to_string(options.k) +
                                                      " exceeds the " +
                                                      std::to_string(table.rows()) + " areas");
  }
  if (table.cols() == 0) return MakeError(ErrorCode::kInvalidArgument, "typology: no features");
  auto model = FitTransform(table, options);
  if (!model.ok()) return model.error();
  PointMatrix z{table.rows(), table.cols(), {}};
  z.values.reserve(table.rows() * table.cols());
  for (std::size_t r = 0; r < table.rows(); ++r) {
    std::vector<double> raw(
        table.values.begin() + static_cast<std::ptrdiff_t>(r * table.cols()),
        table.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * table.cols()));
    auto row = model->Standardise(raw, true);  // missing values were rejected above unless imputing
    if (!row.ok()) return row.error();
    z.values.insert(z.values.end(), row->begin(), row->end());
  }
  KMeansOptions km{.k = options.k,
                   .restarts = options.restarts,
                   .max_iterations = options.max_iterations,
                   .seed = options.seed};
  auto fit = RunKMeans(z, km);
  if (!fit.ok()) return fit.error();

  Typology out;
  out.codes = table.codes;
  out.names = table.names;
  out.assignment = fit->assignment;
  out.wcss = fit->wcss;
  out.iterations = fit->iterations;
  out.converged = fit->converged;
  for (double v : z.values) out.total_ss += v * v;  // z columns have mean 0
  const Silhouette sil = ComputeSilhouette(z, fit->assignment, options.k);
  out.silhouette = sil.mean;
  std::vector<RoleScores> scores;
  for (int t = 0; t < options.k; ++t) {
    const auto tt = static_cast<std::size_t>(t);
    AreaType type{.id = t,
                  .size = fit->sizes[tt],
                  .silhouette = sil.per_cluster[tt],
                  .wcss = fit->cluster_wcss[tt]};
    auto centre = fit->centres.Row(tt);
    type.centre_z.assign(centre.begin(), centre.end());
    type.centre.assign(table.cols(), 0.0);
    for (std::size_t c = 0; c < table.cols(); ++c) {
      double sum = 0;
      int n = 0;
      for (std::size_t r = 0; r < table.rows(); ++r) {
        if (fit->assignment[r] != t) continue;
        const double v = table.At(r, c);
        sum += std::isnan(v) ? model->median[c] : v;
        ++n;
      }
      type.centre[c] = n > 0 ? sum / n : std::numeric_limits<double>::quiet_NaN();
    }
    scores.push_back(ScoresOf(*model, centre, options.roles));
    out.types.push_back(std::move(type));
  }
  const std::vector<std::string> type_names = NameTypes(scores);
  for (std::size_t t = 0; t < out.types.size(); ++t) out.types[t].name = type_names[t];
  model->centres_z = fit->centres;
  model->type_names = type_names;
  out.model = std::move(*model);
  if (with_stability && options.stability_runs > 0) {
    out.stability_ari = BootstrapStability(z, out.assignment, options);
    double sum = 0;
    for (double a : out.stability_ari) sum += a;
    out.stability = out.stability_ari.empty() ? std::numeric_limits<double>::quiet_NaN()
                                              : sum / static_cast<double>(out.stability_ari.size());
  } else {
    out.stability = std::numeric_limits<double>::quiet_NaN();
  }
  out.seed_agreement = std::numeric_limits<double>::quiet_NaN();
  if (with_stability && options.seed_runs > 0) {
    double sum = 0;
    for (int s = 1; s <= options.seed_runs; ++s) {
      km.seed = options.seed + static_cast<std::uint64_t>(s);
      auto other = RunKMeans(z, km);
      if (!other.ok()) return other.error();
      out.seed_ari.push_back(AdjustedRandIndex(out.assignment, other->assignment));
      sum += out.seed_ari.back();
    }
    out.seed_agreement = sum / static_cast<double>(out.seed_ari.size());
  }
  return out;
}

}  // namespace

Status TypologyOptions::Validate() const {
  auto bad = [](const std::string& what) {
    return MakeError(ErrorCode::kInvalidArgument, "typology: " + what);
  };
  if (k < 2) return bad("k must be at least 2, got " + std::to_string(k));
  if (restarts < 1) return bad("restarts must be at least 1");
  if (max_iterations < 1) return bad("max_iterations must be at least 1");
  if (!(skew_threshold > 0)) return bad("skew_threshold must be positive");
  if (stability_runs < 0) return bad("stability_runs must be >= 0");
  if (stability_restarts < 1) return bad("stability_restarts must be at least 1");
  if (seed_runs < 0) return bad("seed_runs must be >= 0");
  return Status::Ok();
}

Result<std::vector<double>> TypologyModel::Standardise(const std::vector<double>& raw,
                                                       bool impute) const {
  if (raw.size() != features.size()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "typology: expected " + std::to_string(features.size()) + " values");
  }
  std::vector<double> z(raw.size());
  for (std::size_t c = 0; c < raw.size(); ++c) {
    double x = raw[c];
    if (std::isnan(x)) {
      if (!impute)
        return MakeError(ErrorCode::kInvalidArgument,
                         "typology: no value for '" + features[c] + "'");
      x = median[c];
    }
    if (log1p[c]) {
      if (x < 0)
        return MakeError(ErrorCode::kInvalidArgument,
                         "typology: '" + features[c] + "' is negative");
      x = std::log1p(x);
    }
    z[c] = sd[c] > 0 ? (x - mean[c]) / sd[c] : 0.0;
  }
  return z;
}

Result<std::map<std::string, int>> TypologyModel::Assign(const AreaTable& table,
                                                         bool impute) const {
  auto selected = table.Select(features);
  if (!selected.ok()) return selected.error();
  std::map<std::string, int> out;
  for (std::size_t r = 0; r < selected->rows(); ++r) {
    std::vector<double> raw(
        selected->values.begin() + static_cast<std::ptrdiff_t>(r * features.size()),
        selected->values.begin() + static_cast<std::ptrdiff_t>((r + 1) * features.size()));
    auto z = Standardise(raw, impute);
    if (!z.ok())
      return MakeError(z.error().code, z.error().message + " (area '" + selected->codes[r] + "')");
    out[selected->codes[r]] = NearestCentre(*z, centres_z);
  }
  return out;
}

Result<Typology> BuildTypology(const AreaTable& table, const TypologyOptions& options) {
  return Fit(table, options, true);
}

Result<std::map<std::string, int>> AssignTypes(const AreaTable& table,
                                               const TypologyOptions& options) {
  auto typology = Fit(table, options, false);
  if (!typology.ok()) return typology.error();
  std::map<std::string, int> out;
  for (std::size_t r = 0; r < typology->codes.size(); ++r)
    out[typology->codes[r]] = typology->assignment[r];
  return out;
}

Result<KChoice> ChooseK(const AreaTable& table, const TypologyOptions& options, int k_min,
                        int k_max) {
  if (k_min < 2 || k_max < k_min) {
    return MakeError(ErrorCode::kInvalidArgument, "choose k: need 2 <= k_min <= k_max, got " +
                                                      std::to_string(k_min) + ".." +
                                                      std::to_string(k_max));
  }
  KChoice out;
  double best = -std::numeric_limits<double>::infinity();
  for (int k = k_min; k <= k_max; ++k) {
    TypologyOptions o = options;
    o.k = k;
    auto fit = Fit(table, o, false);
    if (!fit.ok()) return fit.error();
    out.silhouette_by_k.emplace_back(k, fit->silhouette);
    if (fit->silhouette > best) {
      best = fit->silhouette;
      out.best_k = k;
    }
  }
  return out;
}

}  // namespace vigil::stats
