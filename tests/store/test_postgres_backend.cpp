// The PostgreSQL backend of store::Database against a real server: the throwaway cluster that ctest's fixture
// pg_cluster starts (ECOBARRIER_TEST_PG_DIR/conninfo). Without one the tests are skipped, saying why.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <limits>
#include <thread>

#include "core/error.hpp"
#include "store/copy_rows.hpp"
#include "store/database.hpp"
#include "store/gpkg.hpp"
#include "store/workspace.hpp"

namespace eb::store {
namespace {

std::string server() {
  const char* dir = std::getenv("ECOBARRIER_TEST_PG_DIR");
  if (!dir || !*dir) return {};
  std::ifstream in(std::string(dir) + "/conninfo");
  std::string uri;
  std::getline(in, uri);
  return uri;
}

// A database of its own per test, dropped at the end.
class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = server();
    if (base_.empty()) GTEST_SKIP() << "no PostgreSQL test cluster (ECOBARRIER_TEST_PG_DIR is not set)";
    static std::atomic<int> counter{0};
    name_ = "eb_unit_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    Database admin(base_ + "/postgres", Database::Mode::read_write);
    admin.exec("DROP DATABASE IF EXISTS " + name_);
    admin.exec("CREATE DATABASE " + name_);
    target_ = base_ + "/" + name_;
  }
  void TearDown() override {
    if (name_.empty() || base_.empty()) return;
    Database admin(base_ + "/postgres", Database::Mode::read_write);
    admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  std::string base_, name_, target_;
};

TEST_F(PostgresTest, ValuesRoundTripExactly) {
  Database db(target_, Database::Mode::read_write);
  EXPECT_EQ(db.dialect(), Dialect::postgresql);
  db.exec("CREATE TABLE t (i BIGINT, r DOUBLE PRECISION, s TEXT, b BYTEA, n INTEGER)");
  const std::int64_t big = std::numeric_limits<std::int64_t>::min();
  const double third = 1.0 / 3.0, tiny = 5e-324;
  const std::vector<std::uint8_t> bytes = {0, 1, 2, 255, 0};
  auto insert = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, big).bind(2, third).bind(3, "呼和浩特 'quoted' ?").bind_blob(4, bytes).bind(5, 7).run();
  insert.bind(1, std::int64_t{1} << 53).bind(2, tiny).bind_null(3).bind_blob(4, {}).bind_null(5).run();
  EXPECT_EQ(db.changes(), 1);
  auto q = db.prepare("SELECT i, r, s, b, n, i::text AS i_text, r::text AS r_text FROM t ORDER BY t.i");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), big);
  EXPECT_EQ(q.real(1), third);  // exactly: text in, binary out
  EXPECT_EQ(q.text(2), "呼和浩特 'quoted' ?");
  EXPECT_EQ(std::vector<std::uint8_t>(q.blob(3).begin(), q.blob(3).end()), bytes);
  EXPECT_EQ(q.int64(4), 7);
  EXPECT_EQ(q.text(5), std::to_string(big));
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.real(1), tiny);
  EXPECT_TRUE(q.is_null(2));
  EXPECT_FALSE(q.opt_text(2));
  EXPECT_TRUE(q.is_null(4));
  EXPECT_FALSE(q.step());
}

TEST_F(PostgresTest, AggregatesAndBooleansReadAsNumbers) {
  Database db(target_, Database::Mode::read_write);
  // sum(bigint) is numeric, avg an exact decimal, comparisons booleans: all read like SQLite's numbers.
  auto q = db.prepare(
      "SELECT sum(x), avg(x), 2 > 1, count(*), -123456789012.5::numeric FROM "
      "(VALUES (9007199254740993::bigint), (1::bigint)) v(x)");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "9007199254740994");
  EXPECT_EQ(q.int64(2), 1);
  EXPECT_EQ(q.int64(3), 2);
  EXPECT_EQ(q.text(4), "-123456789012.5");
  EXPECT_DOUBLE_EQ(q.real(4), -123456789012.5);
  EXPECT_DOUBLE_EQ(q.real(1), 4503599627370497.0);
}

TEST_F(PostgresTest, TransactionsNestAndRollBack) {
  Database db(target_, Database::Mode::read_write);
  db.exec("CREATE TABLE t (a BIGINT PRIMARY KEY)");
  {
    Transaction outer(db);
    db.prepare("INSERT INTO t VALUES (1)").run();
    {
      Transaction inner(db);
      db.prepare("INSERT INTO t VALUES (2)").run();
      // no commit: only the inner step is undone
    }
    {
      Transaction failing(db);
      EXPECT_THROW(db.prepare("INSERT INTO t VALUES (1)").run(), StoreError);  // duplicate key
    }
    outer.commit();
  }
  EXPECT_EQ(db.query_int("SELECT count(*) FROM t").value_or(-1), 1);
  {
    Transaction dropped(db);
    db.prepare("INSERT INTO t VALUES (3)").run();
  }
  EXPECT_EQ(db.query_int("SELECT max(a) FROM t").value_or(-1), 1);
  EXPECT_FALSE(db.in_transaction());
}

TEST_F(PostgresTest, BigReadsStreamThroughACursorBesideOtherStatements) {
  Database db(target_, Database::Mode::read_write);
  db.exec("CREATE TABLE t AS SELECT g AS a FROM generate_series(1, 25000) g");
  auto q = db.prepare("SELECT a FROM t WHERE a >= ? ORDER BY a");
  q.bind(1, 1).in_batches(1000);
  std::int64_t sum = 0, rows = 0;
  while (q.step()) {
    sum += q.int64(0);
    // Another statement between fetches works (the cursor lives in the read snapshot it opened).
    if (++rows % 5000 == 0) {
      EXPECT_EQ(db.query_int("SELECT count(*) FROM t").value_or(-1), 25000);
    }
  }
  EXPECT_EQ(rows, 25000);
  EXPECT_EQ(sum, 25000LL * 25001 / 2);
  EXPECT_FALSE(db.in_transaction());
  // A write after a cursor was left half read: the write takes over the snapshot's transaction and commits.
  auto half = db.prepare("SELECT a FROM t ORDER BY a");
  half.in_batches(10);
  ASSERT_TRUE(half.step());
  {
    Transaction tx(db);
    db.exec("INSERT INTO t VALUES (0)");
    tx.commit();
  }
  half.reset();
  EXPECT_EQ(db.query_int("SELECT count(*) FROM t").value_or(-1), 25001);
}

TEST_F(PostgresTest, CopyBinaryLoadsRowsInOneGo) {
  Database db(target_, Database::Mode::read_write);
  db.exec("CREATE TABLE t (a BIGINT, v DOUBLE PRECISION, s TEXT)");
  const std::string columns[] = {"a", "v", "s"};
  int calls = 0;
  Transaction tx(db);
  db.copy_in("t", columns, [&](std::string& buffer) {
    if (calls++ > 0) return;
    CopyRows rows(buffer);
    rows.header();
    for (int i = 0; i < 1000; ++i) {
      rows.row(3);
      rows.int8(i);
      rows.float8(i / 7.0);
      if (i % 2)
        rows.null();
      else
        rows.text("站" + std::to_string(i));
    }
    rows.trailer();
  });
  EXPECT_EQ(db.changes(), 1000);
  tx.commit();
  auto q = db.prepare("SELECT count(*), sum(a), count(s), max(v) FROM t");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.int64(0), 1000);
  EXPECT_EQ(q.int64(1), 999 * 1000 / 2);
  EXPECT_EQ(q.int64(2), 500);
  EXPECT_EQ(q.real(3), 999 / 7.0);
}

TEST_F(PostgresTest, ErrorsNameTheServerAndTheStatement) {
  Database db(target_, Database::Mode::read_write);
  try {
    db.prepare("SELECT * FROM no_such_table").step();
    FAIL() << "no error";
  } catch (const StoreError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("no_such_table"), std::string::npos) << m;
    EXPECT_NE(m.find("postgresql://"), std::string::npos) << m;
    EXPECT_EQ(m.find("password"), std::string::npos) << m;
  }
  EXPECT_THROW(Database("postgresql://127.0.0.1:1/none?connect_timeout=2", Database::Mode::read_write), StoreError);
  // A password on the command line is refused before any connection, and not repeated in the message.
  const std::vector<std::string> with_passwords = {base_ + "/" + name_ + "?password=s3cret",
                                                   "host=127.0.0.1 password=s3cret",
                                                   "postgresql://postgres:s3cret@127.0.0.1:1/x"};
  for (const std::string& with_password : with_passwords) {
    try {
      Database refused(with_password, Database::Mode::read_write);
      FAIL() << with_password;
    } catch (const StoreError& e) {
      const std::string m = e.what();
      EXPECT_EQ(m.find("s3cret"), std::string::npos) << m;
      EXPECT_NE(m.find("pgpass"), std::string::npos) << m;
    }
  }
}

TEST_F(PostgresTest, WorkspaceMigratesAndKeepsGeometry) {
  {
    Workspace ws(target_, Workspace::Open::create_if_missing);
    EXPECT_EQ(ws.schema_version(), Workspace::latest_version());
    EXPECT_TRUE(ws.db().table_exists("observation_default"));
    const auto wkb = point_wkb(111.65, 40.75);
    Transaction tx(ws.db());
    ws.db()
        .prepare("INSERT INTO station (geom, code, name, kind, lon, lat) VALUES (?, 'X1', 'x', 'air', 111.65, 40.75)")
        .bind_blob(1, geometry_value(ws.db(), wkb))
        .run();
    tx.commit();
    auto q = ws.db().prepare("SELECT geom, ST_SRID(geom), ST_X(geom) FROM station WHERE code = 'X1'");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(geometry_wkb(ws.db(), q.blob(0)), wkb);
    EXPECT_EQ(q.int64(1), 4326);
    EXPECT_EQ(q.real(2), 111.65);
  }
  // Opened again: nothing to migrate; the audit log refuses changes on the server too.
  Workspace again(target_, Workspace::Open::existing);
  EXPECT_TRUE(again.migrated().empty());
  EXPECT_THROW(again.db().exec("DELETE FROM audit_log"), StoreError);
  EXPECT_THROW(again.db().exec("TRUNCATE audit_log"), StoreError);
  // The maintenance database is no workspace; one that holds someone else's tables is not taken over by init.
  EXPECT_THROW(Workspace(base_ + "/postgres", Workspace::Open::existing), StoreError);
  Database admin(base_ + "/postgres", Database::Mode::read_write);
  admin.exec("DROP DATABASE IF EXISTS " + name_ + "_foreign");
  admin.exec("CREATE DATABASE " + name_ + "_foreign");
  {
    Database foreign(base_ + "/" + name_ + "_foreign", Database::Mode::read_write);
    foreign.exec("CREATE TABLE someone_elses (a INT)");
  }
  EXPECT_THROW(Workspace(base_ + "/" + name_ + "_foreign", Workspace::Open::create_if_missing), StoreError);
  admin.exec("DROP DATABASE " + name_ + "_foreign WITH (FORCE)");
}

}  // namespace
}  // namespace eb::store
