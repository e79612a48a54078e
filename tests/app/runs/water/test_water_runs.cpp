// The water runs in-process on a small workspace: six river sections in Hohhot and one lake in Baotou, with
// samples of 2023 and 2024 written as CSV and imported; typed results checked against hand computation.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "app/runs/support/workspace_fixture.hpp"
#include "app/runs/water/assess.hpp"
#include "app/runs/water/classify.hpp"
#include "app/runs/water/sections.hpp"
#include "app/runs/water/trophic.hpp"
#include "app/runs/water/water_runs.hpp"
#include "core/error.hpp"
#include "support/test_paths.hpp"

namespace eb::app::runs {
namespace {

// Sections at the points of CNEMC air stations (1090A..1097A in Hohhot, 1585A in Baotou), so each lies in a banner.
constexpr const char* kSections =
    "code,name,waterbody,lon,lat,river,basin,control_level,target_class,city\n"
    "S1,一号,river,111.6507,40.7517,大黑河,黄河,国控,III,呼和浩特\n"
    "S2,二号,river,111.6572,40.8033,大黑河,黄河,国控,,呼和浩特\n"
    "S3,三号,river,111.7516,40.8369,小黑河,黄河,省控,,呼和浩特\n"
    "S4,四号,river,111.7276,40.8062,小黑河,黄河,省控,III,呼和浩特\n"
    "S5,五号,river,111.5512,40.7866,大黑河,黄河,国控,,呼和浩特\n"
    "S6,六号,river,111.717,40.7612,大黑河,黄河,国控,,呼和浩特\n"
    "L1,湖一,lake,109.8756,40.6532,南海湖,黄河,国控,,包头\n";

// Class by NH3N (I <= 0.15, II <= 0.5, III <= 1.0, IV <= 1.5, V <= 2.0) with DO 8 (class I) everywhere.
// 2024: S1 mean 0.6 (III, 2 samples); S2 "<1.2" and 0.2 (half: mean 0.4, II; limit: 0.7, III; zero: 0.1, I);
// S3 1.2 (IV); S4 2.5 (worse than V); S5, S6 0.1 (I); L1 0.3 (II) with chla 10 and 20 in May.
// 2023: S1 1.8 (V), S5 0.1 (I), L1 chla 5 only (no class).
constexpr const char* kSamples =
    "section,time,parameter,value\n"
    "S1,2024-03-01,NH3N,0.4\nS1,2024-03-01,DO,8\nS1,2024-09-01,NH3N,0.8\nS1,2024-09-01,DO,8\n"
    "S2,2024-04-01,NH3N,<1.2\nS2,2024-04-01,DO,8\nS2,2024-06-01,NH3N,0.2\n"
    "S3,2024-04-01,NH3N,1.2\nS3,2024-04-01,DO,8\n"
    "S4,2024-04-01,NH3N,2.5\nS4,2024-04-01,DO,8\n"
    "S5,2024-04-01,NH3N,0.1\nS5,2024-04-01,DO,8\n"
    "S6,2024-04-01,NH3N,0.1\nS6,2024-04-01,DO,8\n"
    "L1,2024-05-10,NH3N,0.3\nL1,2024-05-10,DO,8\nL1,2024-05-10,chla,10\nL1,2024-05-20,chla,20\n"
    "S1,2023-06-01,NH3N,1.8\nS1,2023-06-01,DO,8\n"
    "S5,2023-06-01,NH3N,0.1\nS5,2023-06-01,DO,8\n"
    "L1,2023-07-01,chla,5\n";

// The position of a column in a table, by key.
std::size_t column(const Table& t, const std::string& key) {
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].key == key) return i;
  throw std::runtime_error("no column " + key);
}

// TLI(chla) = 10 (2.5 + 1.086 ln chla); with chla alone its weight is 1.
double tli_chla(double chla) { return 10 * (2.5 + 1.086 * std::log(chla)); }

class WaterRuns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_path_ = new test::TempPath("water.gpkg");
    const std::string dir = std::filesystem::path(ws_path_->str()).parent_path().string();
    {
      store::Workspace ws(ws_path_->str(), store::Workspace::Open::create_if_missing);
      test::import_demo_units(ws);
    }
    import_ = new WaterSectionImportResult(
        run_water_section_import({ws_path_->str(), {test::write_text(dir, "sections.csv", kSections)}}));
    store::Workspace ws(ws_path_->str(), store::Workspace::Open::existing);
    test::import_observation_file(ws, test::write_text(dir, "samples.csv", kSamples),
                                  io::ObservationLayout::water_samples);
  }
  static void TearDownTestSuite() {
    delete import_;
    delete ws_path_;
  }
  static std::string ws() { return ws_path_->str(); }
  static WaterAssessResult assess(WaterAssessLevel level, const std::string& below = "half", bool baseline = true) {
    WaterAssessRequest req = water_assess_request(ws(), "2024", "section", baseline ? "2023" : "", below);
    req.level = level;
    return run_water_assess(req);
  }
  static const WaterAssessGroup& group(const WaterAssessResult& r, const std::string& key) {
    for (const auto& g : r.groups)
      if (g.key == key) return g;
    throw std::runtime_error("no group " + key);
  }
  static const WaterAssessSection& section(const WaterAssessResult& r, const std::string& code) {
    for (const auto& s : r.sections)
      if (s.assessment.code == code) return s;
    throw std::runtime_error("no section " + code);
  }

  static test::TempPath* ws_path_;
  static WaterSectionImportResult* import_;
};
test::TempPath* WaterRuns::ws_path_ = nullptr;
WaterSectionImportResult* WaterRuns::import_ = nullptr;

TEST_F(WaterRuns, SectionImportCountsEachFile) {
  ASSERT_EQ(import_->files.size(), 1u);
  const auto& f = import_->files[0];
  EXPECT_EQ(f.added, 7);
  EXPECT_EQ(f.updated + f.unchanged, 0);
  EXPECT_EQ(f.located, 7);
  EXPECT_TRUE(f.unlocated.empty());
  // The same list again changes nothing.
  const std::string dir = std::filesystem::path(ws()).parent_path().string();
  const auto again = run_water_section_import({ws(), {dir + "/sections.csv"}});
  EXPECT_EQ(again.files[0].unchanged, 7);
  const Document doc = water_section_import_document(again, Lang::en);
  ASSERT_EQ(doc.parts.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(doc.parts[0].second.rows[0][3].value), 7);
}

TEST_F(WaterRuns, SectionImportRefusesRejectedRecords) {
  const std::string dir = std::filesystem::path(ws()).parent_path().string();
  const std::string bad = test::write_text(dir, "bad.csv", "code,name,waterbody,lon,lat\nX1,坏,sea,111.65,40.75\n");
  EXPECT_THROW(run_water_section_import({ws(), {bad}}), InputError);
}

TEST_F(WaterRuns, SectionsAreClassedFromTheirPeriodMeans) {
  const auto r = assess(WaterAssessLevel::section);
  EXPECT_TRUE(r.groups.empty());
  ASSERT_EQ(r.sections.size(), 7u);
  const auto& s1 = section(r, "S1");
  EXPECT_NEAR(s1.assessment.means.at("NH3N").first, 0.6, 1e-12);  // (0.4 + 0.8) / 2
  EXPECT_EQ(s1.assessment.result.cls, 3);
  EXPECT_EQ(s1.samples, 2);
  EXPECT_EQ(s1.baseline_class, 5);  // 2023: 1.8
  EXPECT_EQ(s1.assessment.target_met, true);
  EXPECT_EQ(s1.river, "大黑河");
  EXPECT_EQ(s1.league_code, "150100");
  EXPECT_EQ(section(r, "S2").assessment.result.cls, 2);  // "<1.2" as 0.6: mean 0.4
  EXPECT_EQ(section(r, "S4").assessment.result.cls, standards::kWorseThanV);
  EXPECT_EQ(section(r, "S4").assessment.target_met, false);
  EXPECT_FALSE(section(r, "S3").baseline_class);         // no 2023 samples
  EXPECT_FALSE(section(r, "S3").assessment.target_met);  // no target
  const auto& l1 = section(r, "L1");
  EXPECT_EQ(l1.assessment.result.cls, 2);
  ASSERT_TRUE(l1.assessment.trophic);
  EXPECT_NEAR(l1.assessment.trophic->tli_sum, tli_chla(15), 1e-9);
  EXPECT_EQ(l1.assessment.trophic->class_en, "light eutrophic");  // 50 < 54.41 <= 60
  EXPECT_FALSE(l1.baseline_class);                                // 2023: chla only, no class

  const Document doc = water_assess_document(r, Lang::en);
  const Table& t = doc.parts.at(0).second;
  ASSERT_EQ(t.rows.size(), 7u);
  for (const auto& row : t.rows) {
    if (std::get<std::string>(row[0].value) == "S4") {
      EXPECT_EQ(std::get<std::string>(row[8].value), "NH3N:1.50");  // (2.5 - 1.0) / 1.0
    }
  }
}

TEST_F(WaterRuns, BelowDetectionRuleDecidesTheClass) {
  EXPECT_EQ(section(assess(WaterAssessLevel::section, "limit"), "S2").assessment.result.cls, 3);  // mean 0.7
  EXPECT_EQ(section(assess(WaterAssessLevel::section, "zero"), "S2").assessment.result.cls, 1);   // mean 0.1
  EXPECT_THROW(assess(WaterAssessLevel::section, "none"), UsageError);
  EXPECT_THROW(water_assess_request(ws(), "2024-13", "unit", "", "half"), UsageError);
}

TEST_F(WaterRuns, UnitsTakeClassSharesFromFiveSectionsAndMeansBelow) {
  const auto r = assess(WaterAssessLevel::unit);
  ASSERT_EQ(r.groups.size(), 2u);
  const auto& hohhot = group(r, "150100");
  EXPECT_EQ(hohhot.members.present, (std::vector<std::string>{"S1", "S2", "S3", "S4", "S5", "S6"}));
  EXPECT_TRUE(hohhot.complete());
  EXPECT_EQ(hohhot.group.sections, 6);
  EXPECT_TRUE(hohhot.group.by_proportions);
  EXPECT_EQ(hohhot.group.per_class, (std::array<int, 6>{2, 1, 1, 1, 0, 1}));
  EXPECT_NEAR(hohhot.group.share_i_iii, 100.0 * 4 / 6, 1e-9);
  EXPECT_NEAR(hohhot.group.share_worse_v, 100.0 / 6, 1e-9);
  EXPECT_EQ(hohhot.group.status_en, "lightly polluted");  // I-III < 75 %, worse than V < 20 %
  EXPECT_EQ(hohhot.group.with_target, 2);
  EXPECT_EQ(hohhot.group.target_met, 1);
  // 2023: S1 (V) and S5 (I) only; the change is taken on them: 2024 S1 III, S5 I (100 %) against 50 %, not the
  // plain 66.7 - 50 of different memberships.
  ASSERT_TRUE(hohhot.baseline);
  EXPECT_EQ(hohhot.baseline->sections, 2);
  EXPECT_NEAR(hohhot.baseline->share_i_iii, 50.0, 1e-9);
  EXPECT_EQ(hohhot.baseline_members->valid, (std::vector<std::string>{"S1", "S5"}));
  EXPECT_FALSE(hohhot.baseline_members->complete());
  EXPECT_EQ(hohhot.change->common, (std::vector<std::string>{"S1", "S5"}));
  EXPECT_FALSE(hohhot.change->like_for_like);
  EXPECT_NEAR(*hohhot.change_i_iii_pp(), 50.0, 1e-9);
  EXPECT_NEAR(*hohhot.change_worse_v_pp(), 0.0, 1e-9);
  // Baotou: one lake, assessed by its means as one section; in 2023 it had no class, so no baseline.
  const auto& baotou = group(r, "150200");
  EXPECT_FALSE(baotou.group.by_proportions);
  EXPECT_EQ(baotou.group.cls, 2);
  EXPECT_EQ(baotou.group.status_zh, "优");
  EXPECT_FALSE(baotou.baseline);
  EXPECT_EQ(baotou.baseline_members->present, std::vector<std::string>{"L1"});  // samples, but no class
  EXPECT_TRUE(baotou.baseline_members->valid.empty());
  EXPECT_FALSE(baotou.change_i_iii_pp());

  // The table the bulletin reads: key, sections, shares, status, targets and the change in points.
  const Document doc = water_assess_document(r, Lang::zh);
  const Table& t = doc.parts.at(0).second;
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(t.rows[0][0].value), "150100");
  EXPECT_EQ(std::get<std::string>(t.rows[0][column(t, "target_met")].value), "1/2");
  EXPECT_EQ(std::get<std::string>(t.rows[0][column(t, "like_for_like")].value), "否");
  EXPECT_EQ(std::get<std::int64_t>(t.rows[0][column(t, "compared_sections")].value), 2);
  EXPECT_NEAR(std::get<double>(t.rows[0][column(t, "change_i_iii_pp")].value), 50.0, 1e-9);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[1][column(t, "change_i_iii_pp")].value));
}

TEST_F(WaterRuns, RegionRiverAndBasinGroups) {
  const auto region = assess(WaterAssessLevel::region, "half", false);
  ASSERT_EQ(region.groups.size(), 1u);
  EXPECT_EQ(region.groups[0].key, "150000");
  EXPECT_EQ(region.groups[0].group.sections, 7);
  EXPECT_NEAR(region.groups[0].group.share_i_iii, 100.0 * 5 / 7, 1e-9);
  EXPECT_FALSE(region.groups[0].baseline);  // no baseline asked
  EXPECT_EQ(water_assess_document(region, Lang::en).parts[0].second.columns.size(), 13u);

  const auto rivers = assess(WaterAssessLevel::river);
  ASSERT_EQ(rivers.groups.size(), 3u);
  // 大黑河: four sections, NH3N means 0.6, 0.4, 0.1, 0.1 averaged to 0.3: class II.
  EXPECT_EQ(group(rivers, "大黑河").group.cls, 2);
  EXPECT_FALSE(group(rivers, "大黑河").group.by_proportions);
  // 小黑河: (1.2 + 2.5) / 2 = 1.85: class V.
  EXPECT_EQ(group(rivers, "小黑河").group.cls, 5);
  EXPECT_EQ(group(rivers, "小黑河").group.status_en, "moderately polluted");

  const auto basins = assess(WaterAssessLevel::basin);
  ASSERT_EQ(basins.groups.size(), 1u);
  EXPECT_EQ(basins.groups[0].key, "黄河");
  EXPECT_EQ(basins.groups[0].members.present.size(), 7u);
}

TEST_F(WaterRuns, TrophicStateByYearWithTrend) {
  WaterTrophicRequest req{ws(), 2023, 2024, WaterTrophicBy::year, io::BelowDetection::half_limit};
  const auto r = run_water_trophic(req);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].code, "L1");
  EXPECT_EQ(r.rows[0].period, "2023");
  EXPECT_NEAR(r.rows[0].state.tli_sum, tli_chla(5), 1e-9);
  EXPECT_EQ(r.rows[0].state.class_en, "mesotrophic");
  EXPECT_EQ(r.rows[0].samples, 1u);
  EXPECT_EQ(r.rows[1].period, "2024");
  EXPECT_NEAR(r.rows[1].state.tli_sum, tli_chla(15), 1e-9);
  EXPECT_EQ(r.rows[1].samples, 2u);  // 10 May and 20 May
  ASSERT_EQ(r.trends.size(), 1u);
  EXPECT_EQ(r.trends[0].trend.n, 2);
  EXPECT_NEAR(r.trends[0].trend.sen_slope, tli_chla(15) - tli_chla(5), 1e-9);
  // As a table or JSON: both parts keyed; as CSV: the states alone.
  const Document doc = water_trophic_document(r, Lang::en, Format::json);
  EXPECT_TRUE(doc.keyed);
  ASSERT_NE(doc.find("trend"), nullptr);
  EXPECT_EQ(std::get<std::string>(doc.find("trend")->rows[0][4].value), "too few years");
  EXPECT_EQ(water_trophic_document(r, Lang::en, Format::csv).parts.size(), 1u);

  req.by = WaterTrophicBy::month;
  const auto m = run_water_trophic(req);
  ASSERT_EQ(m.rows.size(), 2u);
  EXPECT_EQ(m.rows[0].period, "2023-07");
  EXPECT_EQ(m.rows[1].period, "2024-05");
  EXPECT_TRUE(m.trends.empty());
  req.to = 2022;
  EXPECT_THROW(run_water_trophic(req), UsageError);
}

TEST_F(WaterRuns, CwqiRanksCitiesByTheMeanOfTheirSections) {
  WaterCwqiRequest req;
  req.workspace = ws();
  req.period = water_period_option("2024", "--period");
  req.baseline = water_period_option("2023", "--baseline");
  const auto r = run_water_cwqi(req);
  ASSERT_EQ(r.cities.size(), 2u);
  // Per section: NH3N / 1.0 + 5 / DO(8). Baotou: 0.3 + 0.625; Hohhot: the mean of six sections.
  const double hohhot = (0.6 + 0.4 + 1.2 + 2.5 + 0.1 + 0.1) / 6 + 0.625;
  EXPECT_EQ(r.cities[0].code, "150200");
  EXPECT_EQ(r.cities[0].rank, 1);
  EXPECT_NEAR(r.cities[0].cwqi, 0.925, 1e-12);
  EXPECT_EQ(r.cities[0].name_zh, "包头市");
  EXPECT_EQ(r.cities[1].code, "150100");
  EXPECT_EQ(r.cities[1].rank, 2);
  EXPECT_NEAR(r.cities[1].cwqi, hohhot, 1e-12);
  EXPECT_EQ(r.cities[1].sections, 6);
  EXPECT_EQ(r.cities[1].sections_assessed, 6);
  ASSERT_TRUE(r.cities[1].baseline_cwqi);
  EXPECT_NEAR(*r.cities[1].baseline_cwqi, (1.8 + 0.1) / 2 + 0.625, 1e-12);
  EXPECT_NEAR(*r.cities[1].change(), hohhot - ((1.8 + 0.1) / 2 + 0.625), 1e-12);
  const Document doc = water_cwqi_document(r, Lang::en);
  const Table& t = doc.parts.at(0).second;
  EXPECT_EQ(t.columns.back().key, "confidence");
  // The bundled boundaries have no English names: English falls back to the Chinese one.
  EXPECT_EQ(std::get<std::string>(t.rows[1][2].value), "呼和浩特市");
}

// Membership across years and sets: three banners/counties (托克托县 150122, 海勃湾区 150302, 九原区 150207),
// classes by NH3N with DO 8 (class I).
//   A1 托克托县 国控:  2023 0.1 (I),   2024 0.1 (I)
//   A2 托克托县 省控:  2023 1.8 (V),   2024 0.6 (III)
//   A3 托克托县 国考:  added in 2024: 2.5 (worse than V), no 2023 samples
//   B1 海勃湾区 national: 2023 0.6 (III), no 2024 samples (the county is missing in 2024)
//   C1 九原区 市控:    2023 1.2 (IV),  2024 chla only (samples, no class)
constexpr const char* kMembershipSections =
    "code,name,waterbody,lon,lat,river,basin,control_level\n"
    "A1,甲一,river,111.45,40.28,甲河,黄河,国控\n"
    "A2,甲二,river,111.45,40.28,甲河,黄河,省控\n"
    "A3,甲三,river,111.07,40.27,甲河,黄河,国考\n"
    "B1,乙一,river,106.80,39.68,乙河,黄河,national\n"
    "C1,丙一,river,109.80,40.52,丙河,黄河,市控\n";
constexpr const char* kMembershipSamples =
    "section,time,parameter,value\n"
    "A1,2023-05-01,NH3N,0.1\nA1,2023-05-01,DO,8\nA1,2024-05-01,NH3N,0.1\nA1,2024-05-01,DO,8\n"
    "A2,2023-05-01,NH3N,1.8\nA2,2023-05-01,DO,8\nA2,2024-05-01,NH3N,0.6\nA2,2024-05-01,DO,8\n"
    "A3,2024-05-01,NH3N,2.5\nA3,2024-05-01,DO,8\n"
    "B1,2023-05-01,NH3N,0.6\nB1,2023-05-01,DO,8\n"
    "C1,2023-05-01,NH3N,1.2\nC1,2023-05-01,DO,8\nC1,2024-05-01,chla,12\n";

class WaterMembership : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = new test::UnitWorkspace(true);
    run_water_section_import({ws_->path(), {ws_->write("sections.csv", kMembershipSections)}});
    store::Workspace ws(ws_->path(), store::Workspace::Open::existing);
    test::import_observation_file(ws, ws_->write("samples.csv", kMembershipSamples),
                                  io::ObservationLayout::water_samples);
  }
  static void TearDownTestSuite() { delete ws_; }
  static WaterAssessResult assess(const std::string& level, const std::string& set = "all") {
    return run_water_assess(water_assess_request(ws_->path(), "2024", level, "2023", "half", set));
  }
  static test::UnitWorkspace* ws_;
};
test::UnitWorkspace* WaterMembership::ws_ = nullptr;

TEST_F(WaterMembership, RegionStatesItsMembersAndComparesOnTheCommonSections) {
  const auto r = assess("region");
  ASSERT_EQ(r.groups.size(), 1u);
  const auto& g = r.groups[0];
  EXPECT_EQ(g.members.expected, (std::vector<std::string>{"A1", "A2", "A3", "B1", "C1"}));
  EXPECT_EQ(g.members.present, (std::vector<std::string>{"A1", "A2", "A3", "C1"}));
  EXPECT_EQ(g.members.valid, (std::vector<std::string>{"A1", "A2", "A3"}));
  EXPECT_FALSE(g.complete());
  EXPECT_EQ(g.members.missing(), (std::vector<std::string>{"B1", "C1"}));
  // 2024 over its three sections: I, III, worse than V.
  EXPECT_NEAR(g.group.share_i_iii, 200.0 / 3, 1e-9);
  EXPECT_NEAR(g.group.share_worse_v, 100.0 / 3, 1e-9);
  // 2023: A1 I, A2 V, B1 III, C1 IV: 50 % in I-III.
  EXPECT_EQ(g.baseline_members->valid, (std::vector<std::string>{"A1", "A2", "B1", "C1"}));
  EXPECT_NEAR(g.baseline->share_i_iii, 50.0, 1e-9);
  // Like for like on A1, A2: I, III (100 %) against I, V (50 %): +50 points, not the plain +16.7; worse than V 0
  // in both (A3's worse-than-V was not there in 2023).
  EXPECT_EQ(g.change->common, (std::vector<std::string>{"A1", "A2"}));
  EXPECT_FALSE(g.change->like_for_like);
  EXPECT_NEAR(*g.change_i_iii_pp(), 50.0, 1e-9);
  EXPECT_NEAR(*g.change_worse_v_pp(), 0.0, 1e-9);

  const Document doc = water_assess_document(r, Lang::en);
  const Table& t = doc.parts.at(0).second;
  EXPECT_EQ(std::get<std::int64_t>(t.rows[0][column(t, "members_expected")].value), 5);
  EXPECT_EQ(std::get<std::int64_t>(t.rows[0][column(t, "members_present")].value), 4);
  EXPECT_EQ(std::get<std::int64_t>(t.rows[0][column(t, "members_valid")].value), 3);
  EXPECT_EQ(std::get<std::string>(t.rows[0][column(t, "complete")].value), "no");
  EXPECT_EQ(std::get<std::string>(t.rows[0][column(t, "members_missing")].value), "B1|C1");
  EXPECT_EQ(std::get<std::int64_t>(t.rows[0][column(t, "baseline_members_valid")].value), 4);
  EXPECT_NEAR(std::get<double>(t.rows[0][column(t, "compared_share_i_iii_pct")].value), 100.0, 1e-9);
  EXPECT_NEAR(std::get<double>(t.rows[0][column(t, "baseline_share_i_iii_pct")].value), 50.0, 1e-9);
  ASSERT_EQ(doc.notes.size(), 3u);
  EXPECT_EQ(doc.notes[1], "incomplete membership (with a class/expected): 150000 (3/5)");
}

TEST_F(WaterMembership, SetsKeepOnlyTheirSections) {
  // national: A1, A3, B1. 2024: A1 I, A3 worse than V (B1 missing); 2023: A1 I, B1 III; common A1 only.
  const auto national = assess("region", "national");
  EXPECT_EQ(national.set, "national");
  EXPECT_EQ(national.sections_in_set, 3);
  EXPECT_EQ(national.sections_outside_set, 2);
  ASSERT_EQ(national.sections.size(), 2u);
  const auto& g = national.groups.at(0);
  EXPECT_EQ(g.members.expected, (std::vector<std::string>{"A1", "A3", "B1"}));
  EXPECT_EQ(g.members.missing(), std::vector<std::string>{"B1"});
  EXPECT_NEAR(g.group.share_i_iii, 50.0, 1e-9);
  EXPECT_NEAR(g.group.share_worse_v, 50.0, 1e-9);
  EXPECT_NEAR(g.baseline->share_i_iii, 100.0, 1e-9);
  EXPECT_EQ(g.change->common, std::vector<std::string>{"A1"});
  EXPECT_NEAR(*g.change_i_iii_pp(), 0.0, 1e-9);
  EXPECT_NEAR(*g.change_worse_v_pp(), 0.0, 1e-9);
  // provincial: national and provincial (A2 joins), C1 (市控) stays out.
  const auto provincial = assess("region", "provincial");
  EXPECT_EQ(provincial.sections_outside_set, 1);
  EXPECT_EQ(provincial.groups.at(0).members.expected, (std::vector<std::string>{"A1", "A2", "A3", "B1"}));
  EXPECT_NEAR(*provincial.groups.at(0).change_i_iii_pp(), 50.0, 1e-9);
  // The sections table names each section's assessment level.
  const Table t = water_assess_document(assess("section", "all"), Lang::en).parts.at(0).second;
  EXPECT_EQ(std::get<std::string>(t.rows[1][column(t, "assessment_level")].value), "provincial");  // A2
  EXPECT_EQ(std::get<std::string>(t.rows[3][column(t, "assessment_level")].value), "other");       // C1
  EXPECT_THROW(water_assess_request(ws_->path(), "2024", "region", "", "half", "state"), UsageError);
}

TEST_F(WaterMembership, CountiesIncludeOneWithoutSamples) {
  const auto r = assess("county");
  ASSERT_EQ(r.groups.size(), 3u);
  // By code: 九原区 150207 (C1), 托克托县 150122 ... sorted: 150122, 150207, 150302.
  const auto& tuoketuo = r.groups[0];
  EXPECT_EQ(tuoketuo.key, "150122");
  EXPECT_TRUE(tuoketuo.complete());
  EXPECT_EQ(tuoketuo.members.valid.size(), 3u);
  EXPECT_FALSE(tuoketuo.baseline_members->complete());  // A3 was added in 2024
  EXPECT_NEAR(*tuoketuo.change_i_iii_pp(), 50.0, 1e-9);
  const auto& jiuyuan = r.groups[1];
  EXPECT_EQ(jiuyuan.key, "150207");
  EXPECT_EQ(jiuyuan.members.present, std::vector<std::string>{"C1"});
  EXPECT_TRUE(jiuyuan.members.valid.empty());
  EXPECT_FALSE(jiuyuan.change_i_iii_pp());
  // 海勃湾区: its only section has no 2024 samples. The county is listed, marked, with no figures.
  const auto& haibowan = r.groups[2];
  EXPECT_EQ(haibowan.key, "150302");
  EXPECT_TRUE(haibowan.members.present.empty());
  EXPECT_FALSE(haibowan.complete());
  EXPECT_EQ(haibowan.group.sections, 0);
  EXPECT_EQ(haibowan.baseline_members->valid, std::vector<std::string>{"B1"});
  EXPECT_FALSE(haibowan.change_i_iii_pp());
  const Table t = water_assess_document(r, Lang::en).parts.at(0).second;
  EXPECT_EQ(std::get<std::string>(t.rows[2][column(t, "complete")].value), "no");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[2][column(t, "share_i_iii_pct")].value));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[2][column(t, "status")].value));
  // The sections carry their county.
  const auto sections = assess("section");
  EXPECT_EQ(sections.sections[0].county_code, "150122");
}

TEST(WaterClassifyRun, ClassesEverySampleOfTheFiles) {
  test::TempPath p("samples.csv");
  const std::string dir = std::filesystem::path(p.str()).parent_path().string();
  // A: NH3N "<0.2" as 0.1 (I), DO 8 (I), TP 0.15 (river III). B (lake): NH3N 0.3 (II), TP 0.03 (lake III).
  const std::string path = test::write_text(dir, "samples.csv",
                                            "section,time,waterbody,NH3N,DO,TP\n"
                                            "A,2024-05-01,river,<0.2,8,0.15\n"
                                            "B,2024-05-01,lake,0.3,8,0.03\n");
  WaterClassifyRequest req;
  req.files.push_back(water_sample_file(path, io::BelowDetection::half_limit));
  const Document note = water_sample_file_document(req.files[0], io::BelowDetection::half_limit, Lang::en);
  ASSERT_EQ(note.notes.size(), 1u);
  EXPECT_NE(note.notes[0].find("1 values below the detection limit taken as (half), 0 not detected"),
            std::string::npos);
  EXPECT_TRUE(note.parts.empty());

  auto r = run_water_classify(req);
  EXPECT_EQ(r.items, (std::vector<std::string>{"DO", "NH3N", "TP"}));  // GB 3838 table order
  ASSERT_EQ(r.samples.size(), 2u);
  EXPECT_EQ(r.samples[0].result.cls, 3);
  EXPECT_EQ(r.samples[0].result.controlling, std::vector<std::string>{"TP"});
  EXPECT_NEAR(r.samples[0].cwqi, 0.1 / 1.0 + 5.0 / 8 + 0.15 / 0.2, 1e-12);
  EXPECT_EQ(r.samples[0].items, 3u);
  EXPECT_EQ(r.samples[1].waterbody, standards::Waterbody::lake);
  EXPECT_EQ(r.samples[1].result.cls, 3);
  ASSERT_TRUE(r.samples[1].trophic);  // TP alone: TLI(TP) = 10 (9.436 + 1.624 ln TP)
  EXPECT_NEAR(r.samples[1].trophic->tli_sum, 10 * (9.436 + 1.624 * std::log(0.03)), 1e-9);
  EXPECT_FALSE(r.samples[0].trophic);  // rivers have none
  const Document doc = water_classify_document(r, Lang::en);
  const Table& t = doc.parts.at(0).second;
  EXPECT_EQ(t.columns.size(), 13u + 3u);
  EXPECT_EQ(std::get<std::string>(t.rows[0][3].value), "III");

  // Forced to river, B's TP 0.03 is class II; with NH3N II the sample is II.
  req.waterbody = standards::Waterbody::river;
  r = run_water_classify(req);
  EXPECT_EQ(r.samples[1].result.cls, 2);

  // No waterbody column and none given: refused.
  WaterClassifyRequest unknown;
  unknown.files.push_back(water_sample_file(test::write_text(dir, "nowb.csv", "section,time,NH3N\nC,2024-05-01,0.3\n"),
                                            io::BelowDetection::half_limit));
  EXPECT_THROW(run_water_classify(unknown), InputError);
  EXPECT_THROW(water_sample_file(test::write_text(dir, "bad.csv", "section,time,NH3N\nC,not-a-time,0.3\n"),
                                 io::BelowDetection::half_limit),
               InputError);
}

}  // namespace
}  // namespace eb::app::runs
