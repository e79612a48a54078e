// The bulletin built in-process on a small air workspace (app/runs/support/air_workspace): its figures are the
// typed runs' fields, each in its own place (a figure taken from the wrong field or column fails here).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "app/report/build_bulletin.hpp"
#include "app/report/report_context.hpp"
#include "app/runs/air/assess_units.hpp"
#include "app/runs/air/dust.hpp"
#include "app/runs/project/project_import.hpp"
#include "app/runs/project/project_summary.hpp"
#include "app/runs/support/air_workspace.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "app/runs/water/sections.hpp"
#include "io/station_list.hpp"
#include "store/station_store.hpp"
#include "support/test_paths.hpp"

namespace eb::app {
namespace {

class BuildBulletinTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new test::TempPath("bulletin.gpkg");
    test::make_air_workspace(path_->str());
    BulletinRequest req;
    req.ws = path_->str();
    req.year = 2019;
    req.lang = Lang::en;
    docs_ = new BulletinDocuments(build_bulletin(req));
  }
  static void TearDownTestSuite() {
    delete docs_;
    delete path_;
  }
  // The units of a level assessed over 2019 as `air assess --period 2019` assesses them, with the rules used.
  static std::vector<runs::AirUnitAssessment> assess(const std::string& level, runs::AirRules& rules) {
    store::Workspace ws(path_->str(), store::Workspace::Open::existing);
    runs::AirAssessRequest req;
    req.period = *parse_period("2019");
    req.level = level;
    return runs::air_assess_units(ws, req, rules);
  }
  static test::TempPath* path_;
  static BulletinDocuments* docs_;
};
test::TempPath* BuildBulletinTest::path_ = nullptr;
BulletinDocuments* BuildBulletinTest::docs_ = nullptr;

// The cells of the Markdown table row that starts with `first` ("| Hohhot | 37.0*[^3] | ..."); empty when none.
std::vector<std::string> markdown_row(const std::string& md, const std::string& first) {
  std::istringstream in(md);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| " + first + " |", 0) != 0) continue;
    std::vector<std::string> cells;
    for (std::size_t at = 2; at < line.size();) {
      const std::size_t end = line.find(" |", at);
      cells.push_back(line.substr(at, end - at));
      at = end + 3;
    }
    return cells;
  }
  return {};
}

// "37.0*" as the bulletin writes a reported concentration (starred short of the capture rule), before its note.
std::string concentration(const engine::air::Statistic& s, int decimals) {
  return fmt::format("{:.{}f}", s.reported, decimals) + (s.valid ? "" : "*") + "[^";
}

TEST_F(BuildBulletinTest, CityRowShowsEachCitysAnnualMeansFromTheAirRun) {
  runs::AirRules rules{};
  const auto cities = assess("city", rules);
  ASSERT_EQ(cities.size(), 2u);
  const int decimals = rules.rules->decimals_ugm3;
  for (const auto& city : cities) {
    const auto* pm25 = city.statistic("PM2.5", "mean");
    const auto* pm10 = city.statistic("PM10", "mean");
    ASSERT_TRUE(pm25 && pm10 && engine::air::present(pm25->reported));
    ASSERT_NE(pm25->reported, pm10->reported);  // so that swapped columns show
    const auto row = markdown_row(docs_->markdown, city.name_en);
    ASSERT_EQ(row.size(), 7u) << city.name_en << " has no row in Table 1-1";
    EXPECT_EQ(row[1].rfind(concentration(*pm25, decimals), 0), 0u) << row[1];
    EXPECT_EQ(row[2].rfind(concentration(*pm10, decimals), 0), 0u) << row[2];
    EXPECT_EQ(row[6], fmt::format("{}/{}", city.assessment.days.valid, city.assessment.daily_aqi.aqi.size()));
  }
}

TEST_F(BuildBulletinTest, HeadlineIsTheRegionsAnnualMeanAndTheLowestAndHighestCities) {
  runs::AirRules rules{};
  const auto region = assess("region", rules);
  ASSERT_EQ(region.size(), 1u);
  const int decimals = rules.rules->decimals_ugm3;
  const auto* pm25 = region.front().statistic("PM2.5", "mean");
  ASSERT_TRUE(pm25 && engine::air::present(pm25->reported));
  const std::string& md = docs_->markdown;
  EXPECT_NE(md.find(fmt::format("the annual mean PM2.5 concentration of Inner Mongolia was **{:.{}f} µg/m³**[^",
                                pm25->reported, decimals)),
            std::string::npos);
  // The lowest and the highest city by their own PM2.5 means.
  runs::AirRules city_rules{};
  auto cities = assess("city", city_rules);
  std::sort(cities.begin(), cities.end(), [](const auto& a, const auto& b) {
    return a.statistic("PM2.5", "mean")->reported < b.statistic("PM2.5", "mean")->reported;
  });
  const auto mean = [&](const runs::AirUnitAssessment& u) {
    return fmt::format("{:.{}f} µg/m³", u.statistic("PM2.5", "mean")->reported, decimals);
  };
  EXPECT_NE(md.find(fmt::format("The lowest PM2.5 was in {} (**{}**[^", cities.front().name_en, mean(cities.front()))),
            std::string::npos);
  EXPECT_NE(md.find(fmt::format("the highest in {} (**{}**[^", cities.back().name_en, mean(cities.back()))),
            std::string::npos);
  // The HTML edition carries the same figure.
  EXPECT_NE(docs_->html.find(mean(cities.back())), std::string::npos);
}

// The restoration ledger: Hohhot's afforestation (a district's project rolled up, and one in ha) against its annual
// plan, Baotou's mine restoration, and new mining damage, which the bulletin leaves out of the restoration total.
class LedgerBulletinTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = new test::UnitWorkspace(/*counties=*/true);
    const std::string projects =
        ws_->write("projects.csv",
                   "code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit\n"
                   "P1,造林一,afforestation,150102,2023,100,mu,80,mu\n"
                   "P2,造林二,afforestation,150100,2023,10,ha,9.5,ha\n"
                   "P3,矿山一,mine_restoration,150200,2023,30,亩,20.5,亩\n"
                   "P4,损毁一,mining_damage,150200,2023,,,12.25,mu\n");
    runs::run_project_import({ws_->path(), projects, ""}, runs::RunEnv{});
    const std::string plans =
        ws_->write("plans.csv", "unit_code,year,type,planned,unit\n150100,2023,afforestation,300,mu\n");
    runs::run_project_plan_import({ws_->path(), plans}, runs::RunEnv{});
    BulletinRequest req;
    req.ws = ws_->path();
    req.year = 2023;
    req.lang = Lang::en;
    markdown_ = new std::string(build_bulletin(req).markdown);
  }
  static void TearDownTestSuite() {
    delete markdown_;
    delete ws_;
  }
  static runs::ProjectSummaryResult summary() {
    runs::ProjectSummaryRequest req;
    req.ws = ws_->path();
    req.year = 2023;
    req.level = 2;
    return runs::run_project_summary(req, runs::RunEnv{});
  }
  static test::UnitWorkspace* ws_;
  static std::string* markdown_;
};
test::UnitWorkspace* LedgerBulletinTest::ws_ = nullptr;
std::string* LedgerBulletinTest::markdown_ = nullptr;

TEST_F(LedgerBulletinTest, LeagueRowShowsTheCompletedAreaAndItsShareOfThePlan) {
  const auto ledger = summary();
  const runs::ProjectSummaryRow* hohhot = nullptr;
  for (const auto& row : ledger.rows)
    if (row.code == "150100" && row.type == "afforestation") hohhot = &row;
  ASSERT_TRUE(hohhot && hohhot->completion_pct && hohhot->against_plan());
  const auto row = markdown_row(*markdown_, "Hohhot");
  ASSERT_GE(row.size(), 3u) << *markdown_;
  // Table 4-2's first type is afforestation: completed mu, then the share of the annual plan.
  EXPECT_EQ(row[1], report::grouped(hohhot->completed.in(AreaUnit::mu)) + "[^1]");
  EXPECT_EQ(row[2], fmt::format("{:.1f}[^1]", *hohhot->completion_pct));
  EXPECT_EQ(row[2], "74.2[^1]");  // 222.5 of the 300 mu planned
}

TEST_F(LedgerBulletinTest, RestorationTotalLeavesMiningDamageOut) {
  double mu = 0;
  std::int64_t projects = 0;
  // The result held by name: a range-for over summary().totals() would iterate a destroyed temporary (found by
  // the ASan build).
  const auto result = summary();
  for (const auto* row : result.totals())
    if (row->type != "mining_damage") {
      mu += row->completed.in(AreaUnit::mu);
      projects += row->projects;
    }
  EXPECT_EQ(projects, 3);
  EXPECT_NE(markdown_->find(fmt::format("the ledger records **{}**[^1] projects with **{} mu**[^1]", projects,
                                        report::grouped(mu))),
            std::string::npos)
      << *markdown_;
}

// Water whose membership changes: A3 added in 2024, B1 (the only section of Wuhai's 海勃湾区) without 2024 samples, C1
// (市控) with 2024 samples but no class. Classes by NH3N with DO 8: A1 I/I, A2 V -> III, A3 worse than V, B1 III
// (2023), C1 IV (2023).
class WaterBulletinTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = new test::UnitWorkspace(/*counties=*/true);
    const std::string sections = ws_->write("sections.csv",
                                            "code,name,waterbody,lon,lat,river,basin,control_level\n"
                                            "A1,甲一,river,111.45,40.28,甲河,黄河,国控\n"
                                            "A2,甲二,river,111.45,40.28,甲河,黄河,省控\n"
                                            "A3,甲三,river,111.07,40.27,甲河,黄河,国考\n"
                                            "B1,乙一,river,106.80,39.68,乙河,黄河,national\n"
                                            "C1,丙一,river,109.80,40.52,丙河,黄河,市控\n");
    runs::run_water_section_import({ws_->path(), {sections}});
    const std::string samples =
        ws_->write("samples.csv",
                   "section,time,parameter,value\n"
                   "A1,2023-05-01,NH3N,0.1\nA1,2023-05-01,DO,8\nA1,2024-05-01,NH3N,0.1\nA1,2024-05-01,DO,8\n"
                   "A2,2023-05-01,NH3N,1.8\nA2,2023-05-01,DO,8\nA2,2024-05-01,NH3N,0.6\nA2,2024-05-01,DO,8\n"
                   "A3,2024-05-01,NH3N,2.5\nA3,2024-05-01,DO,8\nB1,2023-05-01,NH3N,0.6\nB1,2023-05-01,DO,8\n"
                   "C1,2023-05-01,NH3N,1.2\nC1,2023-05-01,DO,8\nC1,2024-05-01,chla,12\n");
    store::Workspace ws(ws_->path(), store::Workspace::Open::existing);
    test::import_observation_file(ws, samples, io::ObservationLayout::water_samples);
    BulletinRequest req;
    req.ws = ws_->path();
    req.year = 2024;
    req.lang = Lang::en;
    markdown_ = new std::string(build_bulletin(req).markdown);
  }
  static void TearDownTestSuite() {
    delete markdown_;
    delete ws_;
  }
  static bool has(const std::string& text) { return markdown_->find(text) != std::string::npos; }
  static test::UnitWorkspace* ws_;
  static std::string* markdown_;
};
test::UnitWorkspace* WaterBulletinTest::ws_ = nullptr;
std::string* WaterBulletinTest::markdown_ = nullptr;

TEST_F(WaterBulletinTest, RegionParagraphNamesTheMissingSectionsAndComparesLikeForLike) {
  EXPECT_TRUE(has("surface-water sections were assessed (3 of 5 sections had a class; missing: B1, C1): **66.7%**"))
      << *markdown_;
  // A1, A2: I and III in 2024 (100 %) against I and V in 2023 (50 %), not the plain 66.7 - 50.
  EXPECT_TRUE(
      has("3 sections had a class in 2024 and 4 in 2023, not the same ones; on the 2 sections with a class "
          "in both years, the share in classes I–III was **50.0 percentage points**"))
      << *markdown_;
  // The national set: A1, A3 with a class (B1 missing); compared on A1 alone.
  EXPECT_TRUE(has("The national-assessment (国考) set: **2**")) << *markdown_;
  EXPECT_TRUE(has("(2 of 3 sections had a class; missing: B1), **50.0%**")) << *markdown_;
  EXPECT_TRUE(has("on the 1 section with a class in both years, the share in classes I–III was **0.0 percentage"))
      << *markdown_;
}

TEST_F(WaterBulletinTest, TablesMarkIncompleteGroupsAndListCountiesWithSections) {
  const auto hohhot = markdown_row(*markdown_, "Hohhot");
  ASSERT_GE(hohhot.size(), 5u) << *markdown_;
  EXPECT_EQ(hohhot[2].substr(0, hohhot[2].find('[')), "3/3");
  const auto wuhai = markdown_row(*markdown_, "Wuhai");
  ASSERT_GE(wuhai.size(), 5u) << *markdown_;
  EXPECT_EQ(wuhai[2].substr(0, wuhai[2].find('[')), "0/1 (incomplete)");  // B1 has no 2024 samples
  EXPECT_EQ(wuhai[3].substr(0, wuhai[3].find('[')), "–");
  const auto haibowan = markdown_row(*markdown_, "海勃湾区");
  ASSERT_GE(haibowan.size(), 4u) << *markdown_;
  EXPECT_EQ(haibowan[1], "Wuhai");
  EXPECT_EQ(haibowan[3].substr(0, haibowan[3].find('[')), "0/1 (incomplete)");
  EXPECT_FALSE(markdown_row(*markdown_, "托克托县").empty());
  EXPECT_TRUE(markdown_row(*markdown_, "新城区").empty());  // a county without sections is left out
}

// Air by banner/county, dust deduction and the hollow map: three stations in two counties of Hohhot (赛罕区 has
// 1001A, 玉泉区 1003A) and one in Baotou (2001A, 昆都仑区) over 2019-01-01..03; 1003A reports on day 1 only. Baotou has
// a sand/dust-affected day 2 (PM2.5 200, PM10 600) imported with `air dust import`.
class AirCountyBulletinTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = new test::UnitWorkspace(/*counties=*/true);
    store::Workspace ws(ws_->path(), store::Workspace::Open::existing);
    store::import_stations(ws,
                           io::read_station_list("code,name,city,lon,lat\n"
                                                 "1001A,站甲,呼和浩特,111.70,40.82\n"
                                                 "1003A,站戊,呼和浩特,111.66,40.80\n"
                                                 "2001A,站丙,包头,109.84,40.66\n",
                                                 "stations.csv"),
                           "air");
    std::string rows;
    for (int day = 1; day <= 3; ++day)
      for (int hour = 0; hour < 24; ++hour)
        for (const char* p : {"PM2.5", "PM10", "SO2", "NO2", "CO", "O3"}) {
          const std::string q = p;
          const auto value = [&](const std::string& st) -> std::string {
            if (st == "1003A" && day > 1) return "";
            if (st == "2001A" && day == 2 && q == "PM2.5") return "200";
            if (st == "2001A" && day == 2 && q == "PM10") return "600";
            if (q == "PM2.5") return st == "2001A" ? "20" : "30";
            if (q == "PM10") return "60";
            if (q == "CO") return "1.0";
            return q == "O3" ? "80" : "20";
          };
          rows +=
              fmt::format("2019010{},{},{},{},{},{}\n", day, hour, p, value("1001A"), value("1003A"), value("2001A"));
        }
    test::import_observation_file(ws, ws_->write("hours.csv", test::cnemc_wide_text("1001A,1003A,2001A", rows)),
                                  io::ObservationLayout::cnemc_wide);
    runs::run_air_dust_import(
        {ws_->path(), ws_->write("dust.csv", "unit,start,end,source,note\n150200,2019-01-02,2019-01-02,监测中心,\n")},
        runs::RunEnv{});
    BulletinRequest req;
    req.ws = ws_->path();
    req.year = 2019;
    req.lang = Lang::en;
    docs_ = new BulletinDocuments(build_bulletin(req));
  }
  static void TearDownTestSuite() {
    delete docs_;
    delete ws_;
  }
  static std::vector<runs::AirUnitAssessment> assess(const std::string& level, runs::AirDust dust) {
    store::Workspace ws(ws_->path(), store::Workspace::Open::existing);
    runs::AirAssessRequest req;
    req.period = *parse_period("2019");
    req.level = level;
    req.dust = dust;
    runs::AirRules rules{};
    return runs::air_assess_units(ws, req, rules);
  }
  static std::string cell(const std::string& c) { return c.substr(0, c.find("[^")); }
  static test::UnitWorkspace* ws_;
  static BulletinDocuments* docs_;
};
test::UnitWorkspace* AirCountyBulletinTest::ws_ = nullptr;
BulletinDocuments* AirCountyBulletinTest::docs_ = nullptr;

TEST_F(AirCountyBulletinTest, CountyTableShowsTheCountyRunWithItsMembership) {
  const auto counties = assess("county", runs::AirDust::raw);
  ASSERT_EQ(counties.size(), 3u);  // 赛罕区, 玉泉区 and 昆都仑区
  const std::string& md = docs_->markdown;
  EXPECT_NE(md.find("Table 1-3. Air quality of the banners and counties, 2019"), std::string::npos) << md;
  for (const auto& c : counties) {
    const auto row = markdown_row(md, c.name(Lang::en));
    ASSERT_EQ(row.size(), 7u) << c.code << " has no row in Table 1-3\n" << md;
    const auto* pm25 = c.statistic("PM2.5", "mean");
    ASSERT_TRUE(pm25 && engine::air::present(pm25->reported));
    EXPECT_EQ(row[2].rfind(concentration(*pm25, 0), 0), 0u) << row[2];
    const auto& m = c.membership;
    // A whole year of three days is no year: every station short of the capture rule, every county incomplete.
    EXPECT_EQ(cell(row[6]), fmt::format("{}/{}/{} (incomplete)", m.expected.size(), m.present.size(), m.valid.size()));
  }
  const auto saihan = markdown_row(md, "赛罕区");
  ASSERT_EQ(saihan.size(), 7u);
  EXPECT_EQ(saihan[1], "Hohhot");
  EXPECT_EQ(cell(saihan[2]), "30*");
  EXPECT_EQ(saihan[5], "3/365");
  EXPECT_EQ(cell(saihan[6]), "1/1/0 (incomplete)");
  const auto yuquan = markdown_row(md, "玉泉区");  // 1003A, day 1 only
  ASSERT_EQ(yuquan.size(), 7u);
  EXPECT_EQ(yuquan[5], "1/365");
}

TEST_F(AirCountyBulletinTest, MeasuredAndDustDeductedFiguresSideBySide) {
  const auto raw = assess("region", runs::AirDust::raw);
  const auto ded = assess("region", runs::AirDust::deducted);
  ASSERT_EQ(raw.size(), 1u);
  ASSERT_EQ(ded.size(), 1u);
  const std::string& md = docs_->markdown;
  EXPECT_NE(md.find("| Figure | Measured (dust not deducted) | Sand/dust deducted |"), std::string::npos) << md;
  const auto pm10 = markdown_row(md, "PM10 (µg/m³)");
  ASSERT_EQ(pm10.size(), 3u) << md;
  const auto* r10 = raw[0].statistic("PM10", "mean");
  const auto* d10 = ded[0].statistic("PM10", "mean");
  ASSERT_NE(r10->reported, d10->reported);  // Baotou's dust day moves the region's PM10
  EXPECT_EQ(pm10[1].rfind(concentration(*r10, 0), 0), 0u) << pm10[1];
  EXPECT_EQ(pm10[2].rfind(concentration(*d10, 0), 0), 0u) << pm10[2];
  const auto days = markdown_row(md, "Dust-affected city-days (PM deducted)");
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[1], "1");
  EXPECT_EQ(days[2], "1 (1)");
  EXPECT_NE(md.find("Sand/dust-affected periods (环办监测〔2016〕120号): 1 periods in 1 units"), std::string::npos);
  EXPECT_NE(md.find("These are measured figures, sand/dust not deducted"), std::string::npos);
  // The deducted figures' note names the command that gives them.
  EXPECT_NE(md.find("--period 2019 --level region --dust deducted"), std::string::npos);
}

TEST_F(AirCountyBulletinTest, PartYearCitiesAreHollowOnTheMapAsOnTheDashboard) {
  const auto cities = assess("city", runs::AirDust::raw);
  std::size_t partial = 0;
  for (const auto& c : cities) partial += !c.statistic("PM2.5", "mean")->valid;
  ASSERT_EQ(partial, cities.size());
  const std::string& html = docs_->html;
  const auto map = html.find("Figure 1-2.");
  ASSERT_NE(map, std::string::npos);
  std::size_t hollow = 0;
  for (auto at = html.find("data-partial=\"yes\""); at != std::string::npos && at < map;
       at = html.find("data-partial=\"yes\"", at + 1))
    ++hollow;
  EXPECT_EQ(hollow, partial);
  // The legend's line, wrapped to the legend's width (one <text> per line).
  std::string legend_words;
  for (auto at = html.find("hollow (dashed outline):"); at != std::string::npos && at < html.size();) {
    const auto end = html.find("</text>", at);
    legend_words += html.substr(at, end - at) + " ";
    const auto next = html.find("<text", end);
    if (next == std::string::npos || next > end + 12 || legend_words.size() > 200) break;
    at = html.find('>', next) + 1;
  }
  EXPECT_NE(legend_words.find("hollow (dashed outline): part of the year only, for reference"), std::string::npos)
      << legend_words;
  EXPECT_NE(html.find("classes: GB 3095-2012 annual limits"), std::string::npos);
}

}  // namespace
}  // namespace eb::app
