#include "store/snapshot.h"

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

namespace vigil {
namespace {

// Interns district codes of one column set; the empty code is "none" (-1).
class DistrictTable {
 public:
  std::int32_t Intern(EventColumns* columns, const std::string& code) {
    if (code.empty()) return -1;
    auto [it, inserted] =
        ids_.try_emplace(code, static_cast<std::int32_t>(columns->district_names.size()));
    if (inserted) columns->district_names.push_back(code);
    return it->second;
  }

 private:
  std::unordered_map<std::string, std::int32_t> ids_;
};

void Append(EventColumns* columns, UnixSeconds reported, UnixSeconds occurred, Category category,
            double x, double y, Origin origin, std::int32_t district) {
  columns->reported_at.push_back(reported);
  columns->occurred_at.push_back(occurred);
  columns->category.push_back(category);
  columns->x.push_back(x);
  columns->y.push_back(y);
  columns->origin.push_back(origin);
  columns->district.push_back(district);
}

}  // namespace

Result<CitySnapshot> CitySnapshot::Build(Store& store, const SnapshotOptions& options) {
  if (!(options.cell_size_m > 0)) {
    return MakeError(ErrorCode::kInvalidArgument, "snapshot cell size must be positive metres");
  }
  CitySnapshot snapshot;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  DistrictTable incident_districts;
  DistrictTable call_districts;
  VIGIL_RETURN_IF_ERROR(store.ForEachIncident(IncidentFilter{}, [&](const Incident& r) {
    if (r.location) {
      Append(&snapshot.incidents_, r.reported_at, r.occurred_at, r.category, r.location->x,
             r.location->y, r.origin, incident_districts.Intern(&snapshot.incidents_, r.district));
    } else if (options.include_unlocated) {
      Append(&snapshot.incidents_, r.reported_at, r.occurred_at, r.category, nan, nan, r.origin,
             incident_districts.Intern(&snapshot.incidents_, r.district));
    }
  }));
  VIGIL_RETURN_IF_ERROR(store.ForEachCall([&](const Call& r) {
    if (r.location) {
      Append(&snapshot.calls_, r.received_at, r.received_at, r.category, r.location->x,
             r.location->y, Origin::kUnknown, call_districts.Intern(&snapshot.calls_, r.district));
    }
  }));

  double min_x = std::numeric_limits<double>::max();
  double min_y = min_x;
  double max_x = std::numeric_limits<double>::lowest();
  double max_y = max_x;
  for (const EventColumns* c : {&snapshot.incidents_, &snapshot.calls_}) {
    for (std::size_t i = 0; i < c->size(); ++i) {
      if (!(c->x[i] == c->x[i])) continue;
      min_x = std::min(min_x, c->x[i]);
      max_x = std::max(max_x, c->x[i]);
      min_y = std::min(min_y, c->y[i]);
      max_y = std::max(max_y, c->y[i]);
    }
  }
  if (min_x > max_x) {
    min_x = min_y = 0;
    max_x = max_y = 0;
  }
  snapshot.grid_ = geo::Grid::Covering(min_x, min_y, max_x, max_y, options.cell_size_m);

  snapshot.IndexCells();
  return snapshot;
}

Result<CitySnapshot> CitySnapshot::FromColumns(const geo::Grid& grid, EventColumns incidents,
                                               EventColumns calls) {
  if (!(grid.cell_size > 0) || grid.columns < 0 || grid.rows < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "snapshot grid must have a positive cell size");
  }
  for (EventColumns* c : {&incidents, &calls}) {
    const std::size_t n = c->size();
    if (c->occurred_at.size() != n || c->category.size() != n || c->x.size() != n ||
        c->y.size() != n || (!c->origin.empty() && c->origin.size() != n) ||
        (!c->district.empty() && c->district.size() != n)) {
      return MakeError(ErrorCode::kInvalidArgument, "snapshot event columns differ in length");
    }
    if (c->origin.empty()) c->origin.assign(n, Origin::kUnknown);
    if (c->district.empty()) c->district.assign(n, -1);
    const auto names = static_cast<std::int32_t>(c->district_names.size());
    for (const std::int32_t d : c->district) {
      if (d < -1 || d >= names)
        return MakeError(ErrorCode::kInvalidArgument, "snapshot district id out of range");
    }
  }
  if (!std::is_sorted(incidents.reported_at.begin(), incidents.reported_at.end())) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "snapshot incidents must be sorted by report time");
  }
  CitySnapshot snapshot;
  snapshot.grid_ = grid;
  snapshot.incidents_ = std::move(incidents);
  snapshot.calls_ = std::move(calls);
  snapshot.IndexCells();
  return snapshot;
}

void CitySnapshot::IndexCells() {
  for (EventColumns* c : {&incidents_, &calls_}) {
    c->cell.resize(c->size());
    for (std::size_t i = 0; i < c->size(); ++i) c->cell[i] = grid_.CellOf(c->x[i], c->y[i]);
  }

  // Counting sort of incident indices by cell keeps report-time order inside each cell.
  const auto cells = static_cast<std::size_t>(grid_.cell_count());
  cell_offsets_.assign(cells + 1, 0);
  for (const std::int64_t cell : incidents_.cell) {
    if (cell >= 0) ++cell_offsets_[static_cast<std::size_t>(cell) + 1];
  }
  for (std::size_t c = 0; c < cells; ++c) cell_offsets_[c + 1] += cell_offsets_[c];
  cell_events_.resize(cell_offsets_[cells]);
  std::vector<std::uint32_t> cursor(cell_offsets_.begin(), cell_offsets_.end() - 1);
  for (std::size_t i = 0; i < incidents_.size(); ++i) {
    const std::int64_t cell = incidents_.cell[i];
    if (cell >= 0)
      cell_events_[cursor[static_cast<std::size_t>(cell)]++] = static_cast<std::uint32_t>(i);
  }
}

std::span<const std::uint32_t> CitySnapshot::IncidentsInCell(std::int64_t cell) const {
  if (cell < 0 || cell >= grid_.cell_count()) return {};
  const auto c = static_cast<std::size_t>(cell);
  return std::span<const std::uint32_t>(cell_events_.data() + cell_offsets_[c],
                                        cell_offsets_[c + 1] - cell_offsets_[c]);
}

std::size_t CitySnapshot::LowerBoundReported(UnixSeconds t) const {
  const auto& r = incidents_.reported_at;
  return static_cast<std::size_t>(std::lower_bound(r.begin(), r.end(), t) - r.begin());
}

}  // namespace vigil
