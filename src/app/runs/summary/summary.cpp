#include "app/runs/summary/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

#include "core/error.hpp"
#include "core/quantity.hpp"
#include "store/admin_store.hpp"

namespace eb::app::runs {

namespace {

EpochSeconds day_start(EpochSeconds t) {
  const CivilDateTime c = epoch_to_beijing(t);
  return beijing_to_epoch({c.date, 0, 0, 0});
}

SummaryPart part_of(const std::string& name) {
  if (name == "all") return SummaryPart::all;
  if (name == "units") return SummaryPart::units;
  if (name == "stations") return SummaryPart::stations;
  if (name == "unlocated") return SummaryPart::unlocated;
  if (name == "capture") return SummaryPart::capture;
  throw UsageError("--part: expected all, units, stations, unlocated or capture, got " + name);
}

// The stored series of the stations, with what each station kind reports and the span of its data.
struct SeriesIndex {
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<EpochSeconds>> times;
  std::map<std::pair<std::string, std::string>, std::pair<EpochSeconds, EpochSeconds>> span;  // (kind, avg)
  std::map<std::string, std::set<std::pair<std::string, std::string>>> quantities;            // kind -> (param, avg)
};

SeriesIndex index_series(store::Workspace& ws, const std::vector<store::StationBrief>& stations,
                         const std::set<std::string>& averagings) {
  std::map<std::string, const store::StationBrief*> by_code;
  for (const auto& s : stations) by_code[s.code] = &s;
  SeriesIndex x;
  store::for_each_series(ws, [&](const store::SeriesKey& k, std::span<const EpochSeconds> t) {
    if (!averagings.empty() && !averagings.count(k.averaging)) return;
    // Water samples follow no regular calendar: their capture is not judged here.
    if (const auto a = parse_averaging(k.averaging); a && averaging_step_seconds(*a) == 0) return;
    const auto it = by_code.find(k.station);
    if (it == by_code.end() || t.empty()) return;
    const std::string& kind = it->second->kind;
    x.quantities[kind].insert({k.parameter, k.averaging});
    auto& sp = x.span.try_emplace({kind, k.averaging}, t.front(), t.back()).first->second;
    sp.first = std::min(sp.first, t.front());
    sp.second = std::max(sp.second, t.back());
    x.times[{k.station, k.parameter, k.averaging}].assign(t.begin(), t.end());
  });
  return x;
}

// Capture of every station x (parameter, averaging) seen for stations of its kind; a station that never
// reported a quantity its peers report gets a row with nothing present.
std::vector<SummaryCapture> capture_rows(store::Workspace& ws, const std::optional<Period>& period,
                                         const std::set<std::string>& averagings) {
  const auto stations = store::station_briefs(ws);
  SeriesIndex x = index_series(ws, stations, averagings);
  std::vector<SummaryCapture> rows;
  const std::vector<EpochSeconds> none;
  for (const auto& s : stations) {
    for (const auto& [parameter, averaging] : x.quantities[s.kind]) {
      const auto avg = parse_averaging(averaging);
      const std::int64_t step = avg ? averaging_step_seconds(*avg) : 3600;
      SummaryCapture r{s.code, s.name, s.admin_code.value_or(""), s.kind, parameter, averaging, 0, 0, {}};
      if (period) {
        r.from = period->begin();
        r.to = period->end() - step;
      } else {
        const auto& sp = x.span.at({s.kind, averaging});
        r.from = day_start(sp.first);
        r.to = day_start(sp.second) + 86400 - step;
      }
      const auto it = x.times.find({s.code, parameter, averaging});
      r.capture = engine::capture(it == x.times.end() ? none : it->second, r.from, r.to, step);
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

Table units_table(const SummaryResult& r, Lang l) {
  Table t;
  t.title_zh = "行政区划";
  t.title_en = "Administrative units";
  t.columns = {{"level", "级别", "level"}, {"level_name", "层级", "level name"}, {"units", "数量", "units"}};
  for (const auto& c : r.units) t.add({c.level, std::string(store::level_name(c.level, l == Lang::zh)), c.units});
  return t;
}

Table stations_table(const SummaryResult& r, Lang l) {
  Table t;
  t.title_zh = "各盟市及有站点的旗县区的空气监测站点";
  t.title_en = "Air stations per league/city and per banner/county with stations";
  t.columns = {{"code", "代码", "code"},
               {"name", "名称", "name"},
               {"level", "级别", "level"},
               {"stations", "站点数", "stations"},
               {"stations_with_data", "有数据站点", "with data"}};
  for (const auto& u : r.stations)
    t.add({u.code, l == Lang::en && !u.name_en.empty() ? u.name_en : u.name_zh, u.level, u.stations,
           u.stations_with_data});
  return t;
}

Table unlocated_table(const SummaryResult& r) {
  Table t;
  t.title_zh = "未定位到旗县区的站点";
  t.title_en = "Stations not attached to a banner/county";
  t.columns = {{"code", "站点编码", "code"},
               {"name", "名称", "name"},
               {"league", "盟市", "league/city"},
               {"note", "原因", "reason"}};
  for (const auto& s : r.unlocated) t.add({s.code, s.name, s.league_code, s.location_note});
  return t;
}

Table capture_long_table(const std::vector<SummaryCapture>& rows) {
  Table t;
  t.title_zh = "数据获取率（按应有日历计）";
  t.title_en = "Data capture against the expected calendar";
  t.columns = {{"station", "站点", "station"},
               {"name", "名称", "name"},
               {"admin_code", "所在行政区", "unit"},
               {"parameter", "参数", "parameter"},
               {"averaging", "统计方式", "averaging"},
               {"from", "起", "from"},
               {"to", "止", "to"},
               {"expected", "应有", "expected"},
               {"present", "实有", "present"},
               {"capture_pct", "获取率%", "capture %", 1},
               {"longest_gap", "最长连续缺失", "longest gap"},
               {"gap_start", "缺失起始", "gap starts"}};
  for (const auto& r : rows)
    t.add({r.station, r.name, r.admin_code, r.parameter, r.averaging, format_beijing_iso(r.from),
           format_beijing_iso(r.to), r.capture.expected, r.capture.present, 100.0 * r.capture.ratio(),
           r.capture.longest_gap, r.capture.longest_gap > 0 ? Cell(format_beijing_iso(r.capture.gap_start)) : Cell()});
  return t;
}

// The empty pivot table of one station kind and averaging: its title and a column per parameter.
Table capture_pivot_head(const std::pair<std::string, std::string>& kind_averaging, const SummaryCapture& first,
                         const std::vector<std::string>& params) {
  const auto avg = parse_averaging(kind_averaging.second);
  const bool hourly = !avg || averaging_step_seconds(*avg) == 3600;
  const std::string from = format_beijing_iso(first.from).substr(0, 10),
                    to = format_beijing_iso(first.to).substr(0, 10);
  Table t;
  t.title_zh = fmt::format("数据获取率 %（{} 站点，{}；{} 至 {}，应有 {} {}）", kind_averaging.first,
                           kind_averaging.second, from, to, first.capture.expected, hourly ? "小时" : "天");
  t.title_en = fmt::format("Data capture % ({} stations, {}; {} to {}, {} {} expected)", kind_averaging.first,
                           kind_averaging.second, from, to, first.capture.expected, hourly ? "hours" : "days");
  t.columns = {{"station", "站点", "station"}, {"name", "名称", "name"}, {"admin_code", "行政区", "unit"}};
  for (const auto& p : params) t.columns.push_back({p, p, p, 1});
  t.columns.push_back(
      {"longest_gap", hourly ? "最长缺失(小时)" : "最长缺失(天)", hourly ? "longest gap (h)" : "longest gap (days)"});
  t.columns.push_back({"gap_start", "缺失起始", "gap starts"});
  return t;
}

// One station's row of a pivot table: its capture per parameter, and its longest gap of any.
std::vector<Cell> capture_pivot_row(const std::vector<const SummaryCapture*>& rs,
                                    const std::vector<std::string>& params) {
  std::vector<Cell> row{rs.front()->station, rs.front()->name, rs.front()->admin_code};
  const SummaryCapture* worst = rs.front();
  for (const auto& p : params) {
    const auto it = std::find_if(rs.begin(), rs.end(), [&](const SummaryCapture* r) { return r->parameter == p; });
    row.push_back(it == rs.end() ? Cell() : Cell(100.0 * (*it)->capture.ratio()));
    if (it != rs.end() && (*it)->capture.longest_gap > worst->capture.longest_gap) worst = *it;
  }
  row.push_back(worst->capture.longest_gap);
  row.push_back(worst->capture.longest_gap > 0 ? Cell(format_beijing_iso(worst->capture.gap_start)) : Cell());
  return row;
}

// For people: one table per station kind and averaging, one row per station, one column per parameter.
std::vector<Table> capture_pivot_tables(const std::vector<SummaryCapture>& rows) {
  std::map<std::pair<std::string, std::string>, std::vector<const SummaryCapture*>> groups;  // (kind, averaging)
  for (const auto& r : rows) groups[{r.kind, r.averaging}].push_back(&r);
  std::vector<Table> out;
  for (const auto& [key, members] : groups) {
    std::vector<std::string> params;
    for (const auto* r : members)
      if (std::find(params.begin(), params.end(), r->parameter) == params.end()) params.push_back(r->parameter);
    Table t = capture_pivot_head(key, *members.front(), params);
    std::map<std::string, std::vector<const SummaryCapture*>> by_station;
    std::vector<std::string> order;
    for (const auto* r : members) {
      if (!by_station.count(r->station)) order.push_back(r->station);
      by_station[r->station].push_back(r);
    }
    for (const auto& code : order) t.add(capture_pivot_row(by_station[code], params));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

SummaryRequest summary_request(const std::string& workspace, const std::string& period, const std::string& part,
                               const std::string& averaging) {
  SummaryRequest req;
  req.workspace = workspace;
  if (!period.empty()) {
    req.period = parse_period(period);
    if (!req.period)
      throw UsageError("--period: expected 2019, 2019-03, 2019Q1 or 2019-01-01..2019-06-30, got " + period);
  }
  std::stringstream ss(averaging);
  for (std::string a; std::getline(ss, a, ',');)
    if (!a.empty()) {
      if (!parse_averaging(a)) throw UsageError("--averaging: unknown averaging " + a);
      req.averagings.insert(a);
    }
  req.part = part_of(part);
  return req;
}

SummaryResult run_summary(const SummaryRequest& req) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  SummaryResult r;
  r.part = req.part;
  if (r.has(SummaryPart::units)) r.units = store::units_per_level(ws);
  if (r.has(SummaryPart::stations)) r.stations = store::stations_per_unit(ws);
  if (r.has(SummaryPart::unlocated))
    for (auto& s : store::list_stations(ws))
      if (s.location_note) r.unlocated.push_back(std::move(s));
  if (r.has(SummaryPart::capture)) r.capture = capture_rows(ws, req.period, req.averagings);
  return r;
}

Document summary_document(const SummaryResult& r, Lang lang, Format format) {
  Document doc;
  doc.keyed = true;
  const bool all = r.part == SummaryPart::all;
  if (r.has(SummaryPart::units)) doc.parts.emplace_back("units", units_table(r, lang));
  if (r.has(SummaryPart::stations)) doc.parts.emplace_back("stations", stations_table(r, lang));
  if (r.has(SummaryPart::unlocated) && (!all || !r.unlocated.empty()))
    doc.parts.emplace_back("unlocated", unlocated_table(r));
  if (r.has(SummaryPart::capture)) {
    if (format == Format::table) {
      int i = 0;
      for (auto& t : capture_pivot_tables(r.capture))
        doc.parts.emplace_back(fmt::format("capture{}", i++), std::move(t));
    } else {
      doc.parts.emplace_back("capture", capture_long_table(r.capture));
    }
  }
  if (format == Format::csv && !doc.parts.empty()) {
    doc.parts.resize(1);
    doc.keyed = false;
  }
  return doc;
}

}  // namespace eb::app::runs
