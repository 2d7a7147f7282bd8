// Incidents and calls (filters, paging, stable order) and statistics by month x district x
// category with month-over-month and year-over-year change.
#include <map>
#include <tuple>

#include "server/handlers.h"
#include "server/request_parsing.h"

namespace vigil::server {
namespace {

using nlohmann::json;

json PageJson(json items, std::int64_t total, const RecordQuery& query) {
  const auto count = static_cast<std::int64_t>(items.size());
  return {
      {"items", std::move(items)},
      {"total", total},
      {"offset", query.offset},
      {"limit", query.limit},
      {"next_offset", query.offset + count < total ? json(query.offset + count) : json(nullptr)}};
}

ApiResponse ListIncidents(HandlerContext& c) {
  auto query = RecordQueryFrom(c.request);
  if (!query.ok()) return ErrorResponse(query.error());
  auto page = QueryIncidents(c.backend.db, *query);
  if (!page.ok()) return ErrorResponse(page.error());
  json items = json::array();
  for (const StoredIncident& r : page->items) items.push_back(IncidentJson(r.id, r.incident));
  return JsonResponse(PageJson(std::move(items), page->total, *query));
}

ApiResponse GetIncidentById(HandlerContext& c) {
  auto id = IdArg(c.request, "id");
  if (!id.ok()) return ErrorResponse(id.error());
  auto found = GetIncident(c.backend.db, *id);
  if (!found.ok()) return ErrorResponse(found.error());
  if (!*found) return ErrorResponse(ApiError::kNotFound, "no incident " + std::to_string(*id));
  return JsonResponse(IncidentJson((*found)->id, (*found)->incident));
}

ApiResponse ListCalls(HandlerContext& c) {
  auto query = RecordQueryFrom(c.request);
  if (!query.ok()) return ErrorResponse(query.error());
  auto page = QueryCalls(c.backend.db, *query);
  if (!page.ok()) return ErrorResponse(page.error());
  json items = json::array();
  for (const StoredCall& r : page->items) items.push_back(CallJson(r.id, r.call));
  return JsonResponse(PageJson(std::move(items), page->total, *query));
}

ApiResponse GetCallById(HandlerContext& c) {
  auto id = IdArg(c.request, "id");
  if (!id.ok()) return ErrorResponse(id.error());
  auto found = GetCall(c.backend.db, *id);
  if (!found.ok()) return ErrorResponse(found.error());
  if (!*found) return ErrorResponse(ApiError::kNotFound, "no call " + std::to_string(*id));
  return JsonResponse(CallJson((*found)->id, (*found)->call));
}

// An ordering key of a calendar month (its first day read as if UTC).
UnixSeconds MonthKey(int year, int month) {
  return AsIfUtc(LocalDateTime{.year = year, .month = month, .day = 1});
}

json Change(std::int64_t now, std::optional<std::int64_t> before) {
  if (!before) return nullptr;
  json change = {{"previous", *before}, {"difference", now - *before}};
  change["percent"] =
      *before == 0
          ? json(nullptr)
          : json(100.0 * static_cast<double>(now - *before) / static_cast<double>(*before));
  return change;
}

// GET /api/v1/statistics?from=&to=[&category=][&district=]: live incidents by calendar month
// of report in the city's time zone x district x category in [from, to), each with its
// month-over-month and year-over-year change. `from` and `to` are read as the city's wall
// clock ("2024-03-01" is local midnight); the range starts at the month of `from`. Months
// before it are read only for the comparisons.
ApiResponse Statistics(HandlerContext& c) {
  auto query = RecordQueryFrom(c.request);
  if (!query.ok()) return ErrorResponse(query.error());
  if (!query->from || !query->to) {
    return ErrorResponse(ApiError::kBadRequest, "statistics need 'from' and 'to'");
  }
  auto zone = c.backend.CityTimeZone();
  if (!zone.ok()) return ErrorResponse(zone.error());
  const LocalDateTime first = CivilFromUnix(*query->from);
  const UnixSeconds end = (*zone)->ToUtc(CivilFromUnix(*query->to));
  const std::vector<MonthSpan> months = LocalMonthSpans(**zone, first.year - 1, first.month, end);
  if (months.size() > 1200) {
    return ErrorResponse(ApiError::kBadRequest, "statistics cover at most 100 years at a time");
  }
  const UnixSeconds range_start =
      (*zone)->ToUtc(LocalDateTime{.year = first.year, .month = first.month, .day = 1});
  auto counts = CountIncidentsByMonth(c.backend.db, months, *query);
  if (!counts.ok()) return ErrorResponse(counts.error());
  const UnixSeconds read_start = MonthKey(first.year - 1, first.month);  // first month read
  using Key = std::tuple<int, int, std::string, Category>;
  std::map<Key, std::int64_t> by_key;
  for (const MonthlyCount& m : *counts) by_key[{m.year, m.month, m.district, m.category}] = m.count;
  auto lookup = [&](int year, int month, const std::string& district,
                    Category category) -> std::optional<std::int64_t> {
    if (MonthKey(year, month) < read_start) return std::nullopt;
    auto it = by_key.find({year, month, district, category});
    return it == by_key.end() ? 0 : it->second;
  };
  json rows = json::array();
  std::int64_t total = 0;
  for (const MonthlyCount& m : *counts) {
    if (MonthKey(m.year, m.month) < MonthKey(first.year, first.month)) continue;
    const int prev_year = m.month == 1 ? m.year - 1 : m.year;
    const int prev_month = m.month == 1 ? 12 : m.month - 1;
    total += m.count;
    char period[16];
    std::snprintf(period, sizeof period, "%04d-%02d", m.year, m.month);
    rows.push_back(
        {{"period", period},
         {"district", m.district},
         {"category", std::string(CategoryName(m.category))},
         {"count", m.count},
         {"month_over_month",
          Change(m.count, lookup(prev_year, prev_month, m.district, m.category))},
         {"year_over_year", Change(m.count, lookup(m.year - 1, m.month, m.district, m.category))}});
  }
  return JsonResponse({{"from", FormatUtc(range_start)},
                       {"to", FormatUtc(end)},
                       {"period", "month"},
                       {"time_zone", (*zone)->name()},
                       {"total", total},
                       {"rows", std::move(rows)}});
}

}  // namespace

void RegisterRecordHandlers(Router& router) {
  router.Add("incidents.list", ListIncidents);
  router.Add("incidents.get", GetIncidentById);
  router.Add("calls.list", ListCalls);
  router.Add("calls.get", GetCallById);
  router.Add("statistics.get", Statistics);
}

}  // namespace vigil::server
