#include <gtest/gtest.h>

#include <filesystem>

#include "store/source_store.hpp"
#include "support/test_paths.hpp"

using namespace eb::store;

namespace {

// A workspace of its own per test: ctest runs the tests of one suite in parallel.
struct Scratch {
  eb::test::TempPath dir{"source_store.gpkg"};
  std::filesystem::path path{dir.str()};
};

OutletRecord outlet(const std::string& id, const std::string& mn) {
  OutletRecord o;
  o.enterprise_id = "91350100M000100Y43";
  o.enterprise_name = "SYNTHETIC";
  o.outlet_id = id;
  o.kind = "gas";
  o.mn = mn;
  o.password = "123456";
  o.standard = "GB13223-2011";
  o.lon = 111.7;
  o.lat = 40.8;
  o.source = "test";
  return o;
}

}  // namespace

TEST(SourceStore, PasswordIsStoredSaltedAndHashed) {
  EXPECT_EQ(device_password_hash("MN1", "123456").rfind("sha256:", 0), 0u);
  EXPECT_NE(device_password_hash("MN1", "123456"), device_password_hash("MN2", "123456"));
  EXPECT_EQ(device_password_hash("MN1", "123456"), device_password_hash("MN1", "123456"));
}

TEST(SourceStore, ResentValuesAreStoredOnceAndReimportKeepsTheOutlet) {
  Scratch s;
  Workspace ws(s.path.string(), Workspace::Open::create_if_missing);
  const auto report = import_sources(ws, {outlet("DA001", "MN1"), outlet("DA002", "MN2")});
  EXPECT_EQ(report.enterprises, 1);
  EXPECT_EQ(report.outlets, 2);
  EXPECT_EQ(report.located, 0);  // no units in this workspace
  auto devices = load_devices(ws);
  ASSERT_EQ(devices.size(), 2u);
  const std::int64_t fid = devices.at("MN1").outlet;
  const SourceValue minute[] = {{"a21026", "Avg", 20.5, 'N'}, {"a21026", "Max", 30, 0}};
  const SourceValue resent[] = {{"a21026", "Avg", 99, 'N'}};
  const SourceValue hourly[] = {{"a21026", "Avg", 21, 'N'}};
  {
    SourceValueWriter w(ws);
    Transaction tx(ws.db());
    EXPECT_TRUE(w.insert({fid, 2051, 1000, 0, "20260101000000000", 1, minute}));
    EXPECT_FALSE(w.insert({fid, 2051, 1000, 0, "20260101000000000", 2, resent}));  // resent: the first one is kept
    EXPECT_TRUE(w.insert({fid, 2061, 1000, 0, "", 2, hourly}));                    // other CN
    tx.commit();
  }
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM source_record"), 2);
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM source_value"), 3);
  EXPECT_EQ(ws.db().query_text("SELECT flag FROM source_value WHERE kind = 'Max'"), std::nullopt);
  EXPECT_EQ(ws.db().query_int("SELECT value FROM source_value WHERE kind = 'Avg' AND cn = 2051"), 20);
  EXPECT_EQ(ws.db().query_int("SELECT received_at FROM source_value WHERE kind = 'Avg' AND cn = 2051"), 1);
  EXPECT_EQ(ws.db().query_text("SELECT qn FROM source_value WHERE cn = 2061"), std::nullopt);
  // Re-import with a new password: same fid, values kept, the old password no longer matches.
  auto again = outlet("DA001", "MN1");
  again.password = "654321";
  import_sources(ws, {again});
  devices = load_devices(ws);
  EXPECT_EQ(devices.at("MN1").outlet, fid);
  EXPECT_EQ(devices.at("MN1").password_hash, device_password_hash("MN1", "654321"));
  const auto rows = list_outlets(ws);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].values, 3);
  EXPECT_EQ(rows[0].last_time, 1000);
  EXPECT_EQ(outlet_mns(ws).at("MN2"), "91350100M000100Y43/DA002");
}

// What the view source_value gives back is exactly what was written: every value bit for bit (shortest round-trip
// text), codes with the two characters JSON escapes, no flag as NULL, and the parts of a split packet as rows apart.
TEST(SourceStore, TheViewGivesBackExactlyWhatWasWritten) {
  Scratch s;
  Workspace ws(s.path.string(), Workspace::Open::create_if_missing);
  import_sources(ws, {outlet("DA001", "MN1")});
  const std::int64_t fid = load_devices(ws).at("MN1").outlet;
  const std::vector<SourceValue> part1 = {{"a21026", "Avg", 0.1, 'N'},
                                          {"a21026", "Cou", 1e300, 'N'},
                                          {"x\\\"y", "Rtd", -2.5e-8, 'T'},
                                          {"a01012", "ZsAvg", 123456789.125, 0},
                                          {"a00000", "Max", 0, 'B'}};
  const std::vector<SourceValue> part2 = {{"w01018", "Min", 1.0 / 3.0, 'D'}};
  {
    SourceValueWriter w(ws);
    Transaction tx(ws.db());
    EXPECT_TRUE(w.insert({fid, 2011, 86400, 1, "20260101000000001", 5, part1}));
    EXPECT_TRUE(w.insert({fid, 2011, 86400, 2, "20260101000000001", 5, part2}));  // PNO 2 of the same packet
    EXPECT_FALSE(w.insert({fid, 2011, 86400, 2, "20260101000000002", 6, part1}));
    tx.commit();
  }
  std::vector<SourceValue> all = part1;
  all.insert(all.end(), part2.begin(), part2.end());
  auto q = ws.db().prepare(
      "SELECT outlet, cn, data_time, pollutant, kind, value, flag, qn, received_at FROM source_value "
      "WHERE pollutant = ? AND kind = ?");
  for (const SourceValue& v : all) {
    q.bind(1, v.pollutant).bind(2, v.kind);
    ASSERT_TRUE(q.step()) << v.pollutant << " " << v.kind;
    EXPECT_EQ(q.int64(0), fid);
    EXPECT_EQ(q.int64(1), 2011);
    EXPECT_EQ(q.int64(2), 86400);
    EXPECT_EQ(q.real(5), v.value) << v.pollutant;  // exact, not near
    if (v.flag) {
      EXPECT_EQ(q.text(6), std::string(1, v.flag));
    } else {
      EXPECT_TRUE(q.is_null(6));
    }
    EXPECT_EQ(q.text(7), "20260101000000001");
    EXPECT_EQ(q.int64(8), 5);
    EXPECT_FALSE(q.step());
    q.reset();
  }
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM source_value"), static_cast<std::int64_t>(all.size()));
  // The values are written as JSON; the database itself reads them back (not only this test's reader).
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM source_record WHERE json_valid(values_json)"), 2);
}
