#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/error.hpp"
#include "store/workspace.hpp"
#include "support/test_paths.hpp"

namespace eb::store {

TEST(Workspace, CreatesAGeoPackageAtTheLatestSchema) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  EXPECT_EQ(ws.schema_version(), Workspace::latest_version());
  EXPECT_EQ(ws.db().query_int("PRAGMA application_id"), 0x47504B47);
  EXPECT_EQ(ws.db().query_int("PRAGMA user_version"), 10300);
  EXPECT_TRUE(ws.db().table_exists("gpkg_contents"));
  EXPECT_EQ(ws.db().query_text("SELECT data_type FROM gpkg_contents WHERE table_name = 'admin_unit'"), "features");
  EXPECT_TRUE(ws.db().table_exists("rtree_admin_unit_geom"));
  EXPECT_TRUE(ws.db().table_exists("observation_v"));
}

TEST(Workspace, ReopeningIsSafeAndChangesNothing) {
  test::TempPath p("ws.gpkg");
  { Workspace ws(p.str(), Workspace::Open::create_if_missing); }
  Workspace again(p.str(), Workspace::Open::create_if_missing);
  EXPECT_TRUE(again.migrated().empty());
  EXPECT_EQ(again.db().query_int("SELECT max(version) FROM ecobarrier_migration"), Workspace::latest_version());
}

// The migrations an open applied: `first` and those after it that this test knows, then any later ones up to the
// newest (migrations of other domains append to the list; naming each here would tie every test to all of them).
::testing::AssertionResult migrated_from(const std::vector<int>& migrated, const std::vector<int>& first) {
  if (migrated.size() < first.size() || !std::equal(first.begin(), first.end(), migrated.begin()))
    return ::testing::AssertionFailure() << "migrations do not start with the expected ones";
  if (migrated.back() != Workspace::latest_version())
    return ::testing::AssertionFailure() << "migrations do not end at the newest, " << Workspace::latest_version();
  return ::testing::AssertionSuccess();
}

TEST(Workspace, OlderWorkspaceIsMigratedForward) {
  test::TempPath p("old.gpkg");
  Workspace::create_at_version(p.str(), 1);
  {
    Database db(p.str(), Database::Mode::read_write);
    EXPECT_FALSE(db.table_exists("observation"));
  }
  Workspace ws(p.str(), Workspace::Open::existing);
  EXPECT_TRUE(migrated_from(ws.migrated(), {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}));
  EXPECT_TRUE(ws.db().table_exists("protected_area"));
  EXPECT_EQ(ws.schema_version(), Workspace::latest_version());
  EXPECT_TRUE(ws.db().table_exists("observation"));
  EXPECT_TRUE(ws.db().table_exists("source_value"));
}

// Migration 12 turns migration 10's one row per value into one row per packet (source_record) and keeps
// source_value as a view: what a receiver stored before reads back the same afterwards, row by row.
TEST(Workspace, ReceivedValuesSurviveTheMoveToOneRowPerPacket) {
  test::TempPath p("old.gpkg");
  Workspace::create_at_version(p.str(), 11);
  const char* kRows =
      "(1, 2051, 1000, 'a21026', 'Avg', 20.5, 'N', '20260101000000000', 7), "
      "(1, 2051, 1000, 'a21026', 'Max', 30.0, NULL, '20260101000000000', 7), "
      "(1, 2051, 1000, 'a21002', 'Avg', 1e-7, 'M', '20260101000000000', 7), "
      "(1, 2051, 1000, 'a21002', 'Max', 3.0, 'M', '20260101000059000', 9), "  // a later packet of the same minute
      "(1, 2061, 1000, 'a21026', 'Avg', 21.0, 'N', NULL, 8), "
      "(2, 2051, 1060, 'w01018', 'Avg', -0.25, NULL, '20260101000100000', 8)";
  const char* kColumns = "outlet, cn, data_time, pollutant, kind, value, flag, qn, received_at";
  const std::string kOrdered =
      fmt::format("SELECT {} FROM source_value ORDER BY outlet, cn, data_time, pollutant, kind", kColumns);
  std::vector<std::string> before;
  {
    Database db(p.str(), Database::Mode::read_write);
    db.exec("INSERT INTO enterprise (id, name, source) VALUES ('E', 'SYNTHETIC', 't')");
    db.exec(
        "INSERT INTO outlet (fid, enterprise_id, outlet_id, kind, mn, password_hash, standard, lon, lat, source) "
        "VALUES (1, 'E', 'DA001', 'gas', 'MN1', 'h', 'GB13223-2011', 0, 0, 't'), "
        "(2, 'E', 'DW001', 'water', 'MN2', 'h', 'GB8978-1996', 0, 0, 't')");
    db.exec(fmt::format("INSERT INTO source_value ({}) VALUES {}", kColumns, kRows));
    auto q = db.prepare(kOrdered + "");
    while (q.step()) {
      std::string row;
      for (int c = 0; c < 9; ++c) row += (q.is_null(c) ? "NULL" : q.text(c)) + "|";
      before.push_back(row);
    }
  }
  ASSERT_EQ(before.size(), 6u);
  Workspace ws(p.str(), Workspace::Open::existing);
  EXPECT_TRUE(migrated_from(ws.migrated(), {12, 13, 14}));
  // One row per packet: the two packets of outlet 1's minute 1000 stay apart (different QN and commit).
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM source_record"), 4);
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM source_record WHERE cn = 2051 AND data_time = 1000"), 2);
  std::vector<std::string> after;
  auto q = ws.db().prepare(kOrdered);
  while (q.step()) {
    std::string row;
    for (int c = 0; c < 9; ++c) row += (q.is_null(c) ? "NULL" : q.text(c)) + "|";
    after.push_back(row);
  }
  EXPECT_EQ(after, before);
  EXPECT_EQ(ws.db().query_text("SELECT typeof(value) FROM source_value WHERE kind = 'Max' AND pollutant = 'a21026'"),
            "real");
  // The view cannot be written: the writer in store/source_store is the one way in.
  EXPECT_THROW(ws.db().exec(fmt::format("INSERT INTO source_value ({}) VALUES {}", kColumns,
                                        "(1, 2011, 5, 'a', 'Rtd', 1, NULL, NULL, 1)")),
               StoreError);
}

// A server holds its workspace read-only: every later open of it in the process cannot write, and an older schema
// is refused rather than migrated; once the holder is gone, opens write again.
TEST(Workspace, HeldReadOnlyOpensCannotWrite) {
  test::TempPath p("ro.gpkg");
  { Workspace ws(p.str(), Workspace::Open::create_if_missing); }
  {
    const Workspace::ReadOnly hold(p.str());
    Workspace ws(p.str(), Workspace::Open::existing);
    EXPECT_EQ(ws.schema_version(), Workspace::latest_version());
    EXPECT_THROW(ws.db().exec("CREATE TABLE t (x)"), StoreError);
    // The server's own writer connection (logins, submissions) writes while the hold lasts.
    Workspace writer(p.str(), Workspace::Open::writer);
    writer.db().exec("CREATE TABLE w (x)");
  }
  Workspace ws(p.str(), Workspace::Open::existing);
  ws.db().exec("CREATE TABLE t (x)");

  test::TempPath old("old-ro.gpkg");
  Workspace::create_at_version(old.str(), 9);
  const Workspace::ReadOnly hold(old.str());
  EXPECT_THROW(Workspace(old.str(), Workspace::Open::existing), StoreError);
}

TEST(Workspace, TheAccountsMigrationIsInTheAuditLog) {
  test::TempPath p("v13.gpkg");
  Workspace::create_at_version(p.str(), 13);
  Workspace ws(p.str(), Workspace::Open::existing);
  EXPECT_TRUE(migrated_from(ws.migrated(), {14}));
  EXPECT_EQ(ws.db().query_text("SELECT row_key FROM audit_log ORDER BY seq DESC LIMIT 1"), "14");
}

// Soil (15, 16), groundwater (17), drinking-water sources (18), energy and carbon (19): their tables are made empty,
// and the migrating open is in the audit log.
TEST(Workspace, TheSoilWaterAndCarbonMigrationsAreInTheAuditLog) {
  test::TempPath p("v14.gpkg");
  Workspace::create_at_version(p.str(), 14);
  Workspace ws(p.str(), Workspace::Open::existing);
  EXPECT_TRUE(migrated_from(ws.migrated(), {15, 16, 17, 18, 19}));
  EXPECT_EQ(ws.db().query_text("SELECT row_key FROM audit_log ORDER BY seq DESC LIMIT 1"), "15");
  for (const char* table :
       {"soil_farmland_plot", "soil_farmland_sample", "soil_site", "soil_site_value", "groundwater_point",
        "drinking_source", "drinking_source_point", "carbon_energy", "carbon_gdp", "carbon_target"})
    EXPECT_EQ(ws.db().query_int(std::string("SELECT count(*) FROM ") + table), 0) << table;
}

TEST(Workspace, NewerWorkspaceIsRefusedWithAClearMessage) {
  test::TempPath p("new.gpkg");
  {
    Workspace ws(p.str(), Workspace::Open::create_if_missing);
    ws.db().exec("INSERT INTO ecobarrier_migration VALUES (99, 'from the future', '2030-01-01T00:00:00Z')");
  }
  try {
    Workspace ws(p.str(), Workspace::Open::existing);
    FAIL() << "a newer workspace was opened";
  } catch (const StoreError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("schema version 99 is newer"), std::string::npos) << m;
    EXPECT_NE(m.find("use a newer ecobarrier"), std::string::npos) << m;
  }
}

TEST(Workspace, MissingAndForeignFilesAreRefused) {
  test::TempPath p("none.gpkg");
  EXPECT_THROW(Workspace(p.str(), Workspace::Open::existing), StoreError);
  std::ofstream(p.str()) << "station,time\n";
  EXPECT_THROW(Workspace(p.str(), Workspace::Open::existing), StoreError);
}

namespace {

std::string refusal(const std::string& path) {
  try {
    Workspace ws(path, Workspace::Open::existing);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "opened";
}

void expect_not_a_workspace(const std::string& path) {
  const std::string m = refusal(path);
  EXPECT_NE(m.find("not an ecobarrier workspace"), std::string::npos) << m;
  EXPECT_NE(m.find("create one with `ecobarrier init " + path + "`"), std::string::npos) << m;
}

}  // namespace

// Only init turns a file into a workspace: an empty file, an empty database, a directory, a text file and a
// GeoPackage of someone else's are refused by every other open, and left as they were.
TEST(Workspace, OnlyInitMakesAWorkspaceOfAnEmptyOrForeignFile) {
  test::TempPath empty("empty.gpkg");
  std::ofstream(empty.str()).close();
  expect_not_a_workspace(empty.str());
  EXPECT_EQ(std::filesystem::file_size(empty.str()), 0u);

  test::TempPath text("notes.gpkg");
  std::ofstream(text.str()) << "not a database at all, but important notes\n";
  expect_not_a_workspace(text.str());

  test::TempPath dir("folder.gpkg");
  std::filesystem::create_directory(dir.str());
  expect_not_a_workspace(dir.str());

  test::TempPath bare("bare.gpkg");
  {
    Database db(bare.str(), Database::Mode::create);
    db.exec("CREATE TABLE notes (t TEXT)");
  }
  expect_not_a_workspace(bare.str());

  test::TempPath foreign("theirs.gpkg");
  {
    Database db(foreign.str(), Database::Mode::create);
    db.exec("PRAGMA application_id = 1196444487; CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY)");
  }
  expect_not_a_workspace(foreign.str());
  {
    Database db(foreign.str(), Database::Mode::read_only);
    EXPECT_FALSE(db.table_exists("ecobarrier_migration"));
  }

  // init may.
  Workspace made(empty.str(), Workspace::Open::create_if_missing);
  EXPECT_EQ(made.schema_version(), Workspace::latest_version());
}

TEST(Workspace, IsInWalModeWithABusyTimeout) {
  test::TempPath p("ws.gpkg");
  { Workspace ws(p.str(), Workspace::Open::create_if_missing); }
  Workspace ws(p.str(), Workspace::Open::existing);
  EXPECT_EQ(ws.db().query_text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(ws.db().query_int("PRAGMA busy_timeout"), kBusyTimeoutMs);
}

TEST(Workspace, AnOlderRollbackJournalWorkspaceIsSwitchedToWal) {
  test::TempPath p("ws.gpkg");
  {
    Workspace ws(p.str(), Workspace::Open::create_if_missing);
    ws.db().exec("PRAGMA journal_mode = DELETE");
  }
  Workspace ws(p.str(), Workspace::Open::existing);
  EXPECT_EQ(ws.db().query_text("PRAGMA journal_mode"), "wal");
}

// A reader sees the last committed state at once while another connection is in the middle of writing.
TEST(Workspace, ReadersDoNotWaitForAWriter) {
  test::TempPath p("ws.gpkg");
  Workspace writer(p.str(), Workspace::Open::create_if_missing);
  Transaction tx(writer.db());
  writer.db().exec("INSERT INTO indicator_value VALUES ('x', '150000', 2020, 1.0, 'test')");
  Workspace reader(p.str(), Workspace::Open::existing);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(reader.db().query_int("SELECT count(*) FROM indicator_value"), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  tx.commit();
  EXPECT_EQ(reader.db().query_int("SELECT count(*) FROM indicator_value"), 1);
}

namespace {

// Sets the process-wide write wait for one test and puts the default back.
struct ScopedWriteWait {
  explicit ScopedWriteWait(WriteWait w) : saved(write_wait()) { set_write_wait(std::move(w)); }
  ~ScopedWriteWait() { set_write_wait(saved); }
  WriteWait saved;
};

}  // namespace

TEST(Workspace, ASecondWriterWaitsThenFailsWithABusyMessage) {
  test::TempPath p("ws.gpkg");
  Workspace first(p.str(), Workspace::Open::create_if_missing);
  Workspace second(p.str(), Workspace::Open::existing);
  int waits = 0, dones = 0;
  WriteWait w;
  w.bound = std::chrono::milliseconds(600);
  w.on_wait = [&](std::chrono::milliseconds waited, std::chrono::milliseconds bound, bool done) {
    EXPECT_EQ(bound.count(), 600);
    EXPECT_LE(waited.count(), 600 + 400);
    (done ? dones : waits) += 1;
  };
  ScopedWriteWait scoped(w);
  Transaction holding(first.db());
  first.db().exec("INSERT INTO indicator_value VALUES ('x', '150000', 2020, 1.0, 'first')");
  const auto t0 = std::chrono::steady_clock::now();
  try {
    Transaction tx(second.db());
    FAIL() << "the second writer got the lock";
  } catch (const StoreError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("workspace busy (another import is writing); retry"), std::string::npos) << m;
    EXPECT_EQ(m.find("locked"), std::string::npos) << m;
  }
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(took, std::chrono::milliseconds(600));
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_GE(waits, 2);
  EXPECT_EQ(dones, 1);
  holding.commit();
  EXPECT_EQ(second.db().query_int("SELECT count(*) FROM indicator_value"), 1);
}

TEST(Workspace, ASecondWriterGetsTheLockWhenTheFirstFinishesWithinTheBound) {
  test::TempPath p("ws.gpkg");
  Workspace first(p.str(), Workspace::Open::create_if_missing);
  Workspace second(p.str(), Workspace::Open::existing);
  WriteWait w;
  w.bound = std::chrono::seconds(20);
  ScopedWriteWait scoped(w);
  auto holding = std::make_unique<Transaction>(first.db());
  std::thread finisher([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    first.db().exec("INSERT INTO indicator_value VALUES ('x', '150000', 2020, 1.0, 'first')");
    holding->commit();
  });
  Transaction tx(second.db());
  finisher.join();
  second.db().exec("INSERT INTO indicator_value VALUES ('x', '150000', 2021, 2.0, 'second')");
  tx.commit();
  EXPECT_EQ(second.db().query_int("SELECT count(*) FROM indicator_value"), 2);
}

// A damaged file is not written to: the first write (an import, a migration) checks it and refuses.
TEST(Workspace, ADamagedWorkspaceRefusesWrites) {
  test::TempPath p("ws.gpkg");
  std::int64_t page = 0, page_size = 0;
  {
    Workspace ws(p.str(), Workspace::Open::create_if_missing);
    Transaction tx(ws.db());
    for (int i = 0; i < 2000; ++i)
      ws.db()
          .prepare("INSERT INTO indicator_value VALUES ('x', '150000', ?, 1.0, 'a long enough source text')")
          .bind(1, i)
          .run();
    tx.commit();
    page_size = *ws.db().query_int("PRAGMA page_size");
    page = *ws.db().query_int("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_indicator_value_1'");
  }
  {
    // Overwrite the root page of the table's index with garbage.
    std::fstream f(p.str(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp((page - 1) * page_size);
    const std::string junk(static_cast<std::size_t>(page_size), '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const auto size = std::filesystem::file_size(p.str());
  Workspace ws(p.str(), Workspace::Open::existing);
  try {
    Transaction tx(ws.db());
    FAIL() << "a damaged workspace was written to";
  } catch (const StoreError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("the workspace is damaged (SQLite's quick_check:"), std::string::npos) << m;
    EXPECT_NE(m.find("nothing was written"), std::string::npos) << m;
  }
  EXPECT_FALSE(ws.db().in_transaction());
  EXPECT_EQ(std::filesystem::file_size(p.str()), size);
}

}  // namespace eb::store
