// with_retry: a unit of work that a conflict rolled back runs again, a bounded number of times, never inside a
// caller's transaction; and on a real PostgreSQL server (when ECOBARRIER_TEST_PG_DIR names one), two writers that
// deadlock both end up committed, each change once.
#include <gtest/gtest.h>

#include <barrier>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "core/error.hpp"
#include "store/database.hpp"
#include "store/retry.hpp"
#include "support/test_paths.hpp"

namespace eb::store {
namespace {

TEST(Retry, RunsTheUnitAgainAfterAConflictAndReturnsItsResult) {
  test::TempPath p("retry.gpkg");
  Database db(p.str(), Database::Mode::create);
  db.exec("CREATE TABLE t (n INTEGER)");
  int runs = 0;
  const int result = with_retry(db, [&] {
    ++runs;
    Transaction tx(db);
    db.exec("INSERT INTO t VALUES (1)");
    if (runs < 3) throw StoreConflict("could not serialize access");  // rolled back with tx
    tx.commit();
    return 42;
  });
  EXPECT_EQ(result, 42);
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM t"), 1);  // the failed attempts left nothing
}

TEST(Retry, GivesUpAfterTheAttemptsAndLetsOtherErrorsThrough) {
  test::TempPath p("retry.gpkg");
  Database db(p.str(), Database::Mode::create);
  int runs = 0;
  EXPECT_THROW(with_retry(
                   db,
                   [&] {
                     ++runs;
                     throw StoreConflict("deadlock detected");
                   },
                   4),
               StoreConflict);
  EXPECT_EQ(runs, 4);
  runs = 0;
  EXPECT_THROW(with_retry(db,
                          [&] {
                            ++runs;
                            throw StoreError("disk full");
                          }),
               StoreError);
  EXPECT_EQ(runs, 1);
}

TEST(Retry, InsideTheCallersTransactionTheConflictGoesToTheCaller) {
  test::TempPath p("retry.gpkg");
  Database db(p.str(), Database::Mode::create);
  Transaction outer(db);
  int runs = 0;
  EXPECT_THROW(with_retry(db,
                          [&] {
                            ++runs;
                            throw StoreConflict("could not serialize access");
                          }),
               StoreConflict);
  EXPECT_EQ(runs, 1);
}

// The server named by the test cluster's conninfo file, or nothing.
std::optional<std::string> pg_server() {
  const char* dir = std::getenv("ECOBARRIER_TEST_PG_DIR");
  if (!dir || !*dir) return std::nullopt;
  std::ifstream f(std::string(dir) + "/conninfo");
  std::string uri;
  if (!(f >> uri)) return std::nullopt;
  while (!uri.empty() && uri.back() == '/') uri.pop_back();
  return uri;
}

TEST(Retry, TwoWritersThatDeadlockOnTheServerBothCommitOnce) {
  const auto server = pg_server();
  if (!server) GTEST_SKIP() << "ECOBARRIER_TEST_PG_DIR names no PostgreSQL server";
  const std::string name = "eb_retry_" + std::to_string(std::random_device{}() % 1000000000u);
  const std::string target = *server + "/" + name;
  {
    Database a(target, Database::Mode::create);
    Database b(target, Database::Mode::read_write);
    a.exec("CREATE TABLE probe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO probe VALUES (1, 0), (2, 0)");
    // Each writer changes both rows, in opposite orders, after both changed their first: one of them is the
    // server's deadlock victim (40P01), is rolled back whole, and runs again.
    std::barrier both(2);
    int attempts_a = 0, attempts_b = 0;
    const auto writer = [&both](Database& db, int first, int second, int& attempts) {
      with_retry(db, [&] {
        Transaction tx(db);
        db.exec("UPDATE probe SET n = n + 1 WHERE id = " + std::to_string(first));
        if (++attempts == 1) both.arrive_and_wait();
        db.exec("UPDATE probe SET n = n + 1 WHERE id = " + std::to_string(second));
        tx.commit();
      });
    };
    std::thread ta([&] { writer(a, 1, 2, attempts_a); });
    std::thread tb([&] { writer(b, 2, 1, attempts_b); });
    ta.join();
    tb.join();
    EXPECT_EQ(attempts_a + attempts_b, 3);  // the victim ran twice
    EXPECT_EQ(a.query_int("SELECT sum(n) FROM probe WHERE n = 2"), 4);
  }
  Database admin(*server + "/postgres", Database::Mode::read_write);
  admin.exec("DROP DATABASE " + name + " WITH (FORCE)");
}

}  // namespace
}  // namespace eb::store
