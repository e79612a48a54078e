#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/error.hpp"
#include "store/air_store.hpp"
#include "store/audit.hpp"
#include "store/review_store.hpp"
#include "store/sqlite.hpp"
#include "store/workspace.hpp"
#include "support/test_paths.hpp"

namespace eb::store {

namespace {

const Period kDay{{2019, 1, 1}, {2019, 1, 1}, "2019-01-01"};

// One air station with a day of PM2.5 in which hours 3 and 4 are negative and hours 10..17 stuck at 37.
void fill(Workspace& ws) {
  auto& db = ws.db();
  Transaction tx(db);
  db.exec(
      "INSERT INTO station (code, name, kind, lon, lat) VALUES ('S1', 'S1', 'air', 111.6, 40.8);"
      "INSERT INTO import_batch (kind, layout, file, sha256, source, imported_at, values_added, values_unchanged, "
      "rejected) VALUES ('observations', 'test', 't.csv', 'x', 'test', '2019', 24, 0, 0);"
      "INSERT INTO series (station_code, parameter, averaging, unit) VALUES ('S1', 'PM2.5', '1h', 'µg/m³');");
  auto ins = db.prepare("INSERT INTO observation (series_id, time, value, flag, import_id) VALUES (1, ?1, ?2, ?3, 1)");
  for (int h = 0; h < 24; ++h) {
    double v = 40 + (h % 5) * 3;
    if (h == 3 || h == 4) v = -2;
    if (h >= 10 && h < 18) v = 37;
    ins.bind(1, kDay.begin() + h * 3600).bind(2, v);
    if (h == 20)
      ins.bind(3, "D");
    else
      ins.bind_null(3);
    ins.run();
  }
  tx.commit();
}

std::vector<engine::review::Mark> checks(Workspace& ws) {
  return engine::review::run_checks(load_review_input(ws, kDay), standards::ReviewRules::bundled());
}

}  // namespace

TEST(ReviewStore, RunIsIdempotentAndAudited) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  fill(ws);
  const auto marks = checks(ws);
  ASSERT_EQ(marks.size(), 3u);  // device_flag (D), flat, negative
  const auto first = store_review_marks(ws, kDay, {}, marks);
  EXPECT_EQ(first.added, 3);
  const auto entries = audit_entries(ws).size();
  const auto again = store_review_marks(ws, kDay, {}, checks(ws));
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.unchanged, 3);
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM review_mark"), 3);
  EXPECT_EQ(audit_entries(ws).size(), entries);  // nothing changed, nothing logged
  EXPECT_EQ(audit_entries(ws).back().action, "review run");
}

TEST(ReviewStore, OpenMarksNoLongerProducedAreRetractedDecidedOnesKept) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  fill(ws);
  store_review_marks(ws, kDay, {}, checks(ws));
  const auto flat = review_marks(ws, {MarkStatus::open, std::nullopt, std::nullopt, std::nullopt});
  std::int64_t negative_id = 0;
  for (const auto& m : flat)
    if (m.mark.rule == "negative") negative_id = m.id;
  decide_mark(ws, negative_id, MarkStatus::confirmed, "Li Wei", "analyser zero drift");
  const auto counts = store_review_marks(ws, kDay, {}, {});  // the data were corrected: nothing found
  EXPECT_EQ(counts.retracted, 2);
  const auto left = review_marks(ws);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, negative_id);
}

TEST(ReviewStore, DecisionsRecordWhoWhenWhyAndDecideExclusion) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  fill(ws);
  store_review_marks(ws, kDay, {}, checks(ws));
  std::map<std::string, std::int64_t> id;
  for (const auto& m : review_marks(ws)) id[m.mark.rule] = m.id;
  // Before any decision: automatic invalidations apply, suspect marks do not.
  std::set<std::string> excluding;
  for (const auto& m : excluding_marks(ws, kDay.begin(), kDay.end())) excluding.insert(m.mark.rule);
  EXPECT_EQ(excluding, (std::set<std::string>{"device_flag", "negative"}));

  const auto overruled = decide_mark(ws, id["negative"], MarkStatus::overruled, "Li Wei", "values are real: N/A");
  EXPECT_EQ(overruled.status, MarkStatus::overruled);
  EXPECT_EQ(overruled.decided_by, "Li Wei");
  EXPECT_EQ(overruled.reason, "values are real: N/A");
  EXPECT_FALSE(overruled.decided_at.empty());
  decide_mark(ws, id["flat"], MarkStatus::confirmed, "Li Wei", "stuck analyser");
  excluding.clear();
  for (const auto& m : excluding_marks(ws, kDay.begin(), kDay.end())) excluding.insert(m.mark.rule);
  EXPECT_EQ(excluding, (std::set<std::string>{"device_flag", "flat"}));

  const auto e = audit_entries(ws).back();
  EXPECT_EQ(e.actor, "Li Wei");
  EXPECT_EQ(e.action, "review confirm");
  EXPECT_EQ(e.table, "review_decision");
  EXPECT_EQ(e.key, std::to_string(id["flat"]));
  EXPECT_NE(e.details.find("stuck analyser"), std::string::npos);
  EXPECT_TRUE(verify_audit(ws).ok);

  EXPECT_EQ(review_marks(ws, {MarkStatus::confirmed, std::nullopt, std::nullopt, std::nullopt}).size(), 1u);
  EXPECT_EQ(review_marks(ws, {MarkStatus::open, std::nullopt, std::nullopt, std::nullopt}).size(), 1u);
}

TEST(ReviewStore, DecisionRefusals) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  EXPECT_THROW(decide_mark(ws, 99, MarkStatus::confirmed, "Li", "why"), InputError);
  fill(ws);
  store_review_marks(ws, kDay, {}, checks(ws));
  const auto id = review_marks(ws).front().id;
  EXPECT_THROW(decide_mark(ws, id, MarkStatus::confirmed, "", "why"), InputError);
  EXPECT_THROW(decide_mark(ws, id, MarkStatus::confirmed, "Li", ""), InputError);
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM review_decision"), 0);
}

TEST(ReviewStore, StationScopeLeavesOtherStationsMarksAlone) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  fill(ws);
  store_review_marks(ws, kDay, {}, checks(ws));
  const auto counts = store_review_marks(ws, kDay, {"S2"}, {});
  EXPECT_EQ(counts.retracted, 0);
  EXPECT_EQ(review_marks(ws).size(), 3u);
}

}  // namespace eb::store
