// Loads one CSV file into a store through a source profile. Bad rows never abort a load: each
// goes to the reject list (file, line, field, reason). A file whose header does not match the
// profile is refused before anything is written. Each batch commits durably, so a killed load
// can simply be run again: upserts make the rerun complete it with no duplicates.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ingest/profile.h"
#include "store/store.h"

namespace vigil::ingest {

struct RejectedRow {
  std::string file;
  std::int64_t line = 0;  // 1-based line where the row starts
  std::string field;      // Vigil field at fault, or "*" for the row's shape
  std::string reason;
};

struct IngestOptions {
  std::int64_t batch_rows = 50000;        // rows per committed transaction; > 0
  std::size_t max_rejects_kept = 100000;  // rejects listed in the summary; all are counted
  // Called after each committed batch with (bytes read, bytes in file).
  std::function<void(std::size_t, std::size_t)> progress;

  Status Validate() const;
};

struct IngestSummary {
  std::string file;
  std::string profile;
  std::int64_t rows = 0;
  UpsertCounts counts;  // inserted / updated / unchanged / cancelled
  std::int64_t rejected = 0;
  std::int64_t unlocated = 0;      // loaded without coordinates
  std::int64_t out_of_bounds = 0;  // coordinates outside the profile's bounds (kept, unlocated)
  std::vector<RejectedRow> rejects;

  IngestSummary& operator+=(const IngestSummary& other);
};

Result<IngestSummary> IngestCsvFile(Store& store, const Profile& profile, const std::string& path,
                                    const IngestOptions& options);

// Writes rejects as CSV: file,line,field,reason.
Status WriteRejectReport(const std::vector<RejectedRow>& rejects, const std::string& path);

}  // namespace vigil::ingest
