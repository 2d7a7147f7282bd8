// Loads one CSV file into a store through a source profile. Bad rows never abort a load: each
// goes to the reject list (file, line, field, reason). A file whose header does not match the
// profile is refused before anything is written. Each batch commits durably, so a killed load
// can simply be run again: upserts make the rerun complete it with no duplicates.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
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

// What a load does with the table's secondary indexes (store.h DeferIndexes).
enum class IndexMode : std::uint8_t {
  kAuto,   // defer them when the files hold, by a size estimate, at least as many rows as the
           // table and at least kDeferIndexesMinRows
  kKeep,   // keep them up to date row by row
  kDefer,  // drop them for the load and rebuild them at its end
};
inline constexpr std::int64_t kDeferIndexesMinRows = 100000;

// Where a load's time went, seconds of wall time per side of the pipeline.
struct IngestTimings {
  double parsing_s = 0;   // reading and parsing rows (the calling thread)
  double writing_s = 0;   // committing batches (the writer thread; overlaps parsing)
  double indexing_s = 0;  // rebuilding deferred indexes at the end
};

struct IngestOptions {
  std::int64_t batch_rows = 50000;        // rows per committed transaction; > 0
  std::size_t max_rejects_kept = 100000;  // rejects listed in the summary; all are counted
  // Called after each committed batch with (bytes read, bytes in all the files).
  std::function<void(std::size_t, std::size_t)> progress;
  IndexMode index_mode = IndexMode::kAuto;
  IngestTimings* timings = nullptr;  // when not null, receives where the time went

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

// Called once per file, in file order, when its last row has committed (or, for a file that
// cannot be read or whose header does not match, with that error: such a file changes nothing
// and the others still load).
using FileDone = std::function<void(const std::string& path, const Result<IngestSummary>&)>;

// Loads files in order through one pipeline: each file's rows are parsed while earlier rows
// are written, a batch may hold the rows of several small files (one commit for all), and a
// large load may defer the secondary indexes (IngestOptions::index_mode), rebuilding them at
// the end. Fails only when the store fails; rows committed before that stay committed.
Status IngestCsvFiles(Store& store, const Profile& profile, std::span<const std::string> paths,
                      const IngestOptions& options, const FileDone& on_file);

// Writes rejects as CSV: file,line,field,reason.
Status WriteRejectReport(const std::vector<RejectedRow>& rejects, const std::string& path);

}  // namespace vigil::ingest
