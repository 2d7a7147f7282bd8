// The command line's changes of the store are audited like the API's (cli_audit.h): an
// "attempted" record before the change and its outcome after; no record, no change. And
// `vigil audit verify` as operators run it: exit 0 on an intact trail, 1 on a tampered one.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "security/audit_log.h"
#include "security/clock.h"
#include "store/migrations.h"
#include "support/temp_dir.h"

namespace vigil::security {
namespace {

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    csv_ = dir_.Write("incidents.csv",
                      "id,category,occurred,reported,lon,lat\n"
                      "a1,theft,2024-03-05 10:00:00,2024-03-05 10:05:00,-90.2,38.6\n"
                      "a2,assault,2024-03-05 11:00:00,2024-03-05 11:05:00,-90.21,38.61\n");
  }

  // Runs `vigil --store STORE ARGS`; returns the exit code and fills `output_`.
  int Run(const std::string& args) {
    const std::string log = dir_.File("run.log");
    const std::string cmd = std::string(VIGIL_BINARY) + " --quiet --store " + Store() + " " + args +
                            " > " + log + " 2>&1";
    const int status = std::system(cmd.c_str());
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    output_ = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Ingest() { return "ingest -p vigil-incidents --rejects " + dir_.File("r.csv") + " "; }

  sqlite::Database Open() {
    auto db = sqlite::OpenStoreDatabase(Store());
    EXPECT_TRUE(db.ok());
    return std::move(db).value();
  }
  // The trail, oldest first.
  std::vector<AuditRecord> Records() {
    sqlite::Database db = Open();
    SystemClock clock;
    AuditLog log(db, clock);
    auto records = log.Query({});
    EXPECT_TRUE(records.ok());
    std::vector<AuditRecord> oldest_first(records->rbegin(), records->rend());
    return oldest_first;
  }
  std::int64_t Incidents() {
    sqlite::Database db = Open();
    auto stmt = db.Prepare("SELECT COUNT(*) FROM incidents");
    EXPECT_TRUE(stmt.ok());
    EXPECT_TRUE(stmt->Step().ok());
    return stmt->ColumnInt(0);
  }
  std::string Store() const { return dir_.File("city.sqlite"); }

  testing::TempDir dir_;
  std::string csv_;
  std::string output_;
};

TEST_F(AuditCliTest, ChangesAreRecordedBeforeAndAfterWithTheirOutcome) {
  ASSERT_EQ(Run(Ingest() + csv_), 0) << output_;
  // A file that is not what the profile expects fails as a whole.
  EXPECT_EQ(Run(Ingest() + dir_.Write("other.csv", "name,colour\nx,blue\n")), 1) << output_;
  const std::vector<AuditRecord> records = Records();
  ASSERT_EQ(records.size(), 4u);
  const char* outcomes[] = {"attempted", "ok", "attempted", "failed"};
  for (std::size_t i = 0; i < records.size(); ++i) {
    const AuditEvent& e = records[i].event;
    EXPECT_EQ(e.action, "cli.ingest");
    EXPECT_EQ(e.outcome, outcomes[i]);
    EXPECT_EQ(e.user.rfind("(cli) ", 0), 0u) << e.user;
    EXPECT_GT(e.user.size(), 6u) << "names the account that ran it";
    EXPECT_EQ(e.source_address, "local");
  }
  EXPECT_NE(records[0].event.resource.find("incidents.csv"), std::string::npos);
  EXPECT_NE(records[0].event.resource.find("vigil-incidents"), std::string::npos);
  EXPECT_EQ(records[1].event.details, "{\"exit_code\":0}");
  EXPECT_NE(records[3].event.details, "{\"exit_code\":0}");
  EXPECT_EQ(Incidents(), 2);
}

TEST_F(AuditCliTest, NoChangeIsMadeWhenItsRecordCannotBeWritten) {
  ASSERT_EQ(Run("audit verify"), 1) << "no store yet";
  {
    sqlite::Database db = Open();
    ASSERT_TRUE(db.Exec("CREATE TRIGGER audit_down BEFORE INSERT ON audit_log "
                        "BEGIN SELECT RAISE(ABORT, 'audit disk unavailable'); END")
                    .ok());
  }
  EXPECT_EQ(Run(Ingest() + csv_), 1);
  EXPECT_NE(output_.find("refused"), std::string::npos) << output_;
  EXPECT_NE(output_.find("audit disk unavailable"), std::string::npos) << output_;
  EXPECT_EQ(Incidents(), 0);
}

TEST_F(AuditCliTest, VerifyExitsOneOnAnEditedOrTruncatedTrail) {
  ASSERT_EQ(Run(Ingest() + csv_), 0) << output_;
  ASSERT_EQ(Run(Ingest() + csv_), 0) << output_;
  ASSERT_EQ(Run("audit verify"), 0) << output_;
  EXPECT_NE(output_.find("chain ok: 4 records"), std::string::npos) << output_;
  const std::vector<AuditRecord> records = Records();
  ASSERT_EQ(records.size(), 4u);
  const std::string head = " --head-seq 4 --head-hash " + records[3].hash;
  ASSERT_EQ(Run("audit verify" + head), 0) << output_;
  EXPECT_EQ(Run("audit verify --head-seq 4"), 2) << "a pinned head needs both";
  {
    sqlite::Database db = Open();
    ASSERT_TRUE(db.Exec("DROP TRIGGER audit_log_no_delete").ok());
    ASSERT_TRUE(db.Exec("DELETE FROM audit_log WHERE seq = 4").ok());
  }
  // Cutting the newest record leaves a valid chain; only the pinned head shows it.
  EXPECT_EQ(Run("audit verify"), 0) << output_;
  EXPECT_EQ(Run("audit verify" + head), 1) << output_;
  {
    sqlite::Database db = Open();
    ASSERT_TRUE(db.Exec("DROP TRIGGER audit_log_no_update").ok());
    ASSERT_TRUE(db.Exec("UPDATE audit_log SET outcome = 'ok' WHERE seq = 1").ok());
  }
  EXPECT_EQ(Run("audit verify"), 1) << output_;
  EXPECT_NE(output_.find("chain broken"), std::string::npos) << output_;
}

}  // namespace
}  // namespace vigil::security
