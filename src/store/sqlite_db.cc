#include "store/sqlite_db.h"

#include <mutex>

namespace vigil::sqlite {

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return MakeError(rc == SQLITE_CORRUPT      ? ErrorCode::kCorrupt
                   : rc == SQLITE_CONSTRAINT ? ErrorCode::kInvalidArgument
                                             : ErrorCode::kIo,
                   std::string("sqlite: ") + sqlite3_errmsg(db_) + " in: " + sqlite3_sql(stmt_));
}

Status Statement::Run() {
  while (true) {
    auto row = Step();
    if (!row.ok()) return row.error();
    if (!*row) return Status::Ok();
  }
}

namespace {

// Process-wide SQLite settings, applied once before the library initialises: connections are
// never shared between threads (multi-thread mode: no per-connection mutexes), and allocation
// statistics are off (they take a global mutex on every malloc, about a tenth of a bulk load).
// If something else initialised SQLite first these calls fail harmlessly and defaults stay.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
  });
}

}  // namespace

Result<Database> Database::Open(const std::string& path) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    if (db != nullptr) sqlite3_close(db);
    return MakeError(ErrorCode::kIo, "cannot open store '" + path + "': " + message);
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 0);
  return Database(db, path);
}

Database::~Database() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Error Database::LastError(std::string_view what) const {
  const int rc = sqlite3_errcode(db_);
  return MakeError(
      rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? ErrorCode::kCorrupt : ErrorCode::kIo,
      std::string(what) + ": " + sqlite3_errmsg(db_) + " (store '" + path_ + "')");
}

Status Database::Exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return MakeError(
        rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? ErrorCode::kCorrupt : ErrorCode::kIo,
        "sqlite: " + text + " (store '" + path_ + "')");
  }
  return Status::Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return LastError("prepare '" + std::string(sql.substr(0, 60)) + "'");
  return Statement(db_, stmt);
}

Result<std::int64_t> PageBytes(Database& db) {
  auto statement = db.Prepare("PRAGMA page_size");
  if (!statement.ok()) return statement.error();
  auto row = statement->Step();
  if (!row.ok()) return row.error();
  if (!*row) return MakeError(ErrorCode::kInternal, "PRAGMA page_size returned no row");
  return statement->ColumnInt(0);
}

}  // namespace vigil::sqlite
