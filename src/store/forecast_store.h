// Stored risk forecasts (tables forecasts and forecast_cells, migration 3). A forecast is the
// expected count and grade of each grid cell for one slot, as one model predicted it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/time.h"
#include "geo/grid.h"
#include "store/sqlite_db.h"

namespace vigil {

struct ForecastHeader {
  std::string model;           // risk model name, e.g. "etas"
  std::string category;        // category machine name, or "major"
  UnixSeconds slot_start = 0;  // UTC seconds
  std::int64_t slot_length_s = 0;
  geo::Grid grid;              // the grid the cell ids refer to
  UnixSeconds created_at = 0;  // UTC seconds
};

struct ForecastCell {
  std::int64_t cell = 0;  // grid cell id
  double expected = 0;    // expected events in the slot, >= 0
  int grade = 1;          // 1-10
};

// Which stored forecasts to list; empty fields match everything.
struct ForecastFilter {
  std::optional<std::string> model;     // exact model name
  std::optional<std::string> category;  // exact category name, or "major"
  std::optional<UnixSeconds> covering;  // the slot contains this instant, UTC seconds
  std::int64_t limit = 100;             // at most this many, newest created first; 1-1000
};

struct ForecastSummary {
  std::int64_t id = 0;
  ForecastHeader header;
};

// Reads and writes forecasts in a store file. Not thread-safe: one per thread.
class ForecastStore {
 public:
  // Opens the store at `path` through sqlite::OpenStoreDatabase (migrations applied).
  static Result<ForecastStore> Open(const std::string& path);

  // Writes a forecast and its cells in one transaction; returns the new forecast id.
  Result<std::int64_t> Save(const ForecastHeader& header, std::span<const ForecastCell> cells);

  // The header and cells (ascending cell id) of a stored forecast; kNotFound when absent.
  Result<ForecastHeader> Header(std::int64_t forecast_id);
  Result<std::vector<ForecastCell>> Cells(std::int64_t forecast_id);
  // Id of the most recently stored forecast (highest id); kNotFound when there is none.
  Result<std::int64_t> LatestId();
  // Forecasts matching `filter`, newest created first (ties: higher id first).
  Result<std::vector<ForecastSummary>> List(const ForecastFilter& filter);

 private:
  explicit ForecastStore(sqlite::Database db) : db_(std::move(db)) {}
  sqlite::Database db_;
};

}  // namespace vigil
