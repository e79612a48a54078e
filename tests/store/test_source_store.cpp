#include <gtest/gtest.h>

#include <filesystem>

#include "store/source_store.hpp"

using namespace eb::store;

namespace {

struct Scratch {
  std::filesystem::path path = std::filesystem::temp_directory_path() / "eb_test_source_store.gpkg";
  Scratch() { std::filesystem::remove(path); }
  ~Scratch() { std::filesystem::remove(path); }
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
  {
    SourceValueWriter w(ws);
    Transaction tx(ws.db());
    EXPECT_TRUE(w.insert(fid, 2051, 1000, "a21026", "Avg", 20.5, 'N', "20260101000000000", 1));
    EXPECT_TRUE(w.insert(fid, 2051, 1000, "a21026", "Max", 30, 0, "", 1));
    EXPECT_FALSE(w.insert(fid, 2051, 1000, "a21026", "Avg", 99, 'N', "20260101000000000", 2));  // resent
    EXPECT_TRUE(w.insert(fid, 2061, 1000, "a21026", "Avg", 21, 'N', "20260101000000000", 2));   // other CN
    tx.commit();
  }
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM source_value"), 3);
  EXPECT_EQ(ws.db().query_text("SELECT flag FROM source_value WHERE kind = 'Max'"), std::nullopt);
  EXPECT_EQ(ws.db().query_int("SELECT value FROM source_value WHERE kind = 'Avg' AND cn = 2051"), 20);
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
