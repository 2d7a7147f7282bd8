// The embedded store's reference tables (schema migration 2), on its own connection to the
// store file opened through sqlite::OpenStoreDatabase (WAL, synchronous=FULL), so it can live
// beside a Store opened on the same file. Not thread-safe: one per thread.
#pragma once

#include <memory>
#include <string>

#include "store/reference_store.h"

namespace vigil {

// Opens (creating and migrating if needed) the store at `path`.
// Fails with kCorrupt when the file is not a Vigil store, kIo when it cannot be opened.
Result<std::unique_ptr<ReferenceStore>> OpenSqliteReferenceStore(const std::string& path);

}  // namespace vigil
