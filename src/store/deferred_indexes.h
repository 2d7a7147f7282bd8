// Deferred secondary indexes for bulk loads (store.h DeferIndexes / RestoreIndexes). Dropping a
// table's secondary indexes and rebuilding them once by sorting costs far less than keeping
// them up to date row by row when a load adds as many rows as the table holds. The dropped
// indexes' DDL is kept in the `deferred_indexes` table in the same transaction as the drop, so
// a killed load leaves a store that knows what to rebuild, and RestoreDeferredIndexes (run on
// every open) puts them back exactly as they were.
#pragma once

#include <string_view>

#include "core/result.h"
#include "store/sqlite_db.h"

namespace vigil::sqlite {

// Drops every secondary index of `table` that has DDL of its own (so never the implicit index
// of a UNIQUE constraint, which upserts need) and records it; one transaction. Idempotent.
Status DeferSecondaryIndexes(Database& db, std::string_view table);

// Recreates every recorded index and forgets it, in one durable transaction. Does nothing when
// none is recorded. It sorts the keys in small runs spilled to temporary files, and leaves the
// connection with the store's settings again (kDefaultCacheKib, temp_store = MEMORY), also when
// it fails.
Status RestoreDeferredIndexes(Database& db);

}  // namespace vigil::sqlite
