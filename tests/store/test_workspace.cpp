#include <gtest/gtest.h>

#include <fstream>

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

TEST(Workspace, OlderWorkspaceIsMigratedForward) {
  test::TempPath p("old.gpkg");
  Workspace::create_at_version(p.str(), 1);
  {
    Database db(p.str(), Database::Mode::read_write);
    EXPECT_FALSE(db.table_exists("observation"));
  }
  Workspace ws(p.str(), Workspace::Open::existing);
  EXPECT_EQ(ws.migrated(), (std::vector<int>{2, 3, 4, 5, 6, 7, 8, 9, 11}));
  EXPECT_TRUE(ws.db().table_exists("protected_area"));
  EXPECT_EQ(ws.schema_version(), Workspace::latest_version());
  EXPECT_TRUE(ws.db().table_exists("observation"));
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

}  // namespace eb::store
