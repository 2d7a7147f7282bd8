#include "security/audit_log.h"

#include "security/crypto.h"

namespace vigil::security {
namespace {

const std::string kZeroHash(64, '0');

constexpr std::string_view kColumns =
    "SELECT seq, at, user, role, source_address, action, resource, purpose, outcome, details, "
    "prev_hash, hash FROM audit_log ";

void Field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

AuditRecord ReadRecord(const sqlite::Statement& stmt) {
  AuditRecord r;
  r.seq = stmt.ColumnInt(0);
  r.at = stmt.ColumnInt(1);
  r.event.user = stmt.ColumnText(2);
  r.event.role = stmt.ColumnText(3);
  r.event.source_address = stmt.ColumnText(4);
  r.event.action = stmt.ColumnText(5);
  r.event.resource = stmt.ColumnText(6);
  r.event.purpose = stmt.ColumnText(7);
  r.event.outcome = stmt.ColumnText(8);
  r.event.details = stmt.ColumnText(9);
  r.prev_hash = stmt.ColumnText(10);
  r.hash = stmt.ColumnText(11);
  return r;
}

VerifyReport Broken(VerifyReport report, ChainProblem problem, std::int64_t seq,
                    std::string message) {
  report.ok = false;
  report.problem = problem;
  report.first_bad_seq = seq;
  report.message = "record " + std::to_string(seq) + ": " + std::move(message);
  return report;
}

}  // namespace

const char* ChainProblemName(ChainProblem problem) {
  switch (problem) {
    case ChainProblem::kNone: return "none";
    case ChainProblem::kEdited: return "edited";
    case ChainProblem::kGap: return "gap";
    case ChainProblem::kBrokenLink: return "broken_link";
    case ChainProblem::kTruncated: return "truncated";
    case ChainProblem::kHeadMismatch: return "head_mismatch";
  }
  return "unknown";
}

std::string CanonicalRecord(const AuditRecord& r) {
  std::string out = "vigil-audit-v1\n";
  Field(out, std::to_string(r.seq));
  Field(out, std::to_string(r.at));
  Field(out, r.event.user);
  Field(out, r.event.role);
  Field(out, r.event.source_address);
  Field(out, r.event.action);
  Field(out, r.event.resource);
  Field(out, r.event.purpose);
  Field(out, r.event.outcome);
  Field(out, r.event.details);
  Field(out, r.prev_hash);
  return out;
}

std::string RecordHash(const AuditRecord& record) { return ToHex(Sha256(CanonicalRecord(record))); }

Status AuditQuery::Validate() const {
  if (limit < 1 || limit > 100000) {
    return MakeError(ErrorCode::kInvalidArgument, "limit must be 1 to 100000");
  }
  if (from && to && *from > *to) {
    return MakeError(ErrorCode::kInvalidArgument, "from must not be after to");
  }
  return Status::Ok();
}

AuditLog::AuditLog(sqlite::Database& db, const Clock& clock) : db_(db), clock_(clock) {
  EnsureSodium();
}

Result<ChainHead> AuditLog::Head() {
  auto stmt = db_.Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return ChainHead{.seq = 0, .hash = kZeroHash};
  return ChainHead{.seq = stmt->ColumnInt(0), .hash = stmt->ColumnText(1)};
}

Result<AuditRecord> AuditLog::Append(const AuditEvent& event) {
  AuditRecord record;
  record.event = event;
  Status status = sqlite::InTransaction(db_, [&]() -> Status {
    auto head = Head();
    if (!head.ok()) return head.error();
    record.seq = head->seq + 1;
    record.at = clock_.Now();
    record.prev_hash = head->hash;
    record.hash = RecordHash(record);
    auto stmt = db_.Prepare(
        "INSERT INTO audit_log (seq, at, user, role, source_address, action, resource, purpose, "
        "outcome, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return stmt.error();
    stmt->BindInt(1, record.seq);
    stmt->BindInt(2, record.at);
    stmt->BindText(3, event.user);
    stmt->BindText(4, event.role);
    stmt->BindText(5, event.source_address);
    stmt->BindText(6, event.action);
    stmt->BindText(7, event.resource);
    stmt->BindText(8, event.purpose);
    stmt->BindText(9, event.outcome);
    stmt->BindText(10, event.details);
    stmt->BindText(11, record.prev_hash);
    stmt->BindText(12, record.hash);
    return stmt->Run();
  });
  if (!status.ok()) return status.error();
  return record;
}

Result<VerifyReport> AuditLog::Verify(const std::optional<ChainHead>& pinned) {
  auto stmt = db_.Prepare(std::string(kColumns) + "ORDER BY seq");
  if (!stmt.ok()) return stmt.error();
  VerifyReport report;
  report.head = ChainHead{.seq = 0, .hash = kZeroHash};
  std::int64_t expected = 1;
  bool pinned_seen = pinned && pinned->seq == 0;
  while (true) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    const AuditRecord r = ReadRecord(*stmt);
    if (r.seq != expected) {
      return Broken(report, ChainProblem::kGap, expected,
                    "missing (the next record found is " + std::to_string(r.seq) + ")");
    }
    if (RecordHash(r) != r.hash) {
      return Broken(report, ChainProblem::kEdited, r.seq, "contents do not match its hash");
    }
    if (r.prev_hash != report.head.hash) {
      return Broken(report, ChainProblem::kBrokenLink, r.seq,
                    "prev_hash does not match record " + std::to_string(r.seq - 1) +
                        " (reordered, inserted or re-hashed)");
    }
    if (pinned && pinned->seq == r.seq) {
      if (pinned->hash != r.hash) {
        return Broken(report, ChainProblem::kHeadMismatch, r.seq,
                      "hash differs from the pinned head " + pinned->hash);
      }
      pinned_seen = true;
    }
    report.head = ChainHead{.seq = r.seq, .hash = r.hash};
    report.records += 1;
    expected += 1;
  }
  if (pinned && !pinned_seen) {
    return Broken(report, ChainProblem::kTruncated, report.head.seq + 1,
                  "missing: the chain ends at " + std::to_string(report.head.seq) +
                      " but the pinned head is " + std::to_string(pinned->seq));
  }
  report.ok = true;
  return report;
}

Result<std::vector<AuditRecord>> AuditLog::Query(const AuditQuery& query) {
  VIGIL_RETURN_IF_ERROR(query.Validate());
  std::string sql = std::string(kColumns) + "WHERE 1";
  if (query.user) sql += " AND user = ?";
  if (query.from) sql += " AND at >= ?";
  if (query.to) sql += " AND at < ?";
  if (query.resource_prefix) sql += " AND substr(resource, 1, length(?)) = ?";
  if (query.outcome) sql += " AND outcome = ?";
  sql += " ORDER BY seq DESC LIMIT ?";
  auto stmt = db_.Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  int i = 1;
  if (query.user) stmt->BindText(i++, *query.user);
  if (query.from) stmt->BindInt(i++, *query.from);
  if (query.to) stmt->BindInt(i++, *query.to);
  if (query.resource_prefix) {
    stmt->BindText(i++, *query.resource_prefix);
    stmt->BindText(i++, *query.resource_prefix);
  }
  if (query.outcome) stmt->BindText(i++, *query.outcome);
  stmt->BindInt(i, query.limit);
  std::vector<AuditRecord> out;
  while (true) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back(ReadRecord(*stmt));
  }
  return out;
}

}  // namespace vigil::security
