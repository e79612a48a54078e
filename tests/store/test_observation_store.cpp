#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/error.hpp"
#include "io/observation_layouts.hpp"
#include "io/station_list.hpp"
#include "store/observation_store.hpp"
#include "store/station_store.hpp"
#include "support/test_paths.hpp"

namespace eb::store {

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ObservationStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Workspace ws(path_.str(), Workspace::Open::create_if_missing);
    import_stations(ws, io::read_station_list("code,name,city,lon,lat\n1090A,a,c,111,40\n1091A,b,c,111,40\n", "s.csv"),
                    "air");
  }
  ImportResult import(const std::string& text, bool quarantine = false,
                      io::ObservationLayout layout = io::ObservationLayout::cnemc_wide) {
    batches_.push_back(std::make_unique<io::ObservationBatch>(io::read_observations(text, "obs.csv", layout)));
    std::vector<ImportFile> files{{batches_.back().get(), "sha", "test", StationKeys::code, nullptr}};
    Workspace ws(path_.str(), Workspace::Open::existing);
    ImportOptions o;
    o.quarantine = quarantine;
    return import_observations(ws, files, o);
  }
  std::int64_t count() {
    Workspace ws(path_.str(), Workspace::Open::existing);
    return *ws.db().query_int("SELECT count(*) FROM observation");
  }
  test::TempPath path_{"obs.gpkg"};
  std::vector<std::unique_ptr<io::ObservationBatch>> batches_;
};

const char* kGood = "date,hour,type,1090A,1091A\n20190101,0,PM2.5,14,8\n20190101,1,PM2.5,15,\n";

}  // namespace

TEST_F(ObservationStoreTest, ImportsAndReimportChangesNothing) {
  const auto r = import(kGood);
  EXPECT_TRUE(r.committed);
  EXPECT_EQ(r.added, 3u);
  EXPECT_EQ(count(), 3);
  const std::string before = file_bytes(path_.str());
  const auto again = import(kGood);
  EXPECT_FALSE(again.committed);
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.unchanged, 3u);
  EXPECT_EQ(file_bytes(path_.str()), before);
  Workspace ws(path_.str(), Workspace::Open::existing);
  EXPECT_EQ(
      ws.db().query_text("SELECT time || ' ' || unit || ' ' || averaging FROM observation_v ORDER BY time LIMIT 1"),
      "2019-01-01T00:00:00+08:00 µg/m³ 1h");
}

TEST_F(ObservationStoreTest, UnknownStationAbortsEverything) {
  const std::string before = file_bytes(path_.str());
  try {
    import("date,hour,type,1090A,9999A\n20190101,0,PM2.5,14,8\n");
    FAIL();
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("obs.csv:2:5: unknown station \"9999A\""), std::string::npos) << m;
    EXPECT_NE(m.find("nothing was imported"), std::string::npos) << m;
  }
  EXPECT_EQ(file_bytes(path_.str()), before);
}

TEST_F(ObservationStoreTest, ConflictWithStoredValueAbortsEverything) {
  import(kGood);
  const std::string before = file_bytes(path_.str());
  try {
    import("date,hour,type,1090A,1091A\n20190101,2,PM2.5,1,1\n20190101,1,PM2.5,99,\n");
    FAIL();
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("obs.csv:3:4: conflicting duplicate: the workspace already holds 15"), std::string::npos) << m;
  }
  EXPECT_EQ(file_bytes(path_.str()), before);
  EXPECT_EQ(count(), 3);
}

TEST_F(ObservationStoreTest, QuarantineImportsTheGoodRecords) {
  const auto r = import("date,hour,type,1090A,1091A\n20190101,0,PM2.5,14,x\n20190230,0,PM2.5,1,1\n", true);
  EXPECT_TRUE(r.committed);
  EXPECT_EQ(r.added, 1u);
  ASSERT_EQ(r.rejected_total(), 2u);
  EXPECT_EQ(count(), 1);
}

TEST_F(ObservationStoreTest, AllFilesOfOneImportLandTogetherOrNotAtAll) {
  auto good = io::read_observations(kGood, "good.csv", io::ObservationLayout::cnemc_wide);
  auto bad =
      io::read_observations("date,hour,type,1090A\n20190101,5,SO2,-1\n", "bad.csv", io::ObservationLayout::cnemc_wide);
  std::vector<ImportFile> files{{&good, "a", "t", StationKeys::code, nullptr},
                                {&bad, "b", "t", StationKeys::code, nullptr}};
  Workspace ws(path_.str(), Workspace::Open::existing);
  try {
    import_observations(ws, files, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:2:4: negative SO2 -1 is impossible"), std::string::npos) << e.what();
  }
  EXPECT_EQ(*ws.db().query_int("SELECT count(*) FROM observation"), 0);
}

TEST_F(ObservationStoreTest, CityNamesBecomeCityStationsOfTheirLeague) {
  Workspace ws(path_.str(), Workspace::Open::existing);
  // A workspace without units cannot resolve a city name.
  auto b = io::read_observations(
      "city,date,aqi,aqi_range,quality_level,pm25,pm10,so2,co,no2,o3_8h,rank\n"
      "呼和浩特,2013-12-02,119,109~127,轻度污染,101.5,225.2,82.8,4.08,38.2,166,42\n",
      "a.csv", io::ObservationLayout::aqistudy_daily);
  std::vector<ImportFile> files{{&b, "a", "t", StationKeys::city_name, nullptr}};
  try {
    import_observations(ws, files, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown city \"呼和浩特\""), std::string::npos) << e.what();
  }
}

TEST_F(ObservationStoreTest, MappedNamesResolveToStationCodes) {
  Workspace ws(path_.str(), Workspace::Open::existing);
  auto b = io::read_observations("station,time,parameter,value\nHuhhot-1,2019-01-01T00:00,PM10,50\n", "m.csv",
                                 io::ObservationLayout::long_table);
  const std::map<std::string, std::string> map{{"Huhhot-1", "1090A"}};
  std::vector<ImportFile> files{{&b, "a", "t", StationKeys::mapped, &map}};
  const auto r = import_observations(ws, files, {});
  EXPECT_EQ(r.added, 1u);
  EXPECT_EQ(ws.db().query_text("SELECT station FROM observation_v"), "1090A");
}

}  // namespace eb::store
