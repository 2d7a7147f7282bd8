#include "store/deferred_indexes.h"

#include <string>
#include <utility>
#include <vector>

#include "store/migrations.h"

namespace vigil::sqlite {
namespace {

// Page cache while deferred indexes are rebuilt, in KiB. SQLite's sorter sorts runs of keys
// this large in memory, writes each to a temporary file and merges them; runs this small stay
// in the CPU caches. Sorting everything in memory (temp_store = MEMORY, the connection's
// setting) walks a linked list of records spread over tens of MiB instead. Rebuilding the three
// incident indexes of the St. Louis files (356,090 rows) after a bulk load: 0.42-0.44 s with
// runs of 0.5-2 MiB in files, 0.66-0.81 s with 256 KiB, 0.80-0.90 s all in memory, 1.0 s with
// a 64 MiB cache; helper threads (PRAGMA threads) made each 0.15 s slower.
constexpr int kIndexBuildCacheKib = 1 << 10;

// Index names are SQLite identifiers from sqlite_schema; quoting keeps any name safe.
std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

// Every (name, sql) row of a statement whose first two columns are those.
Result<std::vector<std::pair<std::string, std::string>>> NamesAndSql(Statement& statement) {
  std::vector<std::pair<std::string, std::string>> rows;
  while (true) {
    auto row = statement.Step();
    if (!row.ok()) return row.error();
    if (!*row) return rows;
    rows.emplace_back(statement.ColumnText(0), statement.ColumnText(1));
  }
}

// Creates the indexes not present and forgets all of them, in one transaction.
Status CreateIndexes(Database& db,
                     const std::vector<std::pair<std::string, std::string>>& indexes) {
  return InTransaction(db, [&]() -> Status {
    for (const auto& [name, sql] : indexes) {
      // The index may already exist again (a migration or another connection restored it).
      auto exists = db.Prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?1");
      if (!exists.ok()) return exists.error();
      exists->BindText(1, name);
      auto row = exists->Step();
      if (!row.ok()) return row.error();
      if (!*row) VIGIL_RETURN_IF_ERROR(db.Exec(sql));
    }
    return db.Exec("DELETE FROM deferred_indexes");
  });
}

}  // namespace

Status DeferSecondaryIndexes(Database& db, std::string_view table) {
  return InTransaction(db, [&]() -> Status {
    auto list = db.Prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND "
        "sql IS NOT NULL ORDER BY name");
    if (!list.ok()) return list.error();
    list->BindText(1, table);
    auto indexes = NamesAndSql(*list);
    if (!indexes.ok()) return indexes.error();
    auto record = db.Prepare(
        "INSERT INTO deferred_indexes (name, sql) VALUES (?1, ?2) "
        "ON CONFLICT (name) DO UPDATE SET sql = excluded.sql");
    if (!record.ok()) return record.error();
    for (const auto& [name, sql] : *indexes) {
      record->Reset();
      record->BindText(1, name);
      record->BindText(2, sql);
      VIGIL_RETURN_IF_ERROR(record->Run());
      VIGIL_RETURN_IF_ERROR(db.Exec("DROP INDEX " + QuoteIdentifier(name)));
    }
    return Status::Ok();
  });
}

Status RestoreDeferredIndexes(Database& db) {
  auto list = db.Prepare("SELECT name, sql FROM deferred_indexes ORDER BY name");
  if (!list.ok()) return list.error();
  auto recorded = NamesAndSql(*list);
  if (!recorded.ok()) return recorded.error();
  const std::vector<std::pair<std::string, std::string>> indexes = std::move(*recorded);
  list = Statement();  // finalised: no statement may stay open across the transaction below
  if (indexes.empty()) return Status::Ok();
  VIGIL_RETURN_IF_ERROR(SetCacheSize(db, kIndexBuildCacheKib));
  Status created = db.Exec("PRAGMA temp_store = FILE");
  if (created.ok()) created = CreateIndexes(db, indexes);
  Status memory = db.Exec("PRAGMA temp_store = MEMORY");
  // Where no temporary file can be made, sort in memory: slower, but the indexes come back.
  if (!created.ok() && memory.ok()) created = CreateIndexes(db, indexes);
  Status cache = SetCacheSize(db, kDefaultCacheKib);
  if (!created.ok()) return created;
  if (!memory.ok()) return memory;
  return cache;
}

}  // namespace vigil::sqlite
