#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/error.hpp"
#include "store/air_store.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"
#include "store/review_store.hpp"
#include "store/source_store.hpp"
#include "store/workspace.hpp"
#include "support/source_packets.hpp"
#include "support/test_paths.hpp"

namespace eb::store {

namespace {

const Period kDay{{2019, 1, 1}, {2019, 1, 1}, "2019-01-01"};
constexpr auto kStation = engine::review::SubjectKind::station;
constexpr auto kOutlet = engine::review::SubjectKind::outlet;

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
  const auto first = store_review_marks(ws, kDay, kStation, {}, marks);
  EXPECT_EQ(first.added, 3);
  const auto entries = audit_entries(ws).size();
  const auto again = store_review_marks(ws, kDay, kStation, {}, checks(ws));
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
  store_review_marks(ws, kDay, kStation, {}, checks(ws));
  const auto flat = review_marks(ws, {MarkStatus::open, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  std::int64_t negative_id = 0;
  for (const auto& m : flat)
    if (m.mark.rule == "negative") negative_id = m.id;
  decide_mark(ws, negative_id, MarkStatus::confirmed, "Li Wei", "analyser zero drift");
  const auto counts = store_review_marks(ws, kDay, kStation, {}, {});  // the data were corrected: nothing found
  EXPECT_EQ(counts.retracted, 2);
  const auto left = review_marks(ws);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, negative_id);
}

TEST(ReviewStore, DecisionsRecordWhoWhenWhyAndDecideExclusion) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  fill(ws);
  store_review_marks(ws, kDay, kStation, {}, checks(ws));
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

  EXPECT_EQ(review_marks(ws, {MarkStatus::confirmed, std::nullopt, std::nullopt, std::nullopt, std::nullopt}).size(),
            1u);
  EXPECT_EQ(review_marks(ws, {MarkStatus::open, std::nullopt, std::nullopt, std::nullopt, std::nullopt}).size(), 1u);
}

TEST(ReviewStore, DecisionRefusals) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  EXPECT_THROW(decide_mark(ws, 99, MarkStatus::confirmed, "Li", "why"), InputError);
  fill(ws);
  store_review_marks(ws, kDay, kStation, {}, checks(ws));
  const auto id = review_marks(ws).front().id;
  EXPECT_THROW(decide_mark(ws, id, MarkStatus::confirmed, "", "why"), InputError);
  EXPECT_THROW(decide_mark(ws, id, MarkStatus::confirmed, "Li", ""), InputError);
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM review_decision"), 0);
}

TEST(ReviewStore, StationScopeLeavesOtherStationsMarksAlone) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  fill(ws);
  store_review_marks(ws, kDay, kStation, {}, checks(ws));
  const auto counts = store_review_marks(ws, kDay, kStation, {"S2"}, {});
  EXPECT_EQ(counts.retracted, 0);
  EXPECT_EQ(review_marks(ws).size(), 3u);
}

namespace {

// Two outlets of one enterprise. DA001 sends a day of hourly SO2 (a21026) in which hour 5 is flagged D (fault),
// hours 10..15 are stuck at 42 (flat) and hours 18..20 are missing; DW001 sends a clean day of COD (w01018).
// Values go in through the receiver's writer; minute data and Min/Max values are ignored by review.
std::int64_t fill_outlets(Workspace& ws) {
  OutletRecord gas{"91150000MA0000000X",
                   "SYNTHETIC 合成企业",
                   "boiler",
                   "DA001",
                   "",
                   "gas",
                   "MN0001",
                   "pw",
                   "GB13271-2014",
                   111.6,
                   40.8,
                   "t.csv:2"};
  OutletRecord water = gas;
  water.outlet_id = "DW001";
  water.kind = "water";
  water.mn = "MN0002";
  water.standard = "GB8978-1996";
  import_sources(ws, {gas, water});
  const auto da = find_outlet(ws, "91150000MA0000000X/DA001");
  const auto dw = find_outlet(ws, "MN0002");
  Transaction tx(ws.db());
  test::SourcePackets w(ws);
  for (int h = 0; h < 24; ++h) {
    const EpochSeconds t = kDay.begin() + h * 3600;
    if (h < 18 || h > 20) {
      const double v = h >= 10 && h < 16 ? 42 : 30 + (h % 4) * 2.5;
      w.insert(da->fid, 2061, t, "a21026", "Avg", v, h == 5 ? 'D' : 'N', "q", t);
      w.insert(da->fid, 2061, t, "a21026", "Max", -5, 'N', "q", t);  // not an Avg: not reviewed
      w.insert(da->fid, 2051, t, "a21026", "Avg", -5, 'N', "q", t);  // minute data: not reviewed
    }
    w.insert(dw->fid, 2061, t, "w01018", "Avg", 35 + (h % 3), 'N', "q", t);
  }
  w.flush();
  tx.commit();
  return da->fid;
}

std::vector<engine::review::Mark> outlet_checks(Workspace& ws) {
  return engine::review::run_checks(load_outlet_review_input(ws, kDay), standards::ReviewRules::bundled());
}

}  // namespace

TEST(ReviewStore, MigrationGivesOldMarksTheStationSubject) {
  test::TempPath p("old.gpkg");
  Workspace::create_at_version(p.str(), 11);
  {
    Database db(p.str(), Database::Mode::read_write);
    db.exec(
        "INSERT INTO review_mark (rule, station_code, parameter, start_utc, end_utc, severity, detail, hours, "
        "created_at) VALUES ('negative', 'S1', 'PM2.5', 0, 3600, 'invalidate', 'x', 1, '2026')");
  }
  Workspace ws(p.str(), Workspace::Open::existing);
  EXPECT_EQ(ws.schema_version(), Workspace::latest_version());
  const auto marks = review_marks(ws);
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].mark.kind, kStation);
  EXPECT_EQ(marks[0].mark.subject, "S1");
  EXPECT_FALSE(marks[0].outlet);
  EXPECT_THROW(ws.db().exec("UPDATE review_mark SET subject_kind = 'lake'"), StoreError);
  EXPECT_TRUE(verify_audit(ws).ok);
  EXPECT_EQ(audit_entries(ws).back().action, "migrate");
  // One entry for the run from 11, named by its first migration that describes itself (13, the review subjects).
  EXPECT_EQ(audit_entries(ws).back().key, "13");
}

TEST(ReviewStore, OutletMarksFromHourlyAveragesAsReceived) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const std::int64_t da = fill_outlets(ws);
  const auto in = load_outlet_review_input(ws, kDay);
  ASSERT_EQ(in.subjects.size(), 2u);
  EXPECT_EQ(in.kind, kOutlet);
  EXPECT_EQ(in.subjects[0].code, "91150000MA0000000X/DA001");
  ASSERT_EQ(in.series.size(), 2u);
  EXPECT_EQ(in.series[0].parameter, "a21026");
  EXPECT_EQ(in.series[0].flags[5], "D");
  EXPECT_EQ(in.series[0].flags[4], "");  // N is no flag
  const auto counts = store_review_marks(ws, kDay, kOutlet, {}, outlet_checks(ws));
  EXPECT_EQ(counts.added, 3);  // device_flag, flat, missing; the clean COD series has none
  std::set<std::string> rules;
  for (const auto& m : review_marks(ws, {std::nullopt, kOutlet, std::nullopt, std::nullopt, std::nullopt})) {
    rules.insert(m.mark.rule);
    EXPECT_EQ(m.outlet, da);
    EXPECT_EQ(m.mark.kind, kOutlet);
  }
  EXPECT_EQ(rules, (std::set<std::string>{"device_flag", "flat", "missing"}));
  EXPECT_EQ(audit_entries(ws).back().action, "review run");
  EXPECT_NE(audit_entries(ws).back().details.find("\"outlets\":\"all\""), std::string::npos);
  // Idempotent; and a station run (which finds nothing) never retracts outlet marks, nor the other way round.
  EXPECT_EQ(store_review_marks(ws, kDay, kOutlet, {}, outlet_checks(ws)).unchanged, 3);
  fill(ws);
  EXPECT_EQ(store_review_marks(ws, kDay, kStation, {}, {}).retracted, 0);
  EXPECT_EQ(store_review_marks(ws, kDay, kStation, {}, checks(ws)).added, 3);
  EXPECT_EQ(store_review_marks(ws, kDay, kOutlet, {}, outlet_checks(ws)).retracted, 0);
  EXPECT_EQ(review_marks(ws).size(), 6u);
  EXPECT_EQ(review_marks(ws).front().mark.kind, kStation);  // station marks list first
  // An outlet that is not in the registry is refused, and nothing is stored.
  engine::review::Mark ghost = outlet_checks(ws).front();
  ghost.subject = "NOPE/DA001";
  EXPECT_THROW(store_review_marks(ws, kDay, kOutlet, {}, {ghost}), InputError);
  EXPECT_EQ(review_marks(ws).size(), 6u);
  EXPECT_TRUE(verify_audit(ws).ok);
}

TEST(ReviewStore, InvalidatedOutletHoursFollowTheDecisions) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const std::int64_t da = fill_outlets(ws);
  fill(ws);  // station marks never count for outlets
  store_review_marks(ws, kDay, kStation, {}, checks(ws));
  store_review_marks(ws, kDay, kOutlet, {}, outlet_checks(ws));
  const auto hour = [](int h) { return kDay.begin() + h * 3600; };
  // Before any decision: the automatic invalidation (D at hour 5) only; not the suspect flat line, never missing.
  auto inv = invalidated_outlet_hours(ws, kDay.begin(), kDay.end());
  ASSERT_EQ(inv.size(), 1u);
  EXPECT_EQ(inv[0].outlet, da);
  EXPECT_EQ(inv[0].pollutant, "a21026");
  EXPECT_EQ(inv[0].hour, hour(5));
  EXPECT_EQ(inv[0].rule, "device_flag");
  EXPECT_TRUE(outlet_hour_invalidated(inv, da, "a21026", hour(5)));
  EXPECT_FALSE(outlet_hour_invalidated(inv, da, "a21026", hour(6)));
  EXPECT_FALSE(outlet_hour_invalidated(inv, da, "a21002", hour(5)));
  EXPECT_FALSE(outlet_hour_invalidated(inv, da + 1, "a21026", hour(5)));

  std::map<std::string, std::int64_t> id;
  for (const auto& m : review_marks(ws, {std::nullopt, kOutlet, std::nullopt, std::nullopt, std::nullopt}))
    id[m.mark.rule] = m.id;
  decide_mark(ws, id["flat"], MarkStatus::confirmed, "Wang Fang", "analyser stuck, checked on site");
  decide_mark(ws, id["device_flag"], MarkStatus::overruled, "Wang Fang", "fault flag set by mistake");
  decide_mark(ws, id["missing"], MarkStatus::confirmed, "Wang Fang", "logger down");
  inv = invalidated_outlet_hours(ws, kDay.begin(), kDay.end());
  ASSERT_EQ(inv.size(), 6u);  // hours 10..15
  for (int h = 0; h < 24; ++h) EXPECT_EQ(outlet_hour_invalidated(inv, da, "a21026", hour(h)), h >= 10 && h < 16) << h;
  EXPECT_EQ(inv.front().rule, "flat");
  // A window clips the hours.
  inv = invalidated_outlet_hours(ws, hour(12), hour(14));
  ASSERT_EQ(inv.size(), 2u);
  EXPECT_EQ(inv[0].hour, hour(12));
  EXPECT_TRUE(invalidated_outlet_hours(ws, hour(16), kDay.end()).empty());
  // The latest decision wins.
  decide_mark(ws, id["flat"], MarkStatus::overruled, "Zhao Lei", "values confirmed by manual sampling");
  EXPECT_TRUE(invalidated_outlet_hours(ws, kDay.begin(), kDay.end()).empty());
  EXPECT_TRUE(verify_audit(ws).ok);
}

}  // namespace eb::store
