#include "security_fixture.h"

namespace vigil::security {
namespace {

class AuditLogTest : public SecurityTest {
 protected:
  void SetUp() override {
    SecurityTest::SetUp();
    log_ = std::make_unique<AuditLog>(*db_, clock_);
  }
  AuditEvent Event(const std::string& user, const std::string& resource,
                   const std::string& outcome) {
    return AuditEvent{.user = user,
                      .role = "analyst",
                      .source_address = "203.0.113.5",
                      .action = "GET",
                      .resource = resource,
                      .purpose = "",
                      .outcome = outcome,
                      .details = "{}"};
  }
  std::unique_ptr<AuditLog> log_;
};

TEST_F(AuditLogTest, AppendBuildsAHashChain) {
  auto first = log_->Append(Event("kim", "incidents.list /api/v1/incidents", "allowed"));
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(first->prev_hash, std::string(64, '0'));
  EXPECT_EQ(first->hash, RecordHash(*first));
  clock_.Advance(5);
  auto second = log_->Append(Event("kim", "calls.list /api/v1/calls", "allowed"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->seq, 2);
  EXPECT_EQ(second->prev_hash, first->hash);
  EXPECT_EQ(second->at, first->at + 5);

  auto head = log_->Head();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->seq, 2);
  EXPECT_EQ(head->hash, second->hash);
  auto report = log_->Verify(*head);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->message;
  EXPECT_EQ(report->records, 2);
}

TEST_F(AuditLogTest, CanonicalFormIsLengthPrefixed) {
  AuditRecord a;
  a.seq = 1;
  a.event.user = "a\n1:b";
  AuditRecord b;
  b.seq = 1;
  b.event.user = "a";
  b.event.role = "b";
  EXPECT_NE(CanonicalRecord(a), CanonicalRecord(b));
  EXPECT_EQ(CanonicalRecord(b).rfind("vigil-audit-v1\n1:1\n1:0\n1:a\n1:b\n", 0), 0u)
      << CanonicalRecord(b);
}

TEST_F(AuditLogTest, EmptyChainVerifies) {
  auto report = log_->Verify(ChainHead{.seq = 0, .hash = std::string(64, '0')});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->records, 0);
}

TEST_F(AuditLogTest, TriggersRefuseUpdateAndDelete) {
  ASSERT_TRUE(log_->Append(Event("kim", "r", "allowed")).ok());
  EXPECT_FALSE(db_->Exec("UPDATE audit_log SET outcome = 'denied' WHERE seq = 1").ok());
  EXPECT_FALSE(db_->Exec("DELETE FROM audit_log WHERE seq = 1").ok());
  EXPECT_FALSE(db_->Exec("DELETE FROM audit_log").ok());
  EXPECT_EQ(log_->Query(AuditQuery{})->size(), 1u);
  EXPECT_EQ(log_->Query(AuditQuery{})->front().event.outcome, "allowed");
}

TEST_F(AuditLogTest, QueryFiltersByUserTimeRouteAndOutcome) {
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(log_->Append(Event(i % 2 == 0 ? "kim" : "lee",
                                   i % 3 == 0 ? "persons.get /api/v1/persons-of-interest/1"
                                              : "incidents.list /api/v1/incidents",
                                   i % 5 == 0 ? "denied" : "allowed"))
                    .ok());
    clock_.Advance(10);
  }
  const UnixSeconds start = clock_.Now() - 200;
  EXPECT_EQ(log_->Query(AuditQuery{.user = "kim"})->size(), 10u);
  EXPECT_EQ(log_->Query(AuditQuery{.outcome = "denied"})->size(), 4u);
  EXPECT_EQ(log_->Query(AuditQuery{.resource_prefix = "persons."})->size(), 7u);
  EXPECT_EQ(log_->Query(AuditQuery{.from = start + 50, .to = start + 100})->size(), 5u);
  // kim and persons: i = 0, 6, 12, 18; adding "denied" leaves i = 0.
  auto combined = log_->Query(AuditQuery{.user = "kim", .resource_prefix = "persons."});
  ASSERT_TRUE(combined.ok());
  ASSERT_EQ(combined->size(), 4u);
  EXPECT_EQ(
      log_->Query(AuditQuery{.user = "kim", .resource_prefix = "persons.", .outcome = "denied"})
          ->size(),
      1u);
  EXPECT_GT((*combined)[0].seq, (*combined)[1].seq);  // newest first
  EXPECT_EQ(log_->Query(AuditQuery{.limit = 3})->size(), 3u);
  EXPECT_FALSE(log_->Query(AuditQuery{.limit = 0}).ok());
}

TEST_F(AuditLogTest, AuditedReadWritesTheRecordFirstAndFailsClosed) {
  int served = 0;
  auto fn = [&]() -> Result<int> { return ++served; };
  AuditEvent event = Event("kim", "persons.get /api/v1/persons-of-interest/1", "");
  // No purpose: refused, nothing served.
  EXPECT_FALSE(AuditedRead(*log_, event, fn).ok());
  EXPECT_EQ(served, 0);
  event.purpose = "case 2026-1142";
  auto ok = AuditedRead(*log_, event, [&]() -> Result<int> {
    // The record is already durable when the data is read.
    EXPECT_EQ(log_->Head()->seq, 1);
    return ++served;
  });
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(served, 1);
  EXPECT_EQ(log_->Query(AuditQuery{})->front().event.outcome, "served");
  // The audit table refuses writes: the data is not served.
  ASSERT_TRUE(db_->Exec("CREATE TRIGGER audit_full BEFORE INSERT ON audit_log "
                        "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
                  .ok());
  auto refused = AuditedRead(*log_, event, fn);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(served, 1);
}

}  // namespace
}  // namespace vigil::security
