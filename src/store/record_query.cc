#include "store/record_query.h"

#include <algorithm>

namespace vigil {
namespace {

using sqlite::Database;
using sqlite::Statement;

// Live incidents only. The first test is evaluated once per query: while no cancellation
// exists, no row needs its (source, source_id) read, so counts stay index-only.
// TODO(store): with cancellations present each counted row costs a table seek; a `cancelled`
// column kept by WriteIncidentBatch would make this index-only again.
constexpr std::string_view kNotCancelled =
    " AND (NOT EXISTS (SELECT 1 FROM incident_cancellations) OR NOT EXISTS (SELECT 1 FROM "
    "incident_cancellations c WHERE c.source = i.source AND c.source_id = i.source_id))";

// WHERE clause of `query` over time column `time_column`; parameters bound by Bind in order.
std::string Where(const RecordQuery& query, std::string_view time_column) {
  std::string where = " WHERE 1";
  if (query.from) where += " AND " + std::string(time_column) + " >= ?";
  if (query.to) where += " AND " + std::string(time_column) + " < ?";
  if (query.category) where += " AND category = ?";
  if (query.district) where += " AND district = ?";
  return where;
}

// Binds the parameters of Where(query) from `index` on; returns the next free index.
int Bind(Statement& s, const RecordQuery& query, int index = 1) {
  if (query.from) s.BindInt(index++, *query.from);
  if (query.to) s.BindInt(index++, *query.to);
  if (query.category) s.BindInt(index++, static_cast<int>(*query.category));
  if (query.district) s.BindText(index++, *query.district);
  return index;
}

std::optional<Location> ReadLocation(const Statement& s, int first) {
  if (s.ColumnIsNull(first)) return std::nullopt;
  return Location{s.ColumnDouble(first), s.ColumnDouble(first + 1), s.ColumnDouble(first + 2),
                  s.ColumnDouble(first + 3)};
}

constexpr std::string_view kIncidentColumns =
    "SELECT id, source, source_id, category, source_code, source_description, occurred_at, "
    "reported_at, lon, lat, x, y, address, district, neighborhood, beat, origin FROM incidents i";

StoredIncident ReadIncident(const Statement& s) {
  StoredIncident r;
  r.id = s.ColumnInt(0);
  Incident& i = r.incident;
  i.source = s.ColumnText(1);
  i.source_id = s.ColumnText(2);
  i.category = static_cast<Category>(s.ColumnInt(3));
  i.source_code = s.ColumnText(4);
  i.source_description = s.ColumnText(5);
  i.occurred_at = s.ColumnInt(6);
  i.reported_at = s.ColumnInt(7);
  i.location = ReadLocation(s, 8);
  i.address = s.ColumnText(12);
  i.district = s.ColumnText(13);
  i.neighborhood = s.ColumnText(14);
  i.beat = s.ColumnText(15);
  i.origin = static_cast<Origin>(s.ColumnInt(16));
  return r;
}

constexpr std::string_view kCallColumns =
    "SELECT id, source, source_id, call_type, service, category, priority, received_at, lon, "
    "lat, x, y, address, district FROM calls";

StoredCall ReadCall(const Statement& s) {
  StoredCall r;
  r.id = s.ColumnInt(0);
  Call& c = r.call;
  c.source = s.ColumnText(1);
  c.source_id = s.ColumnText(2);
  c.call_type = s.ColumnText(3);
  c.service = s.ColumnText(4);
  c.category = static_cast<Category>(s.ColumnInt(5));
  c.priority = static_cast<int>(s.ColumnInt(6));
  c.received_at = s.ColumnInt(7);
  c.location = ReadLocation(s, 8);
  c.address = s.ColumnText(12);
  c.district = s.ColumnText(13);
  return r;
}

Result<std::int64_t> CountRows(Database& db, const std::string& sql, const RecordQuery& query) {
  auto s = db.Prepare(sql);
  if (!s.ok()) return s.error();
  Bind(*s, query);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  return s->ColumnInt(0);
}

template <typename T, typename Read>
Result<RecordPage<T>> Page(Database& db, const std::string& select, const std::string& count,
                           const RecordQuery& query, Read read) {
  VIGIL_RETURN_IF_ERROR(query.Validate());
  RecordPage<T> page;
  auto total = CountRows(db, count, query);
  if (!total.ok()) return total.error();
  page.total = *total;
  auto s = db.Prepare(select);
  if (!s.ok()) return s.error();
  const int next = Bind(*s, query);
  s->BindInt(next, query.limit);
  s->BindInt(next + 1, query.offset);
  while (true) {
    auto row = s->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    page.items.push_back(read(*s));
  }
  return page;
}

template <typename T, typename Read>
Result<std::optional<T>> One(Database& db, const std::string& sql, std::int64_t id, Read read) {
  auto s = db.Prepare(sql);
  if (!s.ok()) return s.error();
  s->BindInt(1, id);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<T>();
  return std::optional<T>(read(*s));
}

}  // namespace

Status RecordQuery::Validate() const {
  if (offset < 0) return MakeError(ErrorCode::kInvalidArgument, "offset must be >= 0");
  if (limit < 1 || limit > 1000) {
    return MakeError(ErrorCode::kInvalidArgument, "limit must be between 1 and 1000");
  }
  if (from && to && *from > *to) {
    return MakeError(ErrorCode::kInvalidArgument, "from must not be after to");
  }
  return Status::Ok();
}

Result<RecordPage<StoredIncident>> QueryIncidents(Database& db, const RecordQuery& query) {
  const std::string where = Where(query, "reported_at") + std::string(kNotCancelled);
  return Page<StoredIncident>(db,
                              std::string(kIncidentColumns) + where +
                                  " ORDER BY reported_at DESC, id DESC LIMIT ? OFFSET ?",
                              "SELECT COUNT(*) FROM incidents i" + where, query, ReadIncident);
}

Result<std::optional<StoredIncident>> GetIncident(Database& db, std::int64_t id) {
  return One<StoredIncident>(
      db, std::string(kIncidentColumns) + " WHERE id = ?" + std::string(kNotCancelled), id,
      ReadIncident);
}

Result<RecordPage<StoredCall>> QueryCalls(Database& db, const RecordQuery& query) {
  const std::string where = Where(query, "received_at");
  return Page<StoredCall>(
      db,
      std::string(kCallColumns) + where + " ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?",
      "SELECT COUNT(*) FROM calls" + where, query, ReadCall);
}

Result<std::optional<StoredCall>> GetCall(Database& db, std::int64_t id) {
  return One<StoredCall>(db, std::string(kCallColumns) + " WHERE id = ?", id, ReadCall);
}

Result<std::vector<LocatedCall>> LocatedCallsBetween(Database& db, UnixSeconds from,
                                                     UnixSeconds to) {
  auto s = db.Prepare(
      "SELECT received_at, x, y FROM calls WHERE received_at >= ? AND received_at < ? AND x IS "
      "NOT NULL ORDER BY received_at");
  if (!s.ok()) return s.error();
  s->BindInt(1, from);
  s->BindInt(2, to);
  std::vector<LocatedCall> out;
  while (true) {
    auto row = s->Step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.push_back({s->ColumnInt(0), s->ColumnDouble(1), s->ColumnDouble(2)});
  }
}

std::vector<MonthSpan> LocalMonthSpans(TimeZone& zone, int first_year, int first_month,
                                       UnixSeconds end) {
  std::vector<MonthSpan> out;
  int year = first_year;
  int month = first_month;
  UnixSeconds start = zone.ToUtc(LocalDateTime{.year = year, .month = month, .day = 1});
  while (start < end) {
    const int next_year = month == 12 ? year + 1 : year;
    const int next_month = month == 12 ? 1 : month + 1;
    const UnixSeconds next =
        zone.ToUtc(LocalDateTime{.year = next_year, .month = next_month, .day = 1});
    out.push_back({.year = year, .month = month, .start = start, .end = std::min(next, end)});
    year = next_year;
    month = next_month;
    start = next;
  }
  return out;
}

Result<std::vector<MonthlyCount>> CountIncidentsByMonth(Database& db,
                                                        std::span<const MonthSpan> months,
                                                        const RecordQuery& filter) {
  std::vector<MonthlyCount> out;
  if (months.empty()) return out;
  if (months.size() > 1200) {
    return MakeError(ErrorCode::kInvalidArgument, "at most 1,200 months (100 years) at a time");
  }
  RecordQuery query = filter;
  query.from.reset();
  query.to.reset();
  // One index range of reported_at per month: the month table is the outer loop.
  std::string values;
  for (std::size_t i = 0; i < months.size(); ++i)
    values += i > 0 ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)";
  auto s = db.Prepare("WITH months (year, month, start, stop) AS (VALUES " + values +
                      ") SELECT m.year, m.month, i.district, i.category, COUNT(*) FROM months m "
                      "CROSS JOIN incidents i" +
                      Where(query, "reported_at") +
                      " AND i.reported_at >= m.start AND i.reported_at < m.stop" +
                      std::string(kNotCancelled) + " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
  if (!s.ok()) return s.error();
  int index = 1;
  for (const MonthSpan& m : months) {
    s->BindInt(index++, m.year);
    s->BindInt(index++, m.month);
    s->BindInt(index++, m.start);
    s->BindInt(index++, m.end);
  }
  Bind(*s, query, index);
  while (true) {
    auto row = s->Step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    out.push_back(MonthlyCount{.year = static_cast<int>(s->ColumnInt(0)),
                               .month = static_cast<int>(s->ColumnInt(1)),
                               .district = s->ColumnText(2),
                               .category = static_cast<Category>(s->ColumnInt(3)),
                               .count = s->ColumnInt(4)});
  }
}

}  // namespace vigil
