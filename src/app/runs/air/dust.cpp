#include "app/runs/air/dust.hpp"

#include <fmt/format.h>

#include <limits>
#include <set>
#include <tuple>

#include "app/runs/air/assess_units.hpp"
#include "app/runs/record_file.hpp"
#include "core/civil_time.hpp"
#include "core/error.hpp"
#include "standards/air_rollup.hpp"
#include "store/admin_store.hpp"
#include "store/station_store.hpp"

namespace eb::app::runs {

namespace {

constexpr const char* kCandidateSource = "candidate";

// A time of the file: its instant, or nothing (and a problem recorded). A date alone starts its day, or as an
// end, ends it.
std::optional<EpochSeconds> instant_field(RecordFile& rows, const std::string& column, bool is_end) {
  const std::string v = rows[column];
  const auto parsed = parse_instant(v);
  if (!parsed) {
    rows.fail(fmt::format("{}: \"{}\" is not a time (YYYY-MM-DD or YYYY-MM-DD HH:MM, Beijing time)", column, v));
    return std::nullopt;
  }
  return parsed->epoch + (is_end && parsed->date_only ? 86400 : 0);
}

// The unit code of a record: a code of the workspace, or a league/city name.
std::optional<std::string> unit_field(RecordFile& rows, store::Workspace& ws, const std::string& column) {
  const std::string v = rows[column];
  if (store::find_unit(ws, v)) return v;
  if (const auto code = store::league_by_name(ws, v)) return code;
  rows.fail(fmt::format("{}: \"{}\" is not a unit code or league/city name of the workspace", column, v));
  return std::nullopt;
}

std::optional<store::DustPeriod> read_period(RecordFile& rows, store::Workspace& ws, const std::string& file,
                                             const std::string& unit_column, int line) {
  const std::size_t before = rows.failures();
  store::DustPeriod p;
  const auto unit = unit_field(rows, ws, unit_column);
  const auto start = instant_field(rows, "start", false);
  const auto end = instant_field(rows, "end", true);
  p.source = rows["source"];
  p.note = rows["note"];
  if (p.source.empty())
    rows.fail("source: empty (who determined the period: monitoring_centre, meteorological, ...)");
  else if (p.source == kCandidateSource)
    rows.fail(
        "source: a candidate from `air dust candidates` must be reviewed first: set source to who determined "
        "the period (monitoring_centre, meteorological, ...)");
  if (start && end && *end <= *start) rows.fail("end: not after start");
  if (rows.failures() != before) return std::nullopt;
  p.unit_code = *unit;
  p.start = *start;
  p.end = *end;
  p.file = file;
  p.line = line;
  return p;
}

std::string format_time(EpochSeconds t) {
  const CivilDateTime c = epoch_to_beijing(t);
  return c.hour == 0 && c.minute == 0 ? format_date(c.date)
                                      : fmt::format("{} {:02d}:{:02d}", format_date(c.date), c.hour, c.minute);
}

// The end as written: a whole day ends with its date.
std::string format_end(EpochSeconds start, EpochSeconds end) {
  const CivilDateTime c = epoch_to_beijing(end);
  const CivilDateTime s = epoch_to_beijing(start);
  if (c.hour == 0 && c.minute == 0 && s.hour == 0 && s.minute == 0)
    return format_date(epoch_to_beijing(end - 86400).date);
  return format_time(end);
}

}  // namespace

AirDustImportResult run_air_dust_import(const AirDustImportRequest& req, const RunEnv& env) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  RecordFile rows(req.file, {"start", "end", "source"}, env.text_input());
  std::vector<store::DustPeriod> periods;
  std::set<std::tuple<std::string, EpochSeconds, EpochSeconds>> seen;
  while (rows.next()) {
    const int line = static_cast<int>(rows.line());
    const std::string unit_column = rows["unit"].empty() && !rows["city"].empty() ? "city" : "unit";
    auto p = read_period(rows, ws, req.file, unit_column, line);
    if (!p) continue;
    if (!seen.emplace(p->unit_code, p->start, p->end).second) {
      rows.fail("the same unit, start and end as an earlier record");
      continue;
    }
    periods.push_back(std::move(*p));
  }
  rows.refuse_if_failed();
  if (periods.empty()) throw InputError(req.file + ": no periods");
  AirDustImportResult r{req.file, static_cast<int>(periods.size()), {}};
  r.counts = store::import_dust_periods(ws, periods);
  return r;
}

Document air_dust_import_document(const AirDustImportResult& r, Lang l) {
  Document doc;
  doc.note(fmt::format("{}: {} {}（{} {}，{} {}，{} {}）", r.file, r.periods,
                       tr(l, "个沙尘影响时段", "sand/dust periods"), tr(l, "新增", "added"), r.counts.added,
                       tr(l, "更新", "updated"), r.counts.updated, tr(l, "未变", "unchanged"), r.counts.unchanged));
  return doc;
}

AirDustListResult run_air_dust_list(const AirDustListRequest& req, const RunEnv&) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  const EpochSeconds begin = req.period ? req.period->begin() : std::numeric_limits<EpochSeconds>::min();
  const EpochSeconds end = req.period ? req.period->end() : std::numeric_limits<EpochSeconds>::max();
  AirDustListResult r;
  for (auto& p : store::dust_periods(ws, begin, end)) {
    AirDustListed listed{std::move(p), "", ""};
    if (const auto unit = store::find_unit(ws, listed.period.unit_code)) {
      listed.name_zh = unit->name_zh;
      listed.name_en = unit->name_en;
    }
    r.periods.push_back(std::move(listed));
  }
  return r;
}

namespace {

std::vector<Column> import_columns() {
  return {{"unit", "单位代码", "unit"},     {"start", "开始", "start"}, {"end", "结束", "end"},
          {"source", "判定来源", "source"}, {"note", "说明", "note"},   {"name", "名称", "name"}};
}

}  // namespace

Document air_dust_list_document(const AirDustListResult& r, Lang l) {
  Table t;
  t.title_zh = "沙尘天气过程影响时段（环办监测〔2016〕120号）";
  t.title_en = "Sand/dust-affected periods (环办监测〔2016〕120号)";
  t.columns = import_columns();
  t.columns.push_back({"file", "来源文件", "file"});
  t.columns.push_back({"line", "行", "line"});
  for (const auto& p : r.periods) {
    const std::string& name = l == Lang::en && !p.name_en.empty() ? p.name_en : p.name_zh;
    t.add({p.period.unit_code, format_time(p.period.start), format_end(p.period.start, p.period.end), p.period.source,
           p.period.note, name, p.period.file, p.period.line});
  }
  Document doc(std::move(t));
  if (r.periods.empty()) doc.note(tr(l, "没有沙尘影响时段。", "No sand/dust-affected periods."));
  return doc;
}

AirDustCandidatesResult run_air_dust_candidates(const AirDustCandidatesRequest& req, const RunEnv&) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  const auto& rules = standards::air_rollup_rules().dust;
  AirDustCandidatesResult r{req.period, rules.candidate_pm10_min, rules.candidate_pm25_pm10_max, {}};
  AirAssessRequest a;
  a.period = req.period;
  a.level = "city";
  AirRules used{};
  const auto pm10 = static_cast<std::size_t>(engine::air::DailyItem::PM10);
  const auto pm25 = static_cast<std::size_t>(engine::air::DailyItem::PM25);
  for (const auto& u : air_assess_units(ws, a, used))
    for (std::size_t day = 0; day < u.daily.days; ++day) {
      const double p10 = u.daily.value[pm10][day], p25 = u.daily.value[pm25][day];
      if (!engine::air::present(p10) || !engine::air::present(p25) || p10 < r.pm10_min || p25 / p10 > r.ratio_max)
        continue;
      r.days.push_back({u.code, u.name_zh, u.name_en, u.daily.day(day), p10, p25});
    }
  return r;
}

Document air_dust_candidates_document(const AirDustCandidatesResult& r, Lang l) {
  Table t;
  t.title_zh = fmt::format("疑似沙尘影响日（候选，待审核；{}）", r.period.label);
  t.title_en = fmt::format("Candidate sand/dust days (for review; {})", r.period.label);
  t.columns = import_columns();
  for (const auto& c : r.days)
    t.add({c.unit, format_date(c.day), format_date(c.day), kCandidateSource,
           fmt::format("PM10 {:.0f} µg/m³, PM2.5/PM10 {:.2f}", c.pm10, c.ratio()),
           l == Lang::en && !c.name_en.empty() ? c.name_en : c.name_zh});
  Document doc(std::move(t));
  doc.note(
      tr(l,
         fmt::format("候选日：盟市 PM10 日均值 ≥ {:.0f} µg/m³ 且 PM2.5/PM10 ≤ {:.2f}（data/standards/air_rollup.csv，"
                     "项目经验阈值，非标准）。候选日不会被扣除：经监测站或气象部门确认后，把 source 改为判定来源，"
                     "再用 air dust import 导入。",
                     r.pm10_min, r.ratio_max),
         fmt::format("Candidates: a league/city day with PM10 >= {:.0f} µg/m³ and PM2.5/PM10 <= {:.2f} "
                     "(data/standards/air_rollup.csv; a project heuristic, not a standard). Nothing is deducted: "
                     "once the monitoring centre or the meteorological service confirms a day, set source to who "
                     "determined it and import the file with air dust import.",
                     r.pm10_min, r.ratio_max)));
  return doc;
}

}  // namespace eb::app::runs
