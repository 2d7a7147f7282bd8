// Paged, filtered reads of incidents and calls by their store row id, and counts by month x
// district x category, for the API server. Reads go through an open store connection
// (sqlite::OpenStoreDatabase); the order is stable: newest report first, ties by row id.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "model/category.h"
#include "model/records.h"
#include "store/sqlite_db.h"

namespace vigil {

struct RecordQuery {
  std::optional<UnixSeconds> from;      // report / receive time >= from, UTC seconds
  std::optional<UnixSeconds> to;        // report / receive time < to, UTC seconds
  std::optional<Category> category;     // exact category
  std::optional<std::string> district;  // exact district code as the source gives it
  std::int64_t offset = 0;              // rows skipped, >= 0
  std::int64_t limit = 100;             // rows returned, 1-1000

  Status Validate() const;
};

struct StoredIncident {
  std::int64_t id = 0;  // store row id, stable for the life of the store
  Incident incident;
};

struct StoredCall {
  std::int64_t id = 0;
  Call call;
};

template <typename T>
struct RecordPage {
  std::vector<T> items;
  std::int64_t total = 0;  // rows matching the filter, over all pages
};

// Live (not cancelled) incidents matching `query`, newest report first (then by id).
Result<RecordPage<StoredIncident>> QueryIncidents(sqlite::Database& db, const RecordQuery& query);
// One incident by row id; nullopt when absent or cancelled.
Result<std::optional<StoredIncident>> GetIncident(sqlite::Database& db, std::int64_t id);
// Calls matching `query` (category and district apply), newest first (then by id).
Result<RecordPage<StoredCall>> QueryCalls(sqlite::Database& db, const RecordQuery& query);
Result<std::optional<StoredCall>> GetCall(sqlite::Database& db, std::int64_t id);

// A call for service with a location, in the city CRS (metres).
struct LocatedCall {
  UnixSeconds received_at = 0;
  double x = 0;
  double y = 0;
};
// Calls received in [from, to) that have a location, by receive time (one index range).
Result<std::vector<LocatedCall>> LocatedCallsBetween(sqlite::Database& db, UnixSeconds from,
                                                     UnixSeconds to);

// One calendar month of the city's wall clock: the UTC instants [start, end) it spans (a
// month at the edge of a range may be clipped to it).
struct MonthSpan {
  int year = 0;
  int month = 0;  // 1-12
  UnixSeconds start = 0;
  UnixSeconds end = 0;
};

// The wall-clock months of `zone` from (first_year, first_month) up to the instant `end`
// (exclusive; the last month is clipped to it), in order. Empty when the first month starts
// at or after `end`.
std::vector<MonthSpan> LocalMonthSpans(TimeZone& zone, int first_year, int first_month,
                                       UnixSeconds end);

// Live incidents counted by month of report, district and category.
struct MonthlyCount {
  int year = 0;
  int month = 0;  // 1-12
  std::string district;
  Category category = Category::kOther;
  std::int64_t count = 0;
};
// Counts for reports inside `months` (spans that do not overlap, at most 1,200), ordered by
// (year, month, district, category). Only `category` and `district` of `filter` apply.
Result<std::vector<MonthlyCount>> CountIncidentsByMonth(sqlite::Database& db,
                                                        std::span<const MonthSpan> months,
                                                        const RecordQuery& filter);

}  // namespace vigil
