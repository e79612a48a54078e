// Section 6 of the bulletin (pollution sources) on a hand-built workspace: a registry imported the way the CLI
// imports it, hourly values written through the receiver's writer; the tables' numbers are worked by hand from those
// values, and the wording for a year without data and a workspace without a registry is checked.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "app/report/build_bulletin.hpp"
#include "app/runs/run_env.hpp"
#include "app/runs/source/source.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "standards/uscc.hpp"
#include "store/admin_store.hpp"
#include "store/source_store.hpp"
#include "store/summary_store.hpp"
#include "support/source_packets.hpp"

namespace eb::app {
namespace {

std::string uscc(const std::string& first17) { return first17 + *standards::uscc_check_char(first17); }

const std::string kA = uscc("91150000MA0000001");
const std::string kB = uscc("91150000MA0000002");

std::int64_t at(int month, int day, int hour) { return beijing_to_epoch({{2026, month, day}, hour, 0, 0}); }

// The registry of test_emission_runs: A in Hohhot with a coal-boiler stack (GB 13223-2011 existing: SO2 200, NOx 100
// mg/m³ at 6 % O2) and a wastewater outlet (GB 8978-1996 grade 1: COD 100 mg/L, pH 6-9); B in Baotou, one stack.
void import_registry(const eb::test::UnitWorkspace& units, const std::string& name_a, const std::string& name_b) {
  const std::string registry = "enterprise_id,enterprise_name,outlet_id,outlet_kind,mn,password,standard,lon,lat\n" +
                               kA + "," + name_a +
                               ",DA001,gas,MNA1,123456,GB 13223-2011:coal_boiler_existing,111.70,40.80\n" + kA + "," +
                               name_a + ",DW001,water,MNA2,123456,GB8978-1996:class1_new,111.70,40.80\n" + kB + "," +
                               name_b + ",DA001,gas,MNB1,123456,GB13223-2011:coal_boiler_existing,109.95,40.62\n";
  runs::run_source_import({units.path(), units.write("registry.csv", registry)}, runs::RunEnv{});
}

// Hourly values of 2026: A's stack in March and December, A's wastewater in March, B's stack in March.
void write_values(const std::string& ws_path) {
  store::Workspace w(ws_path, store::Workspace::Open::existing);
  const auto devices = store::load_devices(w);
  const std::int64_t a_gas = devices.at("MNA1").outlet, a_water = devices.at("MNA2").outlet,
                     b_gas = devices.at("MNB1").outlet;
  eb::test::SourcePackets put(w);
  store::Transaction tx(w.db());
  auto hour = [&](std::int64_t outlet, std::int64_t t, const char* code, const char* kind, double v, char flag = 'N') {
    put.insert(outlet, 2061, t, code, kind, v, flag, "", 1);
  };
  hour(a_gas, at(3, 1, 0), "a21026", "Avg", 150);  // 150 x 15/12 = 187.5: meets
  hour(a_gas, at(3, 1, 0), "a21002", "Avg", 80);   // 100: at the limit, meets
  hour(a_gas, at(3, 1, 0), "a19001", "Avg", 9);
  hour(a_gas, at(3, 1, 0), "a00000", "Cou", 100000);
  hour(a_gas, at(3, 1, 1), "a21026", "Avg", 180);  // 180 x 15/10 = 270: 1.35
  hour(a_gas, at(3, 1, 1), "a19001", "Avg", 11);
  hour(a_gas, at(3, 1, 1), "a00000", "Cou", 120000);
  hour(a_gas, at(12, 31, 23), "a21026", "Avg", 160);  // 160 x 15/8 = 300: 1.5, the year's last hour
  hour(a_gas, at(12, 31, 23), "a19001", "Avg", 13);
  hour(a_gas, at(12, 31, 23), "a00000", "Cou", 80000);
  hour(a_gas, at(3, 1, 3), "a21026", "Avg", 500, 'F');  // flagged by the device: left out of both
  hour(a_gas, at(3, 1, 3), "a19001", "Avg", 9);
  hour(a_gas, at(3, 1, 3), "a00000", "Cou", 100000);
  hour(a_water, at(3, 2, 0), "w01018", "Avg", 120);  // COD 1.2
  hour(a_water, at(3, 2, 0), "w01001", "Avg", 5.5);  // pH below 6: beyond the range, no ratio
  hour(a_water, at(3, 2, 0), "w00000", "Cou", 10);
  hour(a_water, at(3, 2, 1), "w01018", "Avg", 80);
  hour(a_water, at(3, 2, 1), "w00000", "Cou", 20);
  hour(b_gas, at(3, 3, 0), "a21026", "Avg", 100);  // no O2: not judged; 1 kg
  hour(b_gas, at(3, 3, 0), "a00000", "Cou", 10000);
  put.flush();
  tx.commit();
}

std::string bulletin(const std::string& ws, int year, Lang lang) {
  BulletinRequest req;
  req.ws = ws;
  req.year = year;
  req.lang = lang;
  return build_bulletin(req).markdown;
}

// Section 6 of a Markdown bulletin (up to the next section).
std::string section6(const std::string& md, const std::string& title) {
  const auto begin = md.find("## " + title);
  if (begin == std::string::npos) return "";
  return md.substr(begin, md.find("\n## ", begin + 1) - begin);
}

// The cells of a Markdown table line, their note links removed.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  for (std::size_t at = 2; at < line.size();) {
    const std::size_t end = line.find(" |", at);
    std::string cell = line.substr(at, end - at);
    if (const auto note = cell.find("[^"); note != std::string::npos) cell.erase(note);
    out.push_back(cell);
    at = end + 3;
  }
  return out;
}

// The cells of the first table row that starts with `first`; empty when none.
std::vector<std::string> row(const std::string& md, const std::string& first) {
  std::istringstream in(md);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("| " + first + " |", 0) == 0) return cells(line);
  return {};
}

// The text without its emphasis and note links, as a reader reads it.
std::string plain(std::string md) {
  for (std::size_t at; (at = md.find("[^")) != std::string::npos;) md.erase(at, md.find(']', at) - at + 1);
  for (std::size_t at; (at = md.find("**")) != std::string::npos;) md.erase(at, 2);
  return md;
}

std::string unit_name(const std::string& ws, const std::string& code, Lang lang) {
  store::Workspace w(ws, store::Workspace::Open::existing);
  const auto u = store::find_unit(w, code);
  return lang == Lang::zh || u->name_en.empty() ? u->name_zh : u->name_en;
}

class SourcesSection : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    units_ = new eb::test::UnitWorkspace(false);
    import_registry(*units_, "SYNTHETIC 甲电厂", "SYNTHETIC 乙热力");
    write_values(units_->path());
  }
  static void TearDownTestSuite() {
    delete units_;
    units_ = nullptr;
  }
  static const std::string& ws() { return units_->path(); }
  static eb::test::UnitWorkspace* units_;
};
eb::test::UnitWorkspace* SourcesSection::units_ = nullptr;

const char* kTitleEn = "6. Pollution sources";

TEST_F(SourcesSection, TablesGiveTheYearsExceedancesAndLoadsPerOutletAndLeague) {
  const std::string sec = section6(bulletin(ws(), 2026, Lang::en), kTitleEn);
  ASSERT_FALSE(sec.empty());
  const std::string hohhot = unit_name(ws(), "150100", Lang::en), baotou = unit_name(ws(), "150200", Lang::en);
  // 6-1: per league the enterprises, the outlets by kind and those with data in 2026.
  EXPECT_EQ(row(sec, hohhot), (std::vector<std::string>{hohhot, "1", "1", "1", "2"}));
  EXPECT_EQ(row(sec, baotou), (std::vector<std::string>{baotou, "1", "1", "0", "1"}));
  // The year's totals: 3 outlets x 8760 hours expected; 4 + 2 + 1 hours received; pollutant-hours judged: A's stack
  // SO2 x3 (one flagged) and NOx x1, A's water COD x2 and pH x1 (B's SO2 has no O2: not judged); 4 beyond a limit at
  // 2 outlets.
  EXPECT_NE(plain(sec).find("In 2026, 3 registered outlets with online monitoring: 3 sent hourly data, 7 hours "
                            "received of 26280 expected; 7 pollutant-hours judged, 4 beyond a limit, at 2 outlets."),
            std::string::npos)
      << sec;
  // 6-2: A's stack beyond the SO2 limit in two hours (1 March 01:00, 31 December 23:00), worst 300/200; A's
  // wastewater in one hour for COD (1.2) and pH (a range: no ratio). B is not listed.
  const auto stack = row(sec, "SYNTHETIC 甲电厂");
  ASSERT_EQ(stack.size(), 8u) << sec;
  EXPECT_EQ(stack[1], "DA001");
  EXPECT_EQ(stack[3], hohhot);
  EXPECT_EQ(stack[4], "2");
  EXPECT_EQ(stack[5], "2/4");
  EXPECT_EQ(stack[7], "1.500");
  const auto water_at = sec.find("| SYNTHETIC 甲电厂 | DW001 |");
  ASSERT_NE(water_at, std::string::npos) << sec;
  const auto water = row(sec.substr(water_at), "SYNTHETIC 甲电厂");
  EXPECT_EQ(water[4], "1");
  EXPECT_EQ(water[5], "2/3");
  EXPECT_EQ(water[7], "1.200");
  EXPECT_EQ(sec.find("| SYNTHETIC 乙热力 |"), std::string::npos);
  // 6-3: Hohhot's SO2 = (150 x 100 000 + 180 x 120 000 + 160 x 80 000) mg = 49.4 kg over 3 hours used, 1 flagged,
  // 8760 - 4 not received; NOx 8 kg; COD (120 x 10 + 80 x 20) x 1000 mg = 2.8 kg; Baotou's SO2 1 kg.
  const auto loads_at = sec.find("Table 6-3");
  ASSERT_NE(loads_at, std::string::npos) << sec;
  std::vector<std::vector<std::string>> loads;
  std::istringstream in(sec.substr(loads_at));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("| ", 0) == 0 && line.find("---") == std::string::npos) loads.push_back(cells(line));
  ASSERT_EQ(loads.size(), 5u) << sec;  // the header and four rows
  EXPECT_EQ(loads[1][0], hohhot);
  EXPECT_EQ(loads[1][2], "0.0080");
  EXPECT_EQ(loads[2],
            (std::vector<std::string>{hohhot, loads[2][1], "0.0494", "1", "3", "8760", "1", "0", "0", "8756"}));
  EXPECT_EQ(loads[3][2], "0.0028");
  EXPECT_EQ(loads[4][0], baotou);
  EXPECT_EQ(loads[4][2], "0.0010");
  // SYNTHETIC enterprises: the section and its tables say so; the review sentence is the run's.
  EXPECT_NE(sec.find(std::string(kTitleEn) + ": online monitoring, exceedances, loads `SYNTHETIC`"), std::string::npos)
      << sec;
  const std::string md = bulletin(ws(), 2026, Lang::en);
  EXPECT_NE(md.find("6. Pollution sources: the enterprises, outlets and their data are SYNTHETIC"), std::string::npos);
  EXPECT_EQ(md.find("none were applied to this result"), std::string::npos);
  EXPECT_NE(md.find("hours invalidated by data review are left out"), std::string::npos);
  // Without an output folder the workspace is named relative to its own folder: no absolute paths in the bulletin.
  const std::string shown = std::filesystem::path(ws()).filename().string();
  EXPECT_EQ(md.find(ws()), std::string::npos);
  EXPECT_NE(md.find("`ecobarrier source exceedances " + shown + " --period 2026`"), std::string::npos);
  EXPECT_NE(md.find("`ecobarrier source loads " + shown + " --period 2026 --by unit`"), std::string::npos);
}

TEST_F(SourcesSection, ChineseEditionNamesTheLeaguesAndTables) {
  const std::string sec = section6(bulletin(ws(), 2026, Lang::zh), "六、污染源");
  ASSERT_FALSE(sec.empty());
  EXPECT_NE(sec.find("表 6-1"), std::string::npos);
  EXPECT_NE(sec.find("表 6-2 2026 年排放口小时超标"), std::string::npos);
  EXPECT_NE(sec.find("表 6-3"), std::string::npos);
  const std::string hohhot = unit_name(ws(), "150100", Lang::zh);
  EXPECT_EQ(row(sec, hohhot).size(), 5u);
}

TEST_F(SourcesSection, AYearWithoutHourlyDataSaysSoInsteadOfZeros) {
  const std::string sec = section6(bulletin(ws(), 2025, Lang::en), kTitleEn);
  ASSERT_FALSE(sec.empty());
  EXPECT_NE(sec.find("The workspace has no hourly outlet data (CN 2061) for 2025; no exceedances or loads are given."),
            std::string::npos)
      << sec;
  EXPECT_EQ(sec.find("Table 6-2"), std::string::npos);
  EXPECT_EQ(sec.find("Table 6-3"), std::string::npos);
  // The registry is still listed, with no outlet sending data in 2025.
  const std::string hohhot = unit_name(ws(), "150100", Lang::en);
  EXPECT_EQ(row(sec, hohhot), (std::vector<std::string>{hohhot, "1", "1", "1", "0"}));
}

TEST_F(SourcesSection, SourceYearsAreListedForTheMeta) {
  store::Workspace w(ws(), store::Workspace::Open::existing);
  EXPECT_EQ(store::data_years(w).at("sources"), std::vector<int>{2026});
}

TEST(SourcesSectionWithoutRegistry, SaysTheWorkspaceHasNoSources) {
  eb::test::UnitWorkspace units(false);
  const std::string md = bulletin(units.path(), 2026, Lang::en);
  const std::string sec = section6(md, kTitleEn);
  EXPECT_NE(sec.find("The workspace has no registered enterprises or outlets with online monitoring"),
            std::string::npos)
      << sec;
  EXPECT_EQ(sec.find("Table 6-1"), std::string::npos);
  EXPECT_EQ(md.find("are SYNTHETIC"), std::string::npos);
  store::Workspace w(units.path(), store::Workspace::Open::existing);
  EXPECT_TRUE(store::data_years(w).at("sources").empty());
}

TEST(SourcesSectionRealNames, NotMarkedSynthetic) {
  eb::test::UnitWorkspace units(false);
  import_registry(units, "甲电厂", "乙热力");
  write_values(units.path());
  const std::string sec = section6(bulletin(units.path(), 2026, Lang::en), kTitleEn);
  ASSERT_NE(sec.find("Table 6-2"), std::string::npos) << sec;
  EXPECT_EQ(sec.find("SYNTHETIC"), std::string::npos) << sec;
}

TEST(SourcesSectionOutsideTheUnits, OutletsInNoLeagueAreNamedNotSummedSilently) {
  eb::test::UnitWorkspace units(false);
  const std::string registry = "enterprise_id,enterprise_name,outlet_id,outlet_kind,mn,password,standard,lon,lat\n" +
                               kA + ",甲电厂,DA001,gas,MNX1,123456,GB13223-2011:coal_boiler_existing,100.0,30.0\n";
  runs::run_source_import({units.path(), units.write("registry.csv", registry)}, runs::RunEnv{});
  {
    store::Workspace w(units.path(), store::Workspace::Open::existing);
    eb::test::SourcePackets put(w);
    store::Transaction tx(w.db());
    const std::int64_t outlet = store::load_devices(w).at("MNX1").outlet;
    put.insert(outlet, 2061, at(3, 1, 0), "a21026", "Avg", 100, 'N', "", 1);
    put.insert(outlet, 2061, at(3, 1, 0), "a00000", "Cou", 1000, 'N', "", 1);
    put.flush();
    tx.commit();
  }
  const std::string sec = section6(bulletin(units.path(), 2026, Lang::en), kTitleEn);
  EXPECT_NE(sec.find("1 outlet lies in no league/city, so its loads are not in Table 6-3: " + kA + "/DA001."),
            std::string::npos)
      << sec;
  EXPECT_EQ(sec.find("Table 6-3. Emission loads"), std::string::npos) << sec;
  EXPECT_EQ(row(sec, "(in no league/city)"), (std::vector<std::string>{"(in no league/city)", "1", "1", "0", "1"}));
}

}  // namespace
}  // namespace eb::app
