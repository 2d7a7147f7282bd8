// `vigil ingest`: load CSV files through a source profile into the store.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli_audit.h"
#include "commands.h"
#include "ingest/csv_ingest.h"
#include "ingest/profile.h"
#include "store/sqlite_store.h"

namespace vigil::app {
namespace {

struct IngestArgs {
  std::string profile;
  std::vector<std::string> files;
  std::string reject_report = "rejects.csv";
  std::int64_t batch_rows = 50000;
  std::string indexes = "auto";
};

void PrintSummary(const ingest::IngestSummary& s, bool per_file) {
  std::printf(
      "%s%s: rows %lld, loaded %lld, updated %lld, unchanged %lld, cancelled %lld, "
      "rejected %lld, unlocated %lld\n",
      per_file ? "  " : "", per_file ? s.file.c_str() : "total", static_cast<long long>(s.rows),
      static_cast<long long>(s.counts.inserted), static_cast<long long>(s.counts.updated),
      static_cast<long long>(s.counts.unchanged), static_cast<long long>(s.counts.cancelled),
      static_cast<long long>(s.rejected), static_cast<long long>(s.unlocated));
}

int RunIngest(const GlobalOptions& global, const IngestArgs& args) {
  auto profile = ingest::LookupProfile(args.profile);
  if (!profile.ok()) {
    std::cerr << "vigil ingest: " << profile.error().message << "\n";
    return 2;
  }
  auto store = OpenSqliteStore(global.store_path);
  if (!store.ok()) {
    std::cerr << "vigil ingest: " << store.error().message << "\n";
    return 1;
  }
  ingest::IngestOptions options;
  options.batch_rows = args.batch_rows;
  if (!global.quiet) {
    options.progress = [](std::size_t done, std::size_t total) {
      std::fprintf(
          stderr, "\r  %5.1f%%",
          total == 0 ? 100.0 : 100.0 * static_cast<double>(done) / static_cast<double>(total));
    };
  }
  if (args.indexes == "keep") {
    options.index_mode = ingest::IndexMode::kKeep;
  } else if (args.indexes == "defer") {
    options.index_mode = ingest::IndexMode::kDefer;
  }
  ingest::IngestSummary total;
  int exit_code = 0;
  Status loaded =
      ingest::IngestCsvFiles(**store, *profile, args.files, options,
                             [&](const std::string&, const Result<ingest::IngestSummary>& summary) {
                               if (!global.quiet) std::fprintf(stderr, "\r");
                               if (!summary.ok()) {
                                 std::cerr << "vigil ingest: " << summary.error().message << "\n";
                                 exit_code = 1;
                                 return;
                               }
                               if (!global.quiet) PrintSummary(*summary, true);
                               total += *summary;
                             });
  if (!loaded.ok()) {
    std::cerr << "vigil ingest: " << loaded.error().message << "\n";
    exit_code = 1;
  }
  PrintSummary(total, false);
  // The report is written even when empty, so a run always leaves its evidence.
  if (!args.reject_report.empty()) {
    Status written = ingest::WriteRejectReport(total.rejects, args.reject_report);
    if (!written.ok()) {
      std::cerr << "vigil ingest: " << written.error().message << "\n";
      return 1;
    }
    std::printf("reject report: %s (%zu rows)\n", args.reject_report.c_str(), total.rejects.size());
  }
  return exit_code;
}

}  // namespace

void RegisterIngest(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd =
      app.add_subcommand("ingest", "Load CSV files into the store through a source profile");
  cmd->add_option("-p,--profile", args->profile,
                  "Built-in profile name (see `vigil profiles`) or path to a mapping file")
      ->required();
  cmd->add_option("files", args->files, "CSV files to load")->required()->check(CLI::ExistingFile);
  cmd->add_option("--rejects", args->reject_report, "Reject report CSV ('' for none)")
      ->capture_default_str();
  cmd->add_option("--batch-rows", args->batch_rows, "Rows per committed transaction")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--indexes", args->indexes,
                  "Secondary indexes during the load: auto (defer them when the files hold at "
                  "least as many rows as the table), keep, or defer (rebuild at the end)")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "keep", "defer"}));
  cmd->callback([&global, &exit_code, args]() {
    std::string resource = "profile " + args->profile + ":";
    for (const std::string& file : args->files) resource += " " + file;
    exit_code =
        RunAuditedChange(global, "cli.ingest", resource, [&] { return RunIngest(global, *args); });
  });
}

void RegisterProfiles(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("profiles", "List the built-in source profiles");
  cmd->callback([&exit_code]() {
    for (const std::string& name : ingest::BuiltinProfileNames()) {
      auto profile = ingest::BuiltinProfile(name);
      if (!profile.ok()) {
        std::cerr << profile.error().message << "\n";
        exit_code = 1;
        continue;
      }
      std::printf("%-18s %s\n", name.c_str(), profile->description.c_str());
    }
  });
}

}  // namespace vigil::app
