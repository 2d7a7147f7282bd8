// bench_ingest: CSV -> committed store throughput of `vigil ingest` beside the sqlite3 shell's
// own `.import` of the same file into a plain table, in the same run (STYLE.md habit 12).
//
//   bench_ingest                       500,000 generated rows in the SLMPD standard layout
//   bench_ingest --rows N              N generated rows (deterministic: same N, same bytes)
//   bench_ingest --file A.csv [--file B.csv ...]   real files (e.g. St. Louis crime-monthly)
//   bench_ingest --batch-rows N        rows per committed Vigil transaction (default 50,000)
//   bench_ingest --indexes MODE        the first Vigil run's index mode: auto (default), defer,
//                                      keep; a second run always keeps them row by row
//   bench_ingest --repeat N            N rounds of the three runs, alternating (default 1); each
//                                      line gives the median run and the fastest and slowest,
//                                      and the ratio is of the medians (a shared machine's
//                                      noise is often larger than the change being measured)
//
// Both sides write a fresh database in the same temp directory with journal_mode=WAL and
// synchronous=FULL and are timed from start to the last commit. The sqlite3 side is Debian's
// `sqlite3` binary run as a child process (`.mode csv`, `.import FILE TABLE`), so it pays the
// same process-free CSV parsing and page writing, but no profile mapping, time zones,
// projections, upserts or indexes. The ratio is Vigil rows/s over sqlite3 rows/s.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ingest/csv_ingest.h"
#include "ingest/profile.h"
#include "store/sqlite_store.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BenchOptions {
  std::int64_t rows = 500000;       // generated rows when no --file is given
  std::vector<std::string> files;   // real files; replaces the generated one
  std::int64_t batch_rows = 50000;  // Vigil rows per transaction
  vigil::ingest::IndexMode index_mode = vigil::ingest::IndexMode::kAuto;  // the first Vigil run
  std::string sqlite3 = "sqlite3";  // the shell binary, looked up in PATH
  int repeat = 1;                   // rounds of the three runs
};

// Deterministic 64-bit generator (splitmix64): identical output on every machine and libc.
struct SplitMix {
  std::uint64_t state;
  std::uint64_t Next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t Below(std::uint64_t n) { return Next() % n; }
};

// Writes `rows` rows in the SLMPD standard layout (2013-2020 exports): ~1% cancellations
// (Count = -1 of an earlier complaint), ~2% without coordinates (0,0), the rest inside the city.
std::string GenerateSlmpd(const fs::path& path, std::int64_t rows) {
  static const char* const kCrimes[][2] = {{"31111", "ROBBERY-HIGHWAY/FIREARM"},
                                           {"69702", "LARCENY-FROM BUILDING/UNDER $500"},
                                           {"52200", "BURGLARY-FORCIBLE ENTRY/RESIDENCE"},
                                           {"42014", "AGG.ASSAULT-HANDS/FISTS"},
                                           {"71000", "AUTO THEFT-PERM RETNT/UNRECOV OVER 48HR"},
                                           {"115400", "STLG BY DECEIT/IDENTITY THEFT REPORT"},
                                           {"142320", "PROPERTY DAMAGE-PRIVATE PROPERTY"},
                                           {"181110", "DRUGS-POSSESSION/MARIJUANA"}};
  static const char* const kStreets[] = {"MARKET ST",   "CHESTNUT ST", "S GRAND BLVD",
                                         "N BROADWAY",  "ARSENAL ST",  "LINDELL BLVD",
                                         "DELMAR BLVD", "GRAVOIS AVE"};
  SplitMix rng{20190101};
  std::ofstream out(path, std::ios::binary);
  out << "Complaint,CodedMonth,DateOccur,FlagCrime,FlagUnfounded,FlagAdministrative,Count,"
         "FlagCleanup,Crime,District,Description,ILEADSAddress,ILEADSStreet,Neighborhood,"
         "LocationName,LocationComment,CADAddress,CADStreet,XCoord,YCoord\n";
  char line[512];
  for (std::int64_t i = 0; i < rows; ++i) {
    const bool cancel = i > 100 && rng.Below(100) == 0;
    const std::int64_t complaint =
        cancel ? static_cast<std::int64_t>(rng.Below(static_cast<std::uint64_t>(i))) : i;
    const auto& crime = kCrimes[complaint % 8];
    const int year = 2013 + static_cast<int>(complaint % 7);
    const int month = 1 + static_cast<int>(rng.Below(12));
    const int day = 1 + static_cast<int>(rng.Below(28));
    const int hour = static_cast<int>(rng.Below(24));
    const int minute = static_cast<int>(rng.Below(60));
    const bool located = rng.Below(50) != 0;
    const double x = located ? 880000.0 + static_cast<double>(rng.Below(400000)) / 10.0 : 0.0;
    const double y = located ? 990000.0 + static_cast<double>(rng.Below(600000)) / 10.0 : 0.0;
    const int number = 100 + static_cast<int>(rng.Below(5000));
    const char* street = kStreets[rng.Below(8)];
    std::snprintf(
        line, sizeof line,
        "%02d-%06lld,%04d-%02d,%02d/%02d/%04d %02d:%02d,Y, , ,%d, ,%s,%d,%s,%d,%s,%d, , ,%d,%s,"
        "%.1f,%.1f\n",
        year % 100, static_cast<long long>(complaint), year, month, month, day, year, hour, minute,
        cancel ? -1 : 1, crime[0], 1 + static_cast<int>(rng.Below(9)), crime[1], number, street,
        1 + static_cast<int>(rng.Below(88)), number, street, x, y);
    out << line;
  }
  return path.string();
}

// Runs argv as a child process with stdin from `stdin_path` and stdout discarded; returns its exit
// status (-1 when it could not start).
int RunChild(const std::vector<std::string>& args, const std::string& stdin_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);  // PRAGMA echoes
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string SqlQuote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  return out + "'";
}

struct Timing {
  std::int64_t rows = 0;
  double seconds = 0;
  vigil::ingest::IngestTimings sides;  // Vigil only: parsing, writing, indexing
  double RowsPerSecond() const { return seconds > 0 ? static_cast<double>(rows) / seconds : 0; }
};

// One engine's runs over the rounds: the median run by time (of an even count, the faster of
// the middle two; a run that happened, so its parts - parsing, writing, indexing - belong
// together) and the fastest and slowest times.
struct RunSummary {
  Timing median;
  double fastest = 0;
  double slowest = 0;
};

RunSummary Summarize(std::vector<Timing> runs) {
  std::sort(runs.begin(), runs.end(),
            [](const Timing& a, const Timing& b) { return a.seconds < b.seconds; });
  return {runs[(runs.size() - 1) / 2], runs.front().seconds, runs.back().seconds};
}

// Vigil: every file through the slmpd profile into a fresh store, all batches committed and
// every index built.
bool RunVigil(const BenchOptions& options, vigil::ingest::IndexMode index_mode, const fs::path& dir,
              Timing* timing) {
  auto profile = vigil::ingest::BuiltinProfile("slmpd");
  if (!profile.ok()) {
    std::fprintf(stderr, "bench_ingest: %s\n", profile.error().message.c_str());
    return false;
  }
  const auto start = Clock::now();
  const fs::path store_path = dir / "vigil.sqlite";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(store_path.string() + suffix);
  auto store = vigil::OpenSqliteStore(store_path.string());
  if (!store.ok()) {
    std::fprintf(stderr, "bench_ingest: %s\n", store.error().message.c_str());
    return false;
  }
  vigil::ingest::IngestOptions ingest_options;
  ingest_options.batch_rows = options.batch_rows;
  ingest_options.index_mode = index_mode;
  ingest_options.timings = &timing->sides;
  bool files_ok = true;
  const vigil::Status loaded = vigil::ingest::IngestCsvFiles(
      **store, *profile, options.files, ingest_options,
      [&](const std::string&, const vigil::Result<vigil::ingest::IngestSummary>& summary) {
        if (!summary.ok()) {
          std::fprintf(stderr, "bench_ingest: %s\n", summary.error().message.c_str());
          files_ok = false;
          return;
        }
        timing->rows += summary->rows;
      });
  if (!loaded.ok()) {
    std::fprintf(stderr, "bench_ingest: %s\n", loaded.error().message.c_str());
    return false;
  }
  if (!files_ok) return false;
  store->reset();  // closes the connection (checkpoint included in the time)
  timing->seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return true;
}

// sqlite3 shell: `.import` of each file into its own plain table (columns from the header).
bool RunSqliteShell(const BenchOptions& options, const fs::path& dir, std::int64_t rows,
                    Timing* timing) {
  const fs::path script = dir / "import.sql";
  {
    std::ofstream out(script);
    out << "PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\n.mode csv\n";
    for (std::size_t i = 0; i < options.files.size(); ++i) {
      out << ".import " << SqlQuote(options.files[i]) << " t" << i << "\n";
    }
  }
  const auto start = Clock::now();
  const int rc =
      RunChild({options.sqlite3, "-batch", (dir / "shell.sqlite").string()}, script.string());
  timing->seconds = std::chrono::duration<double>(Clock::now() - start).count();
  timing->rows = rows;
  if (rc != 0) {
    std::fprintf(stderr, "bench_ingest: '%s' failed (status %d); is Debian's sqlite3 installed?\n",
                 options.sqlite3.c_str(), rc);
    return false;
  }
  return true;
}

int Usage() {
  std::fprintf(
      stderr,
      "usage: bench_ingest [--rows N] [--file CSV]... [--batch-rows N] [--indexes auto|defer|keep]"
      " [--sqlite3 PATH] [--repeat N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return Usage();
    const std::string value = argv[++i];
    if (arg == "--rows") {
      options.rows = std::atoll(value.c_str());
    } else if (arg == "--file") {
      options.files.push_back(fs::absolute(value).string());
    } else if (arg == "--batch-rows") {
      options.batch_rows = std::atoll(value.c_str());
    } else if (arg == "--indexes") {
      if (value == "auto") {
        options.index_mode = vigil::ingest::IndexMode::kAuto;
      } else if (value == "defer") {
        options.index_mode = vigil::ingest::IndexMode::kDefer;
      } else if (value == "keep") {
        options.index_mode = vigil::ingest::IndexMode::kKeep;
      } else {
        return Usage();
      }
    } else if (arg == "--sqlite3") {
      options.sqlite3 = value;
    } else if (arg == "--repeat") {
      options.repeat = std::atoi(value.c_str());
    } else {
      return Usage();
    }
  }
  if (options.rows <= 0 || options.batch_rows <= 0 || options.repeat <= 0) return Usage();

  std::string pattern = (fs::temp_directory_path() / "vigil-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::fprintf(stderr, "bench_ingest: cannot create a temp dir: %s\n", std::strerror(errno));
    return 1;
  }
  const fs::path dir = pattern;
  std::string workload;
  if (options.files.empty()) {
    options.files.push_back(GenerateSlmpd(dir / "slmpd.csv", options.rows));
    workload = std::to_string(options.rows) + " generated SLMPD rows";
  } else {
    workload = std::to_string(options.files.size()) + " file(s)";
  }
  std::uintmax_t bytes = 0;
  for (const std::string& f : options.files) bytes += fs::file_size(f);

  std::vector<Timing> vigil_runs;
  std::vector<Timing> kept_runs;  // the same load keeping every index up to date row by row
  std::vector<Timing> shell_runs;
  bool ok = true;
  for (int round = 0; ok && round < options.repeat; ++round) {
    Timing& vigil_timing = vigil_runs.emplace_back();
    Timing& kept_timing = kept_runs.emplace_back();
    Timing& shell_timing = shell_runs.emplace_back();
    ok = RunVigil(options, options.index_mode, dir, &vigil_timing) &&
         RunVigil(options, vigil::ingest::IndexMode::kKeep, dir, &kept_timing) &&
         RunSqliteShell(options, dir, vigil_timing.rows, &shell_timing);
  }
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  if (!ok) return 1;

  std::printf(
      "bench_ingest: %s, %.1f MB, WAL + synchronous=FULL, Vigil batch %lld rows, %d round%s\n",
      workload.c_str(), static_cast<double>(bytes) / 1e6,
      static_cast<long long>(options.batch_rows), options.repeat, options.repeat == 1 ? "" : "s");
  std::printf("  %-40s %10s %9s %17s %12s\n", "engine", "rows", "seconds", "fastest-slowest",
              "rows/s");
  const char* mode = options.index_mode == vigil::ingest::IndexMode::kAuto    ? "auto"
                     : options.index_mode == vigil::ingest::IndexMode::kDefer ? "defer"
                                                                              : "keep";
  const std::string label = std::string("vigil ingest -p slmpd, indexes ") + mode;
  const RunSummary vigil_summary = Summarize(vigil_runs);
  const RunSummary kept_summary = Summarize(kept_runs);
  const RunSummary shell_summary = Summarize(shell_runs);
  auto print_line = [](const std::string& name, const RunSummary& summary) {
    std::printf("  %-40s %10lld %9.3f %8.3f-%-8.3f %12.0f\n", name.c_str(),
                static_cast<long long>(summary.median.rows), summary.median.seconds,
                summary.fastest, summary.slowest, summary.median.RowsPerSecond());
  };
  print_line(label, vigil_summary);
  print_line("vigil ingest -p slmpd, indexes keep", kept_summary);
  print_line("sqlite3 shell .import (plain table)", shell_summary);
  const Timing& vigil_median = vigil_summary.median;
  const Timing& kept_median = kept_summary.median;
  const Timing& shell_median = shell_summary.median;
  for (const Timing* t : {&vigil_median, &kept_median}) {
    std::printf("  %s: parsing %.3f s, writing %.3f s (overlapping), indexing %.3f s\n",
                t == &vigil_median ? mode : "keep", t->sides.parsing_s, t->sides.writing_s,
                t->sides.indexing_s);
  }
  std::printf("  ratio vigil/sqlite3: %.2f\n",
              shell_median.RowsPerSecond() > 0
                  ? vigil_median.RowsPerSecond() / shell_median.RowsPerSecond()
                  : 0.0);
  return 0;
}
