#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "core/error.hpp"
#include "standards/emission.hpp"

namespace eb::standards {

namespace {
const EmissionStandards& table() { return EmissionStandards::builtin(); }

// The limit's maximum, or -1 when nothing is in force.
double high(std::string_view standard, std::string_view category, std::string_view pollutant, CivilDate day,
            bool special = false) {
  const auto l = table().limit(standard, category, pollutant, day, special);
  return l ? l->high : -1;
}

double ref_o2(std::string_view standard, std::string_view category, std::string_view pollutant) {
  const auto l = table().limit(standard, category, pollutant, {2020, 1, 1});
  return l && l->ref_o2 ? *l->ref_o2 : -1;
}

constexpr CivilDate k2020{2020, 6, 1};
}  // namespace

// ---- conversion to reference oxygen: hand-computed vectors ----

TEST(EmissionO2, ConvertsAsTheStandardsPrescribe) {
  EXPECT_DOUBLE_EQ(to_reference_o2(100, 9, 6), 125.0);                     // 100 x 15 / 12
  EXPECT_NEAR(to_reference_o2(50, 3, 6), 41.666666666666667, 1e-12);       // 50 x 15 / 18
  EXPECT_NEAR(to_reference_o2(80, 12, 9), 106.66666666666667, 1e-12);      // 80 x 12 / 9
  EXPECT_DOUBLE_EQ(to_reference_o2(40, 15, 15), 40.0);                     // at the reference: unchanged
  EXPECT_DOUBLE_EQ(to_reference_o2(30, 16, 15), 36.0);                     // 30 x 6 / 5 (gas turbine)
  EXPECT_NEAR(to_reference_o2(35, 10.5, 3.5), 58.333333333333333, 1e-12);  // 35 x 17.5 / 10.5
  EXPECT_DOUBLE_EQ(to_reference_o2(0, 8, 6), 0.0);
}

TEST(EmissionO2, UndefinedWhenOxygenIsMissingOrAtLeastAir) {
  const double nan = std::nan("");
  EXPECT_TRUE(std::isnan(to_reference_o2(100, 21, 6)));
  EXPECT_TRUE(std::isnan(to_reference_o2(100, 25, 6)));
  EXPECT_TRUE(std::isnan(to_reference_o2(100, nan, 6)));
  EXPECT_TRUE(std::isnan(to_reference_o2(100, -1, 6)));
  EXPECT_TRUE(std::isnan(to_reference_o2(nan, 9, 6)));
  EXPECT_TRUE(std::isnan(to_reference_o2(100, 9, 21)));
  EXPECT_FALSE(std::isnan(to_reference_o2(100, 20.9, 6)));  // 100 x 15 / 0.1 = 15000: large but defined
  EXPECT_NEAR(to_reference_o2(100, 20.9, 6), 15000.0, 1e-6);
}

TEST(EmissionO2, ExcessAirFormAgreesWithTheOxygenForm) {
  EXPECT_DOUBLE_EQ(excess_air_coefficient(9), 1.75);  // 21 / 12
  EXPECT_DOUBLE_EQ(excess_air_coefficient(3.5), 1.2);
  EXPECT_DOUBLE_EQ(excess_air_coefficient(0), 1.0);
  EXPECT_TRUE(std::isnan(excess_air_coefficient(21)));
  EXPECT_TRUE(std::isnan(excess_air_coefficient(std::nan(""))));
  // GB 13271-2001 coal: alpha_ref 1.8, i.e. O2_ref = 21 - 21 / 1.8 = 9.333... %.
  EXPECT_NEAR(to_reference_excess_air(100, 1.75, 1.8), 97.222222222222222, 1e-12);
  EXPECT_NEAR(to_reference_excess_air(100, excess_air_coefficient(9), 1.8), to_reference_o2(100, 9, 21.0 - 21.0 / 1.8),
              1e-9);
  EXPECT_TRUE(std::isnan(to_reference_excess_air(100, 0.5, 1.8)));
}

// ---- lookups: every standard's representative rows against the published values ----

TEST(EmissionLimits, Gb13223ThermalPower) {
  const std::string s = "gb13223-2011";
  EXPECT_EQ(high(s, "coal_boiler_new", "a34013", k2020), 30);
  EXPECT_EQ(high(s, "coal_boiler_new", "a21026", k2020), 100);
  EXPECT_EQ(high(s, "coal_boiler_new", "a21002", k2020), 100);
  EXPECT_EQ(high(s, "coal_boiler_new", "a20057", k2020), 0.03);
  EXPECT_EQ(high(s, "coal_boiler_existing", "a21026", k2020), 200);
  EXPECT_EQ(high(s, "coal_boiler_existing_sw", "a21026", k2020), 400);
  EXPECT_EQ(high(s, "coal_boiler_new_sw", "a21026", k2020), 200);
  EXPECT_EQ(high(s, "coal_boiler_existing_nox200", "a21002", k2020), 200);
  EXPECT_EQ(high(s, "oil_boiler_existing", "a21002", k2020), 200);
  EXPECT_EQ(high(s, "oil_turbine_new", "a21002", k2020), 120);
  EXPECT_EQ(high(s, "natgas_boiler_new", "a34013", k2020), 5);
  EXPECT_EQ(high(s, "natgas_boiler_new", "a21026", k2020), 35);
  EXPECT_EQ(high(s, "natgas_boiler_new", "a21002", k2020), 100);
  EXPECT_EQ(high(s, "othergas_boiler_existing", "a21002", k2020), 200);
  EXPECT_EQ(high(s, "natgas_turbine_new", "a21002", k2020), 50);
  EXPECT_EQ(high(s, "othergas_turbine_new", "a21002", k2020), 120);
  EXPECT_EQ(high(s, "othergas_turbine_new", "a34013", k2020), 10);
  // Reference oxygen: coal 6 %, oil and gas boilers 3 %, gas turbines 15 %.
  EXPECT_EQ(ref_o2(s, "coal_boiler_new", "a21026"), 6);
  EXPECT_EQ(ref_o2(s, "oil_boiler_new", "a21026"), 3);
  EXPECT_EQ(ref_o2(s, "natgas_boiler_existing", "a21002"), 3);
  EXPECT_EQ(ref_o2(s, "natgas_turbine_existing", "a21002"), 15);
  EXPECT_EQ(ref_o2(s, "oil_turbine_existing", "a21002"), 15);
  // Special emission limits (Table 2).
  EXPECT_EQ(high(s, "coal_boiler_existing", "a34013", k2020, true), 20);
  EXPECT_EQ(high(s, "coal_boiler_existing", "a21026", k2020, true), 50);
  EXPECT_EQ(high(s, "coal_boiler_existing", "a21002", k2020, true), 100);
  EXPECT_EQ(high(s, "coal_boiler_existing_sw", "a21026", k2020, true), 50);
  EXPECT_EQ(high(s, "natgas_turbine_new", "a21002", k2020, true), 50);
  EXPECT_EQ(high(s, "oil_turbine_new", "a21002", k2020, true), 120);
  const auto sp = table().limit(s, "coal_boiler_new", "a21026", k2020, true);
  ASSERT_TRUE(sp);
  EXPECT_TRUE(sp->special);
  EXPECT_FALSE(table().limit(s, "coal_boiler_new", "a21026", k2020, false)->special);
}

TEST(EmissionLimits, Gb13223Dates) {
  const std::string s = "gb13223-2011";
  // Existing units from 2014-07-01; new units from 2012-01-01; mercury from 2015-01-01.
  EXPECT_EQ(high(s, "coal_boiler_existing", "a21026", {2014, 6, 30}), -1);
  EXPECT_EQ(high(s, "coal_boiler_existing", "a21026", {2014, 7, 1}), 200);
  EXPECT_EQ(high(s, "coal_boiler_new", "a21026", {2011, 12, 31}), -1);
  EXPECT_EQ(high(s, "coal_boiler_new", "a21026", {2012, 1, 1}), 100);
  EXPECT_EQ(high(s, "coal_boiler_existing", "a20057", {2014, 12, 31}), -1);
  EXPECT_EQ(high(s, "coal_boiler_existing", "a20057", {2015, 1, 1}), 0.03);
}

TEST(EmissionLimits, Gb13271Boilers) {
  const std::string s = "gb13271-2014";
  EXPECT_EQ(high(s, "coal_boiler_new", "a34013", k2020), 50);
  EXPECT_EQ(high(s, "coal_boiler_new", "a21026", k2020), 300);
  EXPECT_EQ(high(s, "coal_boiler_new", "a21002", k2020), 300);
  EXPECT_EQ(high(s, "coal_boiler_new", "a20057", k2020), 0.05);
  EXPECT_EQ(high(s, "oil_boiler_new", "a21002", k2020), 250);
  EXPECT_EQ(high(s, "gas_boiler_new", "a34013", k2020), 20);
  EXPECT_EQ(high(s, "gas_boiler_new", "a21026", k2020), 50);
  EXPECT_EQ(high(s, "gas_boiler_new", "a21002", k2020), 200);
  EXPECT_EQ(high(s, "coal_boiler_existing_large", "a34013", k2020), 80);
  EXPECT_EQ(high(s, "coal_boiler_existing_large", "a21026", k2020), 400);
  EXPECT_EQ(high(s, "coal_boiler_existing_large_sw", "a21026", k2020), 550);
  EXPECT_EQ(high(s, "oil_boiler_existing_small", "a34013", k2020), 60);
  EXPECT_EQ(high(s, "gas_boiler_existing_small", "a34013", k2020), 30);
  EXPECT_EQ(high(s, "gas_boiler_existing_small", "a21002", k2020), 400);
  // Special limits (Table 3).
  EXPECT_EQ(high(s, "coal_boiler_new", "a34013", k2020, true), 30);
  EXPECT_EQ(high(s, "coal_boiler_new", "a21026", k2020, true), 200);
  EXPECT_EQ(high(s, "coal_boiler_existing_large_sw", "a21026", k2020, true), 200);
  EXPECT_EQ(high(s, "oil_boiler_new", "a21026", k2020, true), 100);
  EXPECT_EQ(high(s, "gas_boiler_new", "a21002", k2020, true), 150);
  // Reference oxygen: coal 9 %, oil and gas 3.5 %.
  EXPECT_EQ(ref_o2(s, "coal_boiler_new", "a21026"), 9);
  EXPECT_EQ(ref_o2(s, "gas_boiler_existing_large", "a21002"), 3.5);
  EXPECT_EQ(ref_o2(s, "oil_boiler_new", "a34013"), 3.5);
  // Dates: new from 2014-07-01; in use > 10 t/h from 2015-10-01; <= 10 t/h from 2016-07-01.
  EXPECT_EQ(high(s, "coal_boiler_new", "a21026", {2014, 6, 30}), -1);
  EXPECT_EQ(high(s, "coal_boiler_new", "a21026", {2014, 7, 1}), 300);
  EXPECT_EQ(high(s, "coal_boiler_existing_large", "a21026", {2015, 9, 30}), -1);
  EXPECT_EQ(high(s, "coal_boiler_existing_large", "a21026", {2015, 10, 1}), 400);
  EXPECT_EQ(high(s, "coal_boiler_existing_small", "a21026", {2016, 6, 30}), -1);
  EXPECT_EQ(high(s, "coal_boiler_existing_small", "a21026", {2016, 7, 1}), 400);
}

TEST(EmissionLimits, UltraLow) {
  EXPECT_EQ(high("ule-2015", "coal_unit", "a34013", k2020), 10);
  EXPECT_EQ(high("ule-2015", "coal_unit", "a21026", k2020), 35);
  EXPECT_EQ(high("ule-2015", "coal_unit", "a21002", k2020), 50);
  EXPECT_EQ(ref_o2("ule-2015", "coal_unit", "a21002"), 6);
}

TEST(EmissionLimits, Gb16297AirPollutants) {
  const std::string s = "gb16297-1996";
  EXPECT_EQ(high(s, "general_new", "a21026", k2020), 550);
  EXPECT_EQ(high(s, "sulfur_production_new", "a21026", k2020), 960);
  EXPECT_EQ(high(s, "general_existing", "a21026", k2020), 700);
  EXPECT_EQ(high(s, "sulfur_production_existing", "a21026", k2020), 1200);
  EXPECT_EQ(high(s, "general_new", "a21002", k2020), 240);
  EXPECT_EQ(high(s, "nitric_production_new", "a21002", k2020), 1400);
  EXPECT_EQ(high(s, "general_existing", "a21002", k2020), 420);
  EXPECT_EQ(high(s, "general_new", "a34013", k2020), 120);
  EXPECT_EQ(high(s, "carbon_black_new", "a34013", k2020), 18);
  EXPECT_EQ(high(s, "mineral_fibre_existing", "a34013", k2020), 80);
  EXPECT_EQ(high(s, "general_new", "a21024", k2020), 100);
  EXPECT_EQ(high(s, "general_new", "a25002", k2020), 12);
  EXPECT_EQ(high(s, "general_new", "a25003", k2020), 40);
  EXPECT_EQ(high(s, "general_new", "a24088", k2020), 120);
  EXPECT_EQ(high(s, "general_existing", "a24046", k2020), 65);
  EXPECT_EQ(ref_o2(s, "general_new", "a21026"), -1);  // no reference oxygen
  // No special limits in GB 16297: asking for them gives the general limit.
  EXPECT_EQ(high(s, "general_new", "a21026", k2020, true), 550);
  EXPECT_EQ(high(s, "general_new", "a21026", {1996, 12, 31}), -1);
}

TEST(EmissionLimits, Gb8978Wastewater) {
  const std::string s = "gb8978-1996";
  EXPECT_EQ(high(s, "class1_new", "w01018", k2020), 100);
  EXPECT_EQ(high(s, "class2_new", "w01018", k2020), 150);
  EXPECT_EQ(high(s, "class3_new", "w01018", k2020), 500);
  EXPECT_EQ(high(s, "class1_new", "w01017", k2020), 20);
  EXPECT_EQ(high(s, "class1_existing", "w01017", k2020), 30);
  EXPECT_EQ(high(s, "class2_existing", "w01012", k2020), 200);
  EXPECT_EQ(high(s, "class2_new", "w01012", k2020), 150);
  EXPECT_EQ(high(s, "class1_new", "w21003", k2020), 15);
  EXPECT_EQ(high(s, "class2_new", "w21003", k2020), 25);
  EXPECT_EQ(high(s, "class3_new", "w21003", k2020), -1);  // no class 3 limit for NH3-N
  // pH 6~9: a range.
  const auto ph = table().limit(s, "class2_new", "w01001", k2020);
  ASSERT_TRUE(ph);
  ASSERT_TRUE(ph->low);
  EXPECT_EQ(*ph->low, 6);
  EXPECT_EQ(ph->high, 9);
  EXPECT_TRUE(ph->exceeded_by(5.9));
  EXPECT_TRUE(ph->exceeded_by(9.1));
  EXPECT_FALSE(ph->exceeded_by(6));
  EXPECT_FALSE(ph->exceeded_by(9));
  // First-category pollutants: the same in every class and period.
  EXPECT_EQ(high(s, "class3_new", "w20111", k2020), 0.05);
  EXPECT_EQ(high(s, "class1_existing", "w20117", k2020), 0.5);
  EXPECT_EQ(high(s, "class2_new", "w20116", k2020), 1.5);
  EXPECT_EQ(high(s, "class1_new", "w25043", k2020), 0.00003);
  const auto alkyl = table().limit(s, "class1_new", "w20113", k2020);
  ASSERT_TRUE(alkyl);
  EXPECT_TRUE(alkyl->exceeded_by(0.0001));  // not detected: any detection exceeds
  EXPECT_FALSE(alkyl->exceeded_by(0));
  EXPECT_FALSE(alkyl->ref_o2);
  EXPECT_EQ(high(s, "class1_new", "w01018", {1997, 12, 31}), -1);
}

TEST(EmissionLimits, SpellingsAndCodes) {
  EXPECT_EQ(high("GB 13223-2011", "coal_boiler_new", "a21026", k2020), 100);
  EXPECT_EQ(high("GB13223—2011", "coal_boiler_new", "a21026", k2020), 100);
  EXPECT_EQ(high("gb13223-2011", "coal_boiler_new", "02", k2020), 100);     // HJ 212-2005 code
  EXPECT_EQ(high("gb8978-1996", "class1_new", "011", k2020), 100);          // COD, 2005 code
  EXPECT_EQ(high("gb13223-2011", "coal_boiler_new", "a99999", k2020), -1);  // unknown code
  EXPECT_EQ(high("gb13223-2011", "no_such_category", "a21026", k2020), -1);
  EXPECT_EQ(EmissionStandards::normalize_standard("GB 13271–2014"), "gb13271-2014");
  EXPECT_TRUE(table().has_standard("GB 8978-1996"));
  EXPECT_FALSE(table().has_standard("GB 9999-2000"));
  EXPECT_TRUE(table().has_category("gb13271-2014", "gas_boiler_new"));
  EXPECT_FALSE(table().has_category("gb8978-1996", "*"));
}

TEST(EmissionLimits, OutletStandards) {
  const auto a = table().parse_outlet_standard("GB 13223-2011:coal_boiler_existing");
  EXPECT_EQ(a.standard, "gb13223-2011");
  EXPECT_EQ(a.category, "coal_boiler_existing");
  EXPECT_FALSE(a.special);
  const auto b = table().parse_outlet_standard(" gb13271-2014 : gas_boiler_new : special ");
  EXPECT_EQ(b.standard, "gb13271-2014");
  EXPECT_EQ(b.category, "gas_boiler_new");
  EXPECT_TRUE(b.special);
  EXPECT_EQ(table().parse_outlet_standard("ULE-2015").category, "coal_unit");  // its only category
  auto error = [](std::string_view text) {
    try {
      table().parse_outlet_standard(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error("GB 9999-2000:x").find("unknown emission standard 'GB 9999-2000'"), std::string::npos);
  EXPECT_NE(error("gb13223-2011").find("needs a category"), std::string::npos);
  EXPECT_NE(error("gb13223-2011:coal").find("unknown category 'coal' of gb13223-2011 (known: coal_boiler_existing"),
            std::string::npos);
  EXPECT_NE(error("gb8978-1996:*").find("unknown category '*'"), std::string::npos);
  EXPECT_NE(error("gb8978-1996:class1_new:strict").find("expected STANDARD:CATEGORY"), std::string::npos);
}

TEST(EmissionLimits, TheBuiltinTableIsConsistent) {
  const std::set<std::string> expected = {"gb13223-2011", "gb13271-2014", "gb16297-1996", "gb8978-1996", "ule-2015"};
  const auto ids = table().standards();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected);
  for (const auto& r : table().rows()) {
    SCOPED_TRACE(r.standard + " " + r.category + " " + r.pollutant);
    EXPECT_FALSE(r.source.empty());
    EXPECT_NE(r.source.find('['), std::string::npos) << "every row carries a confidence tag";
    const Hj212Code* code = hj212_code(r.pollutant);
    ASSERT_NE(code, nullptr);
    if (code->medium == "water") {
      EXPECT_FALSE(r.ref_o2);
    }
    const bool turbine = r.category.find("turbine") != std::string::npos;
    const bool coal = r.category.rfind("coal", 0) == 0;
    if (r.standard == "gb13223-2011") {
      ASSERT_TRUE(r.ref_o2);
      EXPECT_EQ(*r.ref_o2, turbine ? 15 : coal ? 6 : 3);
    } else if (r.standard == "gb13271-2014") {
      ASSERT_TRUE(r.ref_o2);
      EXPECT_EQ(*r.ref_o2, coal ? 9 : 3.5);
    } else if (r.standard == "ule-2015") {
      ASSERT_TRUE(r.ref_o2);
      EXPECT_EQ(*r.ref_o2, 6);
    } else {
      EXPECT_FALSE(r.ref_o2);
    }
    // A special limit is never looser than the general limit of the same category.
    if (r.special) {
      const auto general = table().limit(r.standard, r.category, r.pollutant, {2030, 1, 1}, false);
      ASSERT_TRUE(general);
      EXPECT_LE(r.high, general->high);
    }
  }
}

// ---- validation of a table in the same format ----

namespace {
const char* kHeader = "standard,category,pollutant,limit_low,limit,unit,ref_o2,in_force_from,special,note,source\n";
std::string parse_error(const std::string& row) {
  try {
    EmissionStandards::parse(std::string(kHeader) + row, "limits.csv");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(EmissionLimits, ParseRejectsBadRows) {
  const std::string ok = "gb13223-2011,coal_boiler_new,a21026,,100,mg/m³,6,2012-01-01,no,,x [1]\n";
  EXPECT_EQ(parse_error(ok), "");
  EXPECT_EQ(EmissionStandards::parse(std::string(kHeader) + ok, "t").rows().size(), 1u);
  auto has = [](const std::string& msg, const std::string& part) {
    return msg.find(part) != std::string::npos ? testing::AssertionSuccess() : testing::AssertionFailure() << msg;
  };
  EXPECT_TRUE(has(parse_error("gb13223-2011,coal_boiler_new,zz999,,100,mg/m³,6,2012-01-01,no,,x\n"),
                  "limits.csv line 2, column pollutant"));
  EXPECT_TRUE(has(parse_error("gb13223-2011,coal_boiler_new,a21026,,-5,mg/m³,6,2012-01-01,no,,x\n"), "column limit:"));
  EXPECT_TRUE(has(parse_error("gb13223-2011,coal_boiler_new,a21026,,abc,mg/m³,6,2012-01-01,no,,x\n"), "column limit:"));
  EXPECT_TRUE(has(parse_error("gb8978-1996,c,w01001,10,9,,,1998-01-01,no,,x\n"), "column limit_low"));
  EXPECT_TRUE(
      has(parse_error("gb13223-2011,coal_boiler_new,a21026,,100,mg/m³,21,2012-01-01,no,,x\n"), "column ref_o2"));
  EXPECT_TRUE(has(parse_error("gb8978-1996,c,w01018,,100,mg/L,6,1998-01-01,no,,x\n"), "column ref_o2"));
  EXPECT_TRUE(has(parse_error("gb13223-2011,coal_boiler_new,a21026,,100,mg/L,6,2012-01-01,no,,x\n"), "column unit"));
  EXPECT_TRUE(
      has(parse_error("gb13223-2011,coal_boiler_new,a21026,,100,mg/m³,6,2012-02-30,no,,x\n"), "column in_force_from"));
  EXPECT_TRUE(
      has(parse_error("gb13223-2011,coal_boiler_new,a21026,,100,mg/m³,6,2012-01-01,maybe,,x\n"), "column special"));
  EXPECT_TRUE(has(parse_error(ok + ok), "line 3, column *: duplicate"));
  EXPECT_TRUE(has(parse_error("gb13223-2011,coal_boiler_new,a21026\n" + ok), "line 2, column *: expected 11 fields"));
  // A short last row reads as a truncated file: the CSV reader refuses it before the table parser sees it.
  EXPECT_THROW(EmissionStandards::parse(std::string(kHeader) + ok + "gb13223-2011,coal_boiler_new,a21026\n", "t.csv"),
               InputError);
  EXPECT_TRUE(has(parse_error(",coal_boiler_new,a21026,,100,mg/m³,6,2012-01-01,no,,x\n"), "column standard"));
  try {
    EmissionStandards::parse("standard,category\n", "t.csv");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_TRUE(has(e.what(), "t.csv line 1: missing column pollutant"));
  }
}

// ---- codes and flags ----

TEST(Hj212, CodesMapBothEditions) {
  ASSERT_NE(hj212_code("01"), nullptr);
  EXPECT_EQ(hj212_code("01")->code, "a34013");
  EXPECT_EQ(hj212_code("02")->code, "a21026");
  EXPECT_EQ(hj212_code("03")->code, "a21002");
  EXPECT_EQ(hj212_code("S01")->code, "a19001");
  EXPECT_EQ(hj212_code("011")->code, "w01018");
  EXPECT_EQ(hj212_code("060")->code, "w21003");
  EXPECT_EQ(hj212_code("001")->code, "w01001");
  EXPECT_EQ(hj212_code("a21026")->code_2005, "02");
  EXPECT_EQ(hj212_code("zz"), nullptr);
  EXPECT_EQ(hj212_code(""), nullptr);
  EXPECT_TRUE(hj212_code("a34013")->has_load());
  EXPECT_TRUE(hj212_code("w01018")->has_load());
  EXPECT_FALSE(hj212_code("a19001")->has_load());  // O2
  EXPECT_FALSE(hj212_code("w01001")->has_load());  // pH
  EXPECT_FALSE(hj212_code("a00000")->has_load());  // flow
  EXPECT_FALSE(hj212_code("w03001")->has_load());  // Bq/L
  std::set<std::string> seen2017, seen2005;
  for (const auto& c : hj212_codes()) {
    EXPECT_TRUE(seen2017.insert(c.code).second) << c.code;
    if (!c.code_2005.empty()) {
      EXPECT_TRUE(seen2005.insert(c.code_2005).second) << c.code_2005;
    }
    EXPECT_TRUE(c.medium == "gas" || c.medium == "water") << c.code;
  }
}

TEST(Hj212, FlagsThatCount) {
  EXPECT_EQ(hj212_flag_use('N'), FlagUse::valid);
  EXPECT_EQ(hj212_flag_use('\0'), FlagUse::valid);
  EXPECT_EQ(hj212_flag_use('T'), FlagUse::valid);
  for (char f : {'F', 'M', 'S', 'D', 'C', 'B'}) EXPECT_EQ(hj212_flag_use(f), FlagUse::excluded) << f;
  EXPECT_EQ(hj212_flag_use('X'), FlagUse::unknown);
  EXPECT_EQ(hj212_flag_use('n'), FlagUse::unknown);
}

}  // namespace eb::standards
