// `vigil typology`: cluster areas into k types from the numeric attributes of a vector or table
// file (GeoJSON, shapefile/DBF, GeoPackage, CSV). Prints each type's name, size and centre, the
// silhouette and the stability; writes PREFIX.csv (code, name, type id, type name) and
// PREFIX.json (centres and metrics). Method: docs/typology.md.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.h"
#include "core/csv_writer.h"
#include "stats/area_table.h"
#include "stats/typology.h"

namespace vigil::app {
namespace {

struct TypologyArgs {
  std::string file;
  std::string code_field;
  std::string name_field;
  std::string encoding;
  std::string features = "bitspatial";  // comma list, "all", or "bitspatial"
  std::vector<std::string> derive;      // extra "name=a+b/c*1000" features
  std::string log1p = "density";        // comma list of features always log1p-transformed
  double skew_threshold = 2.0;          // auto log1p above this skewness
  int k = 6;
  int k_min = 0;  // with k_max: choose k by silhouette over [k_min, k_max]
  int k_max = 0;
  int restarts = 50;
  int stability_runs = 20;
  bool impute = false;  // replace missing values by the feature's median (on for bitspatial)
  std::uint64_t seed = 1;
  std::string out = "typology";
};

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// Reads the table and builds the feature set the arguments ask for.
Result<stats::AreaTable> LoadFeatures(const TypologyArgs& args) {
  stats::AreaTableReadOptions read{
      .code_field = args.code_field, .name_field = args.name_field, .encoding = args.encoding};
  const bool all = args.features == "all";
  const bool bitspatial = args.features == "bitspatial";
  std::vector<std::string> wanted;
  if (!all && !bitspatial) wanted = SplitComma(args.features);
  auto table = stats::ReadAreaTable(args.file, read);  // every numeric field
  if (!table.ok()) return table.error();
  std::vector<stats::RatioFeature> derived;
  if (bitspatial) derived = stats::BitSpatialFeatures();
  for (const std::string& spec : args.derive) {
    auto feature = stats::ParseRatioFeature(spec);
    if (!feature.ok()) return feature.error();
    derived.push_back(*feature);
  }
  VIGIL_RETURN_IF_ERROR(stats::DeriveFeatures(*table, derived));
  if (all) return table;
  if (bitspatial) {
    for (const auto& d : derived) wanted.push_back(d.name);
  } else {
    for (const auto& d : args.derive) {
      if (auto f = stats::ParseRatioFeature(d); f.ok()) wanted.push_back(f->name);
    }
  }
  return table->Select(wanted);
}

int Run(const TypologyArgs& args, const GlobalOptions& global) {
  auto table = LoadFeatures(args);
  if (!table.ok()) {
    std::cerr << "typology: " << table.error().ToString() << "\n";
    return 1;
  }
  stats::TypologyOptions options{.k = args.k,
                                 .restarts = args.restarts,
                                 .seed = args.seed,
                                 .skew_threshold = args.skew_threshold,
                                 .impute_missing = args.impute || args.features == "bitspatial",
                                 .stability_runs = args.stability_runs};
  for (const std::string& f : SplitComma(args.log1p)) {
    if (table->FeatureIndex(f)) options.log1p_features.push_back(f);  // absent features: ignored
  }
  if (args.k_min > 0 || args.k_max > 0) {
    auto choice = stats::ChooseK(*table, options, args.k_min, args.k_max);
    if (!choice.ok()) {
      std::cerr << "typology: " << choice.error().ToString() << "\n";
      return 1;
    }
    if (!global.quiet) {
      for (const auto& [k, s] : choice->silhouette_by_k)
        std::printf("k=%d silhouette %.3f\n", k, s);
    }
    options.k = choice->best_k;
  }
  auto typology = stats::BuildTypology(*table, options);
  if (!typology.ok()) {
    std::cerr << "typology: " << typology.error().ToString() << "\n";
    return 1;
  }
  const stats::Typology& t = *typology;
  std::printf("%zu areas, %zu features, k = %zu\n", t.codes.size(), t.model.features.size(),
              t.types.size());
  std::printf(
      "silhouette %.3f, stability (mean bootstrap ARI, %zu refits) %.3f, seed agreement (mean ARI, "
      "%zu "
      "seeds) %.3f, explained %.1f%%\n",
      t.silhouette, t.stability_ari.size(), t.stability, t.seed_ari.size(), t.seed_agreement,
      t.total_ss > 0 ? 100 * (1 - t.wcss / t.total_ss) : 0.0);
  std::printf("%-4s %-24s %5s %7s", "id", "type", "areas", "silh");
  for (const std::string& f : t.model.features) std::printf(" %14.14s", f.c_str());
  std::printf("\n");
  for (const stats::AreaType& type : t.types) {
    std::printf("%-4d %-24s %5d %7.3f", type.id, type.name.c_str(), type.size, type.silhouette);
    for (double v : type.centre) std::printf(" %14.4g", v);
    std::printf("\n%-4s %-24s %5s %7s", "", "  (z)", "", "");
    for (double v : type.centre_z) std::printf(" %14.2f", v);
    std::printf("\n");
  }
  std::ofstream csv(args.out + ".csv");
  std::ofstream json(args.out + ".json");
  if (!csv || !json) {
    std::cerr << "typology: cannot write '" << args.out << ".csv' / '.json'\n";
    return 1;
  }
  csv << "code,name,type_id,type_name\n";
  for (std::size_t r = 0; r < t.codes.size(); ++r) {
    const auto& type = t.types[static_cast<std::size_t>(t.assignment[r])];
    csv << CsvField(t.codes[r]) << ',' << CsvField(t.names[r]) << ',' << type.id << ','
        << CsvField(type.name) << '\n';
  }
  json << stats::TypologyToJson(t) << '\n';
  if (!csv || !json) {
    std::cerr << "typology: write to '" << args.out << "' failed\n";
    return 1;
  }
  if (!global.quiet) std::printf("wrote %s.csv and %s.json\n", args.out.c_str(), args.out.c_str());
  return 0;
}

}  // namespace

void RegisterTypology(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<TypologyArgs>();
  CLI::App* cmd =
      app.add_subcommand("typology", "Cluster areas into k types from their public statistics");
  cmd->add_option("--file", args->file,
                  "Vector or table file (GeoJSON, shapefile, GeoPackage, CSV)")
      ->required();
  cmd->add_option("--code-field", args->code_field, "Attribute holding the area code")->required();
  cmd->add_option("--name-field", args->name_field, "Attribute holding the area name");
  cmd->add_option("--encoding", args->encoding,
                  "Text encoding of shapefile attributes without .cpg (CP949)");
  cmd->add_option(
         "--features", args->features,
         "Comma list of features, 'all' numeric fields, or 'bitspatial' (derived Korean set)")
      ->capture_default_str();
  cmd->add_option("--derive", args->derive, "Extra derived feature 'name=a+b/c*1000' (repeatable)");
  cmd->add_option("--log1p", args->log1p,
                  "Comma list of features always log1p-transformed (absent ones ignored)")
      ->capture_default_str();
  cmd->add_option("--skew-threshold", args->skew_threshold,
                  "log1p every non-negative feature skewed above this")
      ->capture_default_str();
  cmd->add_option("--k", args->k, "Number of types")->capture_default_str();
  cmd->add_option("--k-min", args->k_min, "Choose k by silhouette from k-min ...");
  cmd->add_option("--k-max", args->k_max, "... to k-max");
  cmd->add_option("--restarts", args->restarts, "k-means++ restarts")->capture_default_str();
  cmd->add_option("--stability-runs", args->stability_runs,
                  "Bootstrap refits for stability (0 = skip)")
      ->capture_default_str();
  cmd->add_flag("--impute-missing", args->impute,
                "Replace missing values by the median (default for bitspatial)");
  cmd->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  cmd->add_option("--out", args->out, "Output prefix for PREFIX.csv and PREFIX.json")
      ->capture_default_str();
  cmd->callback([args, &global, &exit_code] { exit_code = Run(*args, global); });
}

}  // namespace vigil::app
