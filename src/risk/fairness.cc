#include "risk/fairness.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace vigil::risk {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Share(double part, double whole) { return whole > 0 ? part / whole : kNaN; }

}  // namespace

std::vector<std::int32_t> CellDistricts(const CitySnapshot& snapshot) {
  const auto cells = static_cast<std::size_t>(snapshot.grid().cell_count());
  const EventColumns& e = snapshot.incidents();
  std::vector<std::int32_t> out(cells, -1);
  std::vector<std::int64_t> tally(e.district_names.size(), 0);
  for (std::size_t c = 0; c < cells; ++c) {
    const auto events = snapshot.IncidentsInCell(static_cast<std::int64_t>(c));
    if (events.empty()) continue;
    std::fill(tally.begin(), tally.end(), 0);
    for (const std::uint32_t i : events) {
      if (i < e.district.size() && e.district[i] >= 0)
        ++tally[static_cast<std::size_t>(e.district[i])];
    }
    std::int64_t best = 0;
    for (std::size_t d = 0; d < tally.size(); ++d) {
      if (tally[d] > best) {
        best = tally[d];
        out[c] = static_cast<std::int32_t>(d);
      }
    }
  }
  return out;
}

FairnessAudit::FairnessAudit(std::vector<std::int32_t> cell_district,
                             std::span<const std::uint8_t> city, std::vector<std::string> names)
    : cell_district_(std::move(cell_district)),
      city_(city.begin(), city.end()),
      names_(std::move(names)) {
  const std::size_t groups = names_.size() + 1;
  cells_.assign(groups, 0);
  flagged_.assign(groups, 0);
  events_.assign(groups, 0);
  hits_.assign(groups, 0);
  for (std::size_t c = 0; c < cell_district_.size(); ++c) {
    if (city_.empty() || city_[c] != 0) ++cells_[GroupOf(c)];
  }
}

std::size_t FairnessAudit::GroupOf(std::size_t cell) const {
  const std::int32_t d = cell_district_[cell];
  return d >= 0 && static_cast<std::size_t>(d) < names_.size() ? static_cast<std::size_t>(d)
                                                               : names_.size();
}

void FairnessAudit::Add(std::span<const double> flags, std::span<const double> observed) {
  ++slots_;
  for (std::size_t c = 0; c < cell_district_.size() && c < flags.size() && c < observed.size();
       ++c) {
    if (!city_.empty() && city_[c] == 0) continue;
    const std::size_t g = GroupOf(c);
    flagged_[g] += flags[c];
    events_[g] += observed[c];
    hits_[g] += flags[c] * observed[c];
  }
}

std::vector<DistrictFairness> FairnessAudit::Rows() const {
  double all_cells = 0;
  double all_flagged = 0;
  double all_events = 0;
  for (std::size_t g = 0; g < cells_.size(); ++g) {
    all_cells += static_cast<double>(cells_[g]);
    all_flagged += flagged_[g];
    all_events += events_[g];
  }
  std::vector<DistrictFairness> rows;
  for (std::size_t g = 0; g < cells_.size(); ++g) {
    if (cells_[g] == 0) continue;
    DistrictFairness r;
    r.district = g < names_.size() ? names_[g] : "(none)";
    r.cells = cells_[g];
    r.area_share = Share(static_cast<double>(cells_[g]), all_cells);
    r.flagged_share = Share(flagged_[g], all_flagged);
    r.crime_share = Share(events_[g], all_events);
    const double district_area = static_cast<double>(cells_[g]) * static_cast<double>(slots_);
    const double hit_rate = Share(hits_[g], events_[g]);
    const double flagged_area = Share(flagged_[g], district_area);
    r.pai = flagged_area > 0 ? hit_rate / flagged_area : kNaN;
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace vigil::risk
