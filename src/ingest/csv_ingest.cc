#include "ingest/csv_ingest.h"

#include <algorithm>
#include <fstream>
#include <future>

#include "core/csv_reader.h"
#include "core/csv_writer.h"
#include "ingest/row_parser.h"

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

Result<IngestSummary> IngestCsvFile(Store& store, const Profile& profile, const std::string& path,
                                    const IngestOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  auto reader = CsvReader::Open(path, profile.separator);
  if (!reader.ok()) return reader.error();
  CsvRecord record;
  if (!reader->Next(&record)) {
    return MakeError(ErrorCode::kInvalidArgument, "'" + path + "' is empty: no header row");
  }
  std::vector<std::string> header(record.fields.begin(), record.fields.end());

  auto crs_setting = store.GetSetting("city.crs");
  if (!crs_setting.ok()) return crs_setting.error();
  const std::string city_crs = crs_setting->value_or("");
  auto parser = RowParser::Create(profile, header, city_crs);
  if (!parser.ok()) {
    return MakeError(parser.error().code, "'" + path + "': " + parser.error().message);
  }

  auto load_id = store.BeginLoad(profile.name, path);
  if (!load_id.ok()) return load_id.error();

  IngestSummary summary;
  summary.file = path;
  summary.profile = profile.name;
  bool crs_saved = !city_crs.empty();

  // Parsing and writing overlap: while the store commits batch k on a worker thread, this
  // thread parses batch k+1. Writes stay strictly sequential (one in flight, joined before the
  // next starts), so the store is used by one thread at a time and batches commit in file
  // order; the progress callback runs after each commit, on the writing thread.
  struct Batch {
    std::vector<Incident> incidents;
    std::vector<Call> calls;
    std::vector<SourceKey> cancellations;
    std::string crs_to_save;   // city CRS chosen by this batch's first point, saved with it
    std::size_t position = 0;  // bytes of the file parsed when the batch was cut
  };
  const std::size_t file_size = reader->size();
  auto write = [&store, &profile, &options, file_size,
                load_id = *load_id](Batch batch) -> Result<UpsertCounts> {
    UpsertCounts counts;
    if (!batch.crs_to_save.empty())
      VIGIL_RETURN_IF_ERROR(store.SetSetting("city.crs", batch.crs_to_save));
    if (profile.kind == RecordKind::kIncident) {
      VIGIL_RETURN_IF_ERROR(
          store.WriteIncidentBatch(load_id, batch.incidents, batch.cancellations, &counts));
    } else {
      VIGIL_RETURN_IF_ERROR(store.WriteCallBatch(load_id, batch.calls, &counts));
    }
    if (options.progress) options.progress(batch.position, file_size);
    return counts;
  };
  std::future<Result<UpsertCounts>> in_flight;
  auto join = [&]() -> Status {
    if (!in_flight.valid()) return Status::Ok();
    Result<UpsertCounts> written = in_flight.get();
    if (!written.ok()) return written.error();
    summary.counts += *written;
    return Status::Ok();
  };
  Batch batch;
  auto flush = [&]() -> Status {
    if (!crs_saved && !parser->city_crs().empty()) {
      batch.crs_to_save = parser->city_crs();
      crs_saved = true;
    }
    batch.position = reader->position();
    VIGIL_RETURN_IF_ERROR(join());
    in_flight = std::async(std::launch::async, write, std::move(batch));
    batch = Batch{};
    const auto reserve =
        static_cast<std::size_t>(std::min<std::int64_t>(options.batch_rows, 65536));
    if (profile.kind == RecordKind::kIncident) {
      batch.incidents.reserve(reserve);
    } else {
      batch.calls.reserve(reserve);
    }
    return Status::Ok();
  };

  std::int64_t pending = 0;
  while (reader->Next(&record)) {
    ++summary.rows;
    ParsedRow row = parser->Parse(record);
    if (auto* incident = std::get_if<Incident>(&row)) {
      if (!incident->location) ++summary.unlocated;
      batch.incidents.push_back(std::move(*incident));
    } else if (auto* call = std::get_if<Call>(&row)) {
      if (!call->location) ++summary.unlocated;
      batch.calls.push_back(std::move(*call));
    } else if (auto* cancellation = std::get_if<RowCancellation>(&row)) {
      batch.cancellations.push_back(std::move(cancellation->key));
    } else {
      auto& reject = std::get<RowReject>(row);
      ++summary.rejected;
      if (summary.rejects.size() < options.max_rejects_kept) {
        summary.rejects.push_back(
            {path, record.line, std::move(reject.field), std::move(reject.reason)});
      }
    }
    if (++pending >= options.batch_rows) {
      VIGIL_RETURN_IF_ERROR(flush());
      pending = 0;
    }
  }
  VIGIL_RETURN_IF_ERROR(flush());
  VIGIL_RETURN_IF_ERROR(join());
  summary.out_of_bounds = parser->out_of_bounds();
  VIGIL_RETURN_IF_ERROR(store.FinishLoad(*load_id, summary.rejected));
  return summary;
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
