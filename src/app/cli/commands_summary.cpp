// ecobarrier summary WS: units, stations per unit, data capture against the expected calendar.
#include <fmt/format.h>

#include <map>
#include <set>
#include <sstream>

#include "app/cli/context.hpp"
#include "app/table/lang.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "engine/capture/capture.hpp"
#include "store/admin_store.hpp"
#include "store/station_store.hpp"
#include "store/summary_store.hpp"

namespace eb::app {

namespace {

struct CaptureRow {
  std::string station, name, admin_code, kind, parameter, averaging;
  EpochSeconds from = 0, to = 0;
  engine::Capture capture;
};

EpochSeconds day_start(EpochSeconds t) {
  const CivilDateTime c = epoch_to_beijing(t);
  return beijing_to_epoch({c.date, 0, 0, 0});
}

// Capture of every station x (parameter, averaging) seen for stations of its kind; a station that never
// reported a quantity its peers report gets a row with nothing present.
std::vector<CaptureRow> capture_rows(store::Workspace& ws, const std::optional<Period>& period,
                                     const std::set<std::string>& averaging_filter) {
  const auto stations = store::station_briefs(ws);
  std::map<std::string, const store::StationBrief*> by_code;
  for (const auto& s : stations) by_code[s.code] = &s;

  // Series times, collected once.
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<EpochSeconds>> times;
  std::map<std::pair<std::string, std::string>, std::pair<EpochSeconds, EpochSeconds>> span;  // (kind, avg)
  std::map<std::string, std::set<std::pair<std::string, std::string>>> quantities;            // kind -> (param, avg)
  store::for_each_series(ws, [&](const store::SeriesKey& k, std::span<const EpochSeconds> t) {
    if (!averaging_filter.empty() && !averaging_filter.count(k.averaging)) return;
    // Water samples follow no regular calendar: their capture is not judged here.
    if (const auto a = parse_averaging(k.averaging); a && averaging_step_seconds(*a) == 0) return;
    const auto it = by_code.find(k.station);
    if (it == by_code.end() || t.empty()) return;
    const std::string& kind = it->second->kind;
    quantities[kind].insert({k.parameter, k.averaging});
    auto& sp = span.try_emplace({kind, k.averaging}, t.front(), t.back()).first->second;
    sp.first = std::min(sp.first, t.front());
    sp.second = std::max(sp.second, t.back());
    times[{k.station, k.parameter, k.averaging}].assign(t.begin(), t.end());
  });

  std::vector<CaptureRow> rows;
  const std::vector<EpochSeconds> none;
  for (const auto& s : stations) {
    for (const auto& [parameter, averaging] : quantities[s.kind]) {
      const auto avg = parse_averaging(averaging);
      const std::int64_t step = avg ? averaging_step_seconds(*avg) : 3600;
      CaptureRow r{s.code, s.name, s.admin_code.value_or(""), s.kind, parameter, averaging, 0, 0, {}};
      if (period) {
        r.from = period->begin();
        r.to = period->end() - step;
      } else {
        const auto& sp = span.at({s.kind, averaging});
        r.from = day_start(sp.first);
        r.to = day_start(sp.second) + 86400 - step;
      }
      const auto it = times.find({s.code, parameter, averaging});
      r.capture = engine::capture(it == times.end() ? none : it->second, r.from, r.to, step);
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

Table capture_long_table(const std::vector<CaptureRow>& rows) {
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

// For people: one row per station and averaging, one column per parameter.
std::vector<Table> capture_pivot_tables(const std::vector<CaptureRow>& rows) {
  std::map<std::pair<std::string, std::string>, std::vector<const CaptureRow*>> groups;  // (kind, averaging)
  for (const auto& r : rows) groups[{r.kind, r.averaging}].push_back(&r);
  std::vector<Table> out;
  for (const auto& [key, members] : groups) {
    std::vector<std::string> params;
    for (const auto* r : members)
      if (std::find(params.begin(), params.end(), r->parameter) == params.end()) params.push_back(r->parameter);
    const auto avg = parse_averaging(key.second);
    const bool hourly = !avg || averaging_step_seconds(*avg) == 3600;
    Table t;
    const CaptureRow& first = *members.front();
    t.title_zh = fmt::format("数据获取率 %（{} 站点，{}；{} 至 {}，应有 {} {}）", key.first, key.second,
                             format_beijing_iso(first.from).substr(0, 10), format_beijing_iso(first.to).substr(0, 10),
                             first.capture.expected, hourly ? "小时" : "天");
    t.title_en = fmt::format("Data capture % ({} stations, {}; {} to {}, {} {} expected)", key.first, key.second,
                             format_beijing_iso(first.from).substr(0, 10), format_beijing_iso(first.to).substr(0, 10),
                             first.capture.expected, hourly ? "hours" : "days");
    t.columns = {{"station", "站点", "station"}, {"name", "名称", "name"}, {"admin_code", "行政区", "unit"}};
    for (const auto& p : params) t.columns.push_back({p, p, p, 1});
    t.columns.push_back(
        {"longest_gap", hourly ? "最长缺失(小时)" : "最长缺失(天)", hourly ? "longest gap (h)" : "longest gap (days)"});
    t.columns.push_back({"gap_start", "缺失起始", "gap starts"});
    std::map<std::string, std::vector<const CaptureRow*>> by_station;
    std::vector<std::string> order;
    for (const auto* r : members) {
      if (!by_station.count(r->station)) order.push_back(r->station);
      by_station[r->station].push_back(r);
    }
    for (const auto& code : order) {
      const auto& rs = by_station[code];
      std::vector<Cell> row{code, rs.front()->name, rs.front()->admin_code};
      const CaptureRow* worst = rs.front();
      for (const auto& p : params) {
        const auto it = std::find_if(rs.begin(), rs.end(), [&](const CaptureRow* r) { return r->parameter == p; });
        row.push_back(it == rs.end() ? Cell() : Cell(100.0 * (*it)->capture.ratio()));
        if (it != rs.end() && (*it)->capture.longest_gap > worst->capture.longest_gap) worst = *it;
      }
      row.push_back(worst->capture.longest_gap);
      row.push_back(worst->capture.longest_gap > 0 ? Cell(format_beijing_iso(worst->capture.gap_start)) : Cell());
      t.add(std::move(row));
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

void print_summary(Context& ctx, const std::string& workspace, const std::string& period_text, const std::string& part,
                   const std::string& averaging) {
  const Lang l = ctx.lang();
  std::optional<Period> period;
  if (!period_text.empty()) {
    period = parse_period(period_text);
    if (!period)
      throw UsageError("--period: expected 2019, 2019-03, 2019Q1 or 2019-01-01..2019-06-30, got " + period_text);
  }
  std::set<std::string> averaging_filter;
  {
    std::stringstream ss(averaging);
    for (std::string a; std::getline(ss, a, ',');)
      if (!a.empty()) {
        if (!parse_averaging(a)) throw UsageError("--averaging: unknown averaging " + a);
        averaging_filter.insert(a);
      }
  }
  if (ctx.format() == Format::csv && part == "all")
    throw UsageError("CSV holds one table: choose --part units, stations, unlocated or capture");
  store::Workspace ws(workspace, store::Workspace::Open::existing);
  std::vector<std::pair<std::string, Table>> parts;
  const bool all = part == "all";

  if (all || part == "units") {
    Table t;
    t.title_zh = "行政区划";
    t.title_en = "Administrative units";
    t.columns = {{"level", "级别", "level"}, {"level_name", "层级", "level name"}, {"units", "数量", "units"}};
    for (const auto& c : store::units_per_level(ws))
      t.add({c.level, std::string(store::level_name(c.level, l == Lang::zh)), c.units});
    parts.emplace_back("units", std::move(t));
  }
  if (all || part == "stations") {
    Table t;
    t.title_zh = "各盟市及有站点的旗县区的空气监测站点";
    t.title_en = "Air stations per league/city and per banner/county with stations";
    t.columns = {{"code", "代码", "code"},
                 {"name", "名称", "name"},
                 {"level", "级别", "level"},
                 {"stations", "站点数", "stations"},
                 {"stations_with_data", "有数据站点", "with data"}};
    for (const auto& u : store::stations_per_unit(ws))
      t.add({u.code, l == Lang::en && !u.name_en.empty() ? u.name_en : u.name_zh, u.level, u.stations,
             u.stations_with_data});
    parts.emplace_back("stations", std::move(t));
  }
  if (all || part == "unlocated") {
    Table t;
    t.title_zh = "未定位到旗县区的站点";
    t.title_en = "Stations not attached to a banner/county";
    t.columns = {{"code", "站点编码", "code"},
                 {"name", "名称", "name"},
                 {"league", "盟市", "league/city"},
                 {"note", "原因", "reason"}};
    for (const auto& s : store::list_stations(ws))
      if (s.location_note) t.add({s.code, s.name, s.league_code, s.location_note});
    if (!all || !t.rows.empty()) parts.emplace_back("unlocated", std::move(t));
  }
  if (all || part == "capture") {
    const auto rows = capture_rows(ws, period, averaging_filter);
    if (ctx.format() == Format::table) {
      int i = 0;
      for (auto& t : capture_pivot_tables(rows)) parts.emplace_back(fmt::format("capture{}", i++), std::move(t));
    } else {
      parts.emplace_back("capture", capture_long_table(rows));
    }
  }
  if (ctx.format() == Format::csv)
    write_table(ctx.out(), parts.front().second, Format::csv, l);
  else
    write_document(ctx.out(), parts, ctx.format(), l);
}

void add_summary_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string ws, period, part = "all", averaging;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("summary", "Units, stations per unit, and data capture per station and parameter");
  cmd->add_option("WS", o->ws, "Workspace")->required();
  cmd->add_option("--period", o->period, "Calendar to judge capture against: 2019, 2019-03, 2019Q1, FROM..TO");
  cmd->add_option("--part", o->part, "Which part to print")
      ->check(CLI::IsMember({"all", "units", "stations", "unlocated", "capture"}))
      ->capture_default_str();
  cmd->add_option("--averaging", o->averaging, "Only these averagings, comma-separated (1h,24h,8h,day,...)");
  cmd->footer(
      "Examples:\n"
      "  ecobarrier summary ws.gpkg\n"
      "  ecobarrier summary ws.gpkg --period 2019-01-01..2019-06-30 --part capture --format csv -o capture.csv\n\n"
      "Capture is counted against the calendar: every hour (or day) of the period is expected for every\n"
      "station and every quantity reported by stations of its kind. Without --period the calendar runs\n"
      "from the first to the last day of the data of that station kind and averaging.");
  cmd->callback([o, &ctx] { print_summary(ctx, o->ws, o->period, o->part, o->averaging); });
}

}  // namespace eb::app
