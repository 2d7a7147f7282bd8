#include "risk/features.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "core/time.h"
#include "risk/holidays.h"

namespace vigil::risk {
namespace {

constexpr std::int64_t kDay = 86400;

// The target's events in plain words, one and many: {"burglary", "burglaries"}.
struct Nouns {
  const char* one;
  const char* many;
};

Nouns NounsOf(const EventSelection& target) {
  if (target.categories.empty()) return {"major crime", "major crimes"};
  if (target.categories.size() > 1) return {"selected crime", "selected crimes"};
  switch (target.categories.front()) {
    case Category::kRobbery: return {"robbery", "robberies"};
    case Category::kTheft: return {"theft", "thefts"};
    case Category::kAssault: return {"assault", "assaults"};
    case Category::kSexualViolence: return {"sexual violence offence", "sexual violence offences"};
    case Category::kBurglary: return {"burglary", "burglaries"};
    case Category::kVehicleTheft: return {"vehicle theft", "vehicle thefts"};
    case Category::kFraud: return {"fraud", "frauds"};
    case Category::kDrugs: return {"drug offence", "drug offences"};
    case Category::kDisorder: return {"disorder incident", "disorder incidents"};
    case Category::kOther: return {"other offence", "other offences"};
  }
  return {"crime", "crimes"};
}

std::string LastDays(int days) {
  return days == 1 ? "in the last day" : "in the last " + std::to_string(days) + " days";
}

std::string Where(int ring, double cell_size) {
  if (ring == 0) return "in this cell";
  if (ring == 1) return "in the 8 surrounding cells";
  char buf[96];
  std::snprintf(buf, sizeof(buf), "in the ring of 16 cells about %.0f m away", 2 * cell_size);
  return buf;
}

bool AllPositive(const std::vector<int>& v) {
  return std::all_of(v.begin(), v.end(), [](int d) { return d >= 1; });
}

// "143,888": a whole number with thousands separators.
void FormatThousands(long long whole, char* buf, std::size_t size) {
  const std::string digits = std::to_string(whole < 0 ? -whole : whole);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  std::snprintf(buf, size, "%s%s", whole < 0 ? "-" : "", out.c_str());
}

}  // namespace

std::string PluralNoun(const EventSelection& target) { return NounsOf(target).many; }

std::string RenderReason(const FeatureSpec& spec, double value) {
  static constexpr std::array<const char*, 7> kWeekdays = {
      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  static constexpr std::array<const char*, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  char buf[64];
  const long long whole = std::llround(value);
  switch (spec.kind) {
    case ValueKind::kCount: std::snprintf(buf, sizeof(buf), "%lld", whole); break;
    case ValueKind::kReal:
      if (std::abs(value) >= 1000) {
        FormatThousands(whole, buf, sizeof(buf));
      } else {
        std::snprintf(buf, sizeof(buf), "%.3g", value);
      }
      break;
    case ValueKind::kHour:
      std::snprintf(buf, sizeof(buf), "%02lld:00", std::clamp(whole, 0LL, 23LL));
      break;
    case ValueKind::kWeekday:
      std::snprintf(buf, sizeof(buf), "%s", kWeekdays[std::clamp(whole, 0LL, 6LL)]);
      break;
    case ValueKind::kMonth:
      std::snprintf(buf, sizeof(buf), "%s", kMonths[std::clamp(whole, 1LL, 12LL) - 1]);
      break;
    case ValueKind::kFlag: std::snprintf(buf, sizeof(buf), "%s", whole != 0 ? "" : "not "); break;
  }
  std::string text = spec.kind == ValueKind::kCount && whole == 1 && !spec.reason_one.empty()
                         ? spec.reason_one
                         : spec.reason;
  const std::size_t at = text.find("{v}");
  if (at != std::string::npos) text.replace(at, 3, buf);
  // "{not}" reads a 0/1 indicator: "" when set, "not " when not.
  if (const std::size_t flag = text.find("{not}"); flag != std::string::npos) {
    text.replace(flag, 5, value != 0 ? "" : "not ");
  }
  return text;
}

Status FeatureOptions::Validate() const {
  if (!AllPositive(count_windows_days) || !AllPositive(near_repeat_days) ||
      !AllPositive(call_windows_days)) {
    return MakeError(ErrorCode::kInvalidArgument, "feature windows must be at least 1 day");
  }
  if (count_windows_days.size() > 16 || near_repeat_days.size() > 16 ||
      call_windows_days.size() > 16) {
    return MakeError(ErrorCode::kInvalidArgument, "at most 16 windows of each kind are supported");
  }
  if (rings < 0 || rings > 2)
    return MakeError(ErrorCode::kInvalidArgument, "feature rings must be 0, 1 or 2");
  if (!(near_repeat_m > 0) || !std::isfinite(near_repeat_m)) {
    return MakeError(ErrorCode::kInvalidArgument, "the near-repeat radius must be positive metres");
  }
  std::unordered_set<std::string> names;
  for (const CellColumn& c : environment) {
    if (c.first.empty() || !names.insert(c.first).second) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "per-cell column names must be non-empty and unique: '" + c.first + "'");
    }
  }
  for (const SlotColumn& c : slot_columns) {
    if (c.name.empty() || !names.insert(c.name).second || !c.values) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "slot columns need a unique name and a function: '" + c.name + "'");
    }
  }
  return Status::Ok();
}

std::int64_t FeatureBuilder::TimesByCell::Count(std::int64_t cell, UnixSeconds from,
                                                UnixSeconds to) const {
  const auto c = static_cast<std::size_t>(cell);
  const auto begin = times.begin() + offsets[c];
  const auto end = times.begin() + offsets[c + 1];
  return std::lower_bound(begin, end, to) - std::lower_bound(begin, end, from);
}

FeatureBuilder::TimesByCell FeatureBuilder::Index(const geo::Grid& grid, const EventColumns& events,
                                                  const std::vector<bool>& keep) {
  TimesByCell index;
  const auto cells = static_cast<std::size_t>(grid.cell_count());
  index.offsets.assign(cells + 1, 0);
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (keep[i] && events.cell[i] >= 0)
      ++index.offsets[static_cast<std::size_t>(events.cell[i]) + 1];
  }
  for (std::size_t c = 0; c < cells; ++c) index.offsets[c + 1] += index.offsets[c];
  index.times.resize(index.offsets[cells]);
  std::vector<std::uint32_t> cursor(index.offsets.begin(), index.offsets.end() - 1);
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (keep[i] && events.cell[i] >= 0)
      index.times[cursor[static_cast<std::size_t>(events.cell[i])]++] = events.reported_at[i];
  }
  for (std::size_t c = 0; c < cells; ++c) {
    std::sort(index.times.begin() + index.offsets[c], index.times.begin() + index.offsets[c + 1]);
  }
  return index;
}

Result<FeatureBuilder> FeatureBuilder::Create(const CitySnapshot& snapshot,
                                              const EventSelection& target,
                                              const FeatureOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  const geo::Grid& grid = snapshot.grid();
  if (grid.cell_count() <= 0)
    return MakeError(ErrorCode::kFailedPrecondition, "the snapshot grid has no cells");
  for (const CellColumn& c : options.environment) {
    if (static_cast<std::int64_t>(c.second.size()) != grid.cell_count()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "per-cell column '" + c.first + "' has " + std::to_string(c.second.size()) +
                           " values but the grid has " + std::to_string(grid.cell_count()) +
                           " cells");
    }
  }
  if (!options.time_zone.empty()) {
    auto zone = TimeZone::Load(options.time_zone);
    if (!zone.ok()) return zone.error();
  }
  FeatureBuilder b;
  b.options_ = options;
  std::sort(b.options_.holidays.begin(), b.options_.holidays.end());
  b.grid_ = grid;
  b.use_major_ = options.all_major_counts && !target.categories.empty();

  const EventColumns& inc = snapshot.incidents();
  std::vector<bool> is_target(inc.size()), is_major(inc.size());
  for (std::size_t i = 0; i < inc.size(); ++i) {
    is_target[i] = target.Matches(inc.category[i]);
    is_major[i] = b.use_major_ && IsMajorCrime(inc.category[i]);
    if (is_target[i] && inc.cell[i] >= 0) {
      b.target_times_.push_back(inc.reported_at[i]);
      b.target_x_.push_back(inc.x[i]);
      b.target_y_.push_back(inc.y[i]);
    }
  }
  b.target_ = Index(grid, inc, is_target);
  b.major_ = Index(grid, inc, is_major);
  b.calls_ = Index(grid, snapshot.calls(),
                   std::vector<bool>(snapshot.calls().size(), !options.call_windows_days.empty()));
  for (std::int64_t c = 0; c < grid.cell_count(); ++c) {
    UnixSeconds first = 0;
    bool any = false;
    for (const TimesByCell* index : {&b.target_, &b.major_, &b.calls_}) {
      const auto u = static_cast<std::size_t>(c);
      if (index->offsets[u] < index->offsets[u + 1]) {
        const UnixSeconds t = index->times[index->offsets[u]];
        first = any ? std::min(first, t) : t;
        any = true;
      }
    }
    if (any) {
      b.active_cells_.push_back(c);
      b.first_seen_.push_back(first);
    }
  }

  // Feature specs, in the order Build writes them.
  const Nouns nouns = NounsOf(target);
  const std::string noun = nouns.many;
  const std::string one = nouns.one;
  auto add_counts = [&](const std::string& prefix, const std::string& what,
                        const std::string& what_one, const std::vector<int>& windows, int rings) {
    for (const int w : windows) {
      for (int ring = 0; ring <= rings; ++ring) {
        const std::string where = ring == 0 ? "cell" : "ring" + std::to_string(ring);
        const std::string tail = " " + Where(ring, grid.cell_size) + " " + LastDays(w);
        b.specs_.push_back({prefix + "_" + where + "_" + std::to_string(w) + "d",
                            "{v} " + what + tail, ValueKind::kCount, "{v} " + what_one + tail, 1});
      }
    }
  };
  add_counts("target", noun, one, options.count_windows_days, options.rings);
  if (b.use_major_) {
    add_counts("major", "major crimes", "major crime", options.count_windows_days, options.rings);
  }
  char radius[32];
  std::snprintf(radius, sizeof(radius), "%.0f m", options.near_repeat_m);
  for (const int d : options.near_repeat_days) {
    const std::string tail = std::string(" within ") + radius + " " + LastDays(d);
    b.specs_.push_back({"near_repeat_" + std::to_string(d) + "d", "{v} " + noun + tail,
                        ValueKind::kCount, "{v} " + one + tail, 1});
  }
  add_counts("calls", "calls for service", "call for service", options.call_windows_days,
             std::min(options.rings, 1));
  b.specs_.push_back({"hour", "the slot starts at {v}", ValueKind::kHour});
  b.specs_.push_back({"weekday", "the slot falls on a {v}", ValueKind::kWeekday});
  b.specs_.push_back({"month", "the slot falls in {v}", ValueKind::kMonth});
  b.specs_.push_back({"holiday", "the slot day is {v}a public holiday", ValueKind::kFlag});
  for (const CellColumn& c : options.environment) {
    std::string reason = c.first + " is {v}";
    for (const auto& [name, text] : options.reason_templates) {
      if (name == c.first) reason = text;
    }
    b.specs_.push_back({"env_" + c.first, reason, ValueKind::kReal});
  }
  for (const SlotColumn& c : options.slot_columns) {
    b.specs_.push_back({c.name, c.reason, ValueKind::kReal, "", c.monotone});
  }
  return b;
}

std::int64_t FeatureBuilder::TargetCount(std::int64_t cell, UnixSeconds from,
                                         UnixSeconds to) const {
  if (cell < 0 || cell >= grid_.cell_count() || to <= from) return 0;
  return target_.Count(cell, from, to);
}

std::vector<std::int64_t> FeatureBuilder::CellsWithEvents(UnixSeconds before) const {
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < active_cells_.size(); ++i) {
    if (first_seen_[i] < before) out.push_back(active_cells_[i]);
  }
  return out;
}

Status FeatureBuilder::Build(const Slot& slot, std::span<const std::int64_t> cells,
                             std::span<float> out) const {
  const std::size_t width = specs_.size();
  if (out.size() != cells.size() * width) {
    return MakeError(ErrorCode::kInvalidArgument, "the feature buffer has the wrong size");
  }
  const UnixSeconds t = slot.start;
  const geo::Grid& g = grid_;

  // Local time of the slot start.
  LocalDateTime local = CivilFromUnix(t);
  if (!options_.time_zone.empty()) {
    auto zone = TimeZone::Load(options_.time_zone);
    if (!zone.ok()) return zone.error();
    local = zone->ToLocal(t);
  }
  const std::int64_t local_day = DaysFromCivil(local.year, local.month, local.day);
  const bool holiday =
      std::binary_search(options_.holidays.begin(), options_.holidays.end(), local_day);

  // Other models' readings of the slot, every cell.
  std::vector<std::vector<double>> slot_values;
  for (const SlotColumn& c : options_.slot_columns) {
    std::vector<double>& column =
        slot_values.emplace_back(static_cast<std::size_t>(g.cell_count()), 0.0);
    VIGIL_RETURN_IF_ERROR(c.values(slot, column));
  }

  // Near-repeat counts of the requested cells: target events of the longest window, each
  // checked against the cells whose centre lies within the radius.
  const std::size_t nr_count = options_.near_repeat_days.size();
  std::vector<float> near(cells.size() * nr_count, 0.0f);
  if (nr_count > 0) {
    const int longest =
        *std::max_element(options_.near_repeat_days.begin(), options_.near_repeat_days.end());
    std::vector<std::int32_t> row_of(static_cast<std::size_t>(g.cell_count()), -1);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (cells[i] < 0 || cells[i] >= g.cell_count()) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "cell " + std::to_string(cells[i]) + " is outside the grid");
      }
      row_of[static_cast<std::size_t>(cells[i])] = static_cast<std::int32_t>(i);
    }
    const double r = options_.near_repeat_m;
    const auto reach = static_cast<std::int64_t>(std::ceil(r / g.cell_size)) + 1;
    const auto first =
        std::lower_bound(target_times_.begin(), target_times_.end(), t - longest * kDay);
    const auto last = std::lower_bound(target_times_.begin(), target_times_.end(), t);
    for (auto it = first; it != last; ++it) {
      const auto e = static_cast<std::size_t>(it - target_times_.begin());
      const std::int64_t home = g.CellOf(target_x_[e], target_y_[e]);
      const std::int64_t hc = home % g.columns, hr = home / g.columns;
      for (std::int64_t rr = std::max<std::int64_t>(0, hr - reach);
           rr <= std::min<std::int64_t>(g.rows - 1, hr + reach); ++rr) {
        for (std::int64_t cc = std::max<std::int64_t>(0, hc - reach);
             cc <= std::min<std::int64_t>(g.columns - 1, hc + reach); ++cc) {
          const std::int64_t cell = rr * g.columns + cc;
          const std::int32_t row = row_of[static_cast<std::size_t>(cell)];
          if (row < 0) continue;
          const double dx = g.CenterX(cell) - target_x_[e], dy = g.CenterY(cell) - target_y_[e];
          if (dx * dx + dy * dy > r * r) continue;
          for (std::size_t k = 0; k < nr_count; ++k) {
            if (*it >= t - options_.near_repeat_days[k] * kDay)
              near[static_cast<std::size_t>(row) * nr_count + k] += 1;
          }
        }
      }
    }
  }

  // Windowed counts of every cell holding events: dense[cell * k_count + k], where k runs over
  // (set, window) in the order of the specs. Empty cells stay 0.
  struct CountSet {
    const TimesByCell* index;
    const std::vector<int>* windows;
    int rings;
  };
  std::vector<CountSet> sets = {{&target_, &options_.count_windows_days, options_.rings}};
  if (use_major_) sets.push_back({&major_, &options_.count_windows_days, options_.rings});
  sets.push_back({&calls_, &options_.call_windows_days, std::min(options_.rings, 1)});
  std::size_t k_count = 0;
  for (const CountSet& s : sets) k_count += s.windows->size();
  std::vector<float> dense(static_cast<std::size_t>(g.cell_count()) * k_count, 0.0f);
  for (std::size_t a = 0; a < active_cells_.size(); ++a) {
    if (first_seen_[a] >= t) continue;
    const auto c = static_cast<std::size_t>(active_cells_[a]);
    std::size_t k = c * k_count;
    for (const CountSet& s : sets) {
      const auto begin = s.index->times.begin() + s.index->offsets[c];
      const auto end = std::lower_bound(begin, s.index->times.begin() + s.index->offsets[c + 1], t);
      for (const int w : *s.windows) {
        dense[k++] = static_cast<float>(end - std::lower_bound(begin, end, t - w * kDay));
      }
    }
  }

  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::int64_t cell = cells[i];
    if (cell < 0 || cell >= g.cell_count()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "cell " + std::to_string(cell) + " is outside the grid");
    }
    float* row = out.data() + i * width;
    std::size_t f = 0;
    const std::int64_t col = cell % g.columns, rw = cell / g.columns;
    // Ring sums of all (set, window) counts: ring_sums[ring * k_count + k].
    std::array<float, std::size_t{3} * 64> ring_sums{};
    const int max_ring = options_.rings;
    for (std::int64_t dr = -max_ring; dr <= max_ring; ++dr) {
      for (std::int64_t dc = -max_ring; dc <= max_ring; ++dc) {
        const std::int64_t r2 = rw + dr, c2 = col + dc;
        if (r2 < 0 || r2 >= g.rows || c2 < 0 || c2 >= g.columns) continue;
        const auto ring = static_cast<std::size_t>(std::max(std::abs(dr), std::abs(dc)));
        const float* src = dense.data() + static_cast<std::size_t>(r2 * g.columns + c2) * k_count;
        for (std::size_t k = 0; k < k_count; ++k) ring_sums[ring * k_count + k] += src[k];
      }
    }
    std::size_t k_base = 0;
    for (std::size_t s = 0; s < sets.size(); ++s) {
      for (std::size_t w = 0; w < sets[s].windows->size(); ++w) {
        for (int ring = 0; ring <= sets[s].rings; ++ring) {
          row[f++] = ring_sums[static_cast<std::size_t>(ring) * k_count + k_base + w];
        }
      }
      k_base += sets[s].windows->size();
      if (s + 2 == sets.size()) {  // near-repeat features follow the incident counts
        for (std::size_t k = 0; k < nr_count; ++k) row[f++] = near[i * nr_count + k];
      }
    }
    row[f++] = static_cast<float>(local.hour);
    row[f++] = static_cast<float>(WeekdayOfDay(local_day));
    row[f++] = static_cast<float>(local.month);
    row[f++] = holiday ? 1.0f : 0.0f;
    for (const CellColumn& c : options_.environment) {
      row[f++] = c.second[static_cast<std::size_t>(cell)];
    }
    for (const std::vector<double>& column : slot_values) {
      row[f++] = static_cast<float>(column[static_cast<std::size_t>(cell)]);
    }
  }
  return Status::Ok();
}

}  // namespace vigil::risk
