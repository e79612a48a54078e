// The groundwater runs in-process on a small workspace: four points in Hohhot and one in Baotou, samples of 2020 and
// 2024 imported from CSV; classes, shares and membership checked against hand computation from GB/T 14848 Table 1.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/runs/groundwater/assess.hpp"
#include "app/runs/groundwater/classify.hpp"
#include "app/runs/groundwater/points.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"
#include "store/database.hpp"
#include "store/groundwater_store.hpp"
#include "support/test_paths.hpp"

namespace eb::app::runs {
namespace {

// At CNEMC air station points (1090A.. in Hohhot, 1585A in Baotou), so each lies in a banner.
constexpr const char* kPoints =
    "code,name,lon,lat,city,aquifer,type,level,well_depth\n"
    "G1,一号井,111.6507,40.7517,呼和浩特,潜水,监测井,国考,40\n"
    "G2,二号井,111.6572,40.8033,呼和浩特,潜水,监测井,国考,\n"
    "G3,三号井,111.7516,40.8369,呼和浩特,承压水,监测井,国考,120\n"
    "G4,四号井,111.7276,40.8062,呼和浩特,潜水,民井,区考,15\n"
    "B1,包头井,109.8756,40.6532,包头,潜水,监测井,国考,60\n";

// 2024 annual means: G1 TDS (800 + 1200) / 2 = 1000 -> III (at the limit), F 0.8 -> I: III.
// G2 As 0.02 and 0.08 mg/L given in µg/L (20, 80): mean 0.05 -> IV (at the limit): IV.
// G3 F 2.5 -> V. G4 no 2024 sample. B1 NO3N "<2" (classed at 2.0 -> I) and pH 8.6 -> IV.
// 2020: G1 TDS 2500 -> V; G3 F 0.5 -> I; G4 Fe 0.3 -> III.
constexpr const char* kSamples2024 =
    "point,time,TDS,F,As(µg/L),NO3N,pH\n"
    "G1,2024-04-15,800,0.8,,,\n"
    "G1,2024-08-15,1200,0.8,,,\n"
    "G2,2024-04-15,,,20,,\n"
    "G2,2024-08-15,,,80,,\n"
    "G3,2024-04-15,,2.5,,,\n"
    "B1,2024-04-15,,,,<2,8.6\n";
constexpr const char* kSamples2020 =
    "point,time,parameter,value,unit\n"
    "G1,2020-05-01,TDS,2500,mg/L\n"
    "G3,2020-05-01,氟化物,0.5,mg/L\n"
    "G4,2020-05-01,Fe,300,µg/L\n";

class GroundwaterRuns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_path_ = new test::TempPath("groundwater.gpkg");
    dir_ = new std::string(std::filesystem::path(ws_path_->str()).parent_path().string());
    {
      store::Workspace ws(ws_path_->str(), store::Workspace::Open::create_if_missing);
      test::import_demo_units(ws);
    }
    points_ = new GroundwaterPointImportResult(
        run_groundwater_point_import({ws_path_->str(), {test::write_text(*dir_, "points.csv", kPoints)}}));
    samples_ = new GroundwaterSampleImportResult(run_groundwater_sample_import(
        {ws_path_->str(),
         {test::write_text(*dir_, "s2024.csv", kSamples2024), test::write_text(*dir_, "s2020.csv", kSamples2020)},
         ""}));
  }
  static void TearDownTestSuite() {
    delete samples_;
    delete points_;
    delete dir_;
    delete ws_path_;
  }
  static GroundwaterAssessResult assess(int level, bool baseline, const std::string& set = "all") {
    return run_groundwater_assess(groundwater_assess_request(ws_path_->str(), 2024, baseline ? 2020 : 0, level, set));
  }
  static const GroundwaterUnitAssessment& unit(const GroundwaterAssessResult& r, const std::string& code) {
    for (const auto& u : r.units)
      if (u.unit == code) return u;
    throw std::runtime_error("no unit " + code);
  }
  static const GroundwaterPointAssessment& point(const GroundwaterAssessResult& r, const std::string& code) {
    for (const auto& p : r.points)
      if (p.code == code) return p;
    throw std::runtime_error("no point " + code);
  }
  static inline test::TempPath* ws_path_ = nullptr;
  static inline std::string* dir_ = nullptr;
  static inline GroundwaterPointImportResult* points_ = nullptr;
  static inline GroundwaterSampleImportResult* samples_ = nullptr;
};

TEST_F(GroundwaterRuns, PointsAreLocatedAndSamplesStored) {
  ASSERT_EQ(points_->files.size(), 1u);
  EXPECT_EQ(points_->files[0].added, 5);
  EXPECT_EQ(points_->files[0].located, 5);
  ASSERT_EQ(samples_->files.size(), 2u);
  EXPECT_EQ(samples_->files[0].layout, "groundwater-wide");
  EXPECT_EQ(samples_->files[0].values, 9u);
  EXPECT_EQ(samples_->files[0].below_detection, 1u);
  EXPECT_EQ(samples_->files[0].converted, 2u);
  EXPECT_EQ(samples_->files[0].added, 9u);
  EXPECT_EQ(samples_->files[1].added, 3u);
  store::Workspace ws(ws_path_->str(), store::Workspace::Open::existing);
  const auto rows = store::groundwater_points(ws);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].code, "B1");
  EXPECT_EQ(rows[0].league_code, "150200");
  EXPECT_EQ(rows[1].level, "national");
  EXPECT_EQ(rows[4].level, "provincial");
  EXPECT_EQ(rows[1].well_depth_m, 40.0);
}

TEST_F(GroundwaterRuns, ReimportChangesNothingAndAConflictChangesNothing) {
  const auto again =
      run_groundwater_sample_import({ws_path_->str(), {test::write_text(*dir_, "again.csv", kSamples2024)}, ""});
  EXPECT_EQ(again.files[0].added, 0u);
  EXPECT_EQ(again.files[0].unchanged, 9u);
  // A different TDS for G1's April sample, and a new value beside it: the whole file is refused.
  const std::string conflict = "point,time,TDS,Cl\nG1,2024-04-15,801,10\n";
  EXPECT_THROW(run_groundwater_sample_import({ws_path_->str(), {test::write_text(*dir_, "c.csv", conflict)}, ""}),
               InputError);
  const std::string unknown = "point,time,TDS\nNOPE,2024-04-15,801\n";
  try {
    run_groundwater_sample_import({ws_path_->str(), {test::write_text(*dir_, "u.csv", unknown)}, ""});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("u.csv:2"), std::string::npos) << e.what();
  }
  store::Workspace ws(ws_path_->str(), store::Workspace::Open::existing);
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM series WHERE parameter = 'Cl'"), 0);
}

TEST_F(GroundwaterRuns, PointClassesFromAnnualMeans) {
  const auto r = assess(2, true);
  EXPECT_EQ(point(r, "G1").now.cls, 3);
  EXPECT_EQ(point(r, "G1").now.means.at("TDS"), 1000.0);
  EXPECT_EQ(point(r, "G1").now.deciding, (std::vector<std::string>{"TDS"}));
  EXPECT_EQ(point(r, "G1").before->cls, 5);
  EXPECT_EQ(point(r, "G2").now.cls, 4);
  EXPECT_EQ(point(r, "G2").now.means.at("As"), 0.05);
  EXPECT_EQ(point(r, "G3").now.cls, 5);
  EXPECT_EQ(point(r, "G3").before->cls, 1);
  EXPECT_EQ(point(r, "G4").now.cls, 0);
  EXPECT_EQ(point(r, "B1").now.cls, 4);
  EXPECT_EQ(point(r, "B1").now.deciding, (std::vector<std::string>{"pH"}));
}

TEST_F(GroundwaterRuns, UnitSharesMembershipAndBaseline) {
  const auto r = assess(2, true);
  const auto& h = unit(r, "150100");
  EXPECT_EQ(h.expected.size(), 4u);
  EXPECT_EQ(h.assessed, (std::vector<std::string>{"G1", "G2", "G3"}));
  EXPECT_EQ(h.per_class, (std::array<int, 5>{0, 0, 1, 1, 1}));
  EXPECT_DOUBLE_EQ(*h.share_i_iv_pct, 200.0 / 3);
  EXPECT_DOUBLE_EQ(*h.share_v_pct, 100.0 / 3);
  // Left out: G4 (no 2024 sample); G2 is not compared (no 2020 sample).
  ASSERT_EQ(h.left_out.size(), 2u);
  EXPECT_EQ(h.left_out[0], "G2: no sample in 2020 (not in the comparison)");
  EXPECT_EQ(h.left_out[1], "G4: no sample in 2024");
  // Same points G1 (V -> III) and G3 (I -> V): V share 50 % both years, I-IV 50 % both.
  EXPECT_EQ(h.both, (std::vector<std::string>{"G1", "G3"}));
  EXPECT_DOUBLE_EQ(*h.change_i_iv_pp(), 0.0);
  EXPECT_DOUBLE_EQ(*h.change_v_pp(), 0.0);
  const auto& b = unit(r, "150200");
  EXPECT_DOUBLE_EQ(*b.share_i_iv_pct, 100.0);
  EXPECT_FALSE(b.change_i_iv_pp());  // no baseline sample
  const auto region = assess(1, false);
  ASSERT_EQ(region.units.size(), 1u);
  EXPECT_EQ(region.units[0].unit, "150000");
  EXPECT_EQ(region.units[0].per_class, (std::array<int, 5>{0, 0, 1, 2, 1}));
  EXPECT_DOUBLE_EQ(*region.units[0].share_v_pct, 25.0);
  const auto national = assess(1, false, "national");
  EXPECT_EQ(national.points_outside_set, 1);
  EXPECT_EQ(national.units[0].expected.size(), 4u);
  EXPECT_THROW(groundwater_assess_request(ws_path_->str(), 2024, 0, 3, "all"), UsageError);
}

TEST_F(GroundwaterRuns, DerivedIndicatorsCarryTheirProvenance) {
  const auto v = derive_groundwater_indicators(ws_path_->str(), 2024, 2020);
  // 150100, 150200 (level 2) and 150000 (level 1), two indicators each.
  ASSERT_EQ(v.size(), 6u);
  EXPECT_EQ(v[0].indicator, "groundwater.share_i_iv_pct");
  EXPECT_EQ(v[0].unit_code, "150100");
  EXPECT_DOUBLE_EQ(v[0].value, 200.0 / 3);
  EXPECT_NE(v[0].source.find("3 of 4 points"), std::string::npos) << v[0].source;
  EXPECT_NE(v[0].source.find("G4: no sample in 2024"), std::string::npos) << v[0].source;
  EXPECT_NE(v[0].source.find("+0.0 pp"), std::string::npos) << v[0].source;
  EXPECT_EQ(v[5].indicator, "groundwater.share_v_pct");
  EXPECT_EQ(v[5].unit_code, "150000");
  EXPECT_DOUBLE_EQ(v[5].value, 25.0);
}

TEST_F(GroundwaterRuns, ClassifyWithoutWorkspace) {
  const auto f = groundwater_sample_file(test::write_text(*dir_, "c2024.csv", kSamples2024));
  const auto r = run_groundwater_classify({f});
  EXPECT_EQ(r.items, (std::vector<std::string>{"pH", "TDS", "NO3N", "F", "As"}));
  ASSERT_EQ(r.samples.size(), 6u);
  EXPECT_EQ(r.samples[1].result.cls, 4);  // TDS 1200
  EXPECT_EQ(r.samples[3].result.cls, 5);  // As 0.08
  EXPECT_EQ(r.samples[5].below_detection, (std::vector<std::string>{"NO3N"}));
  const auto doc = groundwater_classify_document(r, Lang::en);
  EXPECT_EQ(doc.parts[0].second.rows.size(), 6u);
  EXPECT_THROW(groundwater_sample_file(test::write_text(*dir_, "bad.csv", "point,time,TDS\nG1,2024-01-01,-1\n")),
               InputError);
}

}  // namespace
}  // namespace eb::app::runs
