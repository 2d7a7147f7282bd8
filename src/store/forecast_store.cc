#include "store/forecast_store.h"

#include "store/migrations.h"

namespace vigil {

Result<ForecastStore> ForecastStore::Open(const std::string& path) {
  auto db = sqlite::OpenStoreDatabase(path);
  if (!db.ok()) return db.error();
  return ForecastStore(std::move(*db));
}

Result<std::int64_t> ForecastStore::Save(const ForecastHeader& header,
                                         std::span<const ForecastCell> cells,
                                         std::span<const CellReason> reasons) {
  std::int64_t id = 0;
  const Status written = sqlite::InTransaction(db_, [&]() -> Status {
    auto insert = db_.Prepare(
        "INSERT INTO forecasts (model, category, slot_start, slot_length_s, cell_size_m, "
        "grid_origin_x, "
        "grid_origin_y, grid_columns, grid_rows, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id");
    if (!insert.ok()) return insert.error();
    insert->BindText(1, header.model);
    insert->BindText(2, header.category);
    insert->BindInt(3, header.slot_start);
    insert->BindInt(4, header.slot_length_s);
    insert->BindDouble(5, header.grid.cell_size);
    insert->BindDouble(6, header.grid.origin_x);
    insert->BindDouble(7, header.grid.origin_y);
    insert->BindInt(8, header.grid.columns);
    insert->BindInt(9, header.grid.rows);
    insert->BindInt(10, header.created_at);
    auto row = insert->Step();
    if (!row.ok()) return row.error();
    if (!*row) return MakeError(ErrorCode::kInternal, "inserting a forecast returned no id");
    id = insert->ColumnInt(0);
    VIGIL_RETURN_IF_ERROR(insert->Run());
    auto cell = db_.Prepare(
        "INSERT INTO forecast_cells (forecast_id, cell, expected, grade) VALUES (?, ?, ?, ?)");
    if (!cell.ok()) return cell.error();
    for (const ForecastCell& c : cells) {
      cell->BindInt(1, id);
      cell->BindInt(2, c.cell);
      cell->BindDouble(3, c.expected);
      cell->BindInt(4, c.grade);
      VIGIL_RETURN_IF_ERROR(cell->Run());
      cell->Reset();
    }
    return InsertReasons(id, reasons);
  });
  if (!written.ok()) return written.error();
  return id;
}

Status ForecastStore::InsertReasons(std::int64_t forecast_id, std::span<const CellReason> reasons) {
  if (reasons.empty()) return Status::Ok();
  auto insert = db_.Prepare(
      "INSERT INTO forecast_reasons (forecast_id, cell, rank, feature, contribution, text) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.error();
  for (const CellReason& r : reasons) {
    if (r.rank < 1) {
      return MakeError(ErrorCode::kInvalidArgument, "reason rank " + std::to_string(r.rank) +
                                                        " of cell " + std::to_string(r.cell) +
                                                        " is not >= 1");
    }
    insert->BindInt(1, forecast_id);
    insert->BindInt(2, r.cell);
    insert->BindInt(3, r.rank);
    insert->BindText(4, r.feature);
    insert->BindDouble(5, r.contribution);
    insert->BindText(6, r.text);
    VIGIL_RETURN_IF_ERROR(insert->Run());
    insert->Reset();
  }
  return Status::Ok();
}

Status ForecastStore::SaveReasons(std::int64_t forecast_id, std::span<const CellReason> reasons) {
  return sqlite::InTransaction(db_, [&]() -> Status {
    auto exists = db_.Prepare("SELECT 1 FROM forecasts WHERE id = ?");
    if (!exists.ok()) return exists.error();
    exists->BindInt(1, forecast_id);
    auto row = exists->Step();
    if (!row.ok()) return row.error();
    if (!*row) {
      return MakeError(ErrorCode::kNotFound, "no forecast with id " + std::to_string(forecast_id));
    }
    exists->Reset();
    return InsertReasons(forecast_id, reasons);
  });
}

Result<std::vector<ExplainedCell>> ForecastStore::ExplainedCells(std::int64_t forecast_id,
                                                                 std::optional<std::int64_t> cell) {
  std::string sql =
      "SELECT r.cell, COALESCE(c.expected, 0), COALESCE(c.grade, 1), r.rank, r.feature, "
      "r.contribution, r.text FROM forecast_reasons r LEFT JOIN forecast_cells c "
      "ON c.forecast_id = r.forecast_id AND c.cell = r.cell WHERE r.forecast_id = ?";
  if (cell) sql += " AND r.cell = ?";
  sql += " ORDER BY 3 DESC, 2 DESC, r.cell, r.rank";
  auto query = db_.Prepare(sql);
  if (!query.ok()) return query.error();
  query->BindInt(1, forecast_id);
  if (cell) query->BindInt(2, *cell);
  std::vector<ExplainedCell> out;
  while (true) {
    auto row = query->Step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    const std::int64_t id = query->ColumnInt(0);
    if (out.empty() || out.back().cell != id) {
      out.push_back(ExplainedCell{.cell = id,
                                  .expected = query->ColumnDouble(1),
                                  .grade = static_cast<int>(query->ColumnInt(2)),
                                  .reasons = {}});
    }
    out.back().reasons.push_back(CellReason{.cell = id,
                                            .rank = static_cast<int>(query->ColumnInt(3)),
                                            .feature = query->ColumnText(4),
                                            .contribution = query->ColumnDouble(5),
                                            .text = query->ColumnText(6)});
  }
}

Result<ForecastHeader> ForecastStore::Header(std::int64_t forecast_id) {
  auto query = db_.Prepare(
      "SELECT model, category, slot_start, slot_length_s, cell_size_m, grid_origin_x, "
      "grid_origin_y, "
      "grid_columns, grid_rows, created_at FROM forecasts WHERE id = ?");
  if (!query.ok()) return query.error();
  query->BindInt(1, forecast_id);
  auto row = query->Step();
  if (!row.ok()) return row.error();
  if (!*row)
    return MakeError(ErrorCode::kNotFound, "no forecast with id " + std::to_string(forecast_id));
  ForecastHeader h;
  h.model = query->ColumnText(0);
  h.category = query->ColumnText(1);
  h.slot_start = query->ColumnInt(2);
  h.slot_length_s = query->ColumnInt(3);
  h.grid.cell_size = query->ColumnDouble(4);
  h.grid.origin_x = query->ColumnDouble(5);
  h.grid.origin_y = query->ColumnDouble(6);
  h.grid.columns = static_cast<std::int32_t>(query->ColumnInt(7));
  h.grid.rows = static_cast<std::int32_t>(query->ColumnInt(8));
  h.created_at = query->ColumnInt(9);
  return h;
}

Result<std::vector<ForecastSummary>> ForecastStore::List(const ForecastFilter& filter) {
  if (filter.limit < 1 || filter.limit > 1000) {
    return MakeError(ErrorCode::kInvalidArgument, "forecast limit must be between 1 and 1000");
  }
  std::string sql =
      "SELECT id, model, category, slot_start, slot_length_s, cell_size_m, grid_origin_x, "
      "grid_origin_y, grid_columns, grid_rows, created_at FROM forecasts WHERE 1";
  if (filter.model) sql += " AND model = ?";
  if (filter.category) sql += " AND category = ?";
  if (filter.covering) sql += " AND slot_start <= ? AND ? < slot_start + slot_length_s";
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  auto query = db_.Prepare(sql);
  if (!query.ok()) return query.error();
  int index = 1;
  if (filter.model) query->BindText(index++, *filter.model);
  if (filter.category) query->BindText(index++, *filter.category);
  if (filter.covering) {
    query->BindInt(index++, *filter.covering);
    query->BindInt(index++, *filter.covering);
  }
  query->BindInt(index, filter.limit);
  std::vector<ForecastSummary> out;
  while (true) {
    auto row = query->Step();
    if (!row.ok()) return row.error();
    if (!*row) return out;
    ForecastSummary f;
    f.id = query->ColumnInt(0);
    ForecastHeader& h = f.header;
    h.model = query->ColumnText(1);
    h.category = query->ColumnText(2);
    h.slot_start = query->ColumnInt(3);
    h.slot_length_s = query->ColumnInt(4);
    h.grid.cell_size = query->ColumnDouble(5);
    h.grid.origin_x = query->ColumnDouble(6);
    h.grid.origin_y = query->ColumnDouble(7);
    h.grid.columns = static_cast<std::int32_t>(query->ColumnInt(8));
    h.grid.rows = static_cast<std::int32_t>(query->ColumnInt(9));
    h.created_at = query->ColumnInt(10);
    out.push_back(std::move(f));
  }
}

Result<std::vector<ForecastCell>> ForecastStore::Cells(std::int64_t forecast_id) {
  auto query = db_.Prepare(
      "SELECT cell, expected, grade FROM forecast_cells WHERE forecast_id = ? ORDER BY cell");
  if (!query.ok()) return query.error();
  query->BindInt(1, forecast_id);
  std::vector<ForecastCell> cells;
  while (true) {
    auto row = query->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    cells.push_back(ForecastCell{query->ColumnInt(0), query->ColumnDouble(1),
                                 static_cast<int>(query->ColumnInt(2))});
  }
  return cells;
}

Result<std::int64_t> ForecastStore::LatestId() {
  auto query = db_.Prepare("SELECT max(id) FROM forecasts");
  if (!query.ok()) return query.error();
  auto row = query->Step();
  if (!row.ok()) return row.error();
  if (!*row || query->ColumnIsNull(0))
    return MakeError(ErrorCode::kNotFound, "the store holds no forecast; run vigil predict first");
  return query->ColumnInt(0);
}

}  // namespace vigil
