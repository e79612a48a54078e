// The source runs in-process on a workspace of the real leagues and banners: a registry imported the way the CLI
// imports it, hourly values written through the receiver's writer, exceedances and loads worked by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "app/runs/assess/derive.hpp"
#include "app/runs/source/emission.hpp"
#include "app/runs/source/source.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"
#include "standards/uscc.hpp"
#include "store/indicator_store.hpp"
#include "store/source_store.hpp"
#include "support/source_packets.hpp"

namespace eb::app::runs {
namespace {

std::string uscc(const std::string& first17) { return first17 + *standards::uscc_check_char(first17); }

const std::string kA = uscc("91150000MA0000001");
const std::string kB = uscc("91150000MA0000002");

std::int64_t at(int day, int hour) { return beijing_to_epoch({{2026, 3, day}, hour, 0, 0}); }

class SourceRuns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { units_ = new eb::test::UnitWorkspace(true); }
  static void TearDownTestSuite() {
    delete units_;
    units_ = nullptr;
  }
  void SetUp() override {
    // Enterprise A in Hohhot: a coal boiler stack (GB 13223-2011 existing: SO2 200, NOx 100 mg/m³ at 6 % O2) and a
    // wastewater outlet (GB 8978-1996 grade 1, new: COD 100 mg/L, pH 6-9). Enterprise B in Baotou: one stack.
    const std::string registry =
        "enterprise_id,enterprise_name,outlet_id,outlet_kind,mn,password,standard,lon,lat\n" + kA +
        ",SYNTHETIC 甲电厂,DA001,gas,MNA1,123456,GB 13223-2011:coal_boiler_existing,111.70,40.80\n" + kA +
        ",SYNTHETIC 甲电厂,DW001,water,MNA2,123456,GB8978-1996:class1_new,111.70,40.80\n" + kB +
        ",SYNTHETIC 乙热力,DA001,gas,MNB1,123456,GB13223-2011:coal_boiler_existing,109.95,40.62\n";
    run_source_import({ws(), units_->write("registry.csv", registry)}, RunEnv{});
    store::Workspace w(ws(), store::Workspace::Open::existing);
    const auto devices = store::load_devices(w);
    const std::int64_t a_gas = devices.at("MNA1").outlet, a_water = devices.at("MNA2").outlet,
                       b_gas = devices.at("MNB1").outlet;
    eb::test::SourcePackets put(w);
    store::Transaction tx(w.db());
    auto hour = [&](std::int64_t outlet, std::int64_t t, const char* code, const char* kind, double v,
                    char flag = 'N') { put.insert(outlet, 2061, t, code, kind, v, flag, "", 1); };
    // A's stack, 1 March 2026.
    hour(a_gas, at(1, 0), "a21026", "Avg", 150);  // 150 x 15/12 = 187.5: meets
    hour(a_gas, at(1, 0), "a21002", "Avg", 80);   // 80 x 15/12 = 100: at the limit, meets
    hour(a_gas, at(1, 0), "a19001", "Avg", 9);
    hour(a_gas, at(1, 0), "a00000", "Cou", 100000);
    hour(a_gas, at(1, 1), "a21026", "Avg", 180);  // 180 x 15/10 = 270: exceeds, 1.35
    hour(a_gas, at(1, 1), "a19001", "Avg", 11);
    hour(a_gas, at(1, 1), "a00000", "Cou", 120000);
    hour(a_gas, at(1, 2), "02", "Avg", 160);  // HJ 212-2005 codes: 160 x 15/8 = 300: exceeds, 1.5
    hour(a_gas, at(1, 2), "S01", "Avg", 13);
    hour(a_gas, at(1, 2), "B02", "Cou", 80000);
    hour(a_gas, at(1, 3), "a21026", "Avg", 500, 'F');  // flagged by the device: left out of both
    hour(a_gas, at(1, 3), "a19001", "Avg", 9);
    hour(a_gas, at(1, 3), "a00000", "Cou", 100000);
    hour(a_gas, at(1, 4), "a21026", "Avg", 100);  // O2 flagged M: no conversion; the load still counts
    hour(a_gas, at(1, 4), "a19001", "Avg", 9, 'M');
    hour(a_gas, at(1, 4), "a00000", "Cou", 50000);
    // A's wastewater, 2 March.
    hour(a_water, at(2, 0), "w01018", "Avg", 120);  // exceeds 100: 1.2
    hour(a_water, at(2, 0), "w01001", "Avg", 5.5);  // pH below 6: exceeds the range
    hour(a_water, at(2, 0), "w00000", "Cou", 10);
    hour(a_water, at(2, 1), "011", "Avg", 80);
    hour(a_water, at(2, 1), "B01", "Cou", 20);
    // B's stack: no O2 sent (no conversion), 10 000 m³.
    hour(b_gas, at(3, 0), "a21026", "Avg", 100);
    hour(b_gas, at(3, 0), "a00000", "Cou", 10000);
    put.flush();
    tx.commit();
  }
  void TearDown() override {
    store::Workspace w(ws(), store::Workspace::Open::existing);
    w.db().exec("DELETE FROM source_record; DELETE FROM outlet; DELETE FROM enterprise; DELETE FROM indicator_value");
  }
  static const std::string& ws() { return units_->path(); }
  static eb::test::UnitWorkspace* units_;
};
eb::test::UnitWorkspace* SourceRuns::units_ = nullptr;

TEST_F(SourceRuns, ExceedancesConvertToReferenceO2AndStateTheDataUsed) {
  const auto r = run_source_exceedances({ws(), *parse_period("2026-03"), {}}, RunEnv{});
  ASSERT_EQ(r.outlets.size(), 3u);
  const auto& a = r.outlets[0];
  EXPECT_EQ(a.outlet.key(), kA + "/DA001");
  EXPECT_EQ(a.outlet.enterprise_name, "SYNTHETIC 甲电厂");
  EXPECT_EQ(a.outlet.kind, "gas");
  EXPECT_EQ(a.outlet.league_code, "150100");
  ASSERT_TRUE(a.outlet.county_code);
  EXPECT_EQ(a.outlet.county_code->substr(0, 4), "1501");
  EXPECT_EQ(a.data.hours_expected, 31 * 24);
  EXPECT_EQ(a.data.hours_received, 5);
  EXPECT_EQ(a.data.o2_left_out, 1);
  EXPECT_EQ(a.valid, 4);  // SO2 00, 01, 02 and NOx 00
  EXPECT_EQ(a.flagged, 1);
  EXPECT_EQ(a.exceeding, 2);
  ASSERT_EQ(a.pollutants.size(), 2u);  // a21002, a21026 (O2 and flow have no limit)
  const auto& so2 = a.pollutants[1];
  EXPECT_EQ(so2.pollutant, "a21026");
  EXPECT_EQ(so2.o2_undefined, 1);
  EXPECT_EQ(so2.excluded, 1);
  ASSERT_EQ(so2.runs.size(), 1u);
  EXPECT_EQ(so2.runs[0].hours, 2);
  EXPECT_DOUBLE_EQ(so2.max_converted, 300);
  EXPECT_DOUBLE_EQ(so2.max_ratio, 1.5);
  EXPECT_EQ(a.pollutants[0].exceeding, 0);  // NOx at exactly the limit

  ASSERT_EQ(r.exceedances.size(), 4u);  // A: SO2 01:00, 02:00; A water: COD, pH
  const auto& e1 = r.exceedances[0];
  EXPECT_EQ(e1.hour, at(1, 1));
  EXPECT_DOUBLE_EQ(e1.measured, 180);
  EXPECT_DOUBLE_EQ(e1.o2, 11);
  EXPECT_DOUBLE_EQ(e1.converted, 270);
  EXPECT_EQ(e1.ref_o2, 6.0);
  EXPECT_DOUBLE_EQ(e1.limit.high, 200);
  EXPECT_DOUBLE_EQ(e1.ratio, 1.35);
  EXPECT_DOUBLE_EQ(r.exceedances[1].converted, 300);
  const auto& cod = r.exceedances[2];
  EXPECT_EQ(r.outlets[cod.outlet].outlet.outlet_id, "DW001");
  EXPECT_EQ(cod.pollutant, "w01001");  // pH first (code order), a range: no ratio
  EXPECT_TRUE(std::isnan(cod.ratio));
  EXPECT_EQ(r.exceedances[3].pollutant, "w01018");
  EXPECT_DOUBLE_EQ(r.exceedances[3].converted, 120);  // no reference O2 for water
  EXPECT_DOUBLE_EQ(r.exceedances[3].ratio, 1.2);
  // B: no O2 sent, so its SO2 cannot be converted and is not judged.
  EXPECT_EQ(r.outlets[2].valid, 0);
  EXPECT_EQ(r.outlets[2].pollutants.at(0).o2_undefined, 1);

  // The document: the exceedance rows and the notes on what was used and left out.
  const Document doc = source_exceedances_document(r, Lang::en);
  ASSERT_NE(doc.find("exceedances"), nullptr);
  EXPECT_EQ(doc.find("exceedances")->rows.size(), 4u);
  EXPECT_EQ(doc.find("outlets")->rows.size(), 3u);
  bool told_review = false, told_counts = false;
  for (const auto& n : doc.notes) {
    told_review |= n.find("data review") != std::string::npos;
    told_counts |= n.find("2232 hours expected, 8 received") != std::string::npos;
  }
  EXPECT_TRUE(told_review);
  EXPECT_TRUE(told_counts);

  // One outlet by its MN; an unknown one is refused.
  EXPECT_EQ(run_source_exceedances({ws(), *parse_period("2026-03"), {"MNA2"}}, RunEnv{}).exceedances.size(), 2u);
  EXPECT_THROW(run_source_exceedances({ws(), *parse_period("2026-03"), {"nope"}}, RunEnv{}), InputError);
}

TEST_F(SourceRuns, LoadsAreAvgTimesTheHoursCouAndAggregate) {
  const auto by_outlet = run_source_loads({ws(), *parse_period("2026-03"), SourceLoadBy::outlet, {}}, RunEnv{});
  // A's stack SO2: 150 x 100 000 + 180 x 120 000 + 160 x 80 000 + 100 x 50 000 mg = 15 + 21.6 + 12.8 + 5 kg.
  // NOx: 80 x 100 000 mg = 8 kg. Water COD: (120 x 10 + 80 x 20) m³·mg/L x 1000 L/m³ = 2.8 kg. B: 1 kg.
  ASSERT_EQ(by_outlet.rows.size(), 4u);
  const auto& nox = by_outlet.rows[0];
  EXPECT_EQ(nox.pollutant, "a21002");
  EXPECT_NEAR(nox.t, 0.008, 1e-12);
  const auto& so2 = by_outlet.rows[1];
  EXPECT_EQ(so2.group, kA + "/DA001");
  EXPECT_EQ(so2.pollutant, "a21026");
  EXPECT_EQ(so2.year, 2026);
  EXPECT_NEAR(so2.t, 0.0544, 1e-12);
  EXPECT_EQ(so2.hours_used, 4);
  EXPECT_EQ(so2.hours_flagged, 1);
  EXPECT_EQ(so2.hours_incomplete, 0);
  EXPECT_EQ(so2.hours_expected, 744);
  EXPECT_EQ(so2.hours_not_received, 744 - 5);
  ASSERT_TRUE(so2.outlet);
  EXPECT_DOUBLE_EQ(so2.outlet->lon, 111.70);
  EXPECT_EQ(by_outlet.rows[2].pollutant, "w01018");  // pH has no load
  EXPECT_NEAR(by_outlet.rows[2].t, 0.0028, 1e-12);
  EXPECT_NEAR(by_outlet.rows[3].t, 0.001, 1e-12);

  const auto by_enterprise = run_source_loads({ws(), *parse_period("2026-03"), SourceLoadBy::enterprise, {}}, RunEnv{});
  ASSERT_EQ(by_enterprise.rows.size(), 4u);
  EXPECT_EQ(by_enterprise.rows[1].name, "SYNTHETIC 甲电厂");
  const auto by_unit = run_source_loads({ws(), *parse_period("2026Q1"), SourceLoadBy::unit, {}}, RunEnv{});
  ASSERT_EQ(by_unit.rows.size(), 4u);
  EXPECT_EQ(by_unit.rows[1].group, "150100");
  EXPECT_NEAR(by_unit.rows[1].t, 0.0544, 1e-12);
  EXPECT_EQ(by_unit.rows[1].hours_expected, 90 * 24);
  EXPECT_EQ(by_unit.rows[3].group, "150200");
  EXPECT_EQ(by_unit.rows[3].pollutant, "a21026");
  EXPECT_NEAR(by_unit.rows[3].t, 0.001, 1e-12);
  EXPECT_TRUE(by_unit.unplaced.empty());
  const auto by_county = run_source_loads({ws(), *parse_period("2026"), SourceLoadBy::county, {}}, RunEnv{});
  for (const auto& row : by_county.rows) EXPECT_EQ(row.group.size(), 6u);
  EXPECT_EQ(by_county.rows.size(), 4u);
}

// Data review: an invalidating mark on A's SO2 at 01:00 takes that hour out of the judgement and the load (counted
// apart from the device's flags); an unconfirmed suspect mark on the 2005-coded SO2 at 02:00 changes nothing; an
// invalidating mark on the flow at 00:00 leaves that hour without a load.
TEST_F(SourceRuns, ReviewMarksLeaveOutlierHoursOutOfExceedancesAndLoads) {
  {
    store::Workspace w(ws(), store::Workspace::Open::existing);
    const std::int64_t gas = store::load_devices(w).at("MNA1").outlet;
    auto mark = w.db().prepare(
        "INSERT INTO review_mark (rule, station_code, parameter, start_utc, end_utc, severity, detail, hours, "
        "created_at, subject_kind, outlet_fid) VALUES (?, ?, ?, ?, ?, ?, 'test', 1, '2026-03-02T00:00:00Z', "
        "'outlet', ?)");
    const auto put = [&](const char* rule, const char* code, std::int64_t hour, const char* severity) {
      mark.bind(1, rule);
      mark.bind(2, kA + "/DA001");
      mark.bind(3, code);
      mark.bind(4, hour);
      mark.bind(5, hour + 3600);
      mark.bind(6, severity);
      mark.bind(7, gas);
      mark.step();
      mark.reset();
    };
    put("range", "a21026", at(1, 1), "invalidate");
    put("spike", "02", at(1, 2), "suspect");
    put("range", "a00000", at(1, 0), "invalidate");
  }
  const auto r = run_source_exceedances({ws(), *parse_period("2026-03"), {kA + "/DA001"}}, RunEnv{});
  EXPECT_TRUE(r.review_applied);
  ASSERT_EQ(r.outlets.size(), 1u);
  const auto& a = r.outlets[0];
  EXPECT_EQ(a.valid, 3);  // SO2 00, 02 and NOx 00
  EXPECT_EQ(a.invalidated, 1);
  EXPECT_EQ(a.flagged, 1);
  EXPECT_EQ(a.data.review_invalidated, 1);
  EXPECT_EQ(a.data.review_o2_flow, 1);
  EXPECT_EQ(a.pollutants[1].invalidated, 1);
  ASSERT_EQ(r.exceedances.size(), 1u);  // 02:00 only (300 = 1.5 x the limit)
  EXPECT_EQ(r.exceedances[0].hour, at(1, 2));
  const Document doc = source_exceedances_document(r, Lang::en);
  bool noted = false;
  for (const auto& n : doc.notes)
    noted = noted || n.find("invalidated by review are left out (1 pollutant-hours; 1 hours") != std::string::npos;
  EXPECT_TRUE(noted);

  const auto loads =
      run_source_loads({ws(), *parse_period("2026-03"), SourceLoadBy::outlet, {kA + "/DA001"}}, RunEnv{});
  ASSERT_EQ(loads.rows.size(), 2u);
  const auto& so2 = loads.rows[1];
  EXPECT_EQ(so2.pollutant, "a21026");
  EXPECT_NEAR(so2.t, 0.0178, 1e-12);  // 12.8 + 5 kg: 00:00 has no flow, 01:00 is invalidated
  EXPECT_EQ(so2.hours_used, 2);
  EXPECT_EQ(so2.hours_flagged, 1);
  EXPECT_EQ(so2.hours_invalidated, 1);
  EXPECT_EQ(so2.hours_incomplete, 1);
  EXPECT_EQ(so2.hours_not_received, 744 - 5);
  EXPECT_EQ(loads.rows[0].hours_incomplete, 1);  // NOx 00:00: no flow either

  store::Workspace w(ws(), store::Workspace::Open::existing);
  w.db().exec("DELETE FROM review_mark");
}

TEST_F(SourceRuns, AssessDeriveGivesLoadsAndReductionAgainstTheBaseline) {
  // The baseline year's SO2 of Hohhot as imported statistics: 0.068 t; 2026's 0.0544 t is 20 % less.
  store::Workspace w(ws(), store::Workspace::Open::existing);
  store::import_indicator_values(w, {{"source.load_a21026_t", "150100", 2025, 0.068, "statistics"}});
  const std::string registry = units_->write(
      "registry.csv",
      "id,name_zh,name_en,unit,direction,category,weight,worst,targets,baseline_year,goal_year,goal,source\n"
      "source.reduction_a21026_pct,二氧化硫减排,SO2 reduction,%,higher,sources,1,-50,2026:10,2025,,,test\n");
  AssessDeriveRequest req;
  req.ws = ws();
  req.year = 2026;
  req.from = {"sources"};
  req.registry = registry;
  const auto r = run_assess_derive(req, RunEnv{});
  auto value = [&](const std::string& id, const std::string& unit) -> std::optional<double> {
    for (const auto& v : r.values)
      if (v.indicator == id && v.unit_code == unit) return v.value;
    return std::nullopt;
  };
  EXPECT_NEAR(*value("source.load_a21026_t", "150100"), 0.0544, 1e-12);
  EXPECT_NEAR(*value("source.load_w01018_t", "150100"), 0.0028, 1e-12);
  EXPECT_NEAR(*value("source.load_a21026_t", "150200"), 0.001, 1e-12);
  EXPECT_NEAR(*value("source.reduction_a21026_pct", "150100"), 20.0, 1e-9);
  // Baotou has no baseline: not derived, and said so.
  EXPECT_FALSE(value("source.reduction_a21026_pct", "150200"));
  ASSERT_EQ(r.not_derived.size(), 1u);
  EXPECT_EQ(r.not_derived[0].unit_code, "150200");
  EXPECT_EQ(r.not_derived[0].why, AssessNotDerived::Why::no_baseline);
}

TEST_F(SourceRuns, AnOutletWhoseStandardIsNotInTheTableIsListedNotJudged) {
  {
    // As a registry imported before the standard column was checked could hold it.
    store::Workspace w(ws(), store::Workspace::Open::existing);
    w.db().exec("UPDATE outlet SET standard = 'GB13223-2011' WHERE mn = 'MNA1'");
  }
  const auto r = run_source_exceedances({ws(), *parse_period("2026-03"), {}}, RunEnv{});
  ASSERT_EQ(r.outlets.size(), 3u);
  EXPECT_NE(r.outlets[0].standard_error.find("needs a category"), std::string::npos);
  EXPECT_TRUE(r.outlets[0].pollutants.empty());
  EXPECT_EQ(r.outlets[0].data.hours_received, 5);
  EXPECT_EQ(r.exceedances.size(), 2u);  // the wastewater outlet's only
  bool told = false;
  for (const auto& n : source_exceedances_document(r, Lang::en).notes)
    told |= n.find("standard not known, outlet not judged") != std::string::npos;
  EXPECT_TRUE(told);
  // Loads do not depend on the standard.
  const auto loads = run_source_loads({ws(), *parse_period("2026-03"), SourceLoadBy::outlet, {}}, RunEnv{});
  EXPECT_NEAR(loads.rows.at(1).t, 0.0544, 1e-12);
}

TEST(SourceImport, StandardParsedAndItsMediumMatchesTheOutletKind) {
  eb::test::UnitWorkspace units;
  const std::string file =
      units.write("bad.csv", "enterprise_id,enterprise_name,outlet_id,outlet_kind,mn,password,standard,lon,lat\n" + kA +
                                 ",X,DA001,gas,MN1,1,GB13223-2011:coal_boiler_existing:special,111.7,40.8\n" + kA +
                                 ",X,DA002,gas,MN2,1,GB8978-1996:class1_new,111.7,40.8\n" + kA +
                                 ",X,DW001,water,MN3,1,GB 99999-2099:x,111.7,40.8\n" + kA +
                                 ",X,DA003,gas,MN4,1,GB13223-2011,111.7,40.8\n");
  try {
    run_source_import({units.path(), file}, RunEnv{});
    FAIL() << "accepted";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.find("bad.csv:2:"), std::string::npos) << msg;  // special limits of a known category: fine
    EXPECT_NE(msg.find("bad.csv:3:7: standard \"GB8978-1996:class1_new\" sets limits for water outlets"),
              std::string::npos)
        << msg;
    EXPECT_NE(msg.find("bad.csv:4:7: standard \"GB 99999-2099:x\": unknown emission standard"), std::string::npos)
        << msg;
    EXPECT_NE(msg.find("bad.csv:5:7:"), std::string::npos) << msg;
    EXPECT_NE(msg.find("needs a category"), std::string::npos) << msg;
  }
  store::Workspace w(units.path(), store::Workspace::Open::existing);
  EXPECT_EQ(w.db().query_int("SELECT count(*) FROM outlet"), 0);
}

}  // namespace
}  // namespace eb::app::runs
