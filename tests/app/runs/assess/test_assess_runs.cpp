// The assessment runs in-process on a workspace of the real leagues with a small registry and a few values, scored
// and ranked here by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <memory>

#include "app/runs/assess/derive.hpp"
#include "app/runs/assess/import.hpp"
#include "app/runs/assess/progress.hpp"
#include "app/runs/assess/score.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"
#include "io/gdal_raster.hpp"
#include "io/raster_writer.hpp"
#include "store/admin_store.hpp"
#include "support/test_paths.hpp"

namespace eb::app::runs {
namespace {

namespace as = engine::assessment;

// pm25: lower is better, 0 points at 75, 100 at the target; good: higher is better, 0 at 60; water: 0 at 40.
constexpr const char* kRegistry =
    "id,name_zh,name_en,unit,direction,category,weight,worst,targets,baseline_year,goal_year,goal,source\n"
    "pm25,PM2.5年均浓度,PM2.5 mean,µg/m³,lower,blue_sky,3,75,2022:40|2023:35,2020,2025,30,test\n"
    "good,优良天数比例,good days,%,higher,blue_sky,1,60,2023:80,,2025,90,test\n"
    "water,I-III类断面比例,water good,%,higher,clear_water,1,40,2023:60,,,,test\n";

// Hohhot and Baotou have every indicator of 2023, Wuhai lacks `good` (1/5 of the weight), Chifeng has only pm25
// (2/5 missing); the other leagues have nothing. `extra` is not in the registry.
constexpr const char* kValues =
    "indicator,unit_code,year,value\n"
    "pm25,150100,2023,45\n"
    "good,150100,2023,70\n"
    "water,150100,2023,60\n"
    "pm25,150200,2020,50\n"
    "pm25,150200,2021,50\n"
    "pm25,150200,2022,38\n"
    "pm25,150200,2023,35\n"
    "good,150200,2023,90\n"
    "water,150200,2023,40\n"
    "pm25,150300,2023,55\n"
    "water,150300,2023,50\n"
    "pm25,150400,2023,35\n"
    "extra,150100,2023,1\n";

std::unique_ptr<test::TempPath> write_file(const std::string& name, const std::string& text) {
  auto path = std::make_unique<test::TempPath>(name);
  std::ofstream(path->str()) << text;
  return path;
}

class AssessRunsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = new test::TempPath("assess_runs.gpkg");
    {
      store::Workspace ws(ws_->str(), store::Workspace::Open::create_if_missing);
      test::import_demo_units(ws, {{"150000", {"内蒙古自治区", "Inner Mongolia"}}, {"150200", {"包头市", "Baotou"}}},
                              /*counties=*/false);
    }
    registry_ = write_file("registry.csv", kRegistry).release();
    const auto values = write_file("values.csv", kValues);
    imported_ = new AssessImportResult(run_assess_import({ws_->str(), values->str()}, RunEnv{}));
  }
  static void TearDownTestSuite() {
    delete imported_;
    delete registry_;
    delete ws_;
  }
  static AssessScoreRequest score_request() {
    AssessScoreRequest req;
    req.ws = ws_->str();
    req.registry = registry_->str();
    req.year = 2023;
    req.draws = 200;
    return req;
  }
  static const AssessUnitScore& unit(const AssessScoreResult& r, const std::string& code) {
    for (const auto& u : r.units)
      if (u.code == code) return u;
    throw std::runtime_error("no unit " + code);
  }
  static test::TempPath* ws_;
  static test::TempPath* registry_;
  static AssessImportResult* imported_;
};
test::TempPath* AssessRunsTest::ws_ = nullptr;
test::TempPath* AssessRunsTest::registry_ = nullptr;
AssessImportResult* AssessRunsTest::imported_ = nullptr;

TEST_F(AssessRunsTest, ImportCountsAndRefusesBadRecords) {
  EXPECT_EQ(imported_->values, 13u);
  EXPECT_EQ(imported_->stored.added, 13);
  const auto again =
      write_file("again.csv", "indicator,unit_code,year,value\npm25,150100,2023,45\npm25,150100,2024,44\n");
  const AssessImportResult r = run_assess_import({ws_->str(), again->str()}, RunEnv{});
  EXPECT_EQ(r.values, 2u);
  EXPECT_EQ(r.stored.updated, 1);  // the same value from another file: its source changes
  EXPECT_EQ(r.stored.added, 1);
  EXPECT_EQ(r.stored.unchanged, 0);
  const auto bad = write_file("bad.csv", "indicator,unit_code,year,value\npm25,999999,2023,1\npm25,150100,2023,NA\n");
  try {
    run_assess_import({ws_->str(), bad->str()}, RunEnv{});
    FAIL() << "a file with bad records was accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("bad.csv:2: unit_code \"999999\""), std::string::npos) << what;
    EXPECT_NE(what.find("bad.csv:3: value \"NA\""), std::string::npos) << what;
  }
}

TEST_F(AssessRunsTest, ScoresAndRanksByHand) {
  const AssessScoreResult r = run_assess_score(score_request(), RunEnv{});
  ASSERT_EQ(r.indicators.size(), 3u);
  EXPECT_DOUBLE_EQ(r.indicators[0].target, 35);
  ASSERT_EQ(r.units.size(), 12u);
  // Baotou: pm25 at its target 100, good above its target 100, water at the bound 0: (3x100 + 100 + 0) / 5.
  const auto& baotou = r.units[0];
  EXPECT_EQ(baotou.code, "150200");
  EXPECT_EQ(baotou.score.rank, 1);
  EXPECT_DOUBLE_EQ(*baotou.score.total, 80);
  EXPECT_DOUBLE_EQ(*baotou.score.indicator[2], 0);
  // Hohhot: pm25 (75-45)/(75-35) = 75, good (70-60)/(80-60) = 50, water 100: (225 + 50 + 100) / 5 = 75.
  const auto& hohhot = r.units[1];
  EXPECT_EQ(hohhot.code, "150100");
  EXPECT_EQ(hohhot.score.rank, 2);
  EXPECT_DOUBLE_EQ(*hohhot.score.total, 75);
  EXPECT_DOUBLE_EQ(*hohhot.score.indicator[0], 75);
  ASSERT_EQ(hohhot.score.category.size(), 2u);
  EXPECT_EQ(hohhot.score.category[0].first, "blue_sky");
  EXPECT_DOUBLE_EQ(*hohhot.score.category[0].second, 68.75);  // (3x75 + 50) / 4
  // Wuhai: `good` missing (1/5 of the weight, not above the 20 % allowed): (3x50 + 50) / 4 = 50.
  const auto& wuhai = r.units[2];
  EXPECT_EQ(wuhai.code, "150300");
  EXPECT_EQ(wuhai.score.rank, 3);
  EXPECT_DOUBLE_EQ(*wuhai.score.total, 50);
  EXPECT_DOUBLE_EQ(wuhai.missing_weight_pct(), 20);
  // Whatever the weights, Wuhai scores 50 on both indicators it has and stays third.
  EXPECT_EQ(wuhai.interval.low, 3);
  EXPECT_EQ(wuhai.interval.high, 3);
  // Chifeng misses 2/5 of the weight: no total, no rank; then the leagues without data, in unit order.
  const auto& chifeng = unit(r, "150400");
  EXPECT_EQ(chifeng.score.rank, 0);
  EXPECT_FALSE(chifeng.score.total);
  EXPECT_DOUBLE_EQ(chifeng.missing_weight_pct(), 40);
  EXPECT_EQ(r.units[3].code, "150400");
  EXPECT_EQ(r.outside_registry, std::vector<std::string>{"extra"});
  EXPECT_EQ(r.own_targets, 0u);
}

TEST_F(AssessRunsTest, UnperturbedWeightsGiveTheBaseRanks) {
  AssessScoreRequest req = score_request();
  req.spread = 0;
  const AssessScoreResult r = run_assess_score(req, RunEnv{});
  for (const auto& u : r.units) {
    EXPECT_EQ(u.interval.low, u.score.rank) << u.code;
    EXPECT_EQ(u.interval.median, u.score.rank) << u.code;
    EXPECT_EQ(u.interval.high, u.score.rank) << u.code;
  }
}

TEST_F(AssessRunsTest, MissingDataRules) {
  AssessScoreRequest req = score_request();
  req.missing = "exclude";
  const AssessScoreResult excluded = run_assess_score(req, RunEnv{});
  EXPECT_EQ(excluded.missing, as::MissingRule::exclude);
  EXPECT_EQ(unit(excluded, "150300").score.rank, 0);
  EXPECT_EQ(unit(excluded, "150100").score.rank, 2);
  req.missing = "zero";
  const AssessScoreResult zero = run_assess_score(req, RunEnv{});
  // Wuhai (3x50 + 0 + 50) / 5 = 40; Chifeng 3x100 / 5 = 60; leagues without data score 0 and share rank 5.
  EXPECT_DOUBLE_EQ(*unit(zero, "150300").score.total, 40);
  EXPECT_DOUBLE_EQ(*unit(zero, "150400").score.total, 60);
  EXPECT_EQ(unit(zero, "150400").score.rank, 3);
  EXPECT_EQ(unit(zero, "150300").score.rank, 4);
  EXPECT_EQ(unit(zero, "152900").score.rank, 5);
  const Document doc = assess_score_document(zero, Lang::en);
  ASSERT_EQ(doc.notes.size(), 2u);
  EXPECT_EQ(doc.notes[0], "indicators not in the registry (not used): extra");
  EXPECT_EQ(doc.notes[1], "missing-data rule: a missing indicator scores 0");
}

TEST_F(AssessRunsTest, AUnitsOwnTargetReplacesTheRegistrys) {
  // Hohhot's own pm25 target of 45 puts its 45 at 100 points: (300 + 50 + 100) / 5 = 90, first.
  const auto targets =
      write_file("targets.csv", "indicator,unit_code,year,target\npm25,150100,2023,45\npm25,150000,2023,30\n");
  AssessScoreRequest req = score_request();
  req.unit_targets = targets->str();
  const AssessScoreResult r = run_assess_score(req, RunEnv{});
  EXPECT_EQ(r.own_targets, 1u);
  EXPECT_EQ(r.other_level, std::vector<std::string>{"150000"});
  const auto& hohhot = r.units[0];
  EXPECT_EQ(hohhot.code, "150100");
  EXPECT_DOUBLE_EQ(*hohhot.own_targets[0], 45);
  EXPECT_DOUBLE_EQ(*hohhot.score.total, 90);
  EXPECT_EQ(hohhot.score.rank, 1);
  const Document doc = assess_score_document(r, Lang::en);
  ASSERT_EQ(doc.notes.size(), 4u);
  EXPECT_EQ(doc.notes[1], "unit targets of units of another level (not used): 150000");
  EXPECT_EQ(doc.notes[3], "1 targets from the unit targets of " + req.unit_targets + " (the others from the registry)");
  EXPECT_EQ(assess_score_notes(r, Lang::en), doc.notes);  // the notes without the table (the bulletin's rule)
  // The table as printed: in rank order, the total and the rank interval of each unit.
  const Table& t = doc.parts.at(0).second;
  EXPECT_EQ(std::get<std::string>(t.rows[0][0].value), "150100");
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][2].value), 90);
}

TEST_F(AssessRunsTest, AYearWithoutTargetsIsRefused) {
  AssessScoreRequest req = score_request();
  req.year = 2022;  // `good` and `water` have no target for 2022
  EXPECT_THROW(run_assess_score(req, RunEnv{}), InputError);
}

TEST_F(AssessRunsTest, ProgressAgainstBaselineTargetAndGoal) {
  AssessProgressRequest req;
  req.ws = ws_->str();
  req.registry = registry_->str();
  req.year = 2023;
  req.indicator = "pm25";
  const AssessProgressResult r = run_assess_progress(req, RunEnv{});
  ASSERT_EQ(r.rows.size(), 4u);  // Hohhot, Baotou, Wuhai, Chifeng have a 2023 value
  const auto& baotou = r.rows[1];
  EXPECT_EQ(baotou.code, "150200");
  EXPECT_DOUBLE_EQ(baotou.value, 35);
  EXPECT_DOUBLE_EQ(*baotou.baseline, 50);
  EXPECT_DOUBLE_EQ(*baotou.change_pct, -30);    // (35 - 50) / 50
  EXPECT_DOUBLE_EQ(*baotou.goal_done_pct, 75);  // (35 - 50) / (30 - 50)
  EXPECT_TRUE(*baotou.met);
  EXPECT_EQ(baotou.years_met, 2);  // 2023 and 2022 (38 <= 40); 2021 has no target
  const auto& hohhot = r.rows[0];
  EXPECT_FALSE(hohhot.baseline);
  EXPECT_FALSE(hohhot.change_pct);
  EXPECT_FALSE(*hohhot.met);
  EXPECT_EQ(hohhot.years_met, 0);
  // Without a baseline year a goal counts from zero: 70 of 90 good days.
  req.indicator = "good";
  const AssessProgressResult good = run_assess_progress(req, RunEnv{});
  ASSERT_EQ(good.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(*good.rows[0].goal_done_pct, 100.0 * 70 / 90);
  const Document doc = assess_progress_document(good, Lang::en);
  EXPECT_EQ(doc.parts.at(0).second.rows.size(), 2u);
  EXPECT_EQ(doc.notes, std::vector<std::string>{"indicators not in the registry (not used): extra"});
}

// A constant raster (0.25) over a 1 degree box around Hohhot: every league it reaches averages 0.25 exactly.
std::string constant_raster() {
  engine::raster::Grid g;
  g.x_min = 111.0;
  g.y_max = 41.3;
  g.cell_width = g.cell_height = 0.01;
  g.rows = g.cols = 100;
  const std::string path = "/vsimem/assess_runs/cover.tif";
  io::RasterWriter writer(path, g, io::crs_wkt_from_epsg(4326), io::RasterType::float32, "test raster");
  writer.write({0, 0, g.rows, g.cols}, std::vector<double>(10000, 0.25), std::vector<std::uint8_t>(10000, 1));
  writer.commit();
  return path;
}

TEST_F(AssessRunsTest, DeriveFromARaster) {
  AssessDeriveRequest req;
  req.ws = ws_->str();
  req.year = 2025;
  req.from = {"raster"};
  req.scale = 100;
  const std::string raster = constant_raster();
  req.rasters = {"cover=" + raster};
  const AssessDeriveResult r = run_assess_derive(req, RunEnv{});
  ASSERT_EQ(r.rasters.size(), 1u);
  EXPECT_EQ(r.rasters[0].indicator, "cover");
  // Every league is either derived or reported without valid cells; the far ones lie outside the raster.
  EXPECT_EQ(r.values.size() + r.not_derived.size(), 12u);
  EXPECT_GE(r.rasters[0].zones_outside, 2u);
  bool hohhot = false;
  for (const auto& v : r.values) {
    EXPECT_EQ(v.indicator, "cover");
    EXPECT_EQ(v.year, 2025);
    EXPECT_NEAR(v.value, 25, 1e-9) << v.unit_code;
    EXPECT_EQ(v.source, "derived: area-weighted mean of " + raster + " over the level-2 units, times 100");
    hohhot |= v.unit_code == "150100";
  }
  EXPECT_TRUE(hohhot);
  bool alxa = false;
  for (const auto& n : r.not_derived) {
    EXPECT_EQ(n.why, AssessNotDerived::Why::no_valid_cells);
    alxa |= n.unit_code == "152900";
  }
  EXPECT_TRUE(alxa);
  EXPECT_EQ(static_cast<std::size_t>(r.stored.added), r.values.size());
  EXPECT_TRUE(r.air_rules.empty());  // air was not asked for
  const Document doc = assess_derive_document(r, Lang::en);
  EXPECT_EQ(doc.notes.size(), 1 + r.not_derived.size());  // the zones outside, then each value not derived
  EXPECT_NE(doc.notes.back().find("no valid cells, not derived"), std::string::npos);

  req.rasters = {"cover" + raster};
  EXPECT_THROW(run_assess_derive(req, RunEnv{}), UsageError);
}

}  // namespace
}  // namespace eb::app::runs
