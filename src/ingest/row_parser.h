// Turns one CSV row into a Vigil record through a source profile: column lookup, time parsing
// in the source's zone, coordinate projection, category mapping. Pure: no store access.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/csv_reader.h"
#include "core/time.h"
#include "geo/projection.h"
#include "ingest/profile.h"
#include "model/records.h"
#include "store/store.h"

namespace vigil::ingest {

// Why a row was not loaded: the field at fault and a sentence for people.
struct RowReject {
  std::string field;
  std::string reason;
};

// A row that cancels an earlier record (e.g. SLMPD Count = -1).
struct RowCancellation {
  SourceKey key;
};

using ParsedRow = std::variant<Incident, Call, RowCancellation, RowReject>;

class RowParser {
 public:
  // Resolves the profile's fields against a header row. Fails with kInvalidArgument naming
  // the missing columns when a required field cannot be found: the file is not what the
  // profile describes. `city_crs` is the store's projected CRS ("" = pick UTM on first point).
  static Result<RowParser> Create(const Profile& profile, const std::vector<std::string>& header,
                                  const std::string& city_crs);
  RowParser(RowParser&&) noexcept;
  RowParser& operator=(RowParser&&) noexcept;
  ~RowParser();

  ParsedRow Parse(const CsvRecord& record);

  // The projected CRS in use; set once the first located row chose it when none was given.
  const std::string& city_crs() const { return city_crs_; }
  // Rows whose coordinates fell outside the profile's bounds (kept without a location).
  std::int64_t out_of_bounds() const { return out_of_bounds_; }

 private:
  RowParser() = default;

  std::string_view Value(const CsvRecord& record, const std::string& field);
  bool HasField(const std::string& field) const { return columns_.contains(field); }
  std::optional<UnixSeconds> ParseTime(std::string_view text, const std::string& field);
  // Fills `location` from x/y; returns a reject reason when the coordinates are malformed.
  std::optional<RowReject> ParseLocation(const CsvRecord& record, std::optional<Location>* location);
  std::string RecordId(const CsvRecord& record);

  Profile profile_;
  std::size_t header_size_ = 0;
  std::unordered_map<std::string, std::vector<std::size_t>> columns_;  // field -> column indices
  std::optional<TimeZone> zone_;
  std::optional<geo::Projector> to_wgs84_;
  std::optional<geo::Projector> to_city_;
  std::string city_crs_;
  std::unordered_map<std::string, std::size_t> format_hint_;  // field -> last format that worked
  std::unordered_map<unsigned long long, int> fingerprint_seen_;
  std::unordered_map<std::string, std::string> join_buffers_;  // field -> joined value
  std::int64_t out_of_bounds_ = 0;
};

}  // namespace vigil::ingest
