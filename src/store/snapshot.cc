#include "store/snapshot.h"

#include <algorithm>
#include <limits>

namespace vigil {
namespace {

void Append(EventColumns* columns, UnixSeconds reported, UnixSeconds occurred, Category category,
            double x, double y) {
  columns->reported_at.push_back(reported);
  columns->occurred_at.push_back(occurred);
  columns->category.push_back(category);
  columns->x.push_back(x);
  columns->y.push_back(y);
}

}  // namespace

Result<CitySnapshot> CitySnapshot::Build(Store& store, const SnapshotOptions& options) {
  if (!(options.cell_size_m > 0)) {
    return MakeError(ErrorCode::kInvalidArgument, "snapshot cell size must be positive metres");
  }
  CitySnapshot snapshot;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  VIGIL_RETURN_IF_ERROR(store.ForEachIncident(IncidentFilter{}, [&](const Incident& r) {
    if (r.location) {
      Append(&snapshot.incidents_, r.reported_at, r.occurred_at, r.category, r.location->x,
             r.location->y);
    } else if (options.include_unlocated) {
      Append(&snapshot.incidents_, r.reported_at, r.occurred_at, r.category, nan, nan);
    }
  }));
  VIGIL_RETURN_IF_ERROR(store.ForEachCall([&](const Call& r) {
    if (r.location) {
      Append(&snapshot.calls_, r.received_at, r.received_at, r.category, r.location->x,
             r.location->y);
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

  for (EventColumns* c : {&snapshot.incidents_, &snapshot.calls_}) {
    c->cell.resize(c->size());
    for (std::size_t i = 0; i < c->size(); ++i) c->cell[i] = snapshot.grid_.CellOf(c->x[i], c->y[i]);
  }

  // Counting sort of incident indices by cell keeps report-time order inside each cell.
  const auto cells = static_cast<std::size_t>(snapshot.grid_.cell_count());
  snapshot.cell_offsets_.assign(cells + 1, 0);
  for (const std::int64_t cell : snapshot.incidents_.cell) {
    if (cell >= 0) ++snapshot.cell_offsets_[static_cast<std::size_t>(cell) + 1];
  }
  for (std::size_t c = 0; c < cells; ++c) snapshot.cell_offsets_[c + 1] += snapshot.cell_offsets_[c];
  snapshot.cell_events_.resize(snapshot.cell_offsets_[cells]);
  std::vector<std::uint32_t> cursor(snapshot.cell_offsets_.begin(), snapshot.cell_offsets_.end() - 1);
  for (std::size_t i = 0; i < snapshot.incidents_.size(); ++i) {
    const std::int64_t cell = snapshot.incidents_.cell[i];
    if (cell >= 0) snapshot.cell_events_[cursor[static_cast<std::size_t>(cell)]++] = static_cast<std::uint32_t>(i);
  }
  return snapshot;
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
