#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <random>

#include "core/error.hpp"
#include "io/observation_layouts.hpp"
#include "io/station_list.hpp"
#include "store/audit.hpp"
#include "store/gpkg.hpp"
#include "store/observation_store.hpp"
#include "store/station_store.hpp"
#include "store/workspace.hpp"
#include "store/workspace_copy.hpp"
#include "support/test_paths.hpp"

namespace eb::store {

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int b = 0; b < 32; b += 8) out.push_back(static_cast<std::uint8_t>(v >> b));
}
void put_f64(std::vector<std::uint8_t>& out, double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, 8);
  for (int b = 0; b < 64; b += 8) out.push_back(static_cast<std::uint8_t>(bits >> b));
}

// ISO WKB (little-endian) of a one-square MultiPolygon.
std::vector<std::uint8_t> square(double x, double y, double side) {
  std::vector<std::uint8_t> w{1};
  put_u32(w, 6);
  put_u32(w, 1);
  w.push_back(1);
  put_u32(w, 3);
  put_u32(w, 1);
  put_u32(w, 5);
  const double xs[] = {x, x + side, x + side, x, x}, ys[] = {y, y, y + side, y + side, y};
  for (int i = 0; i < 5; ++i) {
    put_f64(w, xs[i]);
    put_f64(w, ys[i]);
  }
  return w;
}

// A workspace with units, stations, observations, a project with an outline, a chief, and a project that was
// deleted again (its id is not to be handed out twice); every change in the audit log.
void build_source(const std::string& path) {
  Workspace ws(path, Workspace::Open::create_if_missing);
  Database& db = ws.db();
  {
    Transaction tx(db);
    auto unit = db.prepare(
        "INSERT INTO admin_unit (geom, code, name_zh, name_en, level, parent_code, center_lon, center_lat) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    unit.bind_blob(1, geometry_value(db, square(106.0, 37.0, 20.0)))
        .bind(2, "150000")
        .bind(3, "内蒙古自治区")
        .bind(4, "Inner Mongolia")
        .bind(5, 1)
        .bind_null(6)
        .bind(7, 111.670801)
        .bind(8, 40.818311)
        .run();
    unit.bind_blob(1, geometry_value(db, square(111.0, 40.0, 1.5)))
        .bind(2, "150100")
        .bind(3, "呼和浩特市")
        .bind(4, "Hohhot")
        .bind(5, 2)
        .bind(6, "150000")
        .bind(7, 0.1 + 0.2)  // not a short decimal: copied to the last bit
        .bind(8, -0.0)
        .run();
    tx.commit();
  }
  import_stations(
      ws, io::read_station_list("code,name,city,lon,lat\n1090A,甲,c,111.5,40.5\n1091A,b,c,111.25,40.75\n", "s.csv"),
      "air");
  auto batch = std::make_unique<io::ObservationBatch>(io::read_observations(
      "date,hour,type,1090A,1091A\n20190101,0,PM2.5,14,8\n20190101,1,PM2.5,15.25,\n20190101,2,PM10,40,1e-7\n",
      "obs.csv", io::ObservationLayout::cnemc_wide));
  std::vector<ImportFile> files{{batch.get(), "sha", "test", StationKeys::code, nullptr}};
  import_observations(ws, files, {});
  {
    Transaction tx(db);
    auto project = db.prepare(
        "INSERT INTO project (geom, code, name, type, unit_code, year, planned_micro_mu, source, updated_at) "
        "VALUES (?1, ?2, ?3, 'afforestation', '150100', 2024, ?4, 'test', '2024-05-01T00:00:00Z')");
    project.bind_blob(1, geometry_value(db, square(111.2, 40.2, 0.01))).bind(2, "P1").bind(3, "造林").bind(4, 1500000);
    project.run();
    project.bind_null(1).bind(2, "P2").bind(3, "gone").bind(4, 1).run();
    project.bind_null(1).bind(2, "P3").bind(3, "no outline").bind_null(4).run();
    db.exec(
        "INSERT INTO chief (id, name, kind, level, unit_code) VALUES ('C1', '王', 'forest_grassland', 2, '150100')");
    tx.commit();
  }
  {
    Transaction tx(db);
    db.exec("DELETE FROM project WHERE code = 'P3'");
    tx.commit();
  }
}

std::int64_t count(Workspace& ws, const std::string& table) {
  return ws.db().query_int("SELECT count(*) FROM " + table).value_or(-1);
}

}  // namespace

TEST(WorkspaceCopy, CopiesEveryTableWithGeometriesIdsAndTheAuditChain) {
  test::TempPath src("src.gpkg"), dst("dst.gpkg");
  build_source(src.str());
  std::vector<std::string> progress;
  WorkspaceCopyOptions options;
  options.progress = [&](std::string_view phase, std::string_view table, std::int64_t done, std::int64_t total) {
    if (done == total) progress.push_back(std::string(phase) + " " + std::string(table));
  };
  const auto report = copy_workspace(src.str(), dst.str(), options);

  Workspace a(src.str(), Workspace::Open::existing), b(dst.str(), Workspace::Open::existing);
  EXPECT_EQ(report.schema_version, Workspace::latest_version());
  EXPECT_TRUE(report.not_copied.empty());
  std::map<std::string, std::int64_t> rows;
  for (const auto& t : report.tables) {
    rows[t.table] = t.rows;
    EXPECT_EQ(t.rows, count(a, t.table)) << t.table;
    // The audit log has the copy's own entry after the source's.
    EXPECT_EQ(count(b, t.table), count(a, t.table) + (t.table == "audit_log" ? 1 : 0)) << t.table;
    EXPECT_EQ(t.sha256.size(), 64u);
  }
  EXPECT_EQ(rows.at("admin_unit"), 2);
  EXPECT_EQ(rows.at("station"), 2);
  EXPECT_EQ(rows.at("observation"), 5);
  EXPECT_EQ(rows.at("project"), 2);
  EXPECT_FALSE(rows.count("ecobarrier_migration"));
  EXPECT_FALSE(rows.count("rtree_station_geom"));
  EXPECT_NE(std::find(progress.begin(), progress.end(), "copy observation"), progress.end());
  EXPECT_NE(std::find(progress.begin(), progress.end(), "verify observation"), progress.end());

  // Values to the last bit, geometries byte for byte, ids as they were.
  const char* units = "SELECT fid, code, name_zh, center_lon, center_lat, hex(geom) FROM admin_unit ORDER BY fid";
  auto qa = a.db().prepare(units), qb = b.db().prepare(units);
  while (qa.step()) {
    ASSERT_TRUE(qb.step());
    for (int i = 0; i < 6; ++i) EXPECT_EQ(qa.text(i), qb.text(i)) << i;
    EXPECT_EQ(qa.real(3), qb.real(3));
  }
  EXPECT_FALSE(qb.step());
  EXPECT_EQ(b.db().query_int("SELECT count(*) FROM project WHERE geom IS NULL"), 1);
  // The spatial indexes were filled as the features went in; the extents are recorded.
  EXPECT_EQ(b.db().query_int("SELECT count(*) FROM rtree_station_geom"), 2);
  EXPECT_EQ(b.db().query_int("SELECT count(*) FROM rtree_admin_unit_geom"), 2);
  EXPECT_EQ(b.db().query_text("SELECT min_x FROM gpkg_contents WHERE table_name = 'admin_unit'"), "106.0");
  // A deleted project's id is not handed out again.
  {
    Transaction tx(b.db());
    b.db().exec(
        "INSERT INTO project (code, name, type, unit_code, year, source, updated_at) "
        "VALUES ('P4', 'new', 'afforestation', '150100', 2025, 'test', '2025-01-01T00:00:00Z')");
    tx.commit();
  }
  EXPECT_EQ(b.db().query_int("SELECT fid FROM project WHERE code = 'P4'"), 4);

  // The source's audit log arrived verbatim, with one entry for the copy after it; the chain verifies.
  const auto src_log = audit_entries(a), dst_log = audit_entries(b);
  ASSERT_EQ(dst_log.size(), src_log.size() + 2);  // + the copy, + the insert of P4
  for (std::size_t i = 0; i < src_log.size(); ++i) EXPECT_EQ(dst_log[i].hash, src_log[i].hash) << i;
  const auto& entry = dst_log[src_log.size()];
  EXPECT_EQ(entry.action, "workspace copy");
  EXPECT_EQ(entry.seq, report.audit_seq);
  EXPECT_NE(entry.details.find(report.checksum), std::string::npos);
  EXPECT_NE(entry.details.find(R"("observation":{"rows":5)"), std::string::npos) << entry.details;
  EXPECT_TRUE(verify_audit(b).ok) << verify_audit(b).problem;
  EXPECT_EQ(published_generation(b), published_generation(a) + 1);  // + the insert of P4
}

TEST(WorkspaceCopy, ACopyOfACopyHasTheSameChecksums) {
  test::TempPath src("src.gpkg"), one("one.gpkg"), two("two.gpkg");
  build_source(src.str());
  const auto first = copy_workspace(src.str(), one.str());
  const auto second = copy_workspace(one.str(), two.str());
  ASSERT_EQ(first.tables.size(), second.tables.size());
  for (std::size_t i = 0; i < first.tables.size(); ++i) {
    if (first.tables[i].table == "audit_log" || first.tables[i].table == "audit_head") continue;  // + the copy's
    EXPECT_EQ(first.tables[i].sha256, second.tables[i].sha256) << first.tables[i].table;
  }
  EXPECT_NE(first.checksum, second.checksum);
}

TEST(WorkspaceCopy, IntoAnEmptyWorkspaceMadeByInit) {
  test::TempPath src("src.gpkg"), dst("dst.gpkg");
  build_source(src.str());
  { Workspace init(dst.str(), Workspace::Open::create_if_missing); }
  const auto report = copy_workspace(src.str(), dst.str());
  Workspace b(dst.str(), Workspace::Open::existing);
  EXPECT_EQ(count(b, "observation"), 5);
  EXPECT_TRUE(verify_audit(b).ok);
}

TEST(WorkspaceCopy, RefusesADestinationWithDataAndLeavesItAsItWas) {
  test::TempPath src("src.gpkg"), dst("dst.gpkg");
  build_source(src.str());
  build_source(dst.str());
  const std::string before = file_bytes(dst.str());
  try {
    copy_workspace(src.str(), dst.str());
    FAIL() << "copied into a workspace with data";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("table admin_unit has rows"), std::string::npos) << e.what();
  }
  EXPECT_EQ(file_bytes(dst.str()), before);
}

TEST(WorkspaceCopy, RefusesADestinationWhoseLogRecordsChanges) {
  test::TempPath src("src.gpkg"), dst("dst.gpkg");
  build_source(src.str());
  {
    Workspace ws(dst.str(), Workspace::Open::create_if_missing);
    Transaction tx(ws.db());
    ws.db().exec("INSERT INTO chief (id, name, kind, level, unit_code) VALUES ('X', 'x', 'river_lake', 1, '1')");
    ws.db().exec("DELETE FROM chief");
    tx.commit();
  }
  EXPECT_THROW(copy_workspace(src.str(), dst.str()), StoreError);
}

TEST(WorkspaceCopy, RefusesItselfAndForeignFiles) {
  test::TempPath src("src.gpkg"), notes("notes.gpkg");
  build_source(src.str());
  EXPECT_THROW(copy_workspace(src.str(), src.str()), StoreError);
  // The same file by another name.
  const std::string other = src.str().substr(0, src.str().rfind('/')) + "/./src.gpkg";
  EXPECT_THROW(copy_workspace(src.str(), other), StoreError);
  { std::ofstream(notes.str()) << "important notes\n"; }
  EXPECT_THROW(copy_workspace(src.str(), notes.str()), StoreError);
  EXPECT_EQ(file_bytes(notes.str()), "important notes\n");
}

TEST(WorkspaceCopy, AFailedCopyLeavesNoDestination) {
  test::TempPath src("src.gpkg"), dst("dst.gpkg");
  build_source(src.str());
  {
    // SQLite keeps 1.5 in an INTEGER column as given; neither the copy nor a server could keep it.
    Workspace ws(src.str(), Workspace::Open::existing);
    Transaction tx(ws.db());
    ws.db().exec("UPDATE station SET control_site = 1.5 WHERE code = '1091A'");
    tx.commit();
  }
  try {
    copy_workspace(src.str(), dst.str());
    FAIL() << "copied a value the destination cannot hold";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("table station, row 2"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(exists(dst.str()));
  EXPECT_FALSE(exists(dst.str() + "-wal"));
}

TEST(WorkspaceCopy, ATableThatDoesNotReadBackAsCopiedRollsEverythingBack) {
  test::TempPath src("src.gpkg"), dst("dst.gpkg");
  build_source(src.str());
  {
    // An empty workspace whose chief table changes what it is given (a trigger someone left behind).
    Workspace init(dst.str(), Workspace::Open::create_if_missing);
    init.db().exec("CREATE TRIGGER chief_tamper AFTER INSERT ON chief BEGIN UPDATE chief SET name = 'x'; END");
  }
  try {
    copy_workspace(src.str(), dst.str());
    FAIL() << "a table that changed on the way in was not noticed";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("table chief does not read back as copied"), std::string::npos) << e.what();
  }
  Workspace b(dst.str(), Workspace::Open::existing);
  EXPECT_EQ(count(b, "admin_unit"), 0);
  EXPECT_EQ(count(b, "observation"), 0);
  EXPECT_EQ(audit_entries(b).size(), 1u);  // its own creation, as before
  EXPECT_EQ(audit_entries(b)[0].action, "migrate");
  EXPECT_EQ(b.db().query_int("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"),
            2);
}

// GeoPackage → PostgreSQL → GeoPackage on a real server, when one is given (ECOBARRIER_TEST_PG_DIR holds its
// conninfo; ctest's pg_cluster fixture and scripts/pg-cluster make one).
TEST(WorkspaceCopy, ThroughAServerAndBack) {
  const char* dir = std::getenv("ECOBARRIER_TEST_PG_DIR");
  if (!dir || !*dir) GTEST_SKIP() << "no PostgreSQL test cluster (ECOBARRIER_TEST_PG_DIR)";
  std::string server;
  std::ifstream(std::string(dir) + "/conninfo") >> server;
  ASSERT_FALSE(server.empty());
  const std::string name = "eb_copy_test_" + std::to_string(std::random_device{}() % 1000000);
  const std::string pg = server + "/" + name;
  test::TempPath src("src.gpkg"), back("back.gpkg");
  build_source(src.str());
  const auto there = copy_workspace(src.str(), pg);
  const auto home = copy_workspace(pg, back.str());
  {
    Workspace p(pg, Workspace::Open::existing);
    EXPECT_TRUE(verify_audit(p).ok) << verify_audit(p).problem;
    // The server hands out ids after the copied ones (and the deleted one).
    Transaction tx(p.db());
    p.db().exec(
        "INSERT INTO project (code, name, type, unit_code, year, source, updated_at) "
        "VALUES ('P5', 'new', 'afforestation', '150100', 2025, 'test', '2025-01-01T00:00:00Z')");
    tx.commit();
    EXPECT_EQ(p.db().query_int("SELECT fid FROM project WHERE code = 'P5'"), 4);
    EXPECT_THROW(copy_workspace(src.str(), pg), StoreError);                   // not empty now
    EXPECT_THROW(copy_workspace(pg, pg + "?application_name=x"), StoreError);  // itself
  }
  ASSERT_EQ(there.tables.size(), home.tables.size());
  for (std::size_t i = 0; i < there.tables.size(); ++i) {
    const bool audit = there.tables[i].table == "audit_log" || there.tables[i].table == "audit_head";
    EXPECT_EQ(there.tables[i].rows + (there.tables[i].table == "audit_log" ? 1 : 0), home.tables[i].rows)
        << there.tables[i].table;
    if (!audit) {
      EXPECT_EQ(there.tables[i].sha256, home.tables[i].sha256) << there.tables[i].table;
    }
  }
  Workspace a(src.str(), Workspace::Open::existing), b(back.str(), Workspace::Open::existing);
  EXPECT_EQ(a.db().query_text("SELECT group_concat(hex(geom), ',') FROM (SELECT geom FROM admin_unit ORDER BY fid)"),
            b.db().query_text("SELECT group_concat(hex(geom), ',') FROM (SELECT geom FROM admin_unit ORDER BY fid)"));
  EXPECT_TRUE(verify_audit(b).ok) << verify_audit(b).problem;
  Database admin(server + "/postgres", Database::Mode::read_write);
  admin.exec("DROP DATABASE " + name + " WITH (FORCE)");
}

}  // namespace eb::store
