// The city snapshot: an immutable, in-memory, columnar view of incidents and calls that
// engines read. Events are sorted by report time (the time a model may know of them) and
// indexed by grid cell. Build once from a store; share read-only across threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "geo/grid.h"
#include "model/category.h"
#include "store/store.h"

namespace vigil {

struct SnapshotOptions {
  double cell_size_m = 100;        // grid cell edge in metres; 50-250 typical
  bool include_unlocated = false;  // keep incidents without coordinates (cell = -1)
};

// Struct-of-arrays of located events; index i refers to the same event in every column.
struct EventColumns {
  std::vector<UnixSeconds> reported_at;  // sorted ascending
  std::vector<UnixSeconds> occurred_at;
  std::vector<Category> category;
  std::vector<double> x;  // projected metres
  std::vector<double> y;
  std::vector<std::int64_t> cell;  // grid cell id, -1 when unlocated or outside
  std::vector<Origin> origin;      // how police learnt of it (Incident::origin); calls: kUnknown
  std::vector<std::int32_t> district;  // index into district_names; -1 when the source has none
  std::vector<std::string> district_names;  // interned district codes (not per event)

  std::size_t size() const { return reported_at.size(); }
};

class CitySnapshot {
 public:
  static Result<CitySnapshot> Build(Store& store, const SnapshotOptions& options);

  // A snapshot over `grid` from columns made elsewhere (tests; filtered or truncated copies of
  // another snapshot). incidents.reported_at must be ascending; every per-event column must be
  // as long as reported_at, except origin and district, which may be empty (filled with
  // kUnknown / -1). `cell` is recomputed from x, y. Fails with kInvalidArgument otherwise.
  static Result<CitySnapshot> FromColumns(const geo::Grid& grid, EventColumns incidents,
                                          EventColumns calls);

  const geo::Grid& grid() const { return grid_; }
  const EventColumns& incidents() const { return incidents_; }
  const EventColumns& calls() const { return calls_; }

  // Indices (into incidents()) of events in a cell, in report-time order.
  std::span<const std::uint32_t> IncidentsInCell(std::int64_t cell) const;

  // First index whose report time is >= t (binary search).
  std::size_t LowerBoundReported(UnixSeconds t) const;

 private:
  void IndexCells();  // fills `cell` of both column sets and the cell index from grid_

  geo::Grid grid_;
  EventColumns incidents_;
  EventColumns calls_;
  std::vector<std::uint32_t> cell_offsets_;  // CSR: cell -> [offsets[c], offsets[c+1])
  std::vector<std::uint32_t> cell_events_;
};

}  // namespace vigil
