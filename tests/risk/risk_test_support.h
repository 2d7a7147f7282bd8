// Test support for the risk models: a temporary store filled with synthetic incidents.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "model/records.h"
#include "risk/hawkes_simulator.h"  // tests/risk
#include "store/snapshot.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace vigil::risk::testing {

// A store in a temporary directory. Add incidents, then Build() a snapshot. Anchor() pins the
// grid: it adds "fraud" incidents (not a major crime, so models ignore them by default) at
// the south-west and north-east corners of a `columns` x `rows` grid of `cell_size` metres
// whose south-west corner is (origin_x, origin_y).
class TestCity {
 public:
  static constexpr double kOriginX = 500000;
  static constexpr double kOriginY = 4000000;

  TestCity() {
    auto store = OpenSqliteStore(dir_.File("city.sqlite"));
    EXPECT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
  }

  void Add(double x, double y, UnixSeconds reported, Category category = Category::kTheft) {
    Incident r;
    r.source = "test";
    r.source_id = std::to_string(next_id_++);
    r.category = category;
    r.reported_at = reported;
    r.occurred_at = reported;
    r.location = Location{0, 0, x, y};
    pending_.push_back(std::move(r));
  }

  // Adds an incident at the centre (plus an offset in metres) of cell (column, row).
  void AddInCell(int column, int row, UnixSeconds reported, Category category = Category::kTheft,
                 double dx = 0, double dy = 0) {
    Add(kOriginX + (column + 0.5) * cell_size_ + dx, kOriginY + (row + 0.5) * cell_size_ + dy,
        reported, category);
  }

  void Anchor(int columns, int rows, double cell_size, UnixSeconds at) {
    cell_size_ = cell_size;
    Add(kOriginX + 1, kOriginY + 1, at, Category::kFraud);
    Add(kOriginX + columns * cell_size - 1, kOriginY + rows * cell_size - 1, at, Category::kFraud);
  }

  Store& store() {
    Flush();
    return *store_;
  }

  CitySnapshot Build() {
    auto snapshot = CitySnapshot::Build(store(), SnapshotOptions{.cell_size_m = cell_size_});
    EXPECT_TRUE(snapshot.ok()) << snapshot.error().message;
    return std::move(*snapshot);
  }

  std::string store_path() const { return dir_.File("city.sqlite"); }
  double cell_size() const { return cell_size_; }

 private:
  void Flush() {
    if (pending_.empty()) return;
    auto load = store_->BeginLoad("test", "synthetic");
    ASSERT_TRUE(load.ok());
    for (std::size_t at = 0; at < pending_.size(); at += 20000) {
      const std::size_t n = std::min<std::size_t>(20000, pending_.size() - at);
      const Status s = store_->WriteIncidentBatch(
          *load, std::span<const Incident>(pending_.data() + at, n), {}, nullptr);
      ASSERT_TRUE(s.ok()) << s.error().message;
    }
    pending_.clear();
  }

  vigil::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<Incident> pending_;
  std::int64_t next_id_ = 0;
  double cell_size_ = 100;
};

}  // namespace vigil::risk::testing
