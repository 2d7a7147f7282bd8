// Numbered schema migrations of the SQLite store. Migration N is applied once, in order, inside
// a transaction, and recorded in schema_migrations. Never edit a released migration: add one.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "store/sqlite_db.h"

namespace vigil::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> Migrations();

// Page size of a store created by OpenStoreDatabase, in bytes.
inline constexpr int kStorePageBytes = 16384;

// Page cache of a store connection, in KiB, unless a bulk load shrinks it for its duration.
inline constexpr int kDefaultCacheKib = 64 << 10;

// Sets the connection's page cache to `kib` KiB.
Status SetCacheSize(Database& db, int kib);

// Opens a store file for read/write with the store's connection settings (WAL,
// synchronous=FULL) and applies pending migrations. Every SQLite-backed component opens its
// connection through this. Fails with kCorrupt when the file is not a store.
Result<Database> OpenStoreDatabase(const std::string& path);

}  // namespace vigil::sqlite
