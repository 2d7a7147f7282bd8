// Numbered schema migrations of the SQLite store. Migration N is applied once, in order, inside
// a transaction, and recorded in schema_migrations. Never edit a released migration: add one.
#pragma once

#include <span>
#include <string_view>

namespace vigil::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> Migrations();

}  // namespace vigil::sqlite
