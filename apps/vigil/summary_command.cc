// `vigil summary`: what the store holds: counts by category and district, date range, rejects.
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "core/time.h"
#include "store/sqlite_reference_store.h"
#include "store/sqlite_store.h"

namespace vigil::app {
namespace {

// Rows of each reference table (areas by kind), after the incident summary.
int PrintReferenceCounts(const GlobalOptions& global) {
  auto refs = OpenSqliteReferenceStore(global.store_path);
  if (!refs.ok()) {
    std::cerr << "vigil summary: " << refs.error().message << "\n";
    return 1;
  }
  auto counts = (*refs)->Count();
  auto kinds = (*refs)->AreaKinds();
  if (!counts.ok() || !kinds.ok()) {
    std::cerr << "vigil summary: " << (counts.ok() ? kinds.error() : counts.error()).message
              << "\n";
    return 1;
  }
  const ReferenceCounts& c = *counts;
  std::printf("reference layers:\n");
  std::printf("  %-20s %10lld\n", "areas", static_cast<long long>(c.areas));
  for (const auto& [kind, count] : *kinds) {
    std::printf("    %-18s %10lld\n", kind.c_str(), static_cast<long long>(count));
  }
  const std::pair<const char*, std::int64_t> rows[] = {
      {"stations", c.stations},
      {"units", c.units},
      {"cameras", c.cameras},
      {"points of interest", c.points_of_interest},
      {"persons of interest", c.persons_of_interest},
      {"vehicles", c.vehicles},
      {"plate reads", c.plate_reads},
      {"relations", c.relations}};
  for (const auto& [name, count] : rows) {
    std::printf("  %-20s %10lld\n", name, static_cast<long long>(count));
  }
  return 0;
}

int RunSummary(const GlobalOptions& global) {
  auto store = OpenSqliteStore(global.store_path);
  if (!store.ok()) {
    std::cerr << "vigil summary: " << store.error().message << "\n";
    return 1;
  }
  auto summary = (*store)->Summarize();
  if (!summary.ok()) {
    std::cerr << "vigil summary: " << summary.error().message << "\n";
    return 1;
  }
  const StoreSummary& s = *summary;
  std::printf("store: %s\n", global.store_path.c_str());
  std::printf("incidents: %lld live (%lld without location), %lld cancellations\n",
              static_cast<long long>(s.incidents), static_cast<long long>(s.unlocated),
              static_cast<long long>(s.cancelled));
  std::printf("calls for service: %lld\n", static_cast<long long>(s.calls));
  if (s.first_reported) {
    std::printf("reported: %s to %s\n", FormatUtc(*s.first_reported).c_str(),
                FormatUtc(*s.last_reported).c_str());
  }
  std::printf("by category:\n");
  for (const auto& [category, count] : s.by_category) {
    std::printf("  %-16s %10lld\n", std::string(CategoryName(category)).c_str(),
                static_cast<long long>(count));
  }
  std::printf("by district:\n");
  std::size_t shown = 0;
  for (const auto& [district, count] : s.by_district) {
    if (++shown > 20) {
      std::printf("  ... %zu more\n", s.by_district.size() - 20);
      break;
    }
    std::printf("  %-16s %10lld\n", district.empty() ? "(none)" : district.c_str(),
                static_cast<long long>(count));
  }
  std::printf("loads: %lld, rows rejected: %lld\n", static_cast<long long>(s.loads),
              static_cast<long long>(s.rejected));
  return PrintReferenceCounts(global);
}

}  // namespace

void RegisterSummary(CLI::App& app, GlobalOptions& global, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("summary", "Print what the store holds");
  cmd->callback([&global, &exit_code]() { exit_code = RunSummary(global); });
}

}  // namespace vigil::app
