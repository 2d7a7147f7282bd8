#include "ingest/csv_ingest.h"

#include <gtest/gtest.h>

#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"

namespace vigil::ingest {
namespace {

// A small file in the standard SLMPD layout: two records, one cancellation of an earlier
// record, one Latin-1 byte, one row without location, one row with a broken date and one with
// a malformed coordinate.
const char kSlmpdStandard[] =
    "Complaint,CodedMonth,DateOccur,FlagCrime,FlagUnfounded,FlagAdministrative,Count,FlagCleanup,"
    "Crime,District,Description,ILEADSAddress,ILEADSStreet,Neighborhood,LocationName,"
    "LocationComment,CADAddress,CADStreet,XCoord,YCoord\n"
    "19-000001,2019-01,01/05/2019 14:30,Y, , ,1, ,31111,4,ROBBERY-HIGHWAY/FIREARM,100,MARKET "
    "ST,35, "
    ", ,100,MARKET,907500.0,1018500.0\n"
    "19-000002,2019-01,01/06/2019 02:15,Y, , ,1, ,69702,1,LARCENY CAF\xC9,200,CHESTNUT ST,35, , "
    ",200,CHESTNUT,0,0\n"
    "18-099999,2019-01,12/20/2018 10:00, , , ,-1, ,52200,3,BURGLARY,1,ELM,20, , "
    ",1,ELM,906000,1010000\n"
    "19-000003,2019-01,13/45/2019 10:00,Y, , ,1, ,42014,5,ASSAULT,1,OAK,50, , "
    ",1,OAK,906000,1010000\n"
    "19-000004,2019-01,01/07/2019 10:00,Y, , ,1, ,42014,5,ASSAULT,1,OAK,50, , "
    ",1,OAK,90600a,1010000\n";

// The 2010 layout: no Complaint column, so records are keyed by content.
const char kSlmpd2010[] =
    "MonthReportedtoMSHP,DateOccured,NewCrimeIndicator,UnfoundedCrimeIndicator,"
    "AdministrativeAdjustmentIndicator,Count,Crime,District,Description,ILEADSAddress,ILEADSStreet,"
    "Neighborhood,LocationName,LocationComment,CADAddress,CADStreet,XCoord,YCoord\n"
    "2010-04,01/01/2003 14:15,Y, , ,1,115400,1,STLG BY DECEIT,5115,S BROADWAY,17, , ,5115,BROADWAY,"
    "894672.5,995003.7\n"
    "2010-04,04/02/2010 12:00,Y, , ,1,121000,9,EMBEZZLEMENT, ,SCOTT AVE,37,\"INSURANCE, "
    "INC\",@X,2665,"
    "SCOTT,900456.3,1017035\n";

class CsvIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.File("store.sqlite"));
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    auto profile = BuiltinProfile("slmpd");
    ASSERT_TRUE(profile.ok()) << profile.error().message;
    profile_ = *profile;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Profile profile_;
};

TEST_F(CsvIngestTest, LoadsCancelsAndRejectsWithReasons) {
  const std::string path = dir_.Write("jan2019.csv", kSlmpdStandard);
  auto summary = IngestCsvFile(*store_, profile_, path, IngestOptions{});
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->rows, 5);
  EXPECT_EQ(summary->counts.inserted, 2);
  EXPECT_EQ(summary->counts.cancelled, 1);
  EXPECT_EQ(summary->rejected, 2);
  EXPECT_EQ(summary->unlocated, 1);
  ASSERT_EQ(summary->rejects.size(), 2u);
  EXPECT_EQ(summary->rejects[0].line, 5);
  EXPECT_EQ(summary->rejects[0].field, "occurred");
  EXPECT_NE(summary->rejects[0].reason.find("13/45/2019"), std::string::npos);
  EXPECT_EQ(summary->rejects[1].field, "x");
  EXPECT_NE(summary->rejects[1].reason.find("90600a"), std::string::npos);

  std::vector<Incident> stored;
  ASSERT_TRUE(store_->ForEachIncident({}, [&](const Incident& r) { stored.push_back(r); }).ok());
  ASSERT_EQ(stored.size(), 2u);
  const Incident& robbery = stored[0];
  EXPECT_EQ(robbery.source_id, "19-000001/31111");
  EXPECT_EQ(robbery.category, Category::kRobbery);
  EXPECT_EQ(FormatUtc(robbery.occurred_at), "2019-01-05T20:30:00Z");  // CST = UTC-6
  ASSERT_TRUE(robbery.location.has_value());
  EXPECT_NEAR(robbery.location->lon, -90.19, 0.03);
  EXPECT_NEAR(robbery.location->lat, 38.63, 0.03);
  EXPECT_EQ(robbery.address, "100 MARKET ST");
  EXPECT_EQ(robbery.district, "4");
  EXPECT_EQ(robbery.neighborhood, "35");
  EXPECT_EQ(stored[1].source_description, "LARCENY CAF\xC3\x89");  // Latin-1 read as UTF-8
  EXPECT_FALSE(stored[1].location.has_value());
  EXPECT_EQ(store_->GetSetting("city.crs")->value(), "EPSG:32615");
  EXPECT_EQ(store_->GetSetting("city.timezone")->value(), "America/Chicago");  // the profile's
}

TEST_F(CsvIngestTest, LoadingTheSameFileTwiceChangesNothing) {
  const std::string path = dir_.Write("jan2019.csv", kSlmpdStandard);
  ASSERT_TRUE(IngestCsvFile(*store_, profile_, path, IngestOptions{}).ok());
  auto again = IngestCsvFile(*store_, profile_, path, IngestOptions{});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->counts.inserted, 0);
  EXPECT_EQ(again->counts.updated, 0);
  EXPECT_EQ(again->counts.unchanged, 2);
  EXPECT_EQ(again->counts.cancelled, 0);
  EXPECT_EQ(*store_->CountIncidents({}), 2);
}

TEST_F(CsvIngestTest, OldLayoutWithoutIdsIsKeyedByContentAndStaysIdempotent) {
  const std::string path = dir_.Write("apr2010.csv", kSlmpd2010);
  auto first = IngestCsvFile(*store_, profile_, path, IngestOptions{.batch_rows = 1});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->counts.inserted, 2);
  EXPECT_EQ(first->rejected, 0);
  auto second = IngestCsvFile(*store_, profile_, path, IngestOptions{});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->counts.unchanged, 2);
  std::vector<Incident> stored;
  ASSERT_TRUE(store_->ForEachIncident({}, [&](const Incident& r) { stored.push_back(r); }).ok());
  ASSERT_EQ(stored.size(), 2u);
  // A 2003 offence reported in April 2010: report time is the coded month, not the offence.
  EXPECT_EQ(FormatUtc(stored[0].reported_at).substr(0, 10), "2010-04-01");
  EXPECT_EQ(stored[0].category, Category::kFraud);
}

TEST_F(CsvIngestTest, WrongFileIsRefusedAndChangesNothing) {
  const std::string first_wrong =
      dir_.Write("first.csv", "lat,lng,desc,title,timeStamp\n1,2,x,y,2016-01-01 00:00:00\n");
  ASSERT_FALSE(IngestCsvFile(*store_, profile_, first_wrong, IngestOptions{}).ok());
  EXPECT_FALSE(store_->GetSetting("city.timezone")->has_value()) << "a refused file sets nothing";
  const std::string good = dir_.Write("jan2019.csv", kSlmpdStandard);
  ASSERT_TRUE(IngestCsvFile(*store_, profile_, good, IngestOptions{}).ok());
  const std::string wrong =
      dir_.Write("calls.csv", "lat,lng,desc,title,timeStamp\n1,2,x,y,2016-01-01 00:00:00\n");
  auto refused = IngestCsvFile(*store_, profile_, wrong, IngestOptions{});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("calls.csv"), std::string::npos);
  EXPECT_NE(refused.error().message.find("DateOccur"), std::string::npos);
  EXPECT_EQ(*store_->CountIncidents({}), 2);
  auto loads = store_->ListLoads();
  ASSERT_TRUE(loads.ok());
  EXPECT_EQ(loads->size(), 1u);
}

TEST_F(CsvIngestTest, RowsWithTheWrongShapeAreRejected) {
  std::string text = kSlmpdStandard;
  text += "19-000009,2019-01,01/07/2019 10:00,Y,too,few\n";
  const std::string path = dir_.Write("short.csv", text);
  auto summary = IngestCsvFile(*store_, profile_, path, IngestOptions{});
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->rejected, 3);
  EXPECT_EQ(summary->rejects.back().field, "*");
}

TEST_F(CsvIngestTest, RejectReportIsCsvWithFileLineFieldReason) {
  const std::string path = dir_.Write("jan2019.csv", kSlmpdStandard);
  auto summary = IngestCsvFile(*store_, profile_, path, IngestOptions{});
  ASSERT_TRUE(summary.ok());
  const std::string report = dir_.File("rejects.csv");
  ASSERT_TRUE(WriteRejectReport(summary->rejects, report).ok());
  std::ifstream in(report);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "file,line,field,reason");
  std::string first;
  std::getline(in, first);
  EXPECT_NE(first.find(",5,occurred,"), std::string::npos);
}

TEST_F(CsvIngestTest, GenericMappingFileLoadsANewCityWithoutCode) {
  const std::string mapping = dir_.Write("city.json", R"({
    "name": "newtown",
    "record": "incident",
    "timezone": "Asia/Seoul",
    "fields": {"source_id": ["case_no"], "occurred": ["when"], "code": ["kind"],
               "x": ["lng"], "y": ["lat"], "district": ["gu"]},
    "required": ["source_id", "occurred", "code"],
    "date_formats": {"occurred": ["%Y.%m.%d %H:%M"]},
    "category": {"from": "code", "default": "other",
                 "rules": [{"equals": "강도", "value": "robbery"}, {"equals": "절도", "value": "theft"}]}
  })");
  auto profile = LoadProfileFile(mapping);
  ASSERT_TRUE(profile.ok()) << profile.error().message;
  const std::string data = dir_.Write("seoul.csv",
                                      "case_no,when,kind,lng,lat,gu\n"
                                      "A1,2024.06.01 21:00,강도,126.978,37.566,중구\n"
                                      "A2,2024.06.02 09:30,절도,127.027,37.498,강남구\n");
  auto summary = IngestCsvFile(*store_, *profile, data, IngestOptions{});
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->counts.inserted, 2);
  std::vector<Incident> stored;
  ASSERT_TRUE(store_->ForEachIncident({}, [&](const Incident& r) { stored.push_back(r); }).ok());
  EXPECT_EQ(stored[0].category, Category::kRobbery);
  EXPECT_EQ(FormatUtc(stored[0].occurred_at), "2024-06-01T12:00:00Z");  // KST = UTC+9
  EXPECT_EQ(store_->GetSetting("city.crs")->value(), "EPSG:32652");
}

TEST_F(CsvIngestTest, SeveralFilesLoadThroughOnePipelineInFileOrder) {
  const std::string jan = dir_.Write("jan2019.csv", kSlmpdStandard);
  const std::string wrong =
      dir_.Write("calls.csv", "lat,lng,desc,title,timeStamp\n1,2,x,y,2016-01-01 00:00:00\n");
  const std::string apr = dir_.Write("apr2010.csv", kSlmpd2010);
  const std::vector<std::string> paths = {jan, wrong, apr};
  std::vector<std::string> order;
  std::vector<Result<IngestSummary>> outcomes;
  // Two rows a batch: batches cut through files and hold the ends of two files at once.
  const Status status =
      IngestCsvFiles(*store_, profile_, paths, IngestOptions{.batch_rows = 2},
                     [&](const std::string& path, const Result<IngestSummary>& done) {
                       order.push_back(path);
                       outcomes.push_back(done);
                     });
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(order, paths);
  ASSERT_EQ(outcomes.size(), 3u);
  ASSERT_TRUE(outcomes[0].ok());
  EXPECT_EQ(outcomes[0]->counts.inserted, 2);
  EXPECT_EQ(outcomes[0]->counts.cancelled, 1);
  EXPECT_EQ(outcomes[0]->rejected, 2);
  ASSERT_FALSE(outcomes[1].ok());  // refused, and nothing of it written
  EXPECT_NE(outcomes[1].error().message.find("calls.csv"), std::string::npos);
  ASSERT_TRUE(outcomes[2].ok());
  EXPECT_EQ(outcomes[2]->counts.inserted, 2);
  EXPECT_EQ(*store_->CountIncidents({}), 4);
  auto loads = store_->ListLoads();
  ASSERT_TRUE(loads.ok());
  ASSERT_EQ(loads->size(), 2u);
  EXPECT_EQ((*loads)[0].path, jan);
  EXPECT_EQ((*loads)[0].counts.inserted, 2);
  EXPECT_EQ((*loads)[0].rejected, 2);
  EXPECT_TRUE((*loads)[0].finished_at.has_value());
  EXPECT_EQ((*loads)[1].path, apr);
  EXPECT_EQ((*loads)[1].counts.inserted, 2);
}

TEST_F(CsvIngestTest, DeferringTheIndexesStoresExactlyWhatKeepingThemDoes) {
  const std::string jan = dir_.Write("jan2019.csv", kSlmpdStandard);
  const std::string apr = dir_.Write("apr2010.csv", kSlmpd2010);
  const std::vector<std::string> paths = {jan, apr};
  auto load = [&](Store& store, IndexMode mode) {
    std::vector<std::string> rows;
    const Status status = IngestCsvFiles(store, profile_, paths,
                                         IngestOptions{.batch_rows = 3, .index_mode = mode}, {});
    EXPECT_TRUE(status.ok()) << status.error().message;
    EXPECT_TRUE(store
                    .ForEachIncident({.include_cancelled = true},
                                     [&](const Incident& r) {
                                       rows.push_back(r.source_id + "|" + FormatUtc(r.reported_at) +
                                                      "|" + r.address);
                                     })
                    .ok());
    return rows;
  };
  auto deferred_store = OpenSqliteStore(dir_.File("deferred.sqlite"));
  ASSERT_TRUE(deferred_store.ok());
  const auto kept = load(*store_, IndexMode::kKeep);
  const auto deferred = load(**deferred_store, IndexMode::kDefer);
  EXPECT_EQ(deferred, kept);
  EXPECT_EQ(kept.size(), 4u);
  // The deferred indexes are back.
  auto db = sqlite::Database::Open(dir_.File("deferred.sqlite"));
  ASSERT_TRUE(db.ok());
  auto s = db->Prepare(
      "SELECT (SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = "
      "'incidents' AND sql IS NOT NULL), (SELECT COUNT(*) FROM deferred_indexes)");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(*s->Step());
  EXPECT_EQ(s->ColumnInt(0), 3);
  EXPECT_EQ(s->ColumnInt(1), 0);
}

}  // namespace
}  // namespace vigil::ingest
