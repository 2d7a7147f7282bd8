// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so every committed
// batch survives a crash or kill -9. Migrations run on open. Not thread-safe: one per thread.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace vigil {

// Opens (creating if needed) the store at `path` and brings its schema up to date.
// Fails with kCorrupt when the file is not a Vigil store or is damaged.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

// Schema version of an open store file (number of the last applied migration).
Result<int> SqliteSchemaVersion(const std::string& path);

}  // namespace vigil
