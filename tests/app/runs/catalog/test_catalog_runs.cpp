// The catalogue runs in-process: a workspace created, the real boundaries and station list imported, and
// observation imports that are all-or-nothing, quarantined or repeated.
#include <gtest/gtest.h>

#include <fstream>

#include "app/runs/catalog/catalog.hpp"
#include "core/error.hpp"
#include "store/workspace.hpp"
#include "support/test_paths.hpp"

namespace eb::app::runs {
namespace {

std::string write_file(const test::TempPath& dir_of, const std::string& name, const std::string& text) {
  const std::string path = dir_of.str() + "." + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

class CatalogRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto init = run_workspace_init(ws_.str());
    EXPECT_FALSE(init.migrated_from.has_value() && *init.migrated_from > 0);
    UnitImportRequest units;
    units.ws = ws_.str();
    units.files = {test::demo_path("boundaries/150000.json")};
    const auto r = run_unit_import(units, RunEnv{});
    ASSERT_EQ(r.files.size(), 1u);
    EXPECT_EQ(r.files[0].report.added, 12);   // the leagues and cities
    EXPECT_EQ(r.files[0].report.derived, 1);  // the region, dissolved from them
    StationImportRequest stations;
    stations.ws = ws_.str();
    stations.files = {test::demo_path("air/cnemc_station_list_2022-02-13_innermongolia.csv")};
    const auto s = run_station_import(stations, RunEnv{});
    EXPECT_EQ(s.files[0].report.added, 60);
    EXPECT_EQ(s.files[0].layout, "cnemc-2022");
  }
  test::TempPath ws_{"ws.gpkg"};
};

TEST_F(CatalogRuns, ReimportChangesNothingAndQueriesFollowTheHierarchy) {
  UnitImportRequest again;
  again.ws = ws_.str();
  again.files = {test::demo_path("boundaries/150000.json")};
  const auto r = run_unit_import(again, RunEnv{});
  EXPECT_EQ(r.files[0].report.added, 0);
  EXPECT_EQ(r.files[0].report.unchanged, 12);
  UnitQuery q;
  q.ws = ws_.str();
  q.kind = UnitQueryKind::children;
  q.code = "150000";
  EXPECT_EQ(run_unit_query(q).units.size(), 12u);
  q.kind = UnitQueryKind::at;
  q.lon = 0;
  q.lat = 0;
  const auto nowhere = run_unit_query(q);
  EXPECT_TRUE(nowhere.units.empty());
  EXPECT_EQ(units_document(nowhere, Lang::en).notes.size(), 1u);
  q.kind = UnitQueryKind::ancestors;
  q.code = "999999";
  EXPECT_THROW(run_unit_query(q), InputError);
  EXPECT_EQ(run_station_list(ws_.str(), "150100").size(), 10u);  // Hohhot's ten stations
}

TEST_F(CatalogRuns, ObservationImportIsAllOrNothingUnlessQuarantined) {
  const std::string good = "1090A,2019-01-01T08:00+08:00,PM2.5,35,µg/m³,\n";
  const std::string bad = "1090A,2019-01-01T09:00+08:00,PM2.5,-5,µg/m³,\n";
  const auto file = write_file(ws_, "obs.csv", "station,time,parameter,value,unit,flag\n" + good + bad);
  ObsImportRequest req;
  req.ws = ws_.str();
  req.files = {file};
  EXPECT_THROW(run_obs_import(req, RunEnv{}), InputError);
  {
    store::Workspace ws(ws_.str(), store::Workspace::Open::existing);
    EXPECT_EQ(*ws.db().query_int("SELECT count(*) FROM observation"), 0);
  }
  req.quarantine = ws_.str() + ".rejected.csv";
  const auto r = run_obs_import(req, RunEnv{});
  EXPECT_TRUE(r.committed);
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].layout, "long");
  EXPECT_EQ(r.files[0].added, 1u);
  EXPECT_EQ(r.files[0].rejected, 1u);
  EXPECT_EQ(r.rejected_total, 1u);
  const Document doc = obs_import_document(r, Lang::en);
  ASSERT_EQ(doc.notes.size(), 1u);
  EXPECT_NE(doc.notes[0].find("1 record(s) rejected"), std::string::npos);

  const auto again = run_obs_import(req, RunEnv{});
  EXPECT_FALSE(again.committed);
  EXPECT_EQ(again.files[0].unchanged, 1u);
  EXPECT_EQ(obs_import_document(again, Lang::en).notes.back(), "Nothing new: the workspace is unchanged.");
}

TEST_F(CatalogRuns, UnknownLayoutNameAndUnrecognisedHeaderAreRefused) {
  const auto file = write_file(ws_, "odd.csv", "a,b\n1,2\n");
  ObsImportRequest req;
  req.ws = ws_.str();
  req.files = {file};
  try {
    run_obs_import(req, RunEnv{});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(":1:1: cannot recognise the layout"), std::string::npos);
  }
  req.layout = "excel";
  EXPECT_THROW(run_obs_import(req, RunEnv{}), UsageError);
}

}  // namespace
}  // namespace eb::app::runs
