// The summary run in-process on a small workspace: the bundled boundaries, three air stations (one in Beijing,
// outside every unit) and four hourly values written as CSV and imported; typed fields against hand counts.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/runs/summary/summary.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "io/station_list.hpp"
#include "store/station_store.hpp"
#include "support/test_paths.hpp"

namespace eb::app::runs {
namespace {

class SummaryRuns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_path_ = new test::TempPath("summary.gpkg");
    const std::string dir = std::filesystem::path(ws_path_->str()).parent_path().string();
    store::Workspace ws(ws_path_->str(), store::Workspace::Open::create_if_missing);
    test::import_demo_units(ws);
    const auto list = io::read_station_list(
        "code,name,city,lon,lat\n"
        "1090A,呼市一监,呼和浩特,111.6507,40.7517\n"
        "1091A,小召,呼和浩特,111.6572,40.8033\n"
        "1003A,东四,北京市,116.434,39.9522\n",
        "stations.csv");
    store::import_stations(ws, list, "air");
    // Hours 00, 01 and 03 at 1090A, hour 01 at 1091A, nothing at 1003A.
    test::import_observation_file(ws,
                                  test::write_text(dir, "obs.csv",
                                                   "station,time,parameter,value\n"
                                                   "1090A,2019-01-01 00:00,PM2.5,35\n"
                                                   "1090A,2019-01-01 01:00,PM2.5,36\n"
                                                   "1090A,2019-01-01 03:00,PM2.5,30\n"
                                                   "1091A,2019-01-01 01:00,PM2.5,40\n"),
                                  io::ObservationLayout::long_table);
  }
  static void TearDownTestSuite() { delete ws_path_; }
  static std::string ws() { return ws_path_->str(); }
  static const SummaryCapture& capture_of(const SummaryResult& r, const std::string& station) {
    for (const auto& c : r.capture)
      if (c.station == station) return c;
    throw std::runtime_error("no capture row for " + station);
  }
  static test::TempPath* ws_path_;
};
test::TempPath* SummaryRuns::ws_path_ = nullptr;

const EpochSeconds kJan1 = beijing_to_epoch({{2019, 1, 1}, 0, 0, 0});

TEST_F(SummaryRuns, UnitsStationsAndUnlocated) {
  const auto r = run_summary(summary_request(ws(), "", "all", ""));
  ASSERT_EQ(r.units.size(), 3u);
  EXPECT_EQ(r.units[0].level, 1);
  EXPECT_EQ(r.units[0].units, 1);  // 150000, derived from its leagues
  EXPECT_EQ(r.units[1].units, 12);
  EXPECT_EQ(r.units[2].units, 103);
  const auto hohhot = std::find_if(r.stations.begin(), r.stations.end(), [](auto& u) { return u.code == "150100"; });
  ASSERT_NE(hohhot, r.stations.end());
  EXPECT_EQ(hohhot->stations, 2);
  EXPECT_EQ(hohhot->stations_with_data, 2);
  ASSERT_EQ(r.unlocated.size(), 1u);
  EXPECT_EQ(r.unlocated[0].code, "1003A");
  EXPECT_TRUE(r.unlocated[0].location_note);
}

TEST_F(SummaryRuns, CaptureAgainstTheDataSpan) {
  const auto r = run_summary(summary_request(ws(), "", "capture", "1h"));
  EXPECT_TRUE(r.units.empty());
  EXPECT_TRUE(r.stations.empty());
  ASSERT_EQ(r.capture.size(), 3u);  // every air station gets the quantity its kind reports
  // The calendar: the whole first to last day of the data, 24 hours.
  const auto& a = capture_of(r, "1090A");
  EXPECT_EQ(a.parameter, "PM2.5");
  EXPECT_EQ(a.from, kJan1);
  EXPECT_EQ(a.to, kJan1 + 23 * 3600);
  EXPECT_EQ(a.capture.expected, 24);
  EXPECT_EQ(a.capture.present, 3);
  EXPECT_EQ(a.capture.longest_gap, 20);  // 04:00 to 23:00
  EXPECT_EQ(a.capture.gap_start, kJan1 + 4 * 3600);
  const auto& b = capture_of(r, "1091A");
  EXPECT_EQ(b.capture.present, 1);
  EXPECT_EQ(b.capture.longest_gap, 22);  // 02:00 to 23:00
  const auto& c = capture_of(r, "1003A");
  EXPECT_EQ(c.capture.present, 0);
  EXPECT_EQ(c.capture.longest_gap, 24);
  EXPECT_EQ(c.admin_code, "");

  // For people: one pivot table of the air stations' hourly values, a column per parameter.
  const Document table = summary_document(r, Lang::en, Format::table);
  ASSERT_EQ(table.parts.size(), 1u);
  EXPECT_EQ(table.parts[0].first, "capture0");
  const Table& pivot = table.parts[0].second;
  EXPECT_EQ(pivot.columns[3].key, "PM2.5");
  ASSERT_EQ(pivot.rows.size(), 3u);
  for (const auto& row : pivot.rows) {
    const std::string station = std::get<std::string>(row[0].value);
    const double expected = station == "1090A" ? 3 : station == "1091A" ? 1 : 0;
    EXPECT_NEAR(std::get<double>(row[3].value), 100.0 * expected / 24, 1e-12) << station;
  }
  // As CSV: the long table alone, unkeyed.
  const Document csv = summary_document(r, Lang::en, Format::csv);
  EXPECT_FALSE(csv.keyed);
  ASSERT_EQ(csv.parts.size(), 1u);
  EXPECT_EQ(csv.parts[0].first, "capture");
  EXPECT_EQ(csv.parts[0].second.rows.size(), 3u);
}

TEST_F(SummaryRuns, CaptureAgainstAPeriodAndAveragingFilter) {
  const auto r = run_summary(summary_request(ws(), "2019-01", "capture", ""));
  const auto& a = capture_of(r, "1090A");
  EXPECT_EQ(a.capture.expected, 31 * 24);
  EXPECT_EQ(a.capture.longest_gap, 31 * 24 - 4);
  EXPECT_TRUE(run_summary(summary_request(ws(), "", "capture", "day")).capture.empty());
}

TEST_F(SummaryRuns, DocumentParts) {
  auto r = run_summary(summary_request(ws(), "", "all", ""));
  Document doc = summary_document(r, Lang::zh, Format::json);
  EXPECT_TRUE(doc.keyed);
  std::vector<std::string> keys;
  for (const auto& [k, t] : doc.parts) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"units", "stations", "unlocated", "capture"}));
  EXPECT_EQ(std::get<std::string>(doc.find("units")->rows[1][1].value), "盟市");
  // Part all leaves out an empty unlocated table; asked for alone it is there, empty.
  r.unlocated.clear();
  EXPECT_EQ(summary_document(r, Lang::zh, Format::json).find("unlocated"), nullptr);
  r.part = SummaryPart::unlocated;
  ASSERT_NE(summary_document(r, Lang::zh, Format::json).find("unlocated"), nullptr);
}

TEST(SummaryRequest, OptionsAreChecked) {
  EXPECT_THROW(summary_request("ws.gpkg", "2019-13", "all", ""), UsageError);
  EXPECT_THROW(summary_request("ws.gpkg", "", "all", "1h,fortnight"), UsageError);
  EXPECT_THROW(summary_request("ws.gpkg", "", "everything", ""), UsageError);
  const auto req = summary_request("ws.gpkg", "2019Q1", "stations", "1h,,day");
  EXPECT_EQ(req.averagings, (std::set<std::string>{"1h", "day"}));
  EXPECT_EQ(req.part, SummaryPart::stations);
  EXPECT_EQ(req.period->first.month, 1);
  EXPECT_EQ(req.period->last.month, 3);
}

}  // namespace
}  // namespace eb::app::runs
