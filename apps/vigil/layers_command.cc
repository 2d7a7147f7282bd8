// `vigil ingest-areas`, `vigil join-area-attributes` and `vigil ingest-layer`: load polygon
// layers, area statistics tables and reference-entity CSV files into the store.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli_audit.h"
#include "commands.h"
#include "core/text.h"
#include "ingest/area_ingest.h"
#include "ingest/entity_ingest.h"
#include "store/sqlite_reference_store.h"
#include "store/sqlite_store.h"

namespace vigil::app {
namespace {

struct AreaArgs {
  std::string kind;
  std::string code_field;
  std::string name_field;
  std::string keep;  // comma-separated
  std::string crs;
  std::string layer;
  std::string encoding;
  bool repair = false;
  std::string file;
  std::string reject_report = "rejects.csv";
};

struct JoinArgs {
  std::string kind;
  std::string key_field;
  std::string keep;
  std::string sheet;
  std::string file;
  std::string reject_report = "rejects.csv";
};

struct LayerArgs {
  std::string layer;
  std::string crs;
  std::vector<std::string> files;
  std::string reject_report = "rejects.csv";
  std::int64_t batch_rows = 10000;
};

int Fail(const char* command, const Error& error) {
  std::cerr << "vigil " << command << ": " << error.message << "\n";
  return 1;
}

// Writes the reject report when there are rejects; returns false on a write error.
bool ReportRejects(const char* command, const std::vector<ingest::RejectedRow>& rejects,
                   const std::string& path) {
  if (rejects.empty() || path.empty()) return true;
  Status written = ingest::WriteRejectReport(rejects, path);
  if (!written.ok()) {
    Fail(command, written.error());
    return false;
  }
  std::printf("reject report: %s (%zu rows)\n", path.c_str(), rejects.size());
  return true;
}

int RunAreas(const GlobalOptions& global, const AreaArgs& args) {
  auto refs = OpenSqliteReferenceStore(global.store_path);
  if (!refs.ok()) return Fail("ingest-areas", refs.error());
  ingest::AreaIngestOptions options{.kind = args.kind,
                                    .code_field = args.code_field,
                                    .name_field = args.name_field,
                                    .keep_fields = SplitList(args.keep),
                                    .read = {.layer = args.layer,
                                             .source_crs = args.crs,
                                             .encoding = args.encoding,
                                             .repair_invalid = args.repair}};
  auto summary = ingest::IngestAreas(**refs, args.file, options);
  if (!summary.ok()) return Fail("ingest-areas", summary.error());
  const auto& s = *summary;
  std::printf(
      "%s (%s): features %lld, loaded %lld, updated %lld, unchanged %lld, repaired %lld, "
      "rejected %lld\n",
      s.file.c_str(), s.source_crs.c_str(), static_cast<long long>(s.features),
      static_cast<long long>(s.counts.inserted), static_cast<long long>(s.counts.updated),
      static_cast<long long>(s.counts.unchanged), static_cast<long long>(s.repaired),
      static_cast<long long>(s.rejected));
  return ReportRejects("ingest-areas", s.rejects, args.reject_report) ? 0 : 1;
}

int RunJoin(const GlobalOptions& global, const JoinArgs& args) {
  auto refs = OpenSqliteReferenceStore(global.store_path);
  if (!refs.ok()) return Fail("join-area-attributes", refs.error());
  ingest::AttributeJoinOptions options{.kind = args.kind,
                                       .key_field = args.key_field,
                                       .keep_fields = SplitList(args.keep),
                                       .read = {.layer = args.sheet}};
  auto summary = ingest::JoinAreaAttributes(**refs, args.file, options);
  if (!summary.ok()) return Fail("join-area-attributes", summary.error());
  const auto& s = *summary;
  std::printf("%s: rows %lld, matched %lld, areas updated %lld, unchanged %lld, rejected %lld\n",
              s.file.c_str(), static_cast<long long>(s.rows), static_cast<long long>(s.matched),
              static_cast<long long>(s.counts.updated), static_cast<long long>(s.counts.unchanged),
              static_cast<long long>(s.rejected));
  return ReportRejects("join-area-attributes", s.rejects, args.reject_report) ? 0 : 1;
}

int RunLayer(const GlobalOptions& global, const LayerArgs& args) {
  auto layer = ingest::ParseEntityLayer(args.layer);
  if (!layer) {
    std::cerr << "vigil ingest-layer: unknown layer '" << args.layer << "'\n";
    return 2;
  }
  auto store = OpenSqliteStore(global.store_path);
  if (!store.ok()) return Fail("ingest-layer", store.error());
  auto refs = OpenSqliteReferenceStore(global.store_path);
  if (!refs.ok()) return Fail("ingest-layer", refs.error());
  ingest::EntityIngestOptions options{.batch_rows = args.batch_rows, .coordinate_crs = args.crs};
  std::vector<ingest::RejectedRow> rejects;
  int exit_code = 0;
  for (const std::string& file : args.files) {
    auto summary = ingest::IngestEntityCsv(**store, **refs, *layer, file, options);
    if (!summary.ok()) {
      exit_code = Fail("ingest-layer", summary.error());
      continue;
    }
    const auto& s = *summary;
    std::printf("%s (%s): rows %lld, loaded %lld, updated %lld, unchanged %lld, rejected %lld\n",
                s.file.c_str(), s.layer.c_str(), static_cast<long long>(s.rows),
                static_cast<long long>(s.counts.inserted), static_cast<long long>(s.counts.updated),
                static_cast<long long>(s.counts.unchanged), static_cast<long long>(s.rejected));
    rejects.insert(rejects.end(), s.rejects.begin(), s.rejects.end());
  }
  if (!ReportRejects("ingest-layer", rejects, args.reject_report)) return 1;
  return exit_code;
}

}  // namespace

void RegisterLayers(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto areas = std::make_shared<AreaArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest-areas",
      "Load polygons (GeoJSON, TopoJSON, shapefile, GeoPackage) as areas of one kind");
  cmd->add_option("--kind", areas->kind,
                  "Area kind: neighborhood, district, beat, municipality, boundary...")
      ->required();
  cmd->add_option("--code-field", areas->code_field, "Attribute holding the area code")->required();
  cmd->add_option("--name-field", areas->name_field,
                  "Attribute holding the name (default: the code)");
  cmd->add_option("--keep", areas->keep,
                  "Comma-separated attributes to keep (default: all numbers and text)");
  cmd->add_option("--crs", areas->crs,
                  "CRS of the file's coordinates when it declares none or a wrong one");
  cmd->add_option("--layer", areas->layer, "Layer name (default: the first)");
  cmd->add_option("--encoding", areas->encoding,
                  "Shapefile attribute encoding when there is no .cpg (e.g. CP949)");
  cmd->add_flag("--repair", areas->repair,
                "Repair invalid polygons (GEOS MakeValid) instead of rejecting them");
  cmd->add_option("--rejects", areas->reject_report, "Reject report CSV ('' for none)")
      ->capture_default_str();
  cmd->add_option("file", areas->file, "Vector file")->required()->check(CLI::ExistingFile);
  cmd->callback([&global, &exit_code, areas]() {
    exit_code =
        RunAuditedChange(global, "cli.ingest_areas", "areas " + areas->kind + ": " + areas->file,
                         [&] { return RunAreas(global, *areas); });
  });

  auto join = std::make_shared<JoinArgs>();
  CLI::App* join_cmd = app.add_subcommand(
      "join-area-attributes",
      "Merge a statistics table (CSV, XLSX) into the attributes of loaded areas");
  join_cmd->add_option("--kind", join->kind, "Kind of the areas to join onto")->required();
  join_cmd->add_option("--key-field", join->key_field, "Column holding the area code")->required();
  join_cmd->add_option("--keep", join->keep,
                       "Comma-separated columns to merge (default: all but the key)");
  join_cmd->add_option("--sheet", join->sheet, "Sheet (layer) name (default: the first)");
  join_cmd->add_option("--rejects", join->reject_report, "Reject report CSV ('' for none)")
      ->capture_default_str();
  join_cmd->add_option("file", join->file, "Table file")->required()->check(CLI::ExistingFile);
  join_cmd->callback([&global, &exit_code, join]() {
    exit_code = RunAuditedChange(global, "cli.join_area_attributes",
                                 "areas " + join->kind + ": " + join->file,
                                 [&] { return RunJoin(global, *join); });
  });

  auto layer = std::make_shared<LayerArgs>();
  CLI::App* layer_cmd = app.add_subcommand("ingest-layer", "Load reference-entity CSV files");
  layer_cmd
      ->add_option("--layer", layer->layer,
                   "stations|units|cameras|pois|persons|vehicles|plate-reads|relations")
      ->required();
  layer_cmd->add_option("--crs", layer->crs, "CRS of the lon/lat columns (default WGS84 degrees)");
  layer_cmd->add_option("--batch-rows", layer->batch_rows, "Rows per committed transaction")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  layer_cmd->add_option("--rejects", layer->reject_report, "Reject report CSV ('' for none)")
      ->capture_default_str();
  layer_cmd->add_option("files", layer->files, "CSV files")->required()->check(CLI::ExistingFile);
  layer_cmd->callback([&global, &exit_code, layer]() {
    std::string resource = "layer " + layer->layer + ":";
    for (const std::string& file : layer->files) resource += " " + file;
    exit_code = RunAuditedChange(global, "cli.ingest_layer", resource,
                                 [&] { return RunLayer(global, *layer); });
  });
}

}  // namespace vigil::app
