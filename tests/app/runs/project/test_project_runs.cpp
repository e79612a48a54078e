// The ledger runs in-process (project import, plan, summary, overlaps) on a workspace of the real leagues, banners
// and counties and a few hand-written projects and plans: exact sums in micro-mu, roll-up, completion shares, the
// mine balance and overlap areas checked by hand.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/runs/layer/layer_import.hpp"
#include "app/runs/project/project_import.hpp"
#include "app/runs/project/project_overlaps.hpp"
#include "app/runs/project/project_summary.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"

namespace eb::app::runs {
namespace {

constexpr std::int64_t kMicro = 1'000'000;  // micro-mu per mu

// 150102 (a district of Hohhot) rolls up to Hohhot 150100 at level 2; 10 ha = 150 mu and 9.5 ha = 142.5 mu exactly.
constexpr const char* kProjects =
    "code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit\n"
    "P1,造林一,afforestation,150102,2023,100,mu,80,mu\n"
    "P2,造林二,afforestation,150100,2023,10,ha,9.5,ha\n"
    "P3,矿山一,mine_restoration,150200,2023,30,亩,20.5,亩\n"
    "P4,损毁一,mining_damage,150200,2023,,,12.25,mu\n"
    "P5,旧造林,afforestation,150100,2022,50,mu,50,mu\n";
constexpr const char* kPlans =
    "unit_code,year,type,planned,unit\n"
    "150100,2023,afforestation,300,mu\n";

class ProjectRuns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = new test::UnitWorkspace(/*counties=*/true);
    import_ =
        new ProjectImportResult(run_project_import({ws_->path(), ws_->write("projects.csv", kProjects), ""}, RunEnv{}));
    plans_ =
        new ProjectPlanImportResult(run_project_plan_import({ws_->path(), ws_->write("plans.csv", kPlans)}, RunEnv{}));
  }
  static void TearDownTestSuite() {
    delete plans_;
    delete import_;
    delete ws_;
  }
  static ProjectSummaryResult summary(int year, int since, int level) {
    ProjectSummaryRequest req;
    req.ws = ws_->path();
    req.year = year;
    req.since = since;
    req.level = level;
    return run_project_summary(req, RunEnv{});
  }
  static const ProjectSummaryRow& row(const ProjectSummaryResult& r, const std::string& code, const std::string& type) {
    for (const auto& row : r.rows)
      if (row.code == code && row.type == type) return row;
    throw std::runtime_error("no row " + code + " " + type);
  }
  static test::UnitWorkspace* ws_;
  static ProjectImportResult* import_;
  static ProjectPlanImportResult* plans_;
};
test::UnitWorkspace* ProjectRuns::ws_ = nullptr;
ProjectImportResult* ProjectRuns::import_ = nullptr;
ProjectPlanImportResult* ProjectRuns::plans_ = nullptr;

TEST_F(ProjectRuns, ImportSumsTheFileExactly) {
  EXPECT_EQ(import_->records, 5u);
  EXPECT_EQ(import_->added, 5);
  EXPECT_EQ(import_->updated, 0);
  EXPECT_TRUE(import_->repaired.empty());
  EXPECT_EQ(import_->planned.micro_mu, (100 + 150 + 30 + 50) * kMicro);
  EXPECT_EQ(import_->completed.micro_mu, 80 * kMicro + 142'500'000 + 20'500'000 + 12'250'000 + 50 * kMicro);
  EXPECT_EQ(plans_->plans, 1);
  EXPECT_EQ(plans_->planned.micro_mu, 300 * kMicro);
  const Document doc = project_plan_import_document(*plans_, Lang::en);
  EXPECT_TRUE(doc.parts.empty());
  ASSERT_EQ(doc.notes.size(), 1u);
  EXPECT_NE(doc.notes[0].find(": 1 annual plans"), std::string::npos);
}

TEST_F(ProjectRuns, TheSameFileAgainChangesNothing) {
  const ProjectImportResult again = run_project_import({ws_->path(), ws_->write("again.csv", kProjects), ""}, RunEnv{});
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 5);
}

TEST_F(ProjectRuns, BadRecordsRefuseTheFileWithTheirLines) {
  const std::string bad = ws_->write("bad.csv",
                                     "code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit\n"
                                     "X1,好,afforestation,150100,2023,1,mu,1,mu\n"
                                     "X2,坏,forest,999999,23,1,acre,,\n");
  try {
    run_project_import({ws_->path(), bad, ""}, RunEnv{});
    FAIL() << "bad records were accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("bad.csv:3: type \"forest\""), std::string::npos) << what;
    EXPECT_NE(what.find("bad.csv:3: unit_code \"999999\""), std::string::npos) << what;
    EXPECT_NE(what.find("bad.csv:3: year \"23\""), std::string::npos) << what;
    EXPECT_NE(what.find("bad.csv:3: planned: unit \"acre\" is ambiguous"), std::string::npos) << what;
    EXPECT_EQ(what.find("bad.csv:2:"), std::string::npos) << what;
  }
  const ProjectSummaryResult r = summary(2023, 0, 2);
  for (const auto& row : r.rows) EXPECT_NE(row.code, "X1");  // nothing was imported
}

TEST_F(ProjectRuns, SummaryRollsUpAndMeasuresCompletionAgainstThePlan) {
  const ProjectSummaryResult r = summary(2023, 0, 2);
  EXPECT_EQ(r.first_year, 2023);
  // Hohhot afforestation: P1 (from its district) and P2; against the annual plan of 300 mu.
  const auto& hohhot = row(r, "150100", "afforestation");
  EXPECT_EQ(hohhot.name_en, "Hohhot");
  EXPECT_EQ(hohhot.projects, 2);
  ASSERT_TRUE(hohhot.plan);
  EXPECT_EQ(hohhot.plan->micro_mu, 300 * kMicro);
  EXPECT_EQ(hohhot.planned.micro_mu, 250 * kMicro);
  EXPECT_EQ(hohhot.completed.micro_mu, 222'500'000);
  ASSERT_TRUE(hohhot.completion_pct);
  EXPECT_DOUBLE_EQ(*hohhot.completion_pct, 100.0 * 222.5 / 300);
  // Baotou mine restoration: no plan, so against the project's own 30 mu.
  const auto& mine = row(r, "150200", "mine_restoration");
  EXPECT_FALSE(mine.plan);
  EXPECT_DOUBLE_EQ(*mine.completion_pct, 100.0 * 20.5 / 30);
  // Mining damage has no planned area: no completion.
  EXPECT_FALSE(row(r, "150200", "mining_damage").completion_pct);
  // Two units: the type totals follow, with an empty code.
  const auto totals = r.totals();
  ASSERT_EQ(totals.size(), 3u);
  for (const auto* t : totals) EXPECT_TRUE(t->total());
  EXPECT_EQ(row(r, "", "afforestation").completed.micro_mu, 222'500'000);
  ASSERT_EQ(r.mining.size(), 1u);
  EXPECT_EQ(r.mining[0].year, 2023);
  EXPECT_EQ(r.mining[0].restored.micro_mu, 20'500'000);
  EXPECT_EQ(r.mining[0].damaged.micro_mu, 12'250'000);
  EXPECT_EQ(r.mining[0].net().micro_mu, 8'250'000);

  const Document doc = project_summary_document(r, Lang::en);
  ASSERT_EQ(doc.parts.size(), 2u);  // the ledger, then the mine balance
  const Table& t = doc.parts[0].second;
  EXPECT_EQ(t.title_en, "Restoration ledger (2023, rolled up to level 2; areas summed exactly)");
  EXPECT_EQ(t.rows[0][11].value, Cell("74.2% of the annual plan").value);
  EXPECT_EQ(t.rows[1][11].value, Cell("68.3% of the projects' plans").value);
  EXPECT_EQ(t.rows[2][11].value, Cell("no plan").value);
  EXPECT_EQ(t.rows[3][1].value, Cell("total").value);
  EXPECT_EQ(doc.parts[1].second.rows[0][3].value, Cell(8.25).value);
}

TEST_F(ProjectRuns, SummarySinceAYearAndOfTheRegionAlone) {
  const ProjectSummaryResult r = summary(2023, 2022, 2);
  const auto& hohhot = row(r, "150100", "afforestation");
  EXPECT_EQ(hohhot.projects, 3);
  EXPECT_EQ(hohhot.completed.micro_mu, 272'500'000);
  EXPECT_DOUBLE_EQ(*hohhot.completion_pct, 100.0 * 272.5 / 300);
  EXPECT_EQ(project_summary_document(r, Lang::zh).parts[0].second.title_zh,
            "生态修复项目台账汇总（2022–2023，按2级单位汇总；面积精确累加）");

  // Level 1: one unit, the region, which is its own total.
  const ProjectSummaryResult region = summary(2023, 0, 1);
  ASSERT_EQ(region.rows.size(), 3u);
  for (const auto& row : region.rows) EXPECT_EQ(row.code, "150000");
  EXPECT_EQ(region.totals().size(), 3u);
  EXPECT_THROW(summary(2023, 2024, 2), UsageError);
  EXPECT_THROW(summary(0, 0, 2), UsageError);
}

// Outlines: P-A [111.60, 111.70] and P-B [111.65, 111.75] x [40.7, 40.8] overlap on [111.65, 111.70]; the red line
// [111.69, 111.80] overlaps P-A on [111.69, 111.70] and P-B on [111.69, 111.75].
TEST(ProjectOverlaps, OverlapsWithTheRedLineAndEachOtherOnce) {
  test::UnitWorkspace ws;
  const std::string red = ws.write(
      "red.geojson", fmt::format(R"({{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},)"
                                 R"("geometry":{}}}]}})",
                                 test::box_geometry(111.69, 40.7, 111.80, 40.8)));
  LayerImportRequest layer;
  layer.ws = ws.path();
  layer.file = red;
  layer.kind = "red_line";
  run_layer_import(layer, RunEnv{});
  auto project = [](const char* code, double lon0, double lon1) {
    return fmt::format(
        R"({{"type":"Feature","properties":{{"code":"{}","name":"{}","type":"afforestation","unit_code":"150100",)"
        R"("year":"2023","completed":"1","completed_unit":"mu"}},"geometry":{}}})",
        code, code, test::box_geometry(lon0, 40.7, lon1, 40.8));
  };
  const std::string projects =
      ws.write("outlines.geojson", fmt::format(R"({{"type":"FeatureCollection","features":[{},{}]}})",
                                               project("P-A", 111.60, 111.70), project("P-B", 111.65, 111.75)));
  run_project_import({ws.path(), projects, ""}, RunEnv{});

  const ProjectOverlapsResult r = run_project_overlaps({ws.path()}, RunEnv{});
  EXPECT_EQ(r.outlines, 2u);
  ASSERT_EQ(r.overlaps.size(), 3u);  // P-A with the red line and with P-B; P-B with the red line
  EXPECT_EQ(r.overlaps[0].project, "P-A");
  EXPECT_EQ(r.overlaps[0].with, ProjectOverlapWith::red_line);
  EXPECT_NEAR(r.overlaps[0].area_m2 / test::box_area_m2(111.69, 40.7, 111.70, 40.8), 1.0, 1e-9);
  EXPECT_EQ(r.overlaps[1].with, ProjectOverlapWith::project);
  EXPECT_EQ(r.overlaps[1].other, "P-B");
  EXPECT_NEAR(r.overlaps[1].area_m2 / test::box_area_m2(111.65, 40.7, 111.70, 40.8), 1.0, 1e-9);
  EXPECT_EQ(r.overlaps[2].project, "P-B");
  EXPECT_NEAR(r.overlaps[2].area_m2 / test::box_area_m2(111.69, 40.7, 111.75, 40.8), 1.0, 1e-9);
  const Document doc = project_overlaps_document(r, Lang::en);
  EXPECT_EQ(doc.parts[0].second.rows.size(), 3u);
  EXPECT_EQ(doc.notes, std::vector<std::string>{"2 projects have outlines"});
}

}  // namespace
}  // namespace eb::app::runs
