// 1,000 random tamperings of a 1,000-record audit chain, each on a fresh copy of the store
// file, made by someone who drops the triggers and edits the file with raw SQL. Verify against
// the pinned head must catch every one and name the first broken record.
#include <filesystem>
#include <random>

#include "security_fixture.h"

namespace vigil::security {
namespace {

constexpr int kRecords = 1000;
constexpr int kTamperings = 1000;

const char* const kTextColumns[] = {"user",    "role",    "source_address", "action",    "resource",
                                    "purpose", "outcome", "details",        "prev_hash", "hash"};

class AuditTamperTest : public SecurityTest {
 protected:
  // Builds the chain, closes the store (checkpointing the WAL) and returns the pinned head.
  ChainHead BuildChain() {
    // Speed only: 1,000 fsyncs would dominate the test. Durability is not what is tested here.
    EXPECT_TRUE(db_->Exec("PRAGMA synchronous = OFF").ok());
    AuditLog log(*db_, clock_);
    for (int i = 1; i <= kRecords; ++i) {
      AuditEvent event{.user = "user" + std::to_string(i % 7),
                       .role = RoleName(static_cast<Role>(i % kRoleCount)),
                       .source_address = "10.0.0." + std::to_string(i % 250),
                       .action = i % 2 == 0 ? "GET" : "POST",
                       .resource = "incidents.get /api/v1/incidents/" + std::to_string(i),
                       .purpose = i % 3 == 0 ? "case " + std::to_string(i) : "",
                       .outcome = i % 5 == 0 ? "denied" : "allowed",
                       .details = "{\"n\":" + std::to_string(i) + "}"};
      EXPECT_TRUE(log.Append(event).ok());
      clock_.Advance(1 + i % 3);
    }
    ChainHead head = *log.Head();
    db_.reset();
    return head;
  }

  static void Exec(sqlite::Database& db, const std::string& sql) {
    Status s = db.Exec(sql);
    ASSERT_TRUE(s.ok()) << sql << ": " << s.error().ToString();
  }
};

TEST_F(AuditTamperTest, EveryRandomTamperingIsDetected) {
  const ChainHead head = BuildChain();
  ASSERT_EQ(head.seq, kRecords);
  const std::string copy = dir_.File("copy.sqlite");
  std::mt19937 rng(20261125);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int detected = 0;
  int kinds[4] = {0, 0, 0, 0};
  for (int t = 0; t < kTamperings; ++t) {
    std::filesystem::copy_file(StorePath(), copy,
                               std::filesystem::copy_options::overwrite_existing);
    const int kind = pick(0, 3);
    ++kinds[kind];
    std::int64_t expected_bad = 0;
    std::string what;
    {
      auto raw = sqlite::Database::Open(copy);
      ASSERT_TRUE(raw.ok());
      Exec(*raw, "PRAGMA synchronous = OFF");  // speed only, as above
      Exec(*raw, "DROP TRIGGER audit_log_no_update");
      Exec(*raw, "DROP TRIGGER audit_log_no_delete");
      if (kind == 0) {  // edit one field of one record
        const int seq = pick(1, kRecords);
        const int column = pick(0, 10);
        expected_bad = seq;
        if (column == 10) {
          what = "edit at of " + std::to_string(seq);
          Exec(*raw, "UPDATE audit_log SET at = at + 1 WHERE seq = " + std::to_string(seq));
        } else {
          const std::string col = kTextColumns[column];
          what = "edit " + col + " of " + std::to_string(seq);
          // Hex hashes get one character changed; other text gets a character replaced.
          Exec(*raw, "UPDATE audit_log SET " + col + " = CASE WHEN substr(" + col +
                         ", 1, 1) = 'f' THEN 'e' ELSE 'f' END || substr(" + col +
                         ", 2) WHERE seq = " + std::to_string(seq));
        }
      } else if (kind == 1) {  // delete one record
        const int seq = pick(1, kRecords);
        expected_bad = seq;
        what = "delete " + std::to_string(seq);
        Exec(*raw, "DELETE FROM audit_log WHERE seq = " + std::to_string(seq));
      } else if (kind == 2) {  // swap the contents of two records
        const int a = pick(1, kRecords);
        int b = pick(1, kRecords - 1);
        if (b >= a) ++b;
        expected_bad = std::min(a, b);
        what = "swap " + std::to_string(a) + " and " + std::to_string(b);
        const std::string cols =
            "at, user, role, source_address, action, resource, purpose, outcome, details, "
            "prev_hash, hash";
        Exec(*raw, "CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE seq IN (" +
                       std::to_string(a) + ", " + std::to_string(b) + ")");
        Exec(*raw, "UPDATE audit_log SET (" + cols + ") = (SELECT " + cols +
                       " FROM saved WHERE saved.seq = " + std::to_string(a + b) +
                       " - audit_log.seq) WHERE seq IN (" + std::to_string(a) + ", " +
                       std::to_string(b) + ")");
      } else {  // truncate the tail
        const int keep = pick(0, kRecords - 1);
        expected_bad = keep + 1;
        what = "truncate after " + std::to_string(keep);
        Exec(*raw, "DELETE FROM audit_log WHERE seq > " + std::to_string(keep));
      }
    }
    // A fresh connection reads the tampered file, as `vigil audit verify` would.
    auto db = sqlite::Database::Open(copy);
    ASSERT_TRUE(db.ok());
    Exec(*db, "PRAGMA synchronous = OFF");
    AuditLog log(*db, clock_);
    auto report = log.Verify(head);
    ASSERT_TRUE(report.ok()) << report.error().ToString();
    if (!report->ok) ++detected;
    EXPECT_FALSE(report->ok) << what;
    EXPECT_EQ(report->first_bad_seq, expected_bad) << what << ": " << report->message;
  }
  std::printf("tamper detection: %d of %d (edit %d, delete %d, swap %d, truncate %d)\n", detected,
              kTamperings, kinds[0], kinds[1], kinds[2], kinds[3]);
  EXPECT_EQ(detected, kTamperings);
  for (int count : kinds) EXPECT_GT(count, 150);
}

TEST_F(AuditTamperTest, UntouchedCopyVerifiesAndRehashingIsCaughtByThePinnedHead) {
  const ChainHead head = BuildChain();
  auto db = sqlite::OpenStoreDatabase(StorePath());
  ASSERT_TRUE(db.ok());
  AuditLog log(*db, clock_);
  auto clean = log.Verify(head);
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->ok) << clean->message;
  EXPECT_EQ(clean->records, kRecords);
  // Without the pinned head a cut tail goes unnoticed; with it, it does not.
  Exec(*db, "DROP TRIGGER audit_log_no_delete");
  Exec(*db, "DELETE FROM audit_log WHERE seq > 900");
  EXPECT_TRUE(log.Verify()->ok);
  auto cut = log.Verify(head);
  EXPECT_FALSE(cut->ok);
  EXPECT_EQ(cut->problem, ChainProblem::kTruncated);
  // Someone who rewrites the tail with a consistent chain still differs from the pinned head.
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(log.Append(AuditEvent{.user = "forger", .outcome = "allowed"}).ok());
  }
  EXPECT_TRUE(log.Verify()->ok);
  auto forged = log.Verify(head);
  EXPECT_FALSE(forged->ok);
  EXPECT_EQ(forged->problem, ChainProblem::kHeadMismatch);
  EXPECT_EQ(forged->first_bad_seq, kRecords);
}

}  // namespace
}  // namespace vigil::security
