// `vigil predict`: fit a crime-risk model on the store's history and forecast the expected
// count, probability and grade of every grid cell for one slot. Writes PREFIX.geojson (cell
// polygons in WGS84) and PREFIX.csv, and stores the forecast (tables forecasts, forecast_cells)
// with, for the learned model, the reasons of its highest cells (forecast_reasons).
#include "predict_command.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <numeric>
#include <optional>
#include <vector>

#include "city_cells.h"
#include "cli_audit.h"
#include "commands.h"
#include "core/csv_writer.h"
#include "core/text.h"
#include "core/time.h"
#include "geo/projection.h"
#include "risk/grades.h"
#include "risk/registry.h"
#include "risk/xgboost_model.h"
#include "risk_model_options.h"
#include "store/forecast_store.h"
#include "store/snapshot.h"
#include "store/sqlite_store.h"

namespace vigil::app {
namespace {

// Reasons stored with a learned-model forecast: those of at most this many explained cells
// (the highest expected counts first) ...
constexpr std::size_t kStoredReasonCells = 200;
// ... and at most this many reasons per cell (rank 1 = the largest contribution).
constexpr std::size_t kStoredReasonsPerCell = 5;

// The first midnight (city time when the store names a zone, else UTC) after `t`.
UnixSeconds NextMidnight(UnixSeconds t, const std::optional<std::string>& zone_name) {
  if (zone_name) {
    if (auto zone = TimeZone::Load(*zone_name); zone.ok()) {
      LocalDateTime local = zone->ToLocal(t);
      local.hour = local.minute = local.second = 0;
      const UnixSeconds day = AsIfUtc(local) + 86400;
      const LocalDateTime next = CivilFromUnix(day);
      return zone->ToUtc(LocalDateTime{next.year, next.month, next.day, 0, 0, 0});
    }
  }
  return (t / 86400 + 1) * 86400;
}

struct CellOut {
  std::int64_t cell;
  double expected;
  double probability;
  int grade;
  std::string reasons;  // plain words, "; "-separated; empty for models without reasons
};

// JSON string literal of `text` (quotes, backslashes and control characters escaped).
std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char code[8];
      std::snprintf(code, sizeof code, "\\u%04x", static_cast<unsigned>(c));
      out += code;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

Status WriteFiles(const std::string& prefix, const geo::Grid& grid, const geo::Projector& to_wgs84,
                  const std::vector<CellOut>& cells, const std::string& header_json) {
  std::ofstream csv(prefix + ".csv");
  std::ofstream geojson(prefix + ".geojson");
  if (!csv || !geojson)
    return MakeError(ErrorCode::kIo, "cannot write '" + prefix + ".csv' / '.geojson'");
  csv << "cell,x,y,lon,lat,expected,probability,grade,reasons\n";
  geojson << "{\"type\":\"FeatureCollection\",\"properties\":" << header_json << ",\"features\":[";
  char buf[512];
  bool first = true;
  for (const CellOut& c : cells) {
    const double cx = grid.CenterX(c.cell);
    const double cy = grid.CenterY(c.cell);
    geo::XY centre;
    if (!to_wgs84.Transform(cx, cy, &centre)) continue;
    std::snprintf(buf, sizeof buf, "%lld,%.2f,%.2f,%.7f,%.7f,%.6g,%.6g,%d,",
                  static_cast<long long>(c.cell), cx, cy, centre.x, centre.y, c.expected,
                  c.probability, c.grade);
    csv << buf << CsvField(c.reasons) << '\n';
    const double h = grid.cell_size / 2;
    const double corners[5][2] = {
        {cx - h, cy - h}, {cx + h, cy - h}, {cx + h, cy + h}, {cx - h, cy + h}, {cx - h, cy - h}};
    std::string ring;
    for (const auto& corner : corners) {
      geo::XY p;
      if (!to_wgs84.Transform(corner[0], corner[1], &p))
        return MakeError(ErrorCode::kInvalidArgument, "cell corner outside the CRS");
      std::snprintf(buf, sizeof buf, "%s[%.7f,%.7f]", ring.empty() ? "" : ",", p.x, p.y);
      ring += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "%s\n{\"type\":\"Feature\",\"properties\":{\"cell\":%lld,\"expected\":%.6g,"
                  "\"probability\":%.6g,"
                  "\"grade\":%d,\"reasons\":",
                  first ? "" : ",", static_cast<long long>(c.cell), c.expected, c.probability,
                  c.grade);
    geojson << buf << JsonString(c.reasons)
            << "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[" << ring << "]]}}";
    first = false;
  }
  geojson << "\n]}\n";
  if (!csv || !geojson) return MakeError(ErrorCode::kIo, "writing '" + prefix + "' files failed");
  return Status::Ok();
}

// Grades of the cells, ranked among the city's cells (`city`: one entry per cell, non-zero
// inside; empty = every cell). Cells outside the city get an expected count of 0 and grade 1.
std::vector<std::uint8_t> GradeCityCells(std::vector<double>& expected,
                                         const std::vector<std::uint8_t>& city) {
  if (city.empty()) return risk::GradeCells(expected);
  std::vector<double> inside;
  for (std::size_t c = 0; c < expected.size(); ++c) {
    if (city[c] != 0) {
      inside.push_back(expected[c]);
    } else {
      expected[c] = 0;
    }
  }
  const std::vector<std::uint8_t> inside_grades = risk::GradeCells(inside);
  std::vector<std::uint8_t> grades(expected.size(), 1);
  std::size_t k = 0;
  for (std::size_t c = 0; c < expected.size(); ++c) {
    if (city[c] != 0) grades[c] = inside_grades[k++];
  }
  return grades;
}

int Fail(const std::string& message, int code = 1) {
  std::cerr << "vigil predict: " << message << "\n";
  return code;
}

}  // namespace

int RunPredict(const GlobalOptions& global, const PredictArgs& args) {
  risk::EventSelection selection;
  if (args.category != "major") {
    const auto category = ParseCategory(args.category);
    if (!category) return Fail("unknown category '" + args.category + "'", 2);
    selection.categories = {*category};
  }
  if (auto probe = risk::MakeRiskModel(args.model, risk::RiskModelOptions{}); !probe.ok())
    return Fail(probe.error().message, 2);
  auto store = OpenSqliteStore(global.store_path);
  if (!store.ok()) return Fail(store.error().message);
  auto crs = (*store)->GetSetting("city.crs");
  if (!crs.ok()) return Fail(crs.error().message);
  if (!*crs) return Fail("the store has no city.crs setting; load data first");
  auto to_wgs84 = geo::Projector::Create(**crs, "EPSG:4326");
  if (!to_wgs84.ok()) return Fail(to_wgs84.error().message);

  auto snapshot = CitySnapshot::Build(**store, SnapshotOptions{.cell_size_m = args.cell_size_m});
  if (!snapshot.ok()) return Fail(snapshot.error().message);
  if (snapshot->incidents().size() == 0) return Fail("the store holds no located incidents");
  auto model_options = RiskModelOptionsFor(global.store_path, snapshot->grid());
  if (!model_options.ok()) return Fail(model_options.error().message);
  auto model = risk::MakeRiskModel(args.model, *model_options);
  if (!model.ok()) return Fail(model.error().message, 2);
  UnixSeconds at = 0;
  if (args.at.empty()) {
    auto zone = (*store)->GetSetting("city.timezone");
    at = NextMidnight(snapshot->incidents().reported_at.back(), zone.ok() ? *zone : std::nullopt);
  } else {
    auto parsed = ParseUtc(args.at);
    if (!parsed.ok()) return Fail(parsed.error().message, 2);
    at = *parsed;
  }
  selection.known_before = at;
  selection.train_from = at - static_cast<UnixSeconds>(args.train_days) * 86400;
  auto horizon = ParseHorizon(args.horizon);
  if (!horizon.ok()) return Fail(horizon.error().message, 2);
  const risk::Slot slot{.start = at, .length_s = *horizon};

  if (Status s = (*model)->Fit(*snapshot, selection); !s.ok())
    return Fail("fit: " + s.error().message);
  std::vector<double> expected(static_cast<std::size_t>(snapshot->grid().cell_count()));
  if (Status s = (*model)->Score(*snapshot, slot, expected); !s.ok())
    return Fail("score: " + s.error().message);
  // The grid clipped to the city boundary, when the store has one: cells outside are not
  // forecast, and grades rank the city's cells only.
  auto city = CityCellsFor(global.store_path, snapshot->grid());
  if (!city.ok()) return Fail(city.error().message);
  const std::vector<std::uint8_t> grades = GradeCityCells(expected, *city);

  std::vector<CellOut> all;
  std::vector<ForecastCell> stored;
  for (std::size_t c = 0; c < expected.size(); ++c) {
    if (expected[c] <= 0) continue;
    all.push_back({static_cast<std::int64_t>(c), expected[c], risk::ProbabilityOfAny(expected[c]),
                   grades[c]});
    stored.push_back({static_cast<std::int64_t>(c), expected[c], grades[c]});
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const CellOut& a, const CellOut& b) { return a.expected > b.expected; });
  std::vector<CellOut> shown;
  for (const CellOut& c : all) {
    if (args.top > 0 ? static_cast<int>(shown.size()) < args.top : c.grade >= args.min_grade)
      shown.push_back(c);
  }

  // The learned model explains its highest cells in plain words.
  std::vector<CellReason> stored_reasons;
  if (const auto* learned = dynamic_cast<const risk::XgboostModel*>(model->get());
      learned != nullptr && args.reasons > 0) {
    std::vector<std::int64_t> cells;
    for (std::size_t i = 0; i < shown.size() && static_cast<int>(i) < args.explain_cells; ++i)
      cells.push_back(shown[i].cell);
    auto reasons = learned->ExplainCells(*snapshot, slot, cells, args.reasons);
    if (!reasons.ok()) return Fail("explain: " + reasons.error().message);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::vector<risk::Reason>& of_cell = (*reasons)[i];
      for (std::size_t rank = 0; rank < of_cell.size(); ++rank) {
        const risk::Reason& r = of_cell[rank];
        shown[i].reasons += (shown[i].reasons.empty() ? "" : "; ") + r.text;
        if (i < kStoredReasonCells && rank < kStoredReasonsPerCell) {
          stored_reasons.push_back(CellReason{.cell = cells[i],
                                              .rank = static_cast<int>(rank) + 1,
                                              .feature = r.feature,
                                              .contribution = r.contribution,
                                              .text = r.text});
        }
      }
    }
  }

  const std::string header = "{\"model\":\"" + args.model + "\",\"category\":\"" + args.category +
                             "\",\"slot_start\":\"" + FormatUtc(slot.start) +
                             "\",\"slot_length_s\":" + std::to_string(slot.length_s) +
                             ",\"cell_size_m\":" + std::to_string(args.cell_size_m) + "}";
  if (Status s = WriteFiles(args.out, snapshot->grid(), *to_wgs84, shown, header); !s.ok())
    return Fail(s.error().message);

  auto forecasts = ForecastStore::Open(global.store_path);
  if (!forecasts.ok()) return Fail(forecasts.error().message);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  auto id = forecasts->Save(ForecastHeader{.model = args.model,
                                           .category = args.category,
                                           .slot_start = slot.start,
                                           .slot_length_s = slot.length_s,
                                           .grid = snapshot->grid(),
                                           .created_at = now},
                            stored, stored_reasons);
  if (!id.ok()) return Fail(id.error().message);
  if (!global.quiet) {
    const double total = std::accumulate(expected.begin(), expected.end(), 0.0);
    std::printf("model %s, category %s, slot %s + %s, grid %dx%d cells of %.0f m\n",
                args.model.c_str(), args.category.c_str(), FormatUtc(slot.start).c_str(),
                args.horizon.c_str(), snapshot->grid().columns, snapshot->grid().rows,
                args.cell_size_m);
    std::printf(
        "expected events in the slot: %.2f; cells with risk: %zu; written: %zu; forecast id %lld; "
        "reasons stored: %zu\n",
        total, all.size(), shown.size(), static_cast<long long>(*id), stored_reasons.size());
    for (std::size_t i = 0; i < shown.size() && i < 5; ++i) {
      std::printf("  cell %lld: expected %.3f, grade %d%s%s\n",
                  static_cast<long long>(shown[i].cell), shown[i].expected, shown[i].grade,
                  shown[i].reasons.empty() ? "" : ": ", shown[i].reasons.c_str());
    }
    std::printf("wrote %s.geojson and %s.csv\n", args.out.c_str(), args.out.c_str());
  }
  return 0;
}

Result<std::int64_t> ParseHorizon(const std::string& text) {
  const auto bad = [&text]() {
    return MakeError(ErrorCode::kInvalidArgument,
                     "horizon '" + text +
                         "': expected N h (1-168), N d (1-31) or N min (60-10080), e.g. 8h, 1d");
  };
  struct Unit {
    std::string_view suffix;
    std::int64_t seconds;
    long long min, max;
  };
  for (const Unit& u :
       {Unit{"min", 60, 60, 10080}, Unit{"h", 3600, 1, 168}, Unit{"d", 86400, 1, 31}}) {
    if (text.size() <= u.suffix.size() || !text.ends_with(u.suffix)) continue;
    long long n = 0;
    if (!ParseInt64(std::string_view(text).substr(0, text.size() - u.suffix.size()), &n))
      return bad();
    if (n < u.min || n > u.max) return bad();
    return static_cast<std::int64_t>(n) * u.seconds;
  }
  return bad();
}

void RegisterPredict(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<PredictArgs>();
  CLI::App* cmd =
      app.add_subcommand("predict", "Forecast crime risk per grid cell for one time slot");
  cmd->add_option("--model", args->model, "Risk model")
      ->check(CLI::IsMember(risk::RiskModelNames()))
      ->capture_default_str();
  cmd->add_option("--category", args->category,
                  "Category machine name, or 'major' for the major crimes")
      ->capture_default_str();
  cmd->add_option("--at", args->at,
                  "Slot start, ISO UTC (default: the midnight after the last report)");
  cmd->add_option("--horizon", args->horizon,
                  "Slot length: N h (1-168), N d (1-31) or N min, e.g. 8h, 1d, 450min")
      ->check([](const std::string& text) {
        auto parsed = ParseHorizon(text);
        return parsed.ok() ? std::string() : parsed.error().message;
      })
      ->capture_default_str();
  cmd->add_option("--cell-size", args->cell_size_m, "Grid cell edge, metres")
      ->check(CLI::Range(50.0, 250.0))
      ->capture_default_str();
  cmd->add_option("--train-days", args->train_days, "Days of history to fit on")
      ->check(CLI::Range(1, 36500))
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Output prefix: PREFIX.geojson and PREFIX.csv")
      ->capture_default_str();
  cmd->add_option("--min-grade", args->min_grade, "Write cells of at least this grade")
      ->check(CLI::Range(1, 10))
      ->capture_default_str();
  cmd->add_option("--reasons", args->reasons,
                  "Learned model: reasons per explained cell (0 = none)")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  cmd->add_option("--explain-cells", args->explain_cells,
                  "Learned model: how many of the highest cells get reasons")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--top", args->top, "Write the N highest cells instead of filtering by grade")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([&global, &exit_code, args]() {
    exit_code =
        RunAuditedChange(global, "cli.predict",
                         "forecast " + args->model + " " + args->category + " at " +
                             (args->at.empty() ? std::string("the last report") : args->at) +
                             " for " + args->horizon,
                         [&] { return RunPredict(global, *args); });
  });
}

}  // namespace vigil::app
