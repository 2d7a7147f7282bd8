#include "ingest/csv_ingest.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <tuple>

#include "core/csv_reader.h"
#include "core/csv_writer.h"
#include "ingest/row_parser.h"
#include "store/content_hash.h"

namespace vigil::ingest {
Status IngestOptions::Validate() const {
  if (batch_rows <= 0) return MakeError(ErrorCode::kInvalidArgument, "batch_rows must be positive");
  return Status::Ok();
}

IngestSummary& IngestSummary::operator+=(const IngestSummary& other) {
  rows += other.rows;
  counts += other.counts;
  rejected += other.rejected;
  unlocated += other.unlocated;
  out_of_bounds += other.out_of_bounds;
  rejects.insert(rejects.end(), other.rejects.begin(), other.rejects.end());
  return *this;
}

namespace {

// The rows of one file within a batch.
struct FilePart {
  std::size_t file = 0;  // index into the paths
  std::vector<Incident> incidents;
  std::vector<Call> calls;
  std::vector<SourceKey> cancellations;
  std::vector<std::int64_t> hashes;      // content hash of each incident or call, in order
  std::vector<std::uint32_t> key_order;  // incidents by key (IncidentWrite::key_order)
  // Set on the file's last part: what parsing found (rows, rejects, ...; the writer adds the
  // counts), or why the file was refused.
  std::optional<Result<IngestSummary>> done;
};

struct Batch {
  std::vector<FilePart> parts;
  std::string crs_to_save;   // city CRS chosen by this batch's first point, saved with it
  std::size_t position = 0;  // bytes of all files parsed when the batch was cut
};

// The store side of the pipeline: runs on one thread at a time (one batch in flight), so the
// store is never used by two threads at once, and batches commit in file order.
class BatchWriter {
 public:
  BatchWriter(Store& store, const Profile& profile, std::span<const std::string> paths,
              const IngestOptions& options, const FileDone& on_file, std::size_t total_bytes)
      : store_(store),
        profile_(profile),
        paths_(paths),
        options_(options),
        on_file_(on_file),
        total_bytes_(total_bytes),
        load_ids_(paths.size(), 0),
        counts_(paths.size()) {}

  Status Write(Batch& batch) {
    const auto start = std::chrono::steady_clock::now();
    Status status = WriteTimed(batch);
    writing_s_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return status;
  }
  double writing_s() const { return writing_s_; }
  // Saves the profile's time zone as the store's "city.timezone" with the first batch that
  // holds a file not refused (the store has none yet).
  void SaveTimeZoneWithFirstRows() { timezone_to_save_ = !profile_.timezone.empty(); }

 private:
  Status WriteTimed(Batch& batch) {
    if (!batch.crs_to_save.empty())
      VIGIL_RETURN_IF_ERROR(store_.SetSetting("city.crs", batch.crs_to_save));
    if (timezone_to_save_ &&
        std::any_of(batch.parts.begin(), batch.parts.end(),
                    [](const FilePart& p) { return !p.done || p.done->ok(); })) {
      VIGIL_RETURN_IF_ERROR(store_.SetSetting("city.timezone", profile_.timezone));
      timezone_to_save_ = false;
    }
    for (const FilePart& part : batch.parts) {
      if (part.done && !part.done->ok()) continue;  // a refused file writes nothing
      if (load_ids_[part.file] == 0) {
        auto id = store_.BeginLoad(profile_.name, paths_[part.file]);
        if (!id.ok()) return id.error();
        load_ids_[part.file] = *id;
      }
    }
    if (profile_.kind == RecordKind::kIncident) {
      std::vector<IncidentWrite> writes;
      for (const FilePart& part : batch.parts) {
        if (part.done && !part.done->ok()) continue;
        writes.push_back({load_ids_[part.file], part.incidents, part.cancellations,
                          &counts_[part.file], part.hashes, part.key_order});
      }
      VIGIL_RETURN_IF_ERROR(store_.WriteIncidents(writes));
    } else {
      std::vector<CallWrite> writes;
      for (const FilePart& part : batch.parts) {
        if (part.done && !part.done->ok()) continue;
        writes.push_back({load_ids_[part.file], part.calls, &counts_[part.file], part.hashes});
      }
      VIGIL_RETURN_IF_ERROR(store_.WriteCalls(writes));
    }
    for (FilePart& part : batch.parts) {
      if (!part.done) continue;
      if (part.done->ok()) {
        IngestSummary& summary = **part.done;
        VIGIL_RETURN_IF_ERROR(store_.FinishLoad(load_ids_[part.file], summary.rejected));
        summary.counts = counts_[part.file];
      }
      if (on_file_) on_file_(paths_[part.file], *part.done);
    }
    if (options_.progress) options_.progress(batch.position, total_bytes_);
    return Status::Ok();
  }

  Store& store_;
  const Profile& profile_;
  std::span<const std::string> paths_;
  const IngestOptions& options_;
  const FileDone& on_file_;
  std::size_t total_bytes_;
  std::vector<std::int64_t> load_ids_;  // per file; 0 until its load begins
  std::vector<UpsertCounts> counts_;    // per file, of its committed batches
  double writing_s_ = 0;
  bool timezone_to_save_ = false;
};

// Police exports run 100-200 bytes a row; 150 is a fair middle for estimates of row counts.
constexpr std::size_t kBytesPerRowEstimate = 150;

// Reserves room in a part for the rows expected of the rest of a file, at most `rows_left` in
// its batch, so that its vectors do not move their records as they grow.
void ReserveRows(FilePart& part, RecordKind kind, std::size_t bytes_left, std::int64_t rows_left) {
  const auto rows =
      std::min<std::size_t>(bytes_left / kBytesPerRowEstimate + 1,
                            static_cast<std::size_t>(std::max<std::int64_t>(rows_left, 0)));
  part.hashes.reserve(rows);
  if (kind == RecordKind::kIncident) {
    part.incidents.reserve(rows);
  } else {
    part.calls.reserve(rows);
  }
}

// Puts a part's incidents in (source, source_id) order, stable, as IncidentWrite::key_order:
// the store then need not sort them. Runs on the parsing thread, which has time to spare while
// the writer commits the batch before.
void SortByKey(FilePart& part) {
  const std::vector<Incident>& incidents = part.incidents;
  part.key_order.resize(incidents.size());
  for (std::size_t i = 0; i < incidents.size(); ++i)
    part.key_order[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(part.key_order.begin(), part.key_order.end(),
                   [&incidents](std::uint32_t a, std::uint32_t b) {
                     return std::tie(incidents[a].source, incidents[a].source_id) <
                            std::tie(incidents[b].source, incidents[b].source_id);
                   });
}

std::size_t FileSize(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<std::size_t>(size);
}

// Whether a load of `bytes` of CSV should defer the secondary indexes of a table of `rows`.
Result<bool> ShouldDeferIndexes(Store& store, const Profile& profile, std::size_t bytes,
                                IndexMode mode) {
  if (mode != IndexMode::kAuto) return mode == IndexMode::kDefer;
  const auto estimated_rows = static_cast<std::int64_t>(bytes / kBytesPerRowEstimate);
  if (estimated_rows < kDeferIndexesMinRows) return false;
  auto rows = profile.kind == RecordKind::kIncident
                  ? store.CountIncidents(IncidentFilter{.include_cancelled = true})
                  : store.CountCalls();
  if (!rows.ok()) return rows.error();
  return estimated_rows >= *rows;
}

}  // namespace

Status IngestCsvFiles(Store& store, const Profile& profile, std::span<const std::string> paths,
                      const IngestOptions& options, const FileDone& on_file) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  std::size_t total_bytes = 0;
  for (const std::string& path : paths) total_bytes += FileSize(path);
  auto crs_setting = store.GetSetting("city.crs");
  if (!crs_setting.ok()) return crs_setting.error();
  std::string city_crs = crs_setting->value_or("");
  bool crs_saved = !city_crs.empty();

  auto defer = ShouldDeferIndexes(store, profile, total_bytes, options.index_mode);
  if (!defer.ok()) return defer.error();
  if (*defer) {
    VIGIL_RETURN_IF_ERROR(store.DeferIndexes(
        profile.kind == RecordKind::kIncident ? RecordTable::kIncidents : RecordTable::kCalls));
  }

  // Parsing and writing overlap: while the writer commits batch k on a worker thread, this
  // thread parses batch k+1. One batch is in flight at a time and joined before the next.
  BatchWriter writer(store, profile, paths, options, on_file, total_bytes);
  auto timezone_setting = store.GetSetting("city.timezone");
  if (!timezone_setting.ok()) return timezone_setting.error();
  if (!timezone_setting->has_value()) writer.SaveTimeZoneWithFirstRows();
  geo::ProjectorCache projectors;  // one set of transformations for all the files
  std::future<Status> in_flight;
  // The batch being written; freed here once written, so that the writer thread spends its
  // time on the store alone.
  Batch writing;
  auto join = [&]() -> Status {
    Status status = in_flight.valid() ? in_flight.get() : Status::Ok();
    writing = Batch{};
    return status;
  };
  Batch batch;
  std::int64_t pending = 0;
  std::size_t bytes_before = 0;  // bytes of the files before the current one
  auto flush = [&](std::size_t position) -> Status {
    batch.position = position;
    for (FilePart& part : batch.parts) SortByKey(part);
    VIGIL_RETURN_IF_ERROR(join());
    writing = std::move(batch);
    in_flight =
        std::async(std::launch::async, [&writer, &writing]() { return writer.Write(writing); });
    batch = Batch{};
    pending = 0;
    return Status::Ok();
  };
  // The city CRS a parser chose from its first point, saved with the batch being filled.
  auto save_crs_with_batch = [&](const RowParser& parser) {
    if (crs_saved || parser.city_crs().empty()) return;
    batch.crs_to_save = city_crs = parser.city_crs();
    crs_saved = true;
  };
  auto parse_all = [&]() -> Status {
    for (std::size_t f = 0; f < paths.size(); ++f) {
      const std::string& path = paths[f];
      FilePart* part = &batch.parts.emplace_back();
      part->file = f;
      auto refuse = [&](const Error& error) { part->done = Result<IngestSummary>(error); };
      auto reader = CsvReader::Open(path, profile.separator);
      CsvRecord record;
      if (!reader.ok()) {
        refuse(reader.error());
      } else if (!reader->Next(&record)) {
        refuse(MakeError(ErrorCode::kInvalidArgument, "'" + path + "' is empty: no header row"));
      }
      if (part->done) {
        bytes_before += FileSize(path);
        continue;
      }
      const std::vector<std::string> header(record.fields.begin(), record.fields.end());
      auto parser = RowParser::Create(profile, header, city_crs, &projectors);
      if (!parser.ok()) {
        refuse(MakeError(parser.error().code, "'" + path + "': " + parser.error().message));
        bytes_before += FileSize(path);
        continue;
      }
      IngestSummary summary;
      summary.file = path;
      summary.profile = profile.name;
      ReserveRows(*part, profile.kind, reader->size() - reader->position(),
                  options.batch_rows - pending);
      while (reader->Next(&record)) {
        ++summary.rows;
        ParsedRow row = parser->Parse(record);
        // Content hashes are computed here, off the writing thread, which is the slower side.
        if (auto* incident = std::get_if<Incident>(&row)) {
          if (!incident->location) ++summary.unlocated;
          part->hashes.push_back(IncidentContentHash(*incident));
          part->incidents.push_back(std::move(*incident));
        } else if (auto* call = std::get_if<Call>(&row)) {
          if (!call->location) ++summary.unlocated;
          part->hashes.push_back(CallContentHash(*call));
          part->calls.push_back(std::move(*call));
        } else if (auto* cancellation = std::get_if<RowCancellation>(&row)) {
          part->cancellations.push_back(std::move(cancellation->key));
        } else {
          auto& reject = std::get<RowReject>(row);
          ++summary.rejected;
          if (summary.rejects.size() < options.max_rejects_kept) {
            summary.rejects.push_back(
                {path, record.line, std::move(reject.field), std::move(reject.reason)});
          }
        }
        if (++pending >= options.batch_rows) {
          save_crs_with_batch(*parser);
          VIGIL_RETURN_IF_ERROR(flush(bytes_before + reader->position()));
          part = &batch.parts.emplace_back();
          part->file = f;
          ReserveRows(*part, profile.kind, reader->size() - reader->position(), options.batch_rows);
        }
      }
      if (reader->error()) {
        return MakeError(ErrorCode::kIo, "cannot read '" + path + "': " + reader->error()->message);
      }
      save_crs_with_batch(*parser);
      summary.out_of_bounds = parser->out_of_bounds();
      part->done = std::move(summary);
      bytes_before += reader->size();
    }
    return flush(total_bytes);
  };
  using Clock = std::chrono::steady_clock;
  const auto parse_start = Clock::now();
  Status status = parse_all();
  const auto parse_end = Clock::now();
  Status written = join();
  if (status.ok()) status = written;
  // The indexes come back even when the load failed: the rows it committed stay and need them.
  const auto index_start = Clock::now();
  if (*defer) {
    Status restored = store.RestoreIndexes();
    if (status.ok()) status = restored;
  }
  if (options.timings != nullptr) {
    options.timings->parsing_s += std::chrono::duration<double>(parse_end - parse_start).count();
    options.timings->writing_s += writer.writing_s();
    options.timings->indexing_s +=
        std::chrono::duration<double>(Clock::now() - index_start).count();
  }
  return status;
}

Result<IngestSummary> IngestCsvFile(Store& store, const Profile& profile, const std::string& path,
                                    const IngestOptions& options) {
  std::optional<Result<IngestSummary>> outcome;
  const std::string paths[] = {path};
  VIGIL_RETURN_IF_ERROR(IngestCsvFiles(
      store, profile, paths, options,
      [&outcome](const std::string&, const Result<IngestSummary>& done) { outcome = done; }));
  if (!outcome) return MakeError(ErrorCode::kInternal, "'" + path + "' was not loaded");
  return *outcome;
}

Status WriteRejectReport(const std::vector<RejectedRow>& rejects, const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return MakeError(ErrorCode::kIo, "cannot write reject report '" + path + "'");
  out << "file,line,field,reason\n";
  for (const RejectedRow& r : rejects) {
    out << CsvField(r.file) << ',' << r.line << ',' << CsvField(r.field) << ','
        << CsvField(r.reason) << '\n';
  }
  out.flush();
  if (!out) return MakeError(ErrorCode::kIo, "cannot write reject report '" + path + "'");
  return Status::Ok();
}

}  // namespace vigil::ingest
