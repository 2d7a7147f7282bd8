#include "patrol/forecast_csv.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "core/csv_reader.h"
#include "core/text.h"

namespace vigil::patrol {
namespace {

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, "forecast CSV: " + std::move(message));
}

struct Row {
  std::int64_t cell;
  double x, y, expected;
};

Result<ForecastGrid> FromReader(CsvReader reader, const ForecastCsvOptions& options) {
  VIGIL_RETURN_IF_ERROR(options.Validate());
  CsvRecord record;
  if (!reader.Next(&record)) return Invalid("the file is empty");
  int col_cell = -1, col_x = -1, col_y = -1, col_expected = -1;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const std::string name(record.fields[i]);
    const int idx = static_cast<int>(i);
    if (name == "cell") col_cell = idx;
    if (name == "x") col_x = idx;
    if (name == "y") col_y = idx;
    if (name == "expected") col_expected = idx;
  }
  if (col_cell < 0 || col_x < 0 || col_y < 0 || col_expected < 0)
    return Invalid("the header lacks one of the columns cell, x, y, expected");
  const int needed = std::max({col_cell, col_x, col_y, col_expected});
  std::vector<Row> rows;
  while (reader.Next(&record)) {
    const std::string where = "line " + std::to_string(record.line);
    if (static_cast<int>(record.fields.size()) <= needed)
      return Invalid(where + ": too few fields");
    Row row{};
    double cell = 0;
    if (!ParseDouble(std::string(record.fields[static_cast<std::size_t>(col_cell)]), &cell) ||
        cell < 0 || cell != std::floor(cell) || cell > 4e15)
      return Invalid(where + ", field cell: not a cell id");
    row.cell = static_cast<std::int64_t>(cell);
    if (!ParseDouble(std::string(record.fields[static_cast<std::size_t>(col_x)]), &row.x) ||
        !std::isfinite(row.x))
      return Invalid(where + ", field x: not a number");
    if (!ParseDouble(std::string(record.fields[static_cast<std::size_t>(col_y)]), &row.y) ||
        !std::isfinite(row.y))
      return Invalid(where + ", field y: not a number");
    if (!ParseDouble(std::string(record.fields[static_cast<std::size_t>(col_expected)]),
                     &row.expected) ||
        !std::isfinite(row.expected) || row.expected < 0)
      return Invalid(where + ", field expected: not a number >= 0");
    rows.push_back(row);
  }
  if (rows.empty()) return Invalid("no cells");

  double size = options.cell_size_m;
  if (size == 0) {
    // Smallest spacing between distinct centres along x or y.
    size = std::numeric_limits<double>::infinity();
    for (const bool along_x : {true, false}) {
      std::vector<double> v;
      v.reserve(rows.size());
      for (const Row& r : rows) v.push_back(along_x ? r.x : r.y);
      std::sort(v.begin(), v.end());
      for (std::size_t i = 1; i < v.size(); ++i) {
        const double d = v[i] - v[i - 1];
        if (d > 0.01) size = std::min(size, d);
      }
    }
    if (!std::isfinite(size))
      return Invalid("one cell only: give the cell size (--cell-size) to place it");
  }
  // Column count: from two cells in different rows, id difference = drow x columns + dcol.
  const Row& first = rows.front();
  std::int64_t columns = 0;
  for (const Row& r : rows) {
    const std::int64_t drow = std::llround((r.y - first.y) / size);
    if (drow == 0) continue;
    const std::int64_t dcol = std::llround((r.x - first.x) / size);
    const std::int64_t diff = r.cell - first.cell - dcol;
    if (diff % drow != 0 || diff / drow <= 0)
      return Invalid("cell ids do not match the centres for a grid of " + std::to_string(size) +
                     " m cells (cell " + std::to_string(r.cell) + ")");
    columns = diff / drow;
    break;
  }
  if (columns == 0) {
    // All cells in one row: the row is as wide as needed.
    std::int64_t max_col = 0;
    for (const Row& r : rows)
      max_col = std::max<std::int64_t>(max_col, std::llround((r.x - first.x) / size));
    columns = first.cell + max_col + 1;
  }
  ForecastGrid out;
  out.grid.cell_size = size;
  out.grid.columns = static_cast<std::int32_t>(columns);
  const std::int64_t col0 = first.cell % columns;
  const std::int64_t row0 = first.cell / columns;
  out.grid.origin_x = first.x - (static_cast<double>(col0) + 0.5) * size;
  out.grid.origin_y = first.y - (static_cast<double>(row0) + 0.5) * size;
  std::int64_t max_cell = 0;
  for (const Row& r : rows) max_cell = std::max(max_cell, r.cell);
  out.grid.rows = static_cast<std::int32_t>(max_cell / columns + 1);
  if (out.grid.cell_count() > 100'000'000) return Invalid("the reconstructed grid is too large");
  out.expected.assign(static_cast<std::size_t>(out.grid.cell_count()), 0.0);
  for (const Row& r : rows) {
    if (std::abs(out.grid.CenterX(r.cell) - r.x) > size * 0.01 ||
        std::abs(out.grid.CenterY(r.cell) - r.y) > size * 0.01)
      return Invalid("cell " + std::to_string(r.cell) + " does not sit at its centre on the grid");
    out.expected[static_cast<std::size_t>(r.cell)] = r.expected;
  }
  return out;
}

}  // namespace

Status ForecastCsvOptions::Validate() const {
  if (!(cell_size_m >= 0) || !std::isfinite(cell_size_m))
    return Invalid("cell_size_m must be a finite number >= 0");
  return Status::Ok();
}

Result<ForecastGrid> ReadForecastCsv(const std::string& path, const ForecastCsvOptions& options) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.error();
  return FromReader(std::move(reader).value(), options);
}

Result<ForecastGrid> ParseForecastCsv(std::string text, const ForecastCsvOptions& options) {
  return FromReader(CsvReader::FromString(std::move(text)), options);
}

}  // namespace vigil::patrol
