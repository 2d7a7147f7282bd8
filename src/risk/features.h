// Features of the learned risk model over (grid cell x time slot): lagged counts of the target
// crimes (and of all major crimes) at the cell and in the two rings of cells around it,
// near-repeat counts, calls for service, the time of the slot (hour, weekday, month, holiday)
// and optional columns the caller supplies (environment per cell; other models' readings per
// cell and slot).
// Only events reported strictly before the slot start are ever read. Every feature carries a
// plain-words template that turns its value into a reason ("3 burglaries within 200 m in the
// last 14 days").
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "risk/model.h"
#include "store/snapshot.h"

namespace vigil::risk {

// How a feature value is written in a reason.
enum class ValueKind : std::uint8_t {
  kCount,    // a whole number, "3"
  kReal,     // a real number to 3 significant digits, "0.125"
  kHour,     // hour of day 0-23, "14:00"
  kWeekday,  // 0 = Monday ... 6 = Sunday, "Saturday"
  kMonth,    // 1-12, "December"
  kFlag,     // 0 or 1; "{v}" becomes "" for 1 and "not " for 0
};

struct FeatureSpec {
  std::string name;    // stable machine name, e.g. "target_ring1_28d"
  std::string reason;  // plain-words template; "{v}" is replaced by the value
  ValueKind kind = ValueKind::kCount;
  std::string reason_one;  // kCount only: the template for a value of 1 ("1 theft"); "" = reason
  // +1 when a higher value may never lower the forecast (counts of past events: more crime
  // nearby is never evidence of less), 0 when the relation is free. XgboostOptions::
  // monotone_counts turns these into the learned model's monotone constraints.
  int monotone = 0;
};

// "thefts", "burglaries", "major crimes": the target's events in plain words.
std::string PluralNoun(const EventSelection& target);

// The reason of `spec` with its value filled in.
std::string RenderReason(const FeatureSpec& spec, double value);

// A named per-cell column: one value per grid cell (snapshot.grid().cell_count() values).
using CellColumn = std::pair<std::string, std::vector<float>>;

// A per-cell column that depends on the slot: another model's reading of the city at the slot
// start, e.g. the kernel density of past events. `values(slot, out)` writes one value per grid
// cell from events reported before slot.start only; it must be safe to call from several
// threads at once.
struct SlotColumn {
  std::string name;    // feature name, e.g. "kde_rate"
  std::string reason;  // plain-words template; "{v}" is replaced by the value
  std::function<Status(const Slot& slot, std::span<double> out)> values;
  int monotone = 0;  // as FeatureSpec::monotone
};

struct FeatureOptions {
  // Lengths of the lagged-count windows before the slot start, days; each >= 1.
  // Default {1, 7, 28, 91, 365, 730}: the two-year window tells a chronic hot spot from a bad
  // year (chosen on St. Louis 2018, before the 2019 test year; docs/risk.md).
  std::vector<int> count_windows_days = {1, 7, 28, 91, 365, 730};
  // Neighbourhood rings counted besides the cell itself: 0, 1 (the 8 neighbours) or 2 (also the
  // next 16 cells). Default 2.
  int rings = 2;
  // Also count all major crimes (IsMajorCrime) when the target is a narrower selection.
  // Ignored when the target already is the major crimes. Default true.
  bool all_major_counts = true;
  // Near-repeat radius around the cell centre, metres; > 0. Default 200.
  double near_repeat_m = 200;
  // Near-repeat windows before the slot start, days; each >= 1. Default {7, 14}.
  std::vector<int> near_repeat_days = {7, 14};
  // Windows of the calls-for-service counts (cell and ring 1), days; each >= 1. Default {7, 28}.
  // Empty = no call features.
  std::vector<int> call_windows_days = {7, 28};
  // IANA zone in which hour, weekday, month and holidays of the slot start are read;
  // "" = UTC. Default "".
  std::string time_zone;
  // Holidays as local dates, days since 1970-01-01 (see holidays.h). Default none (the holiday
  // feature is then always 0).
  std::vector<std::int64_t> holidays;
  // Environment columns (population, land use, POI densities or distances, region type), one
  // value per grid cell. Default none.
  std::vector<CellColumn> environment;
  // Other models' readings at each slot (kernel density, self-excitation), expected events
  // per day. Default none.
  std::vector<SlotColumn> slot_columns;
  // Reason templates of environment columns by column name, e.g. {"bars_150m", "{v} bars
  // within 150 m"}; "{not}" reads a 0/1 indicator ("" or "not "). Values of 1,000 or more are
  // written whole with thousands separators. A column without one reads "<name> is {v}".
  // Default none.
  std::vector<std::pair<std::string, std::string>> reason_templates;

  Status Validate() const;
};

// Builds feature rows. Create() indexes the snapshot's events once; Build() is then cheap per
// slot (binary searches over the report-time-sorted events of each cell). Build is const and
// safe to call from several threads.
class FeatureBuilder {
 public:
  // Fails when the options are invalid, a column's length is not the grid's cell count, or the
  // time zone is unknown. `target` chooses the target categories (its times are not used).
  static Result<FeatureBuilder> Create(const CitySnapshot& snapshot, const EventSelection& target,
                                       const FeatureOptions& options);

  const std::vector<FeatureSpec>& features() const { return specs_; }
  std::size_t feature_count() const { return specs_.size(); }

  // Writes the features of `cells` at `slot` row-major into `out` (cells.size() x
  // feature_count()). Only events reported before slot.start are used. Fails when a cell is
  // outside the grid or `out` has the wrong size.
  Status Build(const Slot& slot, std::span<const std::int64_t> cells, std::span<float> out) const;

  // Number of target events reported in `cell` during [from, to); used for training labels.
  std::int64_t TargetCount(std::int64_t cell, UnixSeconds from, UnixSeconds to) const;

  // Cells holding at least one incident or call reported before `before`, ascending.
  std::vector<std::int64_t> CellsWithEvents(UnixSeconds before) const;

 private:
  // Report times per cell, CSR layout.
  struct TimesByCell {
    std::vector<std::uint32_t> offsets;  // cell -> [offsets[c], offsets[c+1])
    std::vector<UnixSeconds> times;      // ascending within a cell
    std::int64_t Count(std::int64_t cell, UnixSeconds from, UnixSeconds to) const;
  };
  static TimesByCell Index(const geo::Grid& grid, const EventColumns& events,
                           const std::vector<bool>& keep);

  FeatureOptions options_;
  geo::Grid grid_;
  std::vector<FeatureSpec> specs_;
  TimesByCell target_, major_, calls_;
  bool use_major_ = false;
  // Target events in report-time order, for near-repeat counts.
  std::vector<UnixSeconds> target_times_;
  std::vector<double> target_x_, target_y_;
  std::vector<std::int64_t> active_cells_;  // cells with any indexed event, ascending
  std::vector<UnixSeconds> first_seen_;     // per active cell, earliest report time
};

}  // namespace vigil::risk
