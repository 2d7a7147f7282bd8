// Ingest of the real public files in ../shared/data; each test skips when its file is absent.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/csv_reader.h"
#include "ingest/csv_ingest.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace vigil::ingest {
namespace {

// Data rows in a CSV file (records after the header), counted independently of the loader.
std::int64_t CountDataRows(const std::string& path) {
  auto reader = CsvReader::Open(path);
  EXPECT_TRUE(reader.ok());
  CsvRecord record;
  std::int64_t rows = -1;
  while (reader->Next(&record)) ++rows;
  return rows;
}

struct Loaded {
  IngestSummary summary;
  std::unique_ptr<Store> store;
};

Loaded LoadFile(const testing::TempDir& dir, const std::string& profile_name,
                const std::string& path) {
  auto store = OpenSqliteStore(dir.File("real.sqlite"));
  EXPECT_TRUE(store.ok());
  auto profile = BuiltinProfile(profile_name);
  EXPECT_TRUE(profile.ok());
  auto summary = IngestCsvFile(**store, *profile, path, IngestOptions{});
  EXPECT_TRUE(summary.ok()) << summary.error().message;
  return {summary.ok() ? *summary : IngestSummary{}, std::move(*store)};
}

TEST(RealDataTest, StLouisMonthEveryRowIsAccountedFor) {
  const std::string path = testing::SharedData("stlouis/crime-monthly/2019_june2019.csv");
  if (path.empty()) GTEST_SKIP() << "../shared/data/stlouis not present";
  testing::TempDir dir;
  Loaded loaded = LoadFile(dir, "slmpd", path);
  const IngestSummary& s = loaded.summary;
  EXPECT_EQ(s.rows, CountDataRows(path));
  // Every row is a record (new, or a repeat of one earlier in the month), a cancellation or a
  // reject.
  EXPECT_EQ(
      s.counts.inserted + s.counts.updated + s.counts.unchanged + s.counts.cancelled + s.rejected,
      s.rows);
  EXPECT_LT(s.rejected, s.rows / 100) << "more than 1% of a clean month rejected";
  EXPECT_GT(s.counts.cancelled, 0);
  // Coordinates land in St. Louis.
  std::int64_t located = 0;
  ASSERT_TRUE(loaded.store
                  ->ForEachIncident({},
                                    [&](const Incident& r) {
                                      if (!r.location) return;
                                      ++located;
                                      EXPECT_GT(r.location->lon, -90.36);
                                      EXPECT_LT(r.location->lon, -90.15);
                                      EXPECT_GT(r.location->lat, 38.50);
                                      EXPECT_LT(r.location->lat, 38.80);
                                    })
                  .ok());
  EXPECT_GT(located, s.counts.inserted * 9 / 10);
}

TEST(RealDataTest, StLouisAllThreeHeaderLayoutsLoad) {
  for (const char* file :
       {"stlouis/crime-monthly/2010_april2010.csv", "stlouis/crime-monthly/2017_may2017.csv",
        "stlouis/crime-monthly/2013_december2013.csv"}) {
    const std::string path = testing::SharedData(file);
    if (path.empty()) GTEST_SKIP() << "../shared/data/stlouis not present";
    testing::TempDir dir;
    Loaded loaded = LoadFile(dir, "slmpd", path);
    EXPECT_EQ(loaded.summary.rows, CountDataRows(path)) << file;
    EXPECT_GT(loaded.summary.counts.inserted, loaded.summary.rows * 9 / 10) << file;
    EXPECT_LT(loaded.summary.rejected, loaded.summary.rows / 100) << file;
  }
}

TEST(RealDataTest, HoustonLoadsWithLonLat) {
  const std::string path = testing::SharedData("houston/houston_crime_2010-01_2010-08_ggmap.csv");
  if (path.empty()) GTEST_SKIP() << "../shared/data/houston not present";
  testing::TempDir dir;
  Loaded loaded = LoadFile(dir, "houston", path);
  EXPECT_EQ(loaded.summary.rows, 86314);
  EXPECT_EQ(loaded.summary.counts.inserted + loaded.summary.rejected, 86314);
  EXPECT_LT(loaded.summary.rejected, 1000);
  EXPECT_EQ(loaded.store->GetSetting("city.crs")->value(), "EPSG:32615");
}

TEST(RealDataTest, MontgomeryCallsLoadAsCallsForService) {
  const std::string path =
      testing::SharedData("calls/montgomery-pa/montco_911_2015-12_2016-08.csv");
  if (path.empty()) GTEST_SKIP() << "../shared/data/calls not present";
  testing::TempDir dir;
  Loaded loaded = LoadFile(dir, "montgomery-911", path);
  EXPECT_EQ(loaded.summary.rows, 99492);
  EXPECT_EQ(*loaded.store->CountCalls(), loaded.summary.counts.inserted);
  EXPECT_GT(loaded.summary.counts.inserted, 99000);
  std::int64_t ems = 0;
  ASSERT_TRUE(
      loaded.store->ForEachCall([&](const Call& c) { ems += c.service == "ems" ? 1 : 0; }).ok());
  EXPECT_GT(ems, 40000);
}

}  // namespace
}  // namespace vigil::ingest
