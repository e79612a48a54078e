// The chief runs in-process on a workspace of the real leagues: a hand-made roster and patrols of 2024, whose
// windows, coverage, issues and overdue flags are counted here by hand.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "app/runs/chief/coverage.hpp"
#include "app/runs/chief/import.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"
#include "store/admin_store.hpp"
#include "store/chief_store.hpp"
#include "support/test_paths.hpp"

namespace eb::app::runs {
namespace {

// A1, A2 (from 1 April) and B1 are league chiefs (at least once a quarter), R1 the region's chief (once a year).
constexpr const char* kChiefs =
    "id,name,kind,level,unit_code,since,until,objects\n"
    "A1,甲河长,river_lake,2,150100,,,DH:大黑河|XL:小黑河\n"
    "A2,乙林长,forest_grassland,2,150100,2024-04-01,,\n"
    "B1,丙河长,river_lake,2,150200,,,HH\n"
    "R1,丁总河长,river_lake,1,150000,,,\n";
// A1: Q1, Q2 and Q4 (not Q3); A2: Q3 only; B1: every quarter; R1: once in July.
constexpr const char* kPatrols =
    "id,chief_id,object_id,date,duration_min,track_km,issues_found,issues_resolved,resolution_days\n"
    "a1,A1,DH,2024-02-10,60,4.5,3,2,6\n"
    "a2,A1,DH,2024-05-05,30,2.5,1,1,2\n"
    "a3,A1,DH,2024-11-20,30,1,0,0,\n"
    "b1,A2,,2024-08-01,90,10,0,0,\n"
    "c1,B1,HH,2024-01-15,,,,,\n"
    "c2,B1,HH,2024-04-15,,,,,\n"
    "c3,B1,HH,2024-07-15,,,,,\n"
    "c4,B1,HH,2024-10-15,,,,,\n"
    "d1,R1,,2024-07-01,,,,,\n";

std::unique_ptr<test::TempPath> write_file(const std::string& name, const std::string& text) {
  auto path = std::make_unique<test::TempPath>(name);
  std::ofstream(path->str()) << text;
  return path;
}

class ChiefRunsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = new test::TempPath("chief_runs.gpkg");
    {
      store::Workspace ws(ws_->str(), store::Workspace::Open::create_if_missing);
      test::import_demo_units(ws,
                              {{"150000", {"内蒙古自治区", "Inner Mongolia"}}, {"150100", {"呼和浩特市", "Hohhot"}}},
                              /*counties=*/false);
    }
    const auto chiefs = write_file("chiefs.csv", kChiefs);
    const auto patrols = write_file("patrols.csv", kPatrols);
    chiefs_ = new ChiefImportResult(run_chief_import({ws_->str(), chiefs->str()}, RunEnv{}));
    patrols_ = new ChiefPatrolImportResult(run_chief_patrol_import({ws_->str(), patrols->str()}, RunEnv{}));
  }
  static void TearDownTestSuite() {
    delete chiefs_;
    delete patrols_;
    delete ws_;
  }
  static ChiefCoverageResult coverage(int level, std::optional<CivilDate> as_of = std::nullopt) {
    ChiefCoverageRequest req;
    req.ws = ws_->str();
    req.period = *parse_period("2024");
    req.as_of = as_of;
    req.level = level;
    return run_chief_coverage(req, RunEnv{});
  }
  static const ChiefCoverageRow& chief(const ChiefCoverageResult& r, const std::string& id) {
    for (const auto& c : r.chiefs)
      if (c.id == id) return c;
    throw std::runtime_error("no chief " + id);
  }
  static test::TempPath* ws_;
  static ChiefImportResult* chiefs_;
  static ChiefPatrolImportResult* patrols_;
};
test::TempPath* ChiefRunsTest::ws_ = nullptr;
ChiefImportResult* ChiefRunsTest::chiefs_ = nullptr;
ChiefPatrolImportResult* ChiefRunsTest::patrols_ = nullptr;

TEST_F(ChiefRunsTest, ImportsCountTheRosterAndPatrols) {
  EXPECT_EQ(chiefs_->chiefs, 4);
  EXPECT_EQ(patrols_->patrols, 9);
  const Document doc = chief_import_document(*chiefs_, Lang::en);
  EXPECT_TRUE(doc.parts.empty());
  ASSERT_EQ(doc.notes.size(), 1u);
  EXPECT_EQ(doc.notes[0], chiefs_->file + ": 4 chiefs");
}

TEST_F(ChiefRunsTest, ABadRosterIsRefusedWhole) {
  const auto bad = write_file("bad.csv",
                              "id,name,kind,level,unit_code\nN1,新河长,river_lake,2,150300\nN2,错,river,2,150300\n"
                              "N3,错,river_lake,6,999999\n");
  try {
    run_chief_import({ws_->str(), bad->str()}, RunEnv{});
    FAIL() << "a roster with bad records was accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("bad.csv:3: kind"), std::string::npos) << what;
    EXPECT_NE(what.find("bad.csv:4: level"), std::string::npos) << what;
    EXPECT_NE(what.find("bad.csv:4: unit_code \"999999\""), std::string::npos) << what;
    EXPECT_EQ(what.find("bad.csv:2"), std::string::npos) << what;
  }
  store::Workspace ws(ws_->str(), store::Workspace::Open::existing);
  EXPECT_EQ(store::load_chiefs(ws).size(), 4u);  // N1 (valid) was not stored either
}

TEST_F(ChiefRunsTest, CoveragePerChief) {
  const ChiefCoverageResult r = coverage(2);
  EXPECT_EQ(format_date(r.as_of), "2025-01-01");  // the day after the period
  ASSERT_EQ(r.chiefs.size(), 4u);
  const auto& a1 = chief(r, "A1");
  EXPECT_EQ(a1.per, "quarter");
  EXPECT_EQ(a1.min_patrols, 1);
  EXPECT_EQ(a1.coverage.windows, 4);
  EXPECT_EQ(a1.coverage.windows_met, 3);  // Q3 missed
  EXPECT_DOUBLE_EQ(*a1.met_pct(), 75.0);
  EXPECT_EQ(a1.coverage.patrols, 3);
  EXPECT_DOUBLE_EQ(a1.coverage.track_km, 8.0);
  EXPECT_DOUBLE_EQ(*a1.resolved_pct(), 75.0);                // 3 of 4 issues
  EXPECT_DOUBLE_EQ(*a1.mean_resolution_days(), 14.0 / 3.0);  // (2 x 6 + 1 x 2) / 3
  EXPECT_FALSE(a1.coverage.overdue);                         // Q4 was patrolled
  EXPECT_EQ(a1.unpatrolled_names, std::vector<std::string>{"小黑河"});
  const auto& a2 = chief(r, "A2");
  EXPECT_EQ(a2.coverage.windows, 3);  // appointed 1 April: Q2-Q4
  EXPECT_EQ(a2.coverage.windows_met, 1);
  EXPECT_TRUE(a2.coverage.overdue);  // nothing in Q4
  EXPECT_FALSE(a2.resolved_pct());   // no issues found
  const auto& b1 = chief(r, "B1");
  EXPECT_EQ(b1.coverage.windows_met, 4);
  EXPECT_TRUE(b1.unpatrolled_names.empty());
  const auto& r1 = chief(r, "R1");
  EXPECT_EQ(r1.per, "year");
  EXPECT_EQ(r1.coverage.windows, 1);
  EXPECT_EQ(r1.coverage.windows_met, 1);
}

TEST_F(ChiefRunsTest, OverdueAsOfADate) {
  // As of 1 October the last whole windows are Q3 2024 (league chiefs) and the year 2023 (the region's chief).
  const ChiefCoverageResult r = coverage(2, CivilDate{2024, 10, 1});
  EXPECT_TRUE(chief(r, "A1").coverage.overdue);
  EXPECT_FALSE(chief(r, "A2").coverage.overdue);
  EXPECT_FALSE(chief(r, "B1").coverage.overdue);
  EXPECT_TRUE(chief(r, "R1").coverage.overdue);
}

TEST_F(ChiefRunsTest, RollupByLeagueAndChiefLevel) {
  const ChiefCoverageResult r = coverage(2);
  ASSERT_EQ(r.rollup.size(), 3u);
  // The region's chief stays with the region (coarser than the roll-up level).
  const auto& region = r.rollup[0];
  EXPECT_EQ(region.unit_code, "150000");
  EXPECT_EQ(region.unit_name_zh, "内蒙古自治区");
  EXPECT_EQ(region.chief_level, 1);
  EXPECT_EQ(region.chiefs, 1);
  EXPECT_DOUBLE_EQ(*region.coverage_pct(), 100.0);
  const auto& hohhot = r.rollup[1];
  EXPECT_EQ(hohhot.unit_code, "150100");
  EXPECT_EQ(hohhot.chief_level, 2);
  EXPECT_EQ(hohhot.chiefs, 2);
  EXPECT_EQ(hohhot.all_windows_met, 0);
  EXPECT_EQ(hohhot.overdue, 1);
  EXPECT_EQ(hohhot.windows, 7);
  EXPECT_EQ(hohhot.windows_met, 4);
  EXPECT_DOUBLE_EQ(*hohhot.coverage_pct(), 400.0 / 7.0);
  EXPECT_EQ(hohhot.patrols, 4);
  EXPECT_DOUBLE_EQ(hohhot.track_km, 18.0);
  EXPECT_DOUBLE_EQ(*hohhot.resolved_pct(), 75.0);
  EXPECT_EQ(hohhot.unpatrolled_objects, 1);
  const auto& baotou = r.rollup[2];
  EXPECT_EQ(baotou.unit_code, "150200");
  EXPECT_EQ(baotou.all_windows_met, 1);
  EXPECT_EQ(baotou.overdue, 0);
  EXPECT_FALSE(baotou.resolved_pct());

  // Rolled up to the region: the three league chiefs together.
  const ChiefCoverageResult top = coverage(1);
  ASSERT_EQ(top.rollup.size(), 2u);
  EXPECT_EQ(top.rollup[1].unit_code, "150000");
  EXPECT_EQ(top.rollup[1].chief_level, 2);
  EXPECT_EQ(top.rollup[1].chiefs, 3);
  EXPECT_DOUBLE_EQ(*top.rollup[1].coverage_pct(), 800.0 / 11.0);
}

TEST_F(ChiefRunsTest, DocumentHasTheRollupAndOptionallyEachChief) {
  const ChiefCoverageResult r = coverage(2);
  const Document rollup_only = chief_coverage_document(r, Lang::en, false);
  EXPECT_TRUE(rollup_only.keyed);
  ASSERT_EQ(rollup_only.parts.size(), 1u);
  const Table* t = rollup_only.find("rollup");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(std::get<std::string>(t->rows[1][1].value), "Hohhot");
  EXPECT_DOUBLE_EQ(std::get<double>(t->rows[1][6].value), 400.0 / 7.0);
  const Document both = chief_coverage_document(r, Lang::zh, true);
  ASSERT_EQ(both.parts.size(), 2u);
  const Table* chiefs = both.find("chiefs");
  ASSERT_NE(chiefs, nullptr);
  EXPECT_EQ(std::get<std::string>(chiefs->rows[0][5].value), "每季度不少于1");
  EXPECT_EQ(std::get<std::string>(chiefs->rows[0][16].value), "小黑河");
  EXPECT_EQ(std::get<std::string>(chiefs->rows[1][15].value), "是");  // A2 overdue
}

}  // namespace
}  // namespace eb::app::runs
