#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/civil_time.hpp"
#include "core/error.hpp"
#include "store/source_store.hpp"
#include "store/source_values.hpp"
#include "support/source_packets.hpp"
#include "support/test_paths.hpp"

using namespace eb;
using namespace eb::store;

namespace {

// A workspace of its own per test: ctest runs the tests of one suite in parallel.
struct Scratch {
  eb::test::TempPath dir{"source_values.gpkg"};
  std::filesystem::path path{dir.str()};
};

OutletRecord outlet(const std::string& id, const std::string& kind, const std::string& mn) {
  OutletRecord o;
  o.enterprise_id = "91150000MA00000002";
  o.enterprise_name = "SYNTHETIC 电厂";
  o.outlet_id = id;
  o.kind = kind;
  o.mn = mn;
  o.password = "123456";
  o.standard = kind == "gas" ? "GB13223-2011:coal_boiler_existing" : "GB8978-1996:class1_new";
  o.lon = 111.7;
  o.lat = 40.8;
  o.source = "test";
  return o;
}

std::int64_t at(int day, int hour, int minute = 0) { return beijing_to_epoch({{2026, 3, day}, hour, minute, 0}); }

}  // namespace

TEST(SourceValues, HourlyAvgWithO2AndFlowCouJoinedAnd2005CodesMapped) {
  Scratch s;
  Workspace ws(s.path.string(), Workspace::Open::create_if_missing);
  import_sources(ws, {outlet("DA001", "gas", "MN1"), outlet("DW001", "water", "MN2")});
  const auto devices = load_devices(ws);
  const std::int64_t gas = devices.at("MN1").outlet, water = devices.at("MN2").outlet;
  {
    eb::test::SourcePackets w(ws);
    Transaction tx(ws.db());
    // 00:00: SO2 150 at 9 % O2, 100 000 m³ in the hour (Cou); the Avg flow is not the hour's volume.
    w.insert(gas, 2061, at(1, 0), "a21026", "Avg", 150, 'N', "", 1);
    w.insert(gas, 2061, at(1, 0), "a21026", "ZsAvg", 187.5, 'N', "", 1);  // the device's own conversion: unused
    w.insert(gas, 2061, at(1, 0), "a19001", "Avg", 9, 'N', "", 1);
    w.insert(gas, 2061, at(1, 0), "a00000", "Cou", 100000, 'N', "", 1);
    w.insert(gas, 2061, at(1, 0), "a00000", "Avg", 27.7, 'N', "", 1);
    // 01:00 in HJ 212-2005 codes: SO2 "02", O2 "S01", flow "B02".
    w.insert(gas, 2061, at(1, 1), "02", "Avg", 180, 'N', "", 1);
    w.insert(gas, 2061, at(1, 1), "S01", "Avg", 11, 'N', "", 1);
    w.insert(gas, 2061, at(1, 1), "B02", "Cou", 120000, 'N', "", 1);
    // 02:00: SO2 under both codes (the 2017 one is kept), O2 flagged M (left out), flow flagged D (left out).
    w.insert(gas, 2061, at(1, 2), "a21026", "Avg", 160, 'N', "", 1);
    w.insert(gas, 2061, at(1, 2), "02", "Avg", 999, 'N', "", 1);
    w.insert(gas, 2061, at(1, 2), "a19001", "Avg", 13, 'M', "", 1);
    w.insert(gas, 2061, at(1, 2), "a00000", "Cou", 80000, 'D', "", 1);
    // 03:00: SO2 flagged F (kept on the value), no flag on the O2 (counts as N).
    w.insert(gas, 2061, at(1, 3), "a21026", "Avg", 500, 'F', "", 1);
    w.insert(gas, 2061, at(1, 3), "a19001", "Avg", 9, 0, "", 1);
    // Not hourly data, outside the period, off the hour: none of it is read as an hour.
    w.insert(gas, 2051, at(1, 4), "a21026", "Avg", 1000, 'N', "", 1);
    w.insert(gas, 2061, at(1, 5, 30), "a21026", "Avg", 1000, 'N', "", 1);
    w.insert(gas, 2061, beijing_to_epoch({{2026, 4, 1}, 0, 0, 0}), "a21026", "Avg", 1000, 'N', "", 1);
    // Water: COD 120 mg/L with 10 m³ (w00000 Cou), and in 2005 codes COD "011", flow "B01".
    w.insert(water, 2061, at(2, 0), "w01018", "Avg", 120, 'N', "", 1);
    w.insert(water, 2061, at(2, 0), "w00000", "Cou", 10, 'N', "", 1);
    w.insert(water, 2061, at(2, 1), "011", "Avg", 80, 'N', "", 1);
    w.insert(water, 2061, at(2, 1), "B01", "Cou", 20, 'N', "", 1);
    w.flush();
    tx.commit();
  }
  const auto rows = load_outlet_hours(ws, at(1, 0), beijing_to_epoch({{2026, 4, 1}, 0, 0, 0}));
  ASSERT_EQ(rows.size(), 2u);
  const OutletHourly& g = rows[0];
  EXPECT_EQ(g.outlet_id, "DA001");
  EXPECT_EQ(g.enterprise_name, "SYNTHETIC 电厂");
  EXPECT_EQ(g.kind, "gas");
  EXPECT_EQ(g.standard, "GB13223-2011:coal_boiler_existing");
  EXPECT_EQ(g.hours, 4);
  EXPECT_EQ(g.off_hour, 1);
  EXPECT_EQ(g.duplicates, 1);
  EXPECT_EQ(g.o2_left_out, 1);
  EXPECT_EQ(g.flow_left_out, 1);
  ASSERT_EQ(g.values.size(), 4u);  // SO2 at 00..03; O2 and flow are joined, not rows of their own
  for (const auto& v : g.values) EXPECT_EQ(v.pollutant, "a21026");
  EXPECT_EQ(g.values[0].hour, at(1, 0));
  EXPECT_EQ(g.values[0].value, 150);
  EXPECT_EQ(g.values[0].o2, 9);
  EXPECT_EQ(g.values[0].flow, 100000);  // the Cou, not the Avg 27.7
  EXPECT_EQ(g.values[1].value, 180);
  EXPECT_EQ(g.values[1].o2, 11);
  EXPECT_EQ(g.values[1].flow, 120000);
  EXPECT_EQ(g.values[2].value, 160);
  EXPECT_TRUE(std::isnan(g.values[2].o2));
  EXPECT_TRUE(std::isnan(g.values[2].flow));
  EXPECT_EQ(g.values[3].flag, 'F');
  EXPECT_EQ(g.values[3].o2, 9);
  const OutletHourly& w = rows[1];
  ASSERT_EQ(w.values.size(), 2u);
  EXPECT_EQ(w.values[0].pollutant, "w01018");
  EXPECT_EQ(w.values[0].flow, 10);
  EXPECT_EQ(w.values[1].pollutant, "w01018");
  EXPECT_EQ(w.values[1].value, 80);
  EXPECT_EQ(w.values[1].flow, 20);

  // Named outlets: by key, outlet id or MN; an unknown one is refused.
  EXPECT_EQ(load_outlet_hours(ws, at(1, 0), at(2, 0), {"MN2"}).at(0).outlet_id, "DW001");
  EXPECT_EQ(load_outlet_hours(ws, at(1, 0), at(2, 0), {"91150000MA00000002/DA001"}).size(), 1u);
  EXPECT_EQ(load_outlet_hours(ws, at(1, 0), at(1, 2), {"DA001"}).at(0).hours, 2);
  EXPECT_THROW(load_outlet_hours(ws, at(1, 0), at(2, 0), {"DA999"}), InputError);
}
