// Stored risk forecasts (tables forecasts and forecast_cells, migration 3; forecast_reasons,
// migration 7). A forecast is the expected count and grade of each grid cell for one slot, as
// one model predicted it, and for models that explain themselves the plain-words reasons
// behind some of its cells.
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

// One ranked reason behind a cell's forecast (risk/xgboost_model.h Reason, as stored).
struct CellReason {
  std::int64_t cell = 0;    // grid cell id
  int rank = 1;             // 1 = the feature that raises the forecast most; >= 1
  std::string feature;      // feature name, e.g. "burglary_200m_14d"
  double contribution = 0;  // additive contribution to the cell's log expected count
  std::string text;         // plain words
};

// A cell of a stored forecast with its reasons (rank ascending).
struct ExplainedCell {
  std::int64_t cell = 0;
  double expected = 0;  // the forecast cell's expected count; 0 when the cell is not stored
  int grade = 1;        // the forecast cell's grade; 1 when the cell is not stored
  std::vector<CellReason> reasons;
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

  // Writes a forecast, its cells and its reasons (none by default) in one transaction;
  // returns the new forecast id. Duplicate (cell) or (cell, rank) keys, or a rank < 1, fail
  // the whole write and leave nothing behind.
  Result<std::int64_t> Save(const ForecastHeader& header, std::span<const ForecastCell> cells,
                            std::span<const CellReason> reasons = {});
  // Adds reasons to an already stored forecast in a transaction of their own: all or none.
  // kNotFound when the forecast does not exist; kInvalidArgument for a rank < 1; a key that
  // is already stored fails the write.
  Status SaveReasons(std::int64_t forecast_id, std::span<const CellReason> reasons);
  // The cells of a forecast that have stored reasons, highest grade first, then highest
  // expected count, then lowest cell id; only `cell` when given. Empty when the forecast has
  // no stored reasons (or `cell` has none); the forecast's existence is not checked.
  Result<std::vector<ExplainedCell>> ExplainedCells(std::int64_t forecast_id,
                                                    std::optional<std::int64_t> cell = {});

  // The header and cells (ascending cell id) of a stored forecast; kNotFound when absent.
  Result<ForecastHeader> Header(std::int64_t forecast_id);
  Result<std::vector<ForecastCell>> Cells(std::int64_t forecast_id);
  // Id of the most recently stored forecast (highest id); kNotFound when there is none.
  Result<std::int64_t> LatestId();
  // Forecasts matching `filter`, newest created first (ties: higher id first).
  Result<std::vector<ForecastSummary>> List(const ForecastFilter& filter);

 private:
  explicit ForecastStore(sqlite::Database db) : db_(std::move(db)) {}
  // Inserts `reasons` of `forecast_id`; the caller holds the transaction.
  Status InsertReasons(std::int64_t forecast_id, std::span<const CellReason> reasons);
  sqlite::Database db_;
};

}  // namespace vigil
