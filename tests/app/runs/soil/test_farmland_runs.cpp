// The farmland runs in-process on the real leagues, banners and counties: plot and sample imports, the assessment
// per league and region with exact areas (micro-mu) and the safe-use rate worked out by hand, and the derived
// indicators with their provenance.
#include <gtest/gtest.h>

#include "app/runs/project/project_import.hpp"
#include "app/runs/soil/farmland.hpp"
#include "app/runs/soil/farmland_classify.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"

namespace eb::app::runs {
namespace {

constexpr std::int64_t kMicro = 1'000'000;  // micro-mu per mu

// Q1 lies in 150102 (a district of Hohhot): it counts for Hohhot 150100 at level 2. 2 ha = 30 mu.
constexpr const char* kPlots =
    "code,name,unit_code,land_use,area,area_unit\n"
    "Q1,one,150102,paddy,120,mu\n"
    "Q2,two,150100,other,2,ha\n"
    "Q3,three,150200,other,60,mu\n";
// Q1: paddy pH 7.0 (band 6.5-7.5): Cd 0.6 is at the screening value, Pb 141 > 140 -> safe use.
// Q2: Cd 3.1 > 3.0 (control at pH 7.0) -> strict control. Q3: priority protection.
constexpr const char* kSamples =
    "sample,plot,date,pH,land_use,Cd,Pb\n"
    "A1,Q1,2024-05-01,7.0,paddy,0.6,141\n"
    "A2,Q2,2024-05-01,7.0,other,3.1,20\n"
    "A3,Q3,2024-05-01,8.2,other,0.1,20\n";
// Hohhot: 100 mu of safe-use measures (of 120), 40 mu of strict control (capped at 30).
constexpr const char* kMeasures =
    "code,name,type,unit_code,year,planned,planned_unit,completed,completed_unit\n"
    "F1,su,farmland_safe_use,150100,2024,100,mu,100,mu\n"
    "F2,sc,farmland_strict_control,150102,2024,40,mu,40,mu\n";

class FarmlandRuns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = new test::UnitWorkspace(/*counties=*/true);
    run_soil_plot_import({ws_->path(), ws_->write("plots.csv", kPlots)}, RunEnv{});
    run_soil_sample_import({ws_->path(), ws_->write("samples.csv", kSamples)}, RunEnv{});
    run_project_import({ws_->path(), ws_->write("measures.csv", kMeasures), ""}, RunEnv{});
  }
  static void TearDownTestSuite() {
    delete ws_;
    ws_ = nullptr;
  }
  static test::UnitWorkspace* ws_;
};
test::UnitWorkspace* FarmlandRuns::ws_ = nullptr;

const SoilUnitFigures& unit(const SoilAssessResult& r, const std::string& code) {
  for (const auto& u : r.units)
    if (u.unit_code == code) return u;
  throw std::out_of_range(code);
}

TEST_F(FarmlandRuns, LeaguesWithExactAreasAndTheRate) {
  const auto r = run_soil_assess({ws_->path(), 2024, 2});
  EXPECT_EQ(r.units.size(), 12u);
  const auto& h = unit(r, "150100");
  EXPECT_EQ(h.plots, 2);
  EXPECT_EQ(h.safe_use.micro_mu, 120 * kMicro);
  EXPECT_EQ(h.strict_control.micro_mu, 30 * kMicro);
  EXPECT_EQ(h.safe_use_counted.micro_mu, 100 * kMicro);
  EXPECT_EQ(h.strict_control_measures.micro_mu, 40 * kMicro);
  EXPECT_EQ(h.strict_control_counted.micro_mu, 30 * kMicro);
  ASSERT_TRUE(h.safe_use_rate_pct);
  EXPECT_DOUBLE_EQ(*h.safe_use_rate_pct, 100.0 * 130 / 150);
  const auto& b = unit(r, "150200");
  EXPECT_EQ(b.priority.micro_mu, 60 * kMicro);
  EXPECT_FALSE(b.safe_use_rate_pct);
  EXPECT_TRUE(r.outside_units.empty());
  const auto region = run_soil_assess({ws_->path(), 2024, 1});
  ASSERT_EQ(region.units.size(), 1u);
  EXPECT_EQ(region.units[0].plots, 3);
  EXPECT_DOUBLE_EQ(*region.units[0].safe_use_rate_pct, 100.0 * 130 / 150);
  // No sample in 2023: every plot is listed and no unit has a rate.
  const auto before = run_soil_assess({ws_->path(), 2023, 2});
  EXPECT_EQ(before.without_samples.size(), 3u);
  EXPECT_EQ(unit(before, "150100").unassessed.micro_mu, 150 * kMicro);
  EXPECT_THROW(run_soil_assess({ws_->path(), 2024, 3}), UsageError);
}

TEST_F(FarmlandRuns, DerivedIndicatorsCarryTheirProvenance) {
  const auto values = derive_soil_farmland_indicators(ws_->path(), 2024, 2);
  const store::IndicatorValue* rate = nullptr;
  int hohhot = 0;
  for (const auto& v : values) {
    if (v.unit_code == "150100") ++hohhot;
    if (v.indicator == "soil.farmland_safe_use_pct" && v.unit_code == "150100") rate = &v;
    EXPECT_EQ(v.year, 2024);
    EXPECT_NE(v.source.find("GB 15618-2018"), std::string::npos);
  }
  EXPECT_EQ(hohhot, 4);  // rate and three areas
  ASSERT_NE(rate, nullptr);
  EXPECT_DOUBLE_EQ(rate->value, 100.0 * 130 / 150);
  EXPECT_NE(rate->source.find("(100.00 + 30.00) / (120.00 + 30.00) mu"), std::string::npos);
  for (const auto& v : values) EXPECT_FALSE(v.indicator == "soil.farmland_safe_use_pct" && v.unit_code == "150200");
}

TEST_F(FarmlandRuns, PlotsAndStoredSamples) {
  const auto plots = run_soil_plot_list({ws_->path(), 2024});
  ASSERT_EQ(plots.plots.size(), 3u);
  EXPECT_EQ(plots.plots[0].code, "Q1");
  EXPECT_EQ(plots.plots[0].category, standards::FarmlandCategory::safe_use);
  EXPECT_EQ(plots.plots[0].controlling, (std::vector<std::string>{"Pb"}));
  EXPECT_DOUBLE_EQ(*plots.plots[0].max_screening_ratio, 141.0 / 140);
  EXPECT_DOUBLE_EQ(plots.plots[1].area_mu, 30.0);
  EXPECT_EQ(run_soil_plot_list({ws_->path(), 2023}).plots[2].category, standards::FarmlandCategory::none);
  const auto stored = run_soil_sample_list({ws_->path(), 2024});
  ASSERT_EQ(stored.samples.size(), 3u);
  EXPECT_EQ(stored.samples[0].use, standards::FarmlandUse::paddy);  // the plot's land use
  EXPECT_EQ(stored.samples[1].result.category, standards::FarmlandCategory::strict_control);
}

TEST_F(FarmlandRuns, ClassifyDocumentColumns) {
  SoilClassifyRequest req;
  req.files.push_back(soil_sample_file(ws_->write("c.csv", kSamples)));
  const auto r = run_soil_classify(req);
  ASSERT_EQ(r.samples.size(), 3u);
  EXPECT_EQ(r.samples[0].result.category, standards::FarmlandCategory::safe_use);
  EXPECT_EQ(r.samples[0].result.controlling, (std::vector<std::string>{"Pb"}));
  const auto doc = soil_classify_document(r, Lang::en);
  const Table& t = doc.parts.at(0).second;
  EXPECT_EQ(t.columns.at(1).key, "category");
  EXPECT_EQ(t.columns.at(3).key, "controlling_items");
  EXPECT_EQ(std::get<std::string>(t.rows.at(1).at(1).value), "strict_control");
}

}  // namespace
}  // namespace eb::app::runs
