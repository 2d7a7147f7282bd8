// Crash durability of `vigil ingest`: a load killed with SIGKILL at random points, over and
// over on the same store, then run to completion, leaves exactly the file's records: the store
// opens cleanly, nothing is duplicated or lost, cancellations stand, content matches.
//
// Every other run defers the secondary indexes (`--indexes defer`), so kills also land while
// they are dropped, while rows load without them and while they are rebuilt; the next open
// must rebuild whatever a killed run left missing.
//
// Kill points are placed by load progress, not by wall-clock guesses: the child reports each
// committed batch on stderr ("\r  NN.N%"); the test waits for a seeded random number of those
// reports, then a seeded random pause of up to 3 ms (so kills also land inside a batch or
// its commit), then sends SIGKILL.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "core/time.h"
#include "store/migrations.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace vigil::ingest {
namespace {

constexpr int kRows = 20000;
constexpr int kBatchRows = 500;
constexpr int kKills = 22;

// What the file says about one (Complaint/Crime) key once every row is applied in order.
struct Expected {
  std::string code;
  std::string description;
  std::string address;
  std::string district;
  std::string neighborhood;
  UnixSeconds occurred_at = 0;
  bool located = false;
};

struct GeneratedFile {
  std::string text;
  std::map<std::string, Expected> records;  // key "Complaint/Crime" -> last content
  std::set<std::string> cancelled;          // keys named by a Count = -1 row
};

// SLMPD standard layout. All times are in January 2019 (CST, UTC-6, no DST), coded month
// 2019-01, so occurred_at = UTC of the wall clock + 6 h and reported_at = occurred_at.
// Mix: fresh records, exact repeats, repeats with a changed description (last one wins),
// cancellations of earlier records, and cancellations of records that only come later.
GeneratedFile Generate(std::mt19937_64& rng) {
  static const char* const kCodes[] = {"31111", "69702", "52200", "42014", "71000", "115400"};
  GeneratedFile file;
  file.text =
      "Complaint,CodedMonth,DateOccur,FlagCrime,FlagUnfounded,FlagAdministrative,Count,FlagCleanup,"
      "Crime,District,Description,ILEADSAddress,ILEADSStreet,Neighborhood,LocationName,"
      "LocationComment,CADAddress,CADStreet,XCoord,YCoord\n";
  struct Row {
    int complaint;
    int code;
    int day, hour, minute;
    int district, neighborhood, number;
    std::string description;
    bool located;
    int x_tenths, y_tenths;
  };
  std::vector<Row> rows;
  auto fresh = [&](int complaint) {
    Row r;
    r.complaint = complaint;
    r.code = static_cast<int>(rng() % 6);
    r.day = 1 + static_cast<int>(rng() % 28);
    r.hour = static_cast<int>(rng() % 24);
    r.minute = static_cast<int>(rng() % 60);
    r.district = 1 + static_cast<int>(rng() % 9);
    r.neighborhood = 1 + static_cast<int>(rng() % 88);
    r.number = 100 + static_cast<int>(rng() % 4900);
    r.description = "OFFENSE " + std::to_string(rng() % 1000);
    r.located = rng() % 20 != 0;
    r.x_tenths = 8850000 + static_cast<int>(rng() % 300000);
    r.y_tenths = 9950000 + static_cast<int>(rng() % 500000);
    return r;
  };
  int next_complaint = 1;
  char line[400];
  for (int i = 0; i < kRows; ++i) {
    const unsigned roll = static_cast<unsigned>(rng() % 100);
    Row r;
    int count = 1;
    if (roll < 3 && !rows.empty()) {
      r = rows[rng() % rows.size()];  // exact repeat
    } else if (roll < 5 && !rows.empty()) {
      r = rows[rng() % rows.size()];  // same key, changed content
      r.description = "AMENDED " + std::to_string(rng() % 1000);
      r.district = 1 + static_cast<int>(rng() % 9);
    } else if (roll < 6 && !rows.empty()) {
      r = rows[rng() % rows.size()];  // cancels an earlier record
      count = -1;
    } else if (roll < 7) {
      r = fresh(next_complaint + 50 + static_cast<int>(rng() % 500));  // cancels a later one
      count = -1;
    } else {
      r = fresh(next_complaint++);
    }
    if (count == 1) rows.push_back(r);
    const std::string key = "19-" + std::to_string(100000 + r.complaint) + "/" + kCodes[r.code];
    std::snprintf(
        line, sizeof line,
        "19-%d,2019-01,01/%02d/2019 %02d:%02d,Y, , ,%d, ,%s,%d,%s,%d,MAIN ST,%d, , ,%d,MAIN,"
        "%d.%d,%d.%d\n",
        100000 + r.complaint, r.day, r.hour, r.minute, count, kCodes[r.code], r.district,
        r.description.c_str(), r.number, r.neighborhood, r.number, r.located ? r.x_tenths / 10 : 0,
        r.located ? r.x_tenths % 10 : 0, r.located ? r.y_tenths / 10 : 0,
        r.located ? r.y_tenths % 10 : 0);
    file.text += line;
    if (count == -1) {
      file.cancelled.insert(key);
      continue;
    }
    Expected& e = file.records[key];
    e.code = kCodes[r.code];
    e.description = r.description;
    e.address = std::to_string(r.number) + " MAIN ST";
    e.district = std::to_string(r.district);
    e.neighborhood = std::to_string(r.neighborhood);
    // 2019-01-01T00:00:00Z = 1546300800; wall clock CST + 6 h.
    e.occurred_at = 1546300800 + (r.day - 1) * 86400 + r.hour * 3600 + r.minute * 60 + 6 * 3600;
    e.located = r.located;
  }
  return file;
}

struct RunOutcome {
  bool killed = false;   // SIGKILL ended the child (it had not finished by itself)
  int exit_code = -1;    // when it exited by itself
  int reports_seen = 0;  // committed batches reported before the kill
};

// Runs `vigil --store STORE ingest -p slmpd --batch-rows 500 --indexes INDEXES FILE` in `dir`.
// With `kill_after` >= 0, sends SIGKILL after that many progress reports plus `pause`.
RunOutcome RunVigil(const std::string& dir, const std::string& store, const std::string& file,
                    const char* indexes, int kill_after, std::chrono::microseconds pause) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDERR_FILENO);
    const int null_fd = open("/dev/null", O_WRONLY);
    dup2(null_fd, STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    if (chdir(dir.c_str()) != 0) _exit(126);
    execl(VIGIL_BINARY, VIGIL_BINARY, "--store", store.c_str(), "ingest", "-p", "slmpd",
          "--batch-rows", std::to_string(kBatchRows).c_str(), "--indexes", indexes, file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipe_fds[1]);
  RunOutcome outcome;
  bool sent = false;
  char buffer[4096];
  while (true) {
    if (kill_after >= 0 && outcome.reports_seen >= kill_after) {
      std::this_thread::sleep_for(pause);
      kill(pid, SIGKILL);
      sent = true;
      break;
    }
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;  // the child closed stderr: it is exiting
    for (ssize_t i = 0; i < n; ++i) outcome.reports_seen += buffer[i] == '%';
  }
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  outcome.killed = sent && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  return outcome;
}

std::int64_t Scalar(sqlite::Database& db, const std::string& sql) {
  auto s = db.Prepare(sql);
  EXPECT_TRUE(s.ok()) << sql;
  if (!s.ok()) return -1;
  auto row = s->Step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return s->ColumnInt(0);
}

TEST(DurabilityTest, LoadKilledAtRandomPointsCompletesWithExactlyTheFilesRecords) {
  testing::TempDir dir;
  std::mt19937_64 rng(20240611);
  const GeneratedFile generated = Generate(rng);
  const std::string file = dir.Write("jan2019.csv", generated.text);
  const std::string store = dir.File("store.sqlite");
  const int batches = (kRows + kBatchRows - 1) / kBatchRows;

  int mid_load = 0;
  for (int i = 0; i < kKills; ++i) {
    // Reports 0 .. batches-2: from "before the first commit" (even during migrations on the
    // first run) to "the last batch is being written".
    const int kill_after = static_cast<int>(rng() % static_cast<unsigned>(batches - 1));
    const auto pause = std::chrono::microseconds(rng() % 3000);
    const char* indexes = i % 2 == 0 ? "keep" : "defer";
    const RunOutcome outcome = RunVigil(dir.path(), store, file, indexes, kill_after, pause);
    if (outcome.killed) {
      ++mid_load;
    } else {
      EXPECT_EQ(outcome.exit_code, 0) << "run " << i << " failed before it could be killed";
    }
  }
  std::printf("[ durability ] %d of %d SIGKILLs landed mid-load\n", mid_load, kKills);
  // Kills follow progress reports, so a child can finish first only when it outruns a pause
  // of at most 3 ms over its last batches; most kills must land for the test to mean anything.
  EXPECT_GE(mid_load, kKills * 3 / 4);

  const RunOutcome final_run = RunVigil(dir.path(), store, file, "defer", -1, {});
  ASSERT_FALSE(final_run.killed);
  ASSERT_EQ(final_run.exit_code, 0);

  {
    auto db = sqlite::OpenStoreDatabase(store);
    ASSERT_TRUE(db.ok()) << db.error().message;
    auto check = db->Prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.ok());
    ASSERT_TRUE(*check->Step());
    EXPECT_EQ(check->ColumnText(0), "ok");
    const std::int64_t all = Scalar(*db, "SELECT COUNT(*) FROM incidents");
    EXPECT_EQ(all, static_cast<std::int64_t>(generated.records.size()));
    EXPECT_EQ(
        Scalar(*db, "SELECT COUNT(*) FROM (SELECT DISTINCT source, source_id FROM incidents)"),
        all);
    EXPECT_EQ(Scalar(*db, "SELECT COUNT(*) FROM incident_cancellations"),
              static_cast<std::int64_t>(generated.cancelled.size()));
    // Every located incident carries its spatial-index key (written with the row).
    EXPECT_EQ(Scalar(*db, "SELECT COUNT(*) FROM incidents WHERE cell_key IS NOT NULL"),
              Scalar(*db, "SELECT COUNT(*) FROM incidents WHERE x IS NOT NULL"));
    // Every secondary index is back, and none is left recorded as deferred.
    EXPECT_EQ(Scalar(*db,
                     "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND "
                     "tbl_name = 'incidents' AND name IN ('incidents_reported', "
                     "'incidents_category_reported', 'incidents_cell')"),
              3);
    EXPECT_EQ(Scalar(*db, "SELECT COUNT(*) FROM deferred_indexes"), 0);
    // The last load is the complete one.
    EXPECT_EQ(Scalar(*db, "SELECT finished_at IS NOT NULL FROM loads ORDER BY id DESC LIMIT 1"), 1);
  }

  auto opened = OpenSqliteStore(store);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  std::size_t expected_live = 0;
  for (const auto& [key, e] : generated.records)
    expected_live += generated.cancelled.count(key) == 0;
  EXPECT_EQ(*(*opened)->CountIncidents({}), static_cast<std::int64_t>(expected_live));

  std::size_t seen = 0;
  std::size_t mismatches = 0;
  ASSERT_TRUE((*opened)
                  ->ForEachIncident({},
                                    [&](const Incident& r) {
                                      ++seen;
                                      const auto it = generated.records.find(r.source_id);
                                      const bool matches =
                                          r.source == "slmpd" && it != generated.records.end() &&
                                          generated.cancelled.count(r.source_id) == 0 &&
                                          r.source_code == it->second.code &&
                                          r.source_description == it->second.description &&
                                          r.address == it->second.address &&
                                          r.district == it->second.district &&
                                          r.neighborhood == it->second.neighborhood &&
                                          r.occurred_at == it->second.occurred_at &&
                                          r.reported_at == it->second.occurred_at &&
                                          r.location.has_value() == it->second.located;
                                      if (!matches && ++mismatches <= 5)
                                        ADD_FAILURE() << "stored record differs: " << r.source_id;
                                    })
                  .ok());
  EXPECT_EQ(seen, expected_live);
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
}  // namespace vigil::ingest
