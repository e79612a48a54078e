// Reporting with approval in-process, on a workspace of the real region, leagues and banners: accounts built as
// the server builds them (Principal), records submitted as JSON, checked by the CLI imports' own code, visible and
// decidable only within the accounts' units, written to the workspace only once approved, every step audited.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "app/runs/assess/import.hpp"
#include "app/runs/chief/import.hpp"
#include "app/runs/submission/submission.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/area.hpp"
#include "core/error.hpp"
#include "engine/vector/geodesy.hpp"
#include "store/audit.hpp"
#include "store/chief_store.hpp"
#include "store/indicator_store.hpp"
#include "store/ledger_store.hpp"
#include "support/test_paths.hpp"

namespace eb::app::runs {
namespace {

using nlohmann::json;

// Hohhot (150100) with its banner Xincheng (150102); Baotou (150200) with its banner Donghe (150202).
const Principal kReporter{"rep_xincheng", "reporter", "150102", std::nullopt, "", false, ""};
const Principal kNeighbour{"rep_donghe", "reporter", "150202", std::nullopt, "", false, ""};
const Principal kHohhot{"appr_hohhot", "approver", "150100", std::nullopt, "", false, ""};
const Principal kBaotou{"appr_baotou", "approver", "150200", std::nullopt, "", false, ""};
const Principal kAdmin{"admin_region", "admin", "150000", std::nullopt, "", false, ""};
const Principal kChiefA1{"chief_a1", "chief", "150102", std::string("A1"), "", false, ""};

json value_record(const std::string& unit, double value = 21.5) {
  return {{"indicator", "forest_cover"}, {"unit_code", unit}, {"year", 2024}, {"value", value}};
}

// `record` with some members changed or added.
json with(json record, const json& changes) {
  record.update(changes);
  return record;
}

json chief_record(const std::string& id, const std::string& unit) {
  return {{"id", id}, {"name", "甲河长"}, {"kind", "river_lake"}, {"level", 3}, {"unit_code", unit}};
}

class SubmissionRunsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { units_ = new test::UnitWorkspace(/*counties=*/true); }
  static void TearDownTestSuite() { delete units_; }

  // Each test on its own copy of the units' workspace.
  void SetUp() override {
    std::filesystem::copy_file(units_->path(), path_.str(), std::filesystem::copy_options::overwrite_existing);
    ws_ = std::make_unique<store::Workspace>(path_.str(), store::Workspace::Open::existing);
  }
  void TearDown() override { ws_.reset(); }

  // Chief A1 of Xincheng and B1 of Donghe, through submission and approval.
  void add_chiefs() {
    run_approve(*ws_, kHohhot, run_submit(*ws_, kReporter, "chief", chief_record("A1", "150102")).id);
    run_approve(*ws_, kBaotou, run_submit(*ws_, kNeighbour, "chief", chief_record("B1", "150202")).id);
  }

  std::size_t indicator_values() { return store::load_indicator_values(*ws_, 2024, 2024).size(); }

  // The message of the CSV import of `csv` (a header and one record), which refuses it.
  template <class Import>
  std::string csv_refusal(const std::string& csv, Import import) {
    const std::string file = units_->write("refused.csv", csv);
    try {
      import(ChiefImportRequest{path_.str(), file});
    } catch (const InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "the CSV import accepted " << csv;
    return "";
  }

  static test::UnitWorkspace* units_;
  test::TempPath path_{"submission_runs.gpkg"};
  std::unique_ptr<store::Workspace> ws_;
};
test::UnitWorkspace* SubmissionRunsTest::units_ = nullptr;

TEST_F(SubmissionRunsTest, AReporterSubmitsForItsOwnBannerOnly) {
  const store::Submission s = run_submit(*ws_, kReporter, "indicator_value", value_record("150102"));
  EXPECT_EQ(s.status, "submitted");
  EXPECT_EQ(s.kind, "indicator_value");
  EXPECT_EQ(s.unit_code, "150102");
  EXPECT_EQ(s.record_key, "forest_cover/150102/2024");
  EXPECT_EQ(s.submitted_by, "rep_xincheng");
  EXPECT_EQ(json::parse(s.record_json), value_record("150102"));
  EXPECT_EQ(indicator_values(), 0u);  // not counted before approval
  EXPECT_THROW(run_submit(*ws_, kReporter, "indicator_value", value_record("150202")), PermissionError);
  EXPECT_THROW(run_submit(*ws_, kReporter, "indicator_value", value_record("150100")), PermissionError);  // above
  EXPECT_THROW(run_submit(*ws_, kHohhot, "indicator_value", value_record("150102")), PermissionError);    // role
  EXPECT_THROW(run_submit(*ws_, kReporter, "rumour", value_record("150102")), FieldError);
  EXPECT_EQ(run_submissions(*ws_, kReporter).size(), 1u);
}

TEST_F(SubmissionRunsTest, TheLeaguesApproverApprovesAndTheRecordCountsOnlyThen) {
  const std::int64_t id = run_submit(*ws_, kReporter, "indicator_value", value_record("150102")).id;
  // Baotou's approver does not see it: not in its list, not found by id, cannot decide it.
  EXPECT_TRUE(run_submissions(*ws_, kBaotou).empty());
  EXPECT_THROW(run_submission(*ws_, kBaotou, id), NotFoundError);
  EXPECT_THROW(run_approve(*ws_, kBaotou, id), NotFoundError);
  EXPECT_THROW(run_return(*ws_, kBaotou, id, "no"), NotFoundError);
  EXPECT_THROW(run_submission(*ws_, kHohhot, id + 1), NotFoundError);
  EXPECT_THROW(run_submissions(*ws_, std::nullopt), AuthError);
  // Its submitter reads it but may not decide it.
  EXPECT_EQ(run_submission(*ws_, kReporter, id).id, id);
  EXPECT_THROW(run_approve(*ws_, kReporter, id), PermissionError);
  ASSERT_EQ(run_submissions(*ws_, kHohhot, {std::string("submitted"), std::nullopt, std::nullopt, false}).size(), 1u);
  EXPECT_EQ(indicator_values(), 0u);

  const store::Submission approved = run_approve(*ws_, kHohhot, id);
  EXPECT_EQ(approved.status, "approved");
  EXPECT_EQ(approved.decided_by, "appr_hohhot");
  const auto values = store::load_indicator_values(*ws_, 2024, 2024);
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0].indicator, "forest_cover");
  EXPECT_EQ(values[0].unit_code, "150102");
  EXPECT_DOUBLE_EQ(values[0].value, 21.5);
  EXPECT_EQ(values[0].source, "submission " + std::to_string(id));

  EXPECT_THROW(run_approve(*ws_, kHohhot, id), ConflictError);
  EXPECT_THROW(run_return(*ws_, kHohhot, id, "too late"), ConflictError);
  EXPECT_TRUE(run_submissions(*ws_, kHohhot, {std::string("submitted"), std::nullopt, std::nullopt, false}).empty());
  // The region's admin sees it too; a unit filter outside its subtree leaves it out.
  EXPECT_EQ(run_submissions(*ws_, kAdmin).size(), 1u);
  EXPECT_TRUE(run_submissions(*ws_, kAdmin, {std::nullopt, std::nullopt, std::string("150200"), false}).empty());
  EXPECT_EQ(run_submissions(*ws_, kAdmin, {std::nullopt, std::nullopt, std::string("150100"), false}).size(), 1u);
}

TEST_F(SubmissionRunsTest, NobodyApprovesTheirOwnSubmission) {
  const std::int64_t id = run_submit(*ws_, kAdmin, "indicator_value", value_record("150102")).id;
  EXPECT_THROW(run_approve(*ws_, kAdmin, id), PermissionError);
  EXPECT_THROW(run_return(*ws_, kAdmin, id, "mine"), PermissionError);
  EXPECT_EQ(run_submission(*ws_, kAdmin, id).status, "submitted");
  EXPECT_EQ(run_approve(*ws_, kHohhot, id).status, "approved");
}

TEST_F(SubmissionRunsTest, AReturnNeedsAReasonAndWritesNothing) {
  const std::int64_t id = run_submit(*ws_, kReporter, "indicator_value", value_record("150102")).id;
  try {
    run_return(*ws_, kHohhot, id, "  ");
    FAIL() << "returned without a reason";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "reason");
  }
  const store::Submission r = run_return(*ws_, kHohhot, id, "forest cover is a percentage of 2024, not 2023");
  EXPECT_EQ(r.status, "returned");
  EXPECT_EQ(r.reason, "forest cover is a percentage of 2024, not 2023");
  EXPECT_EQ(indicator_values(), 0u);
  EXPECT_THROW(run_approve(*ws_, kHohhot, id), ConflictError);
}

TEST_F(SubmissionRunsTest, BadRecordsNameTheFieldInTheCsvImportsWords) {
  add_chiefs();
  // A patrol on a date that does not exist: the same reason as the CSV import's, and the field.
  const json patrol = {{"id", "p1"}, {"chief_id", "A1"}, {"date", "2023-02-30"}};
  try {
    run_submit(*ws_, kReporter, "patrol", patrol);
    FAIL() << "a patrol of 30 February was accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "date");
    EXPECT_EQ(std::string(e.what()), "date: \"2023-02-30\" is not a date (YYYY-MM-DD)");
    const std::string csv = csv_refusal("id,chief_id,date\np1,A1,2023-02-30\n",
                                        [](const ChiefImportRequest& r) { run_chief_patrol_import(r, RunEnv{}); });
    EXPECT_NE(csv.find("refused.csv:2: " + std::string(e.what())), std::string::npos) << csv;
  }
  // A value that is no number.
  try {
    run_submit(*ws_, kReporter, "indicator_value", with(value_record("150102"), {{"value", "NA"}}));
    FAIL() << "a value NA was accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "value");
    const std::string csv =
        csv_refusal("indicator,unit_code,year,value\nforest_cover,150102,2024,NA\n", [](const ChiefImportRequest& r) {
          run_assess_import({r.ws, r.file}, RunEnv{});
        });
    EXPECT_NE(csv.find("refused.csv:2: " + std::string(e.what())), std::string::npos) << csv;
  }
  // A chief of level 7.
  try {
    run_submit(*ws_, kReporter, "chief", with(chief_record("C1", "150102"), {{"level", 7}}));
    FAIL() << "a chief of level 7 was accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "level");
    EXPECT_EQ(std::string(e.what()), "level: 1 (region) to 5 (village)");
  }
  // More resolved than found.
  try {
    run_submit(*ws_, kReporter, "patrol",
               {{"id", "p2"}, {"chief_id", "A1"}, {"date", "2024-05-01"}, {"issues_found", 1}, {"issues_resolved", 2}});
    FAIL() << "more issues resolved than found were accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "issues_resolved");
  }
  // A field no import has, a required one missing, a value that is neither text nor number.
  const auto field_of = [this](const std::string& kind, const json& record) {
    try {
      run_submit(*ws_, kReporter, kind, record);
    } catch (const FieldError& e) {
      return e.field();
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(field_of("indicator_value", with(value_record("150102"), {{"colour", "green"}})), "colour");
  json no_year = value_record("150102");
  no_year.erase("year");
  EXPECT_EQ(field_of("indicator_value", no_year), "year");
  EXPECT_EQ(field_of("indicator_value", with(value_record("150102"), {{"value", json::array({1})}})), "value");
  EXPECT_EQ(field_of("chief", json::array()), "record");
  EXPECT_TRUE(run_submissions(*ws_, kReporter, {std::string("submitted"), std::nullopt, std::nullopt, false}).empty());
}

TEST_F(SubmissionRunsTest, APatrolsTrackIsCheckedStoredAndMeasured) {
  add_chiefs();
  const json track = {{"type", "LineString"}, {"coordinates", {{111.70, 40.80}, {111.72, 40.81}, {111.75, 40.81}}}};
  const json patrol = {{"id", "p1"},        {"chief_id", "A1"},     {"date", "2024-05-01"},
                       {"issues_found", 2}, {"issues_resolved", 1}, {"track", track}};
  // The chief account submits its own patrols, not another chief's; Donghe's reporter none of Xincheng's chief.
  const store::Submission s = run_submit(*ws_, kChiefA1, "patrol", patrol);
  EXPECT_EQ(s.unit_code, "150102");  // the chief's unit
  EXPECT_THROW(run_submit(*ws_, kChiefA1, "patrol", with(patrol, {{"chief_id", "B1"}})), PermissionError);
  EXPECT_THROW(run_submit(*ws_, kNeighbour, "patrol", patrol), PermissionError);
  // A reporter's submission of A1's patrol is the chief account's to read too.
  const std::int64_t by_reporter =
      run_submit(*ws_, kReporter, "patrol", with(patrol, {{"id", "p2"}, {"track_km", 3.5}})).id;
  EXPECT_EQ(run_submission(*ws_, kChiefA1, by_reporter).id, by_reporter);
  EXPECT_EQ(run_submissions(*ws_, kChiefA1).size(), 2u);
  EXPECT_THROW(run_approve(*ws_, kChiefA1, by_reporter), PermissionError);

  const auto field_of = [this](const json& record) {
    try {
      run_submit(*ws_, kChiefA1, "patrol", record);
    } catch (const FieldError& e) {
      return e.field();
    }
    return std::string("(accepted)");
  };
  json one_point = patrol;
  one_point["track"]["coordinates"] = {{111.70, 40.80}};
  EXPECT_EQ(field_of(one_point), "track");
  json off_earth = patrol;
  off_earth["track"]["coordinates"][1] = {111.72, 95.0};
  EXPECT_EQ(field_of(off_earth), "track");
  EXPECT_EQ(field_of(with(patrol, {{"track", {{"type", "Point"}, {"coordinates", {111.7, 40.8}}}}})), "track");
  EXPECT_EQ(field_of(with(patrol, {{"track", "along the river"}})), "track");

  EXPECT_TRUE(store::load_patrols(*ws_).empty());
  run_approve(*ws_, kHohhot, s.id);
  run_approve(*ws_, kHohhot, by_reporter);
  const auto patrols = store::load_patrols(*ws_);
  ASSERT_EQ(patrols.size(), 2u);
  const store::PatrolRecord& p = patrols[0].id == "p1" ? patrols[0] : patrols[1];
  const store::PatrolRecord& q = patrols[0].id == "p1" ? patrols[1] : patrols[0];
  EXPECT_EQ(p.issues_found, 2);
  EXPECT_EQ(p.issues_resolved, 1);
  ASSERT_FALSE(p.track_wkb.empty());
  // Its length, not given, is measured: the two legs' geodesics (edges shorter than the 0.001° pieces' error).
  const double metres = engine::geodesic_distance_m(111.70, 40.80, 111.72, 40.81) +
                        engine::geodesic_distance_m(111.72, 40.81, 111.75, 40.81);
  ASSERT_TRUE(p.track_km);
  EXPECT_NEAR(*p.track_km * 1000, metres, 0.01);
  EXPECT_NEAR(engine::ellipsoidal_length_m(p.track_wkb), metres, 0.01);
  ASSERT_TRUE(q.track_km);
  EXPECT_DOUBLE_EQ(*q.track_km, 3.5);  // given: kept

  // Ids are global: Donghe may not replace Xincheng's patrol p1 or its chief A1 under its own.
  EXPECT_THROW(run_submit(*ws_, kNeighbour, "patrol", {{"id", "p1"}, {"chief_id", "B1"}, {"date", "2024-06-01"}}),
               PermissionError);
  EXPECT_THROW(run_submit(*ws_, kNeighbour, "chief", chief_record("A1", "150202")), PermissionError);
}

TEST_F(SubmissionRunsTest, AProjectWithAnOutlineAndAreasInMu) {
  const json project = {{"code", "XC-2024-01"},
                        {"name", "新城区人工造林"},
                        {"type", "afforestation"},
                        {"unit_code", "150102"},
                        {"year", 2024},
                        {"planned", "1234.5678"},
                        {"planned_unit", "亩"},
                        {"completed", 600.25},
                        {"completed_unit", "mu"},
                        {"geometry", json::parse(test::box_geometry(111.70, 40.80, 111.71, 40.81))}};
  const store::Submission s = run_submit(*ws_, kReporter, "project", project);
  EXPECT_EQ(s.record_key, "XC-2024-01");
  EXPECT_TRUE(store::load_projects(*ws_, 2024, 2024).empty());
  run_approve(*ws_, kHohhot, s.id);
  const auto projects = store::load_projects(*ws_, 2024, 2024);
  ASSERT_EQ(projects.size(), 1u);
  const store::ProjectRecord& p = projects[0];
  EXPECT_EQ(p.code, "XC-2024-01");
  ASSERT_TRUE(p.planned && p.completed);
  EXPECT_EQ(p.planned->area, *parse_exact_area("1234.5678", AreaUnit::mu));
  EXPECT_EQ(p.planned->unit, "亩");
  EXPECT_EQ(p.completed->area, *parse_exact_area("600.25", AreaUnit::mu));
  ASSERT_FALSE(p.wkb.empty());
  const double box = test::box_area_m2(111.70, 40.80, 111.71, 40.81);
  EXPECT_NEAR(engine::ellipsoidal_area_m2(p.wkb), box, box * 1e-9);

  // An outline that is no polygon, an area the ledger cannot hold exactly, an ambiguous acre.
  const auto field_of = [this](const json& record) {
    try {
      run_submit(*ws_, kReporter, "project", record);
    } catch (const FieldError& e) {
      return e.field();
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(field_of(with(project,
                          {{"geometry", {{"type", "LineString"}, {"coordinates", {{111.7, 40.8}, {111.8, 40.9}}}}}})),
            "geometry");
  EXPECT_EQ(field_of(with(project, {{"planned", "12.3456789"}})), "planned");
  EXPECT_EQ(field_of(with(project, {{"completed_unit", "acre"}})), "completed");
  EXPECT_EQ(field_of(with(project, {{"type", "golf_course"}})), "type");

  // Codes are global: Donghe's reporter may not take Xincheng's project over by submitting its code for Donghe.
  EXPECT_THROW(run_submit(*ws_, kNeighbour, "project", with(project, {{"unit_code", "150202"}})), PermissionError);
  EXPECT_EQ(
      run_submit(*ws_, kNeighbour, "project", with(project, {{"unit_code", "150202"}, {"code", "DH-1"}})).unit_code,
      "150202");
}

TEST_F(SubmissionRunsTest, EveryStepIsAuditedAndTheChainHolds) {
  const auto before = store::audit_entries(*ws_).size();
  const std::int64_t a = run_submit(*ws_, kReporter, "indicator_value", value_record("150102")).id;
  const std::int64_t b =
      run_submit(*ws_, kReporter, "indicator_value", with(value_record("150102"), {{"indicator", "grass_cover"}})).id;
  run_approve(*ws_, kHohhot, a);
  run_return(*ws_, kHohhot, b, "check the value");
  const auto entries = store::audit_entries(*ws_);
  ASSERT_EQ(entries.size(), before + 4);
  EXPECT_EQ(entries[before].action, "submit");
  EXPECT_EQ(entries[before].actor, "rep_xincheng");
  EXPECT_EQ(entries[before + 2].action, "approve");
  EXPECT_EQ(entries[before + 2].actor, "appr_hohhot");
  EXPECT_EQ(entries[before + 2].key, std::to_string(a));
  EXPECT_EQ(entries[before + 3].action, "return");
  EXPECT_EQ(json::parse(entries[before + 3].details)["reason"], "check the value");
  EXPECT_TRUE(store::verify_audit(*ws_).ok);

  const Document doc = submissions_document(run_submissions(*ws_, kHohhot), Lang::zh);
  ASSERT_EQ(doc.parts.size(), 1u);
  const Table& t = doc.parts[0].second;
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(t.rows[0][0].value), b);  // newest first
  EXPECT_EQ(std::get<std::string>(t.rows[0][4].value), "已退回");
  EXPECT_EQ(std::get<std::string>(t.rows[1][4].value), "已通过");
}

}  // namespace
}  // namespace eb::app::runs
