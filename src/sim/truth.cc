// truth.json and truth_cells.csv: the parameters the synthetic city was generated from.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "sim/writers.h"

namespace vigil::sim {

std::string TruthJson(const City& city, const SimCounts& counts) {
  using nlohmann::json;
  const Layout& layout = city.layout;
  const Location sw = layout.Locate(layout.origin_x(), layout.origin_y());
  json truth;
  truth["generator"] = "vigil sim";
  truth["seed"] = city.options.seed;
  truth["start_date"] = city.options.start_date;
  truth["days"] = city.options.days;
  truth["timezone"] = city.options.timezone;
  truth["period_utc"] = {FormatSimTime(city.start_utc), FormatSimTime(city.end_utc)};
  truth["crs"] = layout.crs();
  truth["center"] = {{"lon", city.options.center_lon}, {"lat", city.options.center_lat}};
  truth["origin"] = {
      {"x", layout.origin_x()}, {"y", layout.origin_y()}, {"lon", sw.lon}, {"lat", sw.lat}};
  truth["size_m"] = {kCityWidthM, kCityHeightM};
  const auto& bb = layout.bbox_lonlat();
  truth["bbox"] = {{"lonlat", {bb[0], bb[1], bb[2], bb[3]}},
                   {"projected",
                    {layout.origin_x(), layout.origin_y(), layout.origin_x() + kCityWidthM,
                     layout.origin_y() + kCityHeightM}}};
  const geo::Grid& grid = layout.grid();
  truth["cell_size_m"] = grid.cell_size;
  truth["grid"] = {{"origin_x", grid.origin_x},
                   {"origin_y", grid.origin_y},
                   {"columns", grid.columns},
                   {"rows", grid.rows}};
  json covariates = json::array();
  for (const char* name : kCovariateNames) covariates.push_back(name);
  truth["covariates"] = covariates;
  truth["model"] =
      "lambda_k(c,t) = exp(intercept_k + sum_j beta_kj z_j(c)) * hourly_k[local hour] * "
      "weekday_k[local weekday]"
      " + sum_{i: c_i = c, t_i < t} theta_k omega_k exp(-omega_k (t - t_i)), per day";
  std::vector<std::int64_t> total(kCategoryCount, 0), background(kCategoryCount, 0);
  for (std::size_t i = 0; i < city.incidents.size(); ++i) {
    const auto k = static_cast<std::size_t>(city.incidents[i].category);
    ++total[k];
    if (city.incident_truth[i].parent < 0) ++background[k];
  }
  json categories = json::object();
  for (const CategoryTruth& t : city.truth) {
    json coefficients = json::object();
    for (std::size_t j = 0; j < kCovariateNames.size(); ++j)
      coefficients[kCovariateNames[j]] = t.beta[j];
    const auto k = static_cast<std::size_t>(t.category);
    categories[std::string(CategoryName(t.category))] = {
        {"theta", t.theta},
        {"omega_per_day", t.omega_per_day},
        {"background_per_day", t.background_per_day},
        {"hourly_weights", t.hourly},
        {"weekday_weights", t.weekday},
        {"covariate_coefficients", coefficients},
        {"intercept", t.intercept},
        {"officer_initiated_share", t.officer_share},
        {"late_report_share", t.late_report_share},
        {"incidents", total[k]},
        {"background_incidents", background[k]},
    };
  }
  truth["categories"] = categories;
  json convoys = json::array();
  for (const auto& [lead, follower] : city.convoys) convoys.push_back({lead, follower});
  truth["convoys"] = convoys;
  truth["ring"] = city.ring;
  truth["counts"] = counts;
  return truth.dump(2) + "\n";
}

std::string TruthCellsCsv(const City& city) {
  const Layout& layout = city.layout;
  const geo::Grid& grid = layout.grid();
  std::vector<std::vector<double>> mu;
  std::string out = "cell,lon,lat,population";
  for (const char* name : kCovariateNames) out += std::string(",") + name;
  for (const CategoryTruth& t : city.truth) {
    out += ",mu_" + std::string(CategoryName(t.category));
    mu.push_back(BackgroundRates(layout, t));
  }
  out += '\n';
  char buffer[64];
  for (std::int64_t c = 0; c < grid.cell_count(); ++c) {
    const auto i = static_cast<std::size_t>(c);
    const Location loc = layout.Locate(grid.CenterX(c), grid.CenterY(c));
    std::snprintf(buffer, sizeof(buffer), "%lld,%.6f,%.6f,%.0f", static_cast<long long>(c), loc.lon,
                  loc.lat, layout.cell_population[i]);
    out += buffer;
    for (const double z : layout.cell_covariates[i]) {
      std::snprintf(buffer, sizeof(buffer), ",%.6f", z);
      out += buffer;
    }
    for (const auto& m : mu) {
      std::snprintf(buffer, sizeof(buffer), ",%.8f", m[i]);
      out += buffer;
    }
    out += '\n';
  }
  return out;
}

}  // namespace vigil::sim
