// The tamper-evident audit trail: append-only records in the store table audit_log, each
// carrying the hash of the previous record (a hash chain, the first one's prev_hash is 32 zero
// bytes) and its own hash, SHA-256 over a canonical serialisation (CanonicalRecord). Triggers
// refuse UPDATE and DELETE; Verify() also catches edits made by someone who drops them and
// edits the file, and, against a pinned ChainHead, a truncated tail. Format: docs/security.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/result.h"
#include "security/clock.h"
#include "store/sqlite_db.h"

namespace vigil::security {

// What the caller supplies; seq, time and hashes are filled in by Append.
struct AuditEvent {
  std::string user;            // user name, "" when not signed in
  std::string role;            // role name, "" when not signed in
  std::string source_address;  // client address as the server saw it ("203.0.113.5")
  std::string action;          // what was done: "GET", "sign_in", "user.create", ...
  std::string resource;        // route id and path, "persons.get /api/v1/persons-of-interest/7"
  std::string purpose;         // stated purpose, "" when none was needed
  std::string outcome;         // "allowed", "denied", "served", "failed", "ok", ...
  std::string details = "{}";  // JSON object with anything else worth keeping
};

struct AuditRecord {
  std::int64_t seq = 0;  // 1, 2, 3, ... without gaps
  UnixSeconds at = 0;    // UTC seconds
  AuditEvent event;
  std::string prev_hash;  // hex SHA-256 of the previous record; 64 zeros for seq 1
  std::string hash;       // hex SHA-256 of CanonicalRecord(*this)
};

// The canonical serialisation hashed into `hash`: "vigil-audit-v1\n" then, for seq, at, user,
// role, source_address, action, resource, purpose, outcome, details and prev_hash in that
// order, "<byte length>:<bytes>\n" (integers in decimal). Length prefixes make it unambiguous.
std::string CanonicalRecord(const AuditRecord& record);
std::string RecordHash(const AuditRecord& record);

// The last record of a chain. Keep it outside the store (print it, ship it to another
// machine): only against a pinned head can Verify notice that the newest records were cut off.
struct ChainHead {
  std::int64_t seq = 0;  // 0 for an empty chain
  std::string hash;      // hex; 64 zeros for an empty chain
};

enum class ChainProblem {
  kNone,
  kEdited,        // a record's contents do not match its hash
  kGap,           // a record is missing (deleted) or the sequence does not start at 1
  kBrokenLink,    // prev_hash does not match the previous record (reordered or re-hashed)
  kTruncated,     // the chain ends before the pinned head
  kHeadMismatch,  // the record at the pinned head's seq has another hash
};
const char* ChainProblemName(ChainProblem problem);

struct VerifyReport {
  bool ok = false;
  std::int64_t records = 0;  // records checked
  ChainProblem problem = ChainProblem::kNone;
  std::int64_t first_bad_seq = 0;  // the first record found broken (0 when ok)
  std::string message;             // one sentence naming the record and why
  ChainHead head;                  // the last record seen
};

struct AuditQuery {
  std::optional<std::string> user;             // exact user name
  std::optional<UnixSeconds> from;             // at >= from, UTC seconds
  std::optional<UnixSeconds> to;               // at < to, UTC seconds
  std::optional<std::string> resource_prefix;  // resource starts with this (a route id, a path)
  std::optional<std::string> outcome;          // exact outcome
  std::int64_t limit = 1000;                   // at most this many records, newest first; 1-100000

  Status Validate() const;
};

// Not thread-safe: one AuditLog per connection (open it with sqlite::OpenStoreDatabase, which
// sets synchronous=FULL). The database and clock must outlive it.
class AuditLog {
 public:
  AuditLog(sqlite::Database& db, const Clock& clock);

  // Appends one record in its own durable transaction and returns it. When this fails the
  // action being audited must not go ahead (see AuditedRead).
  Result<AuditRecord> Append(const AuditEvent& event);
  Result<ChainHead> Head();
  // Walks the whole chain; with `pinned`, also checks the chain reaches it unchanged.
  Result<VerifyReport> Verify(const std::optional<ChainHead>& pinned = std::nullopt);
  // Records matching every set filter, newest first. For auditors (route audit.query).
  Result<std::vector<AuditRecord>> Query(const AuditQuery& query);

 private:
  sqlite::Database& db_;
  const Clock& clock_;
};

// Serves personal data only once its audit record is durable: appends `event` (outcome
// "served") and then runs `fn`, which returns a Result<T>. When the purpose is empty or the
// record cannot be written, fails closed (kFailedPrecondition / the store error) and `fn`
// never runs.
template <typename Fn>
auto AuditedRead(AuditLog& log, AuditEvent event, Fn&& fn) -> std::invoke_result_t<Fn> {
  if (event.purpose.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "personal data needs a stated purpose; none was given");
  }
  event.outcome = "served";
  auto written = log.Append(event);
  if (!written.ok()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "refusing to serve personal data: the audit record could not be written: " +
                         written.error().message);
  }
  return fn();
}

}  // namespace vigil::security
