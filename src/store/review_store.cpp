#include "store/review_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "core/error.hpp"
#include "store/database.hpp"

namespace eb::store {

using engine::review::Mark;
using engine::review::SubjectKind;
using standards::ReviewSeverity;

namespace {

// On a server, review runs and decisions take turns (a transaction-level advisory lock, released at commit). A run
// reads which open marks it did not produce and deletes them; a decision recorded on one of them in between would
// be refused by the foreign key (or, without it, retracted with its mark), and two runs over the same period would
// both add the marks neither found. On SQLite, BEGIN IMMEDIATE made this writer the only one already.
void take_turn_with_review_writers(Database& db) {
  if (!db.on_server()) return;
  // A run may hold the turn for a while: wait as a writer waits for a GeoPackage's write lock (write_wait), not for
  // the statements' short lock wait, which comes back at once after.
  auto wait = db.prepare("SELECT current_setting('lock_timeout')");
  wait.step();
  const std::string usual = wait.text(0);
  wait.reset();
  db.exec(fmt::format("SET LOCAL lock_timeout = {}", std::max<long long>(1, write_wait().bound.count())));
  db.exec("SELECT pg_advisory_xact_lock(7310132891657535348)");
  db.prepare("SELECT set_config('lock_timeout', ?1, true)").bind(1, usual).run();
}

// Details for the audit log; text that is not UTF-8 is kept with replacement characters.
std::string json_text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

constexpr const char* kSelectMarks = R"sql(
SELECT m.id, m.rule, m.station_code, m.parameter, m.start_utc, m.end_utc, m.severity, m.detail, m.hours,
       m.created_at, d.decision, d.decided_by, d.decided_at, d.reason, m.subject_kind, m.outlet_fid
FROM review_mark m
LEFT JOIN review_decision d ON d.id = (SELECT max(id) FROM review_decision WHERE mark_id = m.id)
)sql";

StoredMark read_mark(Statement& q) {
  StoredMark s;
  s.id = q.int64(0);
  s.mark.rule = q.text(1);
  s.mark.kind = q.text(14) == "outlet" ? SubjectKind::outlet : SubjectKind::station;
  s.mark.subject = q.text(2);
  if (!q.is_null(15)) s.outlet = q.int64(15);
  s.mark.parameter = q.text(3);
  s.mark.start = q.int64(4);
  s.mark.end = q.int64(5);
  s.mark.severity = q.text(6) == "invalidate" ? ReviewSeverity::invalidate : ReviewSeverity::suspect;
  s.mark.detail = q.text(7);
  s.mark.hours = static_cast<std::size_t>(q.int64(8));
  s.created_at = q.text(9);
  if (!q.is_null(10)) {
    s.status = q.text(10) == "confirmed" ? MarkStatus::confirmed : MarkStatus::overruled;
    s.decided_by = q.text(11);
    s.decided_at = q.text(12);
    s.reason = q.text(13);
  }
  return s;
}

// Fills `in` from rows (subject code, group, lon, lat, parameter, time, value, flag) ordered by subject and
// parameter. Values off the hourly grid are left out; the flag "N" (normal) counts as none.
void fill_review_input(engine::review::Input& in, Statement& q) {
  while (q.step()) {
    const std::string code = q.text(0), parameter = q.text(4);
    if (in.subjects.empty() || in.subjects.back().code != code)
      in.subjects.push_back({code, q.text(1), q.real(2), q.real(3)});
    if (in.series.empty() || in.series.back().subject != in.subjects.size() - 1 ||
        in.series.back().parameter != parameter) {
      engine::review::Series s;
      s.subject = in.subjects.size() - 1;
      s.parameter = parameter;
      s.values.assign(in.hours, std::numeric_limits<double>::quiet_NaN());
      in.series.push_back(std::move(s));
    }
    auto& s = in.series.back();
    const EpochSeconds t = q.int64(5);
    if ((t - in.t0) % 3600 != 0) continue;
    const auto h = static_cast<std::size_t>((t - in.t0) / 3600);
    s.values[h] = q.real(6);
    if (const auto flag = q.opt_text(7); flag && !flag->empty() && *flag != "N") {
      if (s.flags.empty()) s.flags.assign(in.hours, std::string());
      s.flags[h] = *flag;
    }
  }
}

}  // namespace

std::string_view status_name(MarkStatus s) {
  switch (s) {
    case MarkStatus::open:
      return "open";
    case MarkStatus::confirmed:
      return "confirmed";
    case MarkStatus::overruled:
      return "overruled";
  }
  return "open";
}

std::optional<MarkStatus> parse_status(std::string_view s) {
  for (const auto st : {MarkStatus::open, MarkStatus::confirmed, MarkStatus::overruled})
    if (status_name(st) == s) return st;
  return std::nullopt;
}

bool StoredMark::excludes() const {
  if (mark.rule == "missing") return false;
  if (mark.severity == ReviewSeverity::invalidate) return status != MarkStatus::overruled;
  return status == MarkStatus::confirmed;
}

engine::review::Input load_review_input(Workspace& ws, const Period& period) {
  engine::review::Input in;
  in.kind = SubjectKind::station;
  in.t0 = period.begin();
  in.hours = static_cast<std::size_t>(period.end() - period.begin()) / 3600;
  auto q = ws.db().prepare(R"sql(
SELECT st.code, coalesce(st.league_code, ''), st.lon, st.lat, s.parameter, o.time, o.value, o.flag
FROM series s JOIN station st ON st.code = s.station_code JOIN observation o ON o.series_id = s.id
WHERE st.kind = 'air' AND s.parameter IN ('PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3') AND s.averaging = '1h'
  AND o.time >= ?1 AND o.time < ?2
ORDER BY st.code, s.parameter)sql");
  q.bind(1, period.begin()).bind(2, period.end());
  fill_review_input(in, q);
  return in;
}

engine::review::Input load_outlet_review_input(Workspace& ws, const Period& period) {
  engine::review::Input in;
  in.kind = SubjectKind::outlet;
  in.t0 = period.begin();
  in.hours = static_cast<std::size_t>(period.end() - period.begin()) / 3600;
  auto q = ws.db().prepare(R"sql(
SELECT o.enterprise_id || '/' || o.outlet_id, o.enterprise_id, o.lon, o.lat, v.pollutant, v.data_time, v.value,
       v.flag
FROM source_value v JOIN outlet o ON o.fid = v.outlet
WHERE v.cn = 2061 AND v.kind = 'Avg' AND v.data_time >= ?1 AND v.data_time < ?2
ORDER BY o.enterprise_id, o.outlet_id, v.pollutant)sql");
  q.bind(1, period.begin()).bind(2, period.end());
  fill_review_input(in, q);
  return in;
}

ReviewRunCounts store_review_marks(Workspace& ws, const Period& period, SubjectKind kind,
                                   const std::vector<std::string>& subjects, const std::vector<Mark>& marks) {
  auto& db = ws.db();
  Transaction tx(db);
  take_turn_with_review_writers(db);
  const std::string kind_name(engine::review::subject_kind_name(kind));
  const std::set<std::string> only(subjects.begin(), subjects.end());
  const auto in_scope = [&](const std::string& subject) { return only.empty() || only.count(subject) > 0; };
  std::map<std::string, std::int64_t> outlet_fids;  // "enterprise_id/outlet_id" -> fid
  if (kind == SubjectKind::outlet) {
    auto q = db.prepare("SELECT enterprise_id || '/' || outlet_id, fid FROM outlet");
    while (q.step()) outlet_fids.emplace(q.text(0), q.int64(1));
  }
  auto find = db.prepare(
      "SELECT id, severity, detail FROM review_mark WHERE rule = ?1 AND station_code = ?2 AND parameter = ?3 AND "
      "start_utc = ?4 AND end_utc = ?5 AND subject_kind = ?6");
  auto insert = db.prepare(
      "INSERT INTO review_mark (rule, station_code, parameter, start_utc, end_utc, severity, detail, hours, "
      "created_at, subject_kind, outlet_fid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?11, ?9, ?10) RETURNING id");
  auto update = db.prepare("UPDATE review_mark SET severity = ?2, detail = ?3, hours = ?4 WHERE id = ?1");
  ReviewRunCounts counts;
  std::set<std::int64_t> produced;
  for (const Mark& m : marks) {
    if (m.kind != kind || !in_scope(m.subject)) continue;
    std::optional<std::int64_t> outlet;
    if (kind == SubjectKind::outlet) {
      const auto it = outlet_fids.find(m.subject);
      if (it == outlet_fids.end())
        throw InputError(fmt::format("review: outlet {} is not in the registry of {}", m.subject, ws.path()));
      outlet = it->second;
    }
    const std::string sev(standards::severity_name(m.severity));
    find.reset();
    find.bind(1, m.rule).bind(2, m.subject).bind(3, m.parameter).bind(4, m.start).bind(5, m.end).bind(6, kind_name);
    if (find.step()) {
      const std::int64_t id = find.int64(0);
      produced.insert(id);
      if (find.text(1) == sev && find.text(2) == m.detail) {
        ++counts.unchanged;
        continue;
      }
      update.bind(1, id).bind(2, sev).bind(3, m.detail).bind(4, static_cast<std::int64_t>(m.hours));
      update.run();
      ++counts.updated;
      continue;
    }
    insert.bind(1, m.rule).bind(2, m.subject).bind(3, m.parameter).bind(4, m.start).bind(5, m.end);
    insert.bind(6, sev).bind(7, m.detail).bind(8, static_cast<std::int64_t>(m.hours));
    insert.bind(9, kind_name).bind(10, outlet).bind(11, utc_timestamp());
    insert.step();
    produced.insert(insert.int64(0));
    insert.reset();
    ++counts.added;
  }
  // Open marks of the kind inside the run's scope that this run did not produce: the data or the rules changed.
  auto stale = db.prepare(
      "SELECT id, station_code FROM review_mark m WHERE start_utc >= ?1 AND end_utc <= ?2 AND subject_kind = ?3 "
      "AND NOT EXISTS (SELECT 1 FROM review_decision d WHERE d.mark_id = m.id)");
  stale.bind(1, period.begin()).bind(2, period.end()).bind(3, kind_name);
  std::vector<std::int64_t> retract;
  while (stale.step())
    if (in_scope(stale.text(1)) && !produced.count(stale.int64(0))) retract.push_back(stale.int64(0));
  auto del = db.prepare("DELETE FROM review_mark WHERE id = ?1");
  for (const auto id : retract) {
    del.bind(1, id);
    del.run();
    ++counts.retracted;
  }
  if (counts.added + counts.updated + counts.retracted > 0) {
    std::string scope;
    for (const auto& code : only) scope += (scope.empty() ? "" : " ") + code;
    // Station runs keep the detail key they always had; outlet runs name theirs.
    db.describe_write({"review run", "review_mark", period.label,
                       json_text({{"added", counts.added},
                                  {"retracted", counts.retracted},
                                  {kind == SubjectKind::outlet ? "outlets" : "stations", scope.empty() ? "all" : scope},
                                  {"unchanged", counts.unchanged},
                                  {"updated", counts.updated}}),
                       ""});
  }
  tx.commit();
  return counts;
}

std::vector<StoredMark> review_marks(Workspace& ws, const MarkFilter& f) {
  // Station marks first (as before outlets had marks), then outlet marks.
  auto q = ws.db().prepare(
      std::string(kSelectMarks) +
      "WHERE (CAST(?1 AS TEXT) IS NULL OR m.station_code = ?1) AND "
      "(CAST(?2 AS BIGINT) IS NULL OR m.end_utc > ?2) AND (CAST(?3 AS BIGINT) IS NULL OR m.start_utc < ?3) "
      "AND (CAST(?4 AS TEXT) IS NULL OR m.subject_kind = ?4) "
      "ORDER BY m.subject_kind DESC, m.station_code, m.start_utc, m.parameter, m.rule, m.id");
  std::optional<std::string> kind;
  if (f.kind) kind = std::string(engine::review::subject_kind_name(*f.kind));
  q.bind(1, f.subject).bind(2, f.begin).bind(3, f.end).bind(4, kind);
  std::vector<StoredMark> out;
  while (q.step()) {
    StoredMark m = read_mark(q);
    if (!f.status || m.status == *f.status) out.push_back(std::move(m));
  }
  return out;
}

std::optional<StoredMark> review_mark(Workspace& ws, std::int64_t id) {
  auto q = ws.db().prepare(std::string(kSelectMarks) + "WHERE m.id = ?1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_mark(q);
}

StoredMark decide_mark(Workspace& ws, std::int64_t id, MarkStatus decision, const std::string& by,
                       const std::string& reason) {
  if (decision == MarkStatus::open) throw InputError("a decision is confirmed or overruled");
  if (by.empty()) throw InputError("--by: the reviewer's name is required");
  if (reason.empty()) throw InputError("--reason: why the mark is confirmed or overruled is required");
  auto& db = ws.db();
  Transaction tx(db);
  take_turn_with_review_writers(db);
  if (!review_mark(ws, id)) throw InputError(fmt::format("review mark {}: no such mark in {}", id, ws.path()));
  db.prepare(
        "INSERT INTO review_decision (mark_id, decision, decided_by, decided_at, reason) "
        "VALUES (?1, ?2, ?3, ?5, ?4)")
      .bind(1, id)
      .bind(5, utc_timestamp())
      .bind(2, status_name(decision))
      .bind(3, by)
      .bind(4, reason)
      .run();
  db.describe_write({std::string("review ") + (decision == MarkStatus::confirmed ? "confirm" : "overrule"),
                     "review_decision", std::to_string(id),
                     json_text({{"decision", status_name(decision)}, {"reason", reason}}), by});
  tx.commit();
  return *review_mark(ws, id);
}

std::vector<StoredMark> excluding_marks(Workspace& ws, EpochSeconds begin, EpochSeconds end) {
  MarkFilter f;
  f.kind = SubjectKind::station;
  f.begin = begin;
  f.end = end;
  std::vector<StoredMark> out;
  for (auto& m : review_marks(ws, f))
    if (m.excludes()) out.push_back(std::move(m));
  return out;
}

std::vector<InvalidatedOutletHour> invalidated_outlet_hours(Workspace& ws, EpochSeconds begin, EpochSeconds end) {
  MarkFilter f;
  f.kind = SubjectKind::outlet;
  f.begin = begin;
  f.end = end;
  auto marks = review_marks(ws, f);
  // The first excluding mark (by id) names the rule of an hour several marks cover.
  std::sort(marks.begin(), marks.end(), [](const StoredMark& a, const StoredMark& b) { return a.id < b.id; });
  std::map<std::tuple<std::int64_t, std::string, EpochSeconds>, std::pair<std::string, std::int64_t>> hours;
  for (const auto& m : marks) {
    if (!m.excludes() || !m.outlet) continue;
    // Marks start on the hour grid of the run that made them; hours outside [begin, end) are not asked for.
    for (EpochSeconds t = std::max(m.mark.start, begin); t < std::min(m.mark.end, end); t += 3600)
      hours.emplace(std::make_tuple(*m.outlet, m.mark.parameter, t), std::make_pair(m.mark.rule, m.id));
  }
  std::vector<InvalidatedOutletHour> out;
  out.reserve(hours.size());
  for (const auto& [key, why] : hours)
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), why.first, why.second});
  return out;
}

bool outlet_hour_invalidated(const std::vector<InvalidatedOutletHour>& invalidated, std::int64_t outlet,
                             std::string_view pollutant, EpochSeconds hour) {
  const auto covered = [&](std::string_view code) {
    const auto it = std::lower_bound(invalidated.begin(), invalidated.end(), std::make_tuple(outlet, code, hour),
                                     [](const InvalidatedOutletHour& x, const auto& key) {
                                       return std::make_tuple(x.outlet, std::string_view(x.pollutant), x.hour) < key;
                                     });
    return it != invalidated.end() && it->outlet == outlet && it->pollutant == code && it->hour == hour;
  };
  return covered(pollutant) || covered("*");
}

}  // namespace eb::store
