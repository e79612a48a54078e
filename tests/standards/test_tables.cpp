// Every embedded standards table loads: a malformed or missing table fails here, in the build's tests, not at a
// user's first call. Each table is parsed as a table and then through the module that interprets it.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "standards/air_bundles.hpp"
#include "standards/aqi.hpp"
#include "standards/emission.hpp"
#include "standards/gb36600.hpp"
#include "standards/gb3838.hpp"
#include "standards/grade_scheme.hpp"
#include "standards/hj663.hpp"
#include "standards/ledger.hpp"
#include "standards/parameters.hpp"
#include "standards/patrol_rules.hpp"
#include "standards/rsei.hpp"
#include "standards/screening.hpp"
#include "standards/tables.hpp"
#include "support/test_paths.hpp"

namespace eb::standards {

TEST(Tables, EveryFileInDataStandardsIsEmbeddedAndRectangular) {
  std::set<std::string> seen;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("data/standards"))) {
    if (entry.path().extension() != ".csv") continue;
    const std::string name = entry.path().filename().string();
    seen.insert(name);
    EXPECT_NO_THROW({
      const DataTable& t = DataTable::get(name);
      EXPECT_FALSE(t.columns().empty()) << name;
      EXPECT_GT(t.size(), 0u) << name;
    }) << name;
  }
  EXPECT_GE(seen.size(), 20u);
}

TEST(Tables, EveryModuleInterpretsItsTables) {
  for (const auto& id : AqiEdition::ids()) EXPECT_NO_THROW(AqiEdition::get(id)) << id;
  EXPECT_NO_THROW(aqi_level(120));
  for (const auto& id : Gb3095::ids()) EXPECT_NO_THROW(Gb3095::get(id)) << id;
  EXPECT_NO_THROW(AssessmentRules::get("weighted"));
  EXPECT_NO_THROW(who2021_level("PM2.5", "annual_mean", 30));
  EXPECT_FALSE(water_items().empty());
  EXPECT_NO_THROW(water_status(3, true));
  EXPECT_NO_THROW(river_status({5, 3, 1, 0, 0, 0}));
  const ItemValue tli[] = {{"chla", 0.01}, {"TP", 0.05}, {"TN", 1.0}, {"SD", 1.0}, {"CODMn", 4.0}};
  EXPECT_TRUE(trophic_state(tli).has_value());
  EXPECT_NO_THROW(cwqi(tli, Waterbody::lake));
  for (const auto& id : grade_scheme_ids()) EXPECT_FALSE(grade_scheme(id).grades.empty()) << id;
  EXPECT_FALSE(project_types().empty());
  EXPECT_FALSE(parameters().empty());
  EXPECT_FALSE(air_bundles().empty());
  for (const auto& sensor : wetness_sensors()) EXPECT_NO_THROW(wetness_coefficients(sensor)) << sensor;
  EXPECT_FALSE(protected_kinds().empty());
  EXPECT_FALSE(zone_defs().empty());
  EXPECT_NO_THROW(ScreeningRules::defaults());
  EXPECT_NO_THROW(patrol_rule("river_lake", 2));
  EXPECT_FALSE(EmissionStandards::builtin().rows().empty());
  EXPECT_FALSE(hj212_codes().empty());
  EXPECT_EQ(hj212_flag_use('N'), FlagUse::valid);
  EXPECT_FALSE(construction_land_items().empty());
  EXPECT_FALSE(planned_uses().empty());
  EXPECT_FALSE(construction_safe_use_rules().definition.empty());
}

TEST(AirBundles, NamesAndAliasesSelectTheirEditions) {
  const AirBundle* b = find_air_bundle("2026");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->limits, "gb3095-2026-transition");
  EXPECT_EQ(find_air_bundle("hj633-2012")->name, "2012");
  EXPECT_EQ(find_air_bundle("2026-final")->limits, "gb3095-2026-final");
  EXPECT_EQ(find_air_bundle("2030"), nullptr);
  EXPECT_EQ(air_bundle_names(), (std::vector<std::string>{"2012", "2026", "2026-final"}));
}

}  // namespace eb::standards
