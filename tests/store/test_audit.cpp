#include <gtest/gtest.h>

#include "core/error.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"
#include "store/workspace.hpp"
#include "support/test_paths.hpp"

namespace eb::store {

namespace {

void add_station(Workspace& ws, const std::string& code) {
  Transaction tx(ws.db());
  ws.db()
      .prepare("INSERT INTO station (code, name, kind, lon, lat) VALUES (?1, ?1, 'air', 111.6, 40.8)")
      .bind(1, code)
      .run();
  tx.commit();
}

}  // namespace

TEST(Audit, EveryCommittedChangeIsLoggedInTheSameTransaction) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const auto before = audit_entries(ws);
  ASSERT_EQ(before.size(), 1u);  // the migration that created the log
  EXPECT_EQ(before[0].action, "migrate");
  EXPECT_EQ(before[0].prev_hash, kAuditGenesis);
  add_station(ws, "A1");
  const auto after = audit_entries(ws);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].seq, 2);
  EXPECT_EQ(after[1].action, "write");
  EXPECT_EQ(after[1].table, "station");
  EXPECT_NE(after[1].details.find(R"("station":{"deleted":0,"inserted":1,"updated":0})"), std::string::npos)
      << after[1].details;
  EXPECT_EQ(after[1].prev_hash, after[0].hash);
  EXPECT_EQ(after[1].hash, entry_hash(after[1]));
  EXPECT_TRUE(verify_audit(ws).ok);
}

TEST(Audit, RolledBackAndEmptyTransactionsLeaveNoEntry) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  {
    Transaction tx(ws.db());
    ws.db().exec("INSERT INTO station (code, name, kind, lon, lat) VALUES ('B', 'B', 'air', 1, 1)");
  }  // rolled back
  {
    Transaction tx(ws.db());
    tx.commit();  // nothing changed
  }
  EXPECT_EQ(audit_entries(ws).size(), 1u);
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM station"), 0);
}

TEST(Audit, AStepRolledBackInsideACommittedTransactionLeavesNoEntry) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const std::size_t before = audit_entries(ws).size();
  {
    Transaction outer(ws.db());
    ws.db().prepare("INSERT INTO station (code, name, kind, lon, lat) VALUES ('K1', 'K1', 'air', 111, 40)").run();
    ws.db().describe_write({"keep", "station", "K1", "{}", "tester"});
    {
      Transaction step(ws.db());
      ws.db().prepare("INSERT INTO station (code, name, kind, lon, lat) VALUES ('U1', 'U1', 'air', 111, 40)").run();
      ws.db().describe_write({"undone", "station", "U1", "{}", "tester"});
    }  // not committed: rolled back to its savepoint
    outer.commit();
  }
  const auto entries = audit_entries(ws);
  ASSERT_EQ(entries.size(), before + 1);
  EXPECT_EQ(entries.back().action, "keep");
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM station WHERE code = 'U1'"), 0);
  EXPECT_TRUE(verify_audit(ws).ok);
}

TEST(Audit, DescribedWritesNameTheirActorAndKey) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  {
    Transaction tx(ws.db());
    ws.db().exec("INSERT INTO station (code, name, kind, lon, lat) VALUES ('C', 'C', 'air', 1, 1)");
    ws.db().describe_write({"station import", "station", "C", R"({"file":"a \"b\".csv"})", "Wang Fang"});
    tx.commit();
  }
  const auto e = audit_entries(ws).back();
  EXPECT_EQ(e.actor, "Wang Fang");
  EXPECT_EQ(e.action, "station import");
  EXPECT_EQ(e.key, "C");
  EXPECT_NE(e.details.find(R"("file":"a \"b\".csv")"), std::string::npos) << e.details;
}

TEST(Audit, TheLogItselfRefusesUpdatesAndDeletes) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  EXPECT_THROW(ws.db().exec("UPDATE audit_log SET actor = 'x'"), StoreError);
  EXPECT_THROW(ws.db().exec("DELETE FROM audit_log"), StoreError);
  EXPECT_THROW(ws.db().exec("DELETE FROM audit_head"), StoreError);
}

// Tampering as someone with the file and sqlite3 would: drop the guards, then edit.
class AuditTamper : public ::testing::Test {
 protected:
  void SetUp() override {
    Workspace ws(p.str(), Workspace::Open::create_if_missing);
    for (const char* code : {"A", "B", "C", "D"}) add_station(ws, code);
    ASSERT_EQ(audit_entries(ws).size(), 5u);
  }
  void tamper(const std::string& sql) {
    Database db(p.str(), Database::Mode::read_write);
    db.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_head_no_delete;");
    db.exec(sql);
  }
  AuditVerification verify() {
    Workspace ws(p.str(), Workspace::Open::existing);
    return verify_audit(ws);
  }
  test::TempPath p{"ws.gpkg"};
};

TEST_F(AuditTamper, IntactLogVerifies) {
  const auto v = verify();
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 5);
  EXPECT_EQ(v.head_seq, 5);
}

TEST_F(AuditTamper, EditedDetailsAreDetected) {
  tamper("UPDATE audit_log SET details = replace(details, '\"inserted\":1', '\"inserted\":2') WHERE seq = 3");
  const auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 3);
  EXPECT_NE(v.problem.find("hash does not match"), std::string::npos) << v.problem;
}

TEST_F(AuditTamper, EditedActorWithRecomputedHashBreaksTheNextLink) {
  // Rewriting one entry's hash to match its new content leaves the next entry's prev_hash pointing at the old one.
  {
    Workspace ws(p.str(), Workspace::Open::existing);
    auto e = audit_entries(ws)[1];
    e.actor = "someone else";
    tamper("UPDATE audit_log SET actor = 'someone else', hash = '" + entry_hash(e) + "' WHERE seq = 2");
  }
  const auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 3);
  EXPECT_NE(v.problem.find("prev_hash"), std::string::npos) << v.problem;
}

TEST_F(AuditTamper, DeletedMiddleEntryIsDetected) {
  tamper("DELETE FROM audit_log WHERE seq = 2");
  const auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 2);
  EXPECT_NE(v.problem.find("missing"), std::string::npos) << v.problem;
}

TEST_F(AuditTamper, DeletedLastEntryIsDetectedByTheHead) {
  tamper("DELETE FROM audit_log WHERE seq = 5");
  const auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 5);
  EXPECT_NE(v.problem.find("deleted from its end"), std::string::npos) << v.problem;
}

TEST_F(AuditTamper, EditedHeadIsDetected) {
  tamper("UPDATE audit_head SET hash = 'x' || hash");
  EXPECT_FALSE(verify().ok);
}

TEST_F(AuditTamper, WritesAfterTamperingDoNotHealTheChain) {
  tamper("UPDATE audit_log SET time = '2000-01-01T00:00:00.000Z' WHERE seq = 4");
  {
    Workspace ws(p.str(), Workspace::Open::existing);
    add_station(ws, "E");
  }
  const auto v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad, 4);
}

TEST(Audit, OlderWorkspaceGetsTheLogOnMigration) {
  test::TempPath p("old.gpkg");
  Workspace::create_at_version(p.str(), 9);
  Workspace ws(p.str(), Workspace::Open::existing);
  const auto entries = audit_entries(ws);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "migrate");
  EXPECT_EQ(entries[0].key, "11");
  EXPECT_TRUE(verify_audit(ws).ok);
}

}  // namespace eb::store
