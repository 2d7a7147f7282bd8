// `vigil forecast-schedule`: forecasts for the next shift, produced on the force's shift
// schedule. Before each shift starts (--lead minutes ahead) it fits every listed model on the
// store's history up to then and stores a forecast of every listed category for the whole
// shift, exactly as `vigil predict --at SHIFT_START --horizon SHIFT_LENGTH` would (audited the
// same way); a running `vigil serve` announces each on its live stream. Runs until SIGINT or
// SIGTERM, or once with --once (for cron or a systemd timer).
#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli_audit.h"
#include "commands.h"
#include "core/shifts.h"
#include "core/text.h"
#include "core/time.h"
#include "predict_command.h"
#include "store/sqlite_store.h"

namespace vigil::app {
namespace {

struct ScheduleArgs {
  std::string shifts = "06:00,14:00,22:00";  // local shift start times (core/shifts.h)
  int lead_minutes = 30;                     // forecast this long before a shift starts
  std::string models = "xgboost";            // comma-separated model names
  std::string categories = "major";          // comma-separated categories and/or "major"
  double cell_size_m = 100;
  int train_days = 365;
  std::string out_dir = "forecasts";  // files: DIR/SHIFTSTART-CATEGORY-MODEL.{csv,geojson}
  bool once = false;                  // the next shift only, then exit
  std::string now;                    // --once: take this UTC instant as the time now
};

UnixSeconds WallClockNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "2024-03-01T06:00:00Z" -> "20240301T0600Z", for file names.
std::string CompactUtc(UnixSeconds t) {
  const LocalDateTime c = CivilFromUnix(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02dZ", c.year, c.month, c.day, c.hour,
                c.minute);
  return buf;
}

// Waits until `until` (UTC) or a blocked stop signal; true when the time came, false on a
// signal.
bool SleepUntil(UnixSeconds until, const sigset_t& stop_signals) {
  for (;;) {
    const UnixSeconds left = until - WallClockNow();
    if (left <= 0) return true;
    timespec wait{.tv_sec = std::min<UnixSeconds>(left, 60), .tv_nsec = 0};
    if (sigtimedwait(&stop_signals, nullptr, &wait) > 0) return false;
  }
}

// Stores the forecasts of one shift: every model x category. Returns the number that failed.
int ForecastShift(const GlobalOptions& global, const ScheduleArgs& args, const Shift& shift) {
  const std::vector<std::string> models = SplitList(args.models);
  const std::vector<std::string> categories = SplitList(args.categories);
  const std::string at = FormatUtc(shift.start);
  const std::string horizon = std::to_string(shift.length_s / 60) + "min";
  int failed = 0;
  for (const std::string& model : models) {
    for (const std::string& category : categories) {
      PredictArgs predict{.model = model,
                          .category = category,
                          .at = at,
                          .horizon = horizon,
                          .cell_size_m = args.cell_size_m,
                          .train_days = args.train_days,
                          .out = (std::filesystem::path(args.out_dir) /
                                  (CompactUtc(shift.start) + "-" + category + "-" + model))
                                     .string()};
      const int rc = RunAuditedChange(
          global, "cli.predict",
          "scheduled forecast " + model + " " + category + " at " + at + " for " + horizon,
          [&] { return RunPredict(global, predict); });
      if (rc != 0) {
        ++failed;
        std::cerr << "vigil forecast-schedule: " << model << " " << category << " for the shift at "
                  << at << " failed (exit code " << rc << ")\n";
      }
    }
  }
  return failed;
}

int RunSchedule(const GlobalOptions& global, const ScheduleArgs& args) {
  auto schedule = ShiftSchedule::Parse(args.shifts);
  if (!schedule.ok()) {
    std::cerr << "vigil forecast-schedule: " << schedule.error().message << "\n";
    return 2;
  }
  if (SplitList(args.models).empty() || SplitList(args.categories).empty()) {
    std::cerr << "vigil forecast-schedule: give at least one model and one category\n";
    return 2;
  }
  UnixSeconds now = WallClockNow();
  if (!args.now.empty()) {
    if (!args.once) {
      std::cerr << "vigil forecast-schedule: --now is for --once runs only\n";
      return 2;
    }
    auto parsed = ParseUtc(args.now);
    if (!parsed.ok()) {
      std::cerr << "vigil forecast-schedule: --now: " << parsed.error().message << "\n";
      return 2;
    }
    now = *parsed;
  }
  // Shift starts are read in the city's time zone (saved by the first load), else UTC.
  std::optional<TimeZone> zone;
  {
    auto store = OpenSqliteStore(global.store_path);
    if (!store.ok()) {
      std::cerr << "vigil forecast-schedule: " << store.error().message << "\n";
      return 1;
    }
    auto name = (*store)->GetSetting("city.timezone");
    if (name.ok() && *name) {
      auto loaded = TimeZone::Load(**name);
      if (!loaded.ok()) {
        std::cerr << "vigil forecast-schedule: " << loaded.error().message << "\n";
        return 1;
      }
      zone = std::move(*loaded);
    }
  }
  std::error_code made;
  std::filesystem::create_directories(args.out_dir, made);
  if (made) {
    std::cerr << "vigil forecast-schedule: cannot create '" << args.out_dir
              << "': " << made.message() << "\n";
    return 1;
  }
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const UnixSeconds lead = static_cast<UnixSeconds>(args.lead_minutes) * 60;
  for (;;) {
    const Shift shift = schedule->NextAtOrAfter(now + lead, zone ? &*zone : nullptr);
    if (!args.once) {
      if (!global.quiet) {
        std::printf("next: the shift at %s (%lld h), forecast at %s\n",
                    FormatUtc(shift.start).c_str(), static_cast<long long>(shift.length_s / 3600),
                    FormatUtc(shift.start - lead).c_str());
        std::fflush(stdout);
      }
      if (!SleepUntil(shift.start - lead, stop_signals)) return 0;
    }
    const int failed = ForecastShift(global, args, shift);
    if (!global.quiet) {
      std::printf("forecasts for the shift at %s (%lld h) stored; %d failed\n",
                  FormatUtc(shift.start).c_str(), static_cast<long long>(shift.length_s / 3600),
                  failed);
      std::fflush(stdout);
    }
    if (args.once) return failed == 0 ? 0 : 1;
    // The next shift starts at the earliest a second after this one.
    now = std::max(WallClockNow(), shift.start - lead + 1);
  }
}

}  // namespace

void RegisterForecastSchedule(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<ScheduleArgs>();
  CLI::App* cmd = app.add_subcommand(
      "forecast-schedule", "Forecast each coming shift before it starts, on the shift schedule");
  cmd->add_option("--shifts", args->shifts, "Shift start times, local HH:MM, comma-separated")
      ->capture_default_str();
  cmd->add_option("--lead", args->lead_minutes, "Minutes before a shift starts to forecast it")
      ->check(CLI::Range(0, 720))
      ->capture_default_str();
  cmd->add_option("--models", args->models, "Comma-separated risk models")->capture_default_str();
  cmd->add_option("--categories", args->categories,
                  "Comma-separated categories and/or 'major' (the major crimes together)")
      ->capture_default_str();
  cmd->add_option("--cell-size", args->cell_size_m, "Grid cell edge, metres")
      ->check(CLI::Range(50.0, 250.0))
      ->capture_default_str();
  cmd->add_option("--train-days", args->train_days, "Days of history each fit sees")
      ->check(CLI::Range(1, 36500))
      ->capture_default_str();
  cmd->add_option("--out-dir", args->out_dir, "Directory of the forecast files")
      ->capture_default_str();
  cmd->add_flag("--once", args->once, "Forecast the next shift now and exit");
  cmd->add_option("--now", args->now, "With --once: the time now, ISO UTC (replays, tests)");
  cmd->callback([&global, &exit_code, args]() { exit_code = RunSchedule(global, *args); });
}

}  // namespace vigil::app
