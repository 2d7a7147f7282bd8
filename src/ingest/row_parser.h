// Turns one CSV row into a Vigil record through a source profile: column lookup, time parsing
// in the source's zone, coordinate projection, category mapping. Pure: no store access.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
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
  // `projectors`, when given, supplies the coordinate transformations and must outlive the
  // parser (a load of many files shares one; see geo::ProjectorCache); else the parser keeps
  // its own.
  static Result<RowParser> Create(const Profile& profile, const std::vector<std::string>& header,
                                  const std::string& city_crs,
                                  geo::ProjectorCache* projectors = nullptr);
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

  // Vigil fields as fixed slots, resolved from names once in Create() so that the per-row
  // path does no string hashing or allocation. kNone names a field the profile lacks.
  enum Field : int {
    kSourceId,
    kOccurred,
    kReported,
    kCode,
    kDescription,
    kX,
    kY,
    kAddress,
    kDistrict,
    kNeighborhood,
    kBeat,
    kCount,
    kCallType,
    kPriority,
    kOrigin,
    kFieldCount,
    kNone = kFieldCount
  };
  static Field FieldNamed(std::string_view name);
  static const char* FieldName(Field field);

  // The field's trimmed value (columns joined by a space); empty when absent. The view lives
  // until the next call for the same field or the next record.
  std::string_view Value(const CsvRecord& record, Field field);
  bool HasField(Field field) const { return field != kNone && !columns_[field].empty(); }
  std::optional<UnixSeconds> ParseTime(std::string_view text, Field field);
  // Fills `location` from x/y; returns a reject reason when the coordinates are malformed.
  std::optional<RowReject> ParseLocation(const CsvRecord& record,
                                         std::optional<Location>* location);
  std::string RecordId(const CsvRecord& record);
  // Starts loading the memo's slot for the row's point, which ParseLocation reads after the
  // dates are parsed.
  void PrefetchPoint(const CsvRecord& record);
  // Whether a WGS84 point falls outside the profile's bounds; counts it if so.
  bool OutOfBounds(const geo::XY& lonlat);

  Profile profile_;
  std::size_t header_size_ = 0;
  std::array<std::vector<std::size_t>, kFieldCount + 1> columns_;  // field -> column indices
  std::array<const std::vector<std::string>*, kFieldCount + 1> formats_{};  // date formats
  Field category_from_ = kNone;   // field the category map reads
  Field service_from_ = kNone;    // field the service map reads
  std::vector<Field> id_fields_;  // profile.id_parts as slots
  std::optional<TimeZone> zone_;
  std::shared_ptr<geo::ProjectorCache> own_projectors_;  // when Create was given none
  geo::ProjectorCache* projectors_ = nullptr;
  std::shared_ptr<const geo::Projector> to_wgs84_;
  std::shared_ptr<const geo::Projector> to_city_;
  geo::PointMemo* memo_ = nullptr;  // points through to_wgs84_ then to_city_, once both are set
  std::string city_crs_;
  std::array<std::size_t, kFieldCount + 1> format_hint_{};  // field -> last format that worked
  std::unordered_map<unsigned long long, int> fingerprint_seen_;
  std::array<std::string, kFieldCount + 1> join_buffers_;  // field -> joined value
  std::int64_t out_of_bounds_ = 0;
};

}  // namespace vigil::ingest
