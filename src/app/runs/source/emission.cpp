#include "app/runs/source/emission.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"
#include "store/admin_store.hpp"
#include "store/review_store.hpp"
#include "store/source_values.hpp"

namespace eb::app::runs {

namespace {

std::optional<double> number(double v) {
  if (std::isnan(v)) return std::nullopt;
  return v;
}

// The league/city and banner/county of each unit code, looked up once.
class UnitLevels {
 public:
  explicit UnitLevels(store::Workspace& ws) : ws_(ws) {}
  void place(SourceOutletInfo& o) {
    if (!o.unit_code) return;
    const auto it = cache_.find(*o.unit_code);
    const auto& levels = it != cache_.end() ? it->second : (cache_[*o.unit_code] = lookup(*o.unit_code));
    o.league_code = levels.first;
    o.county_code = levels.second;
  }
  const store::AdminUnit* unit(const std::string& code) {
    auto it = units_.find(code);
    if (it == units_.end()) it = units_.emplace(code, store::find_unit(ws_, code)).first;
    return it->second ? &*it->second : nullptr;
  }

 private:
  std::pair<std::optional<std::string>, std::optional<std::string>> lookup(const std::string& code) {
    std::pair<std::optional<std::string>, std::optional<std::string>> out;
    auto take = [&](const std::string& c, int level) {
      if (level == 2) out.first = c;
      if (level == 3) out.second = c;
    };
    if (const store::AdminUnit* u = unit(code)) take(u->code, u->level);
    for (const auto& a : store::ancestors_of(ws_, code)) take(a.code, a.level);
    return out;
  }
  store::Workspace& ws_;
  std::map<std::string, std::pair<std::optional<std::string>, std::optional<std::string>>> cache_;
  std::map<std::string, std::optional<store::AdminUnit>> units_;
};

SourceOutletInfo info_of(const store::OutletHourly& o) {
  SourceOutletInfo i;
  i.enterprise_id = o.enterprise_id;
  i.enterprise_name = o.enterprise_name;
  i.outlet_id = o.outlet_id;
  i.outlet_name = o.outlet_name;
  i.kind = o.kind;
  i.mn = o.mn;
  i.standard = o.standard;
  i.unit_code = o.unit_code;
  i.lon = o.lon;
  i.lat = o.lat;
  return i;
}

SourceDataUsed data_of(const store::OutletHourly& o, const Period& p) {
  SourceDataUsed d;
  d.hours_expected = (p.end() - p.begin()) / 3600;
  d.hours_received = o.hours;
  d.o2_left_out = o.o2_left_out;
  d.flow_left_out = o.flow_left_out;
  d.off_hour = o.off_hour;
  d.duplicates = o.duplicates;
  return d;
}

// Data review (docs/review.md): the values of outlet hours that an excluding review mark covers (an invalidate mark
// not overruled, a suspect mark once confirmed) are left out, as are the O2 and the flow of such hours (the hour
// then has no conversion or no load). Marks name the code as the device sent it (2017 or 2005).
void apply_review(store::OutletHourly& o, const std::vector<store::InvalidatedOutletHour>& invalid,
                  SourceDataUsed& data) {
  // Most outlets have no excluding mark: nothing to look up for their values (`invalid` is ordered by outlet).
  const auto first =
      std::lower_bound(invalid.begin(), invalid.end(), o.fid,
                       [](const store::InvalidatedOutletHour& x, std::int64_t fid) { return x.outlet < fid; });
  if (first == invalid.end() || first->outlet != o.fid) return;
  const auto covered = [&](std::string_view code, EpochSeconds hour) {
    if (store::outlet_hour_invalidated(invalid, o.fid, code, hour)) return true;
    const standards::Hj212Code* c = standards::hj212_code(code);
    return c && !c->code_2005.empty() && store::outlet_hour_invalidated(invalid, o.fid, c->code_2005, hour);
  };
  const std::string_view flow_code = o.kind == "water" ? "w00000" : "a00000";
  std::set<EpochSeconds> aux_hours;
  for (engine::source::HourlyValue& v : o.values) {
    if (covered(v.pollutant, v.hour)) {
      v.invalidated = true;
      ++data.review_invalidated;
    }
    const bool o2 = !std::isnan(v.o2) && covered("a19001", v.hour);
    const bool flow = !std::isnan(v.flow) && covered(flow_code, v.hour);
    if (o2) v.o2 = engine::source::kNoValue;
    if (flow) v.flow = engine::source::kNoValue;
    if (o2 || flow) aux_hours.insert(v.hour);
  }
  data.review_o2_flow = static_cast<int>(aux_hours.size());
}

std::string review_note(bool applied, int values, int aux_hours, Lang l) {
  if (!applied) return tr(l, "数据审核：未应用", "data review: not applied");
  return fmt::format(
      fmt::runtime(
          tr(l, "数据审核：审核判定无效的排放口小时数据不计入（{} 个污染物小时；含氧量或流量被判无效的小时 {} 个）",
             "data review: outlet hours invalidated by review are left out ({} pollutant-hours; {} hours "
             "whose O2 or flow review invalidated)")),
      values, aux_hours);
}

std::string flow_rule_note(Lang l) {
  return tr(l,
            "小时数据(CN 2061)：浓度取 Avg；流量取 a00000/w00000 的 Cou（该小时排放量，m³），不以 Avg 乘小时数；"
            "HJ 212-2005 编码按 2017 编码读取；标记为 F/M/S/D/C/B 等的小时不计入",
            "hourly data (CN 2061): concentration = Avg; flow = Cou of a00000/w00000 (the hour's volume, m³), never "
            "Avg x hours; HJ 212-2005 codes read as their 2017 codes; hours flagged F/M/S/D/C/B and unknown flags are "
            "left out");
}

}  // namespace

SourceExceedancesResult run_source_exceedances(const SourceExceedancesRequest& req, const RunEnv&) {
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const auto& table = standards::EmissionStandards::builtin();
  SourceExceedancesResult r;
  r.period = req.period;
  UnitLevels levels(ws);
  const auto invalid = store::invalidated_outlet_hours(ws, req.period.begin(), req.period.end());
  r.review_applied = true;
  store::for_each_outlet_hours(ws, req.period.begin(), req.period.end(), req.outlets, [&](store::OutletHourly& o) {
    SourceOutletExceedances out;
    out.outlet = info_of(o);
    levels.place(out.outlet);
    out.data = data_of(o, req.period);
    apply_review(o, invalid, out.data);
    standards::EmissionStandards::OutletStandard standard;
    try {
      standard = table.parse_outlet_standard(o.standard);
    } catch (const std::invalid_argument& e) {
      out.standard_error = e.what();
      r.outlets.push_back(std::move(out));
      return;
    }
    out.pollutants = engine::source::hourly_exceedances(o.values, engine::source::outlet_limits(table, standard));
    const std::size_t index = r.outlets.size();
    const auto limit_of = engine::source::outlet_limits(table, standard);
    std::map<EpochSeconds, double> o2_at;
    for (const auto& v : o.values) o2_at.emplace(v.hour, v.o2);
    for (auto& p : out.pollutants) {
      out.valid += p.valid;
      out.flagged += p.excluded + p.unknown_flag;
      out.invalidated += p.invalidated;
      out.exceeding += p.exceeding;
      for (const auto& h : p.detail) {
        if (h.status != engine::source::HourStatus::exceeds) continue;
        SourceExceedanceHour e;
        e.outlet = index;
        e.pollutant = p.pollutant;
        e.hour = h.hour;
        e.measured = h.measured;
        e.converted = h.converted;
        e.flag = h.flag;
        // The limit of that day (the one in p.limit is the last day's).
        const auto limit = limit_of(p.pollutant, epoch_to_beijing(h.hour).date);
        e.limit = *limit;
        e.ref_o2 = limit->ref_o2;
        e.o2 = limit->ref_o2 ? o2_at.at(h.hour) : engine::source::kNoValue;
        e.ratio = !limit->low && limit->high > 0 ? h.converted / limit->high : engine::source::kNoValue;
        r.exceedances.push_back(std::move(e));
      }
      p.detail.clear();
      p.detail.shrink_to_fit();
    }
    r.outlets.push_back(std::move(out));
  });
  return r;
}

Document source_exceedances_document(const SourceExceedancesResult& r, Lang l) {
  Document doc;
  doc.keyed = true;
  int expected = 0, received = 0, valid = 0, flagged = 0, review_values = 0, review_aux = 0;
  for (const auto& o : r.outlets) {
    expected += static_cast<int>(o.data.hours_expected);
    received += o.data.hours_received;
    review_values += o.data.review_invalidated;
    review_aux += o.data.review_o2_flow;
    valid += o.valid;
    flagged += o.flagged;
    if (!o.standard_error.empty())
      doc.note(fmt::format("{} {}: {} ({})", o.outlet.key(), o.outlet.standard,
                           tr(l, "排放标准无法识别，未判定", "standard not known, outlet not judged"),
                           o.standard_error));
  }
  doc.note(fmt::format(
      fmt::runtime(
          tr(l, "{}：{} 个排放口，应有 {} 个小时，收到 {} 个小时；判定 {} 个污染物小时，设备标记剔除 {} 个；超标 {} 个",
             "{}: {} outlets, {} hours expected, {} received; {} pollutant-hours judged, {} flagged by the "
             "device and left out; {} beyond the limit")),
      r.period.label, r.outlets.size(), expected, received, valid, flagged, r.exceedances.size()));
  doc.note(flow_rule_note(l));
  doc.note(tr(l,
              "折算浓度 = 实测浓度 × (21 − 基准含氧量) / (21 − 实测含氧量)（GB 13223-2011、GB 13271-2014、HJ 75-2017）",
              "converted = measured x (21 - reference O2) / (21 - measured O2) (GB 13223-2011, GB 13271-2014, HJ "
              "75-2017)"));
  doc.note(review_note(r.review_applied, review_values, review_aux, l));

  Table ex;
  ex.title_zh = "排放口小时超标";
  ex.title_en = "Hourly exceedances per outlet";
  ex.columns = {{"enterprise_id", "统一社会信用代码", "enterprise_id"},
                {"enterprise", "企业", "enterprise"},
                {"outlet", "排放口", "outlet"},
                {"kind", "类型", "kind"},
                {"unit", "行政区", "unit"},
                {"pollutant", "污染物", "pollutant"},
                {"name", "名称", "name"},
                {"hour", "时间", "hour"},
                {"flag", "标记", "flag"},
                {"measured", "实测浓度", "measured", 2},
                {"o2", "实测含氧量(%)", "O2 (%)", 2},
                {"converted", "折算浓度", "converted", 2},
                {"ref_o2", "基准含氧量(%)", "reference O2 (%)", 1},
                {"limit", "限值", "limit"},
                {"unit_of_limit", "单位", "unit of measure"},
                {"ratio", "浓度与限值之比", "ratio to limit", 3},
                {"standard", "标准", "standard"}};
  for (const auto& e : r.exceedances) {
    const auto& o = r.outlets[e.outlet].outlet;
    const standards::Hj212Code* code = standards::hj212_code(e.pollutant);
    const std::string name = code ? tr(l, code->name_zh, code->name_en) : e.pollutant;
    ex.add({Cell(o.enterprise_id), Cell(o.enterprise_name), Cell(o.outlet_id), Cell(o.kind), Cell(o.unit_code),
            Cell(e.pollutant), Cell(name), Cell(format_beijing_iso(e.hour)),
            Cell(std::string(1, e.flag ? e.flag : 'N')), Cell(e.measured), Cell(number(e.o2)), Cell(e.converted),
            Cell(e.ref_o2), Cell(e.limit.high), Cell(e.limit.unit), Cell(number(e.ratio)), Cell(e.limit.standard)});
  }
  doc.parts.emplace_back("exceedances", std::move(ex));

  Table ot;
  ot.title_zh = "排放口数据与超标小时";
  ot.title_en = "Outlets: data used and hours beyond the limit";
  ot.columns = {{"enterprise_id", "统一社会信用代码", "enterprise_id"},
                {"enterprise", "企业", "enterprise"},
                {"outlet", "排放口", "outlet"},
                {"kind", "类型", "kind"},
                {"standard", "排放标准", "standard"},
                {"unit", "行政区", "unit"},
                {"lon", "经度", "lon"},
                {"lat", "纬度", "lat"},
                {"hours_expected", "应有小时", "hours expected"},
                {"hours_received", "收到小时", "hours received"},
                {"judged", "判定污染物小时", "pollutant-hours judged"},
                {"flagged", "设备标记剔除", "flagged, left out"},
                {"invalidated", "审核剔除", "invalidated by review"},
                {"o2_left_out", "含氧量被标记小时", "hours O2 flagged"},
                {"exceeding", "超标污染物小时", "pollutant-hours beyond limit"}};
  for (const auto& o : r.outlets)
    ot.add({Cell(o.outlet.enterprise_id), Cell(o.outlet.enterprise_name), Cell(o.outlet.outlet_id), Cell(o.outlet.kind),
            Cell(o.outlet.standard), Cell(o.outlet.unit_code), Cell(o.outlet.lon), Cell(o.outlet.lat),
            Cell(o.data.hours_expected), Cell(o.data.hours_received), Cell(o.valid), Cell(o.flagged),
            Cell(o.invalidated), Cell(o.data.o2_left_out), Cell(o.exceeding)});
  doc.parts.emplace_back("outlets", std::move(ot));

  Table pt;
  pt.title_zh = "排放口各污染物";
  pt.title_en = "Outlets per pollutant";
  pt.columns = {{"enterprise_id", "统一社会信用代码", "enterprise_id"},
                {"outlet", "排放口", "outlet"},
                {"pollutant", "污染物", "pollutant"},
                {"limit", "限值", "limit"},
                {"ref_o2", "基准含氧量(%)", "reference O2 (%)", 1},
                {"hours", "小时", "hours"},
                {"judged", "判定", "judged"},
                {"flagged", "设备标记剔除", "flagged"},
                {"invalidated", "审核剔除", "invalidated by review"},
                {"missing", "缺值", "missing"},
                {"o2_undefined", "含氧量缺失无法折算", "O2 undefined"},
                {"exceeding", "超标", "exceeding"},
                {"runs", "连续超标段", "runs"},
                {"max_converted", "最大折算浓度", "max converted", 2},
                {"max_ratio", "最大浓度与限值之比", "max ratio to limit", 3}};
  for (const auto& o : r.outlets)
    for (const auto& p : o.pollutants)
      pt.add({Cell(o.outlet.enterprise_id), Cell(o.outlet.outlet_id), Cell(p.pollutant),
              p.limit ? Cell(p.limit->high) : Cell(), p.limit ? Cell(p.limit->ref_o2) : Cell(), Cell(p.hours),
              Cell(p.valid), Cell(p.excluded + p.unknown_flag), Cell(p.invalidated), Cell(p.missing),
              Cell(p.o2_undefined), Cell(p.exceeding), Cell(p.runs.size()), Cell(number(p.max_converted)),
              Cell(number(p.max_ratio))});
  doc.parts.emplace_back("pollutants", std::move(pt));
  return doc;
}

std::optional<SourceLoadBy> parse_source_load_by(std::string_view text) {
  if (text == "outlet") return SourceLoadBy::outlet;
  if (text == "enterprise") return SourceLoadBy::enterprise;
  if (text == "unit") return SourceLoadBy::unit;
  if (text == "county") return SourceLoadBy::county;
  return std::nullopt;
}

std::string_view to_string(SourceLoadBy by) {
  switch (by) {
    case SourceLoadBy::outlet:
      return "outlet";
    case SourceLoadBy::enterprise:
      return "enterprise";
    case SourceLoadBy::unit:
      return "unit";
    case SourceLoadBy::county:
      return "county";
  }
  return "?";
}

SourceLoadsResult run_source_loads(const SourceLoadsRequest& req, const RunEnv&) {
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  SourceLoadsResult r;
  r.period = req.period;
  r.by = req.by;
  UnitLevels levels(ws);
  std::vector<engine::source::OutletLoad> loads;
  std::map<std::string, std::size_t> index;  // outlet key -> position
  const auto invalid = store::invalidated_outlet_hours(ws, req.period.begin(), req.period.end());
  r.review_applied = true;
  store::for_each_outlet_hours(ws, req.period.begin(), req.period.end(), req.outlets, [&](store::OutletHourly& o) {
    SourceOutletInfo info = info_of(o);
    levels.place(info);
    SourceDataUsed data = data_of(o, req.period);
    apply_review(o, invalid, data);
    const auto medium = o.kind == "water" ? engine::source::Medium::water : engine::source::Medium::gas;
    // The flow is the hour's Cou in m³: a volume per hour.
    auto outlet_loads =
        engine::source::annual_loads(info.key(), o.values, medium, engine::source::FlowUnit::m3_per_hour);
    loads.insert(loads.end(), outlet_loads.begin(), outlet_loads.end());
    index[info.key()] = r.outlets.size();
    r.outlets.push_back(std::move(info));
    r.data.push_back(data);
  });
  auto group_of = [&](std::string_view key) -> std::string {
    const SourceOutletInfo& o = r.outlets[index.at(std::string(key))];
    switch (req.by) {
      case SourceLoadBy::outlet:
        return o.key();
      case SourceLoadBy::enterprise:
        return o.enterprise_id;
      case SourceLoadBy::unit:
        return o.league_code.value_or("");
      case SourceLoadBy::county:
        return o.county_code.value_or("");
    }
    return {};
  };
  if (req.by == SourceLoadBy::unit || req.by == SourceLoadBy::county)
    for (const auto& o : r.outlets)
      if (group_of(o.key()).empty()) r.unplaced.push_back(o.key());
  // Hours of the period in each year.
  auto hours_in_year = [&](int year) -> std::int64_t {
    const EpochSeconds y0 = beijing_to_epoch({{year, 1, 1}, 0, 0, 0});
    const EpochSeconds y1 = beijing_to_epoch({{year + 1, 1, 1}, 0, 0, 0});
    const EpochSeconds a = std::max(y0, req.period.begin()), b = std::min(y1, req.period.end());
    return b > a ? (b - a) / 3600 : 0;
  };
  for (const auto& g : engine::source::aggregate_loads(loads, group_of)) {
    SourceLoadRow row;
    row.group = g.group;
    row.pollutant = g.pollutant;
    row.year = g.year;
    row.t = g.kg / 1000.0;
    row.outlets = g.outlets;
    row.hours_expected = hours_in_year(g.year) * g.outlets;
    row.hours_used = g.hours_used;
    row.hours_flagged = g.hours_excluded;
    row.hours_invalidated = g.hours_invalidated;
    row.hours_incomplete = g.hours_missing;
    row.hours_not_received =
        row.hours_expected - g.hours_used - g.hours_excluded - g.hours_invalidated - g.hours_missing;
    switch (req.by) {
      case SourceLoadBy::outlet: {
        const SourceOutletInfo& o = r.outlets[index.at(g.group)];
        row.outlet = o;
        row.name = o.enterprise_name + " " + o.outlet_id;
        row.name_en = row.name;
        break;
      }
      case SourceLoadBy::enterprise: {
        const auto it = std::find_if(r.outlets.begin(), r.outlets.end(),
                                     [&](const SourceOutletInfo& o) { return o.enterprise_id == g.group; });
        row.name = row.name_en = it->enterprise_name;
        break;
      }
      case SourceLoadBy::unit:
      case SourceLoadBy::county:
        if (const store::AdminUnit* u = levels.unit(g.group)) {
          row.name = u->name_zh;
          row.name_en = u->name_en.empty() ? u->name_zh : u->name_en;
        }
        break;
    }
    r.rows.push_back(std::move(row));
  }
  return r;
}

Document source_loads_document(const SourceLoadsResult& r, Lang l) {
  Document doc;
  std::int64_t expected = 0;
  int received = 0, flow_left_out = 0, review_values = 0, review_aux = 0;
  for (const auto& d : r.data) {
    expected += d.hours_expected;
    received += d.hours_received;
    flow_left_out += d.flow_left_out;
    review_values += d.review_invalidated;
    review_aux += d.review_o2_flow;
  }
  doc.note(fmt::format(
      fmt::runtime(tr(l, "{}：{} 个排放口，应有 {} 个小时，收到 {} 个小时；流量被设备标记的小时 {} 个（不计排放量）",
                      "{}: {} outlets, {} hours expected, {} received; {} hours with a flagged flow (no load)")),
      r.period.label, r.outlets.size(), expected, received, flow_left_out));
  doc.note(tr(l, "排放量 = Σ 小时均值浓度 × 小时流量（实测浓度，不折算基准含氧量；缺测和被标记的小时不补值，计为缺失）",
              "load = sum of hourly Avg concentration x the hour's flow (measured, not converted to reference O2); "
              "missing and flagged hours are not substituted, they are counted as missing"));
  doc.note(flow_rule_note(l));
  if (!r.unplaced.empty())
    doc.note(fmt::format(fmt::runtime(tr(l, "{} 个排放口不在该级行政区内，未计入：{}",
                                         "{} outlets lie in no unit of that level and were left out: {}")),
                         r.unplaced.size(), fmt::join(r.unplaced, ", ")));
  doc.note(review_note(r.review_applied, review_values, review_aux, l));
  Table t;
  t.title_zh = "污染物排放量";
  t.title_en = "Emission loads";
  const bool by_outlet = r.by == SourceLoadBy::outlet;
  t.columns = {{std::string(to_string(r.by)),
                by_outlet                          ? "排放口"
                : r.by == SourceLoadBy::enterprise ? "企业代码"
                                                   : "行政区代码",
                std::string(to_string(r.by))},
               {"name", "名称", "name"}};
  if (by_outlet)
    t.columns.insert(t.columns.end(), {{"enterprise_id", "统一社会信用代码", "enterprise_id"},
                                       {"kind", "类型", "kind"},
                                       {"unit", "行政区", "unit"},
                                       {"lon", "经度", "lon"},
                                       {"lat", "纬度", "lat"}});
  t.columns.insert(t.columns.end(), {{"pollutant", "污染物", "pollutant"},
                                     {"pollutant_name", "污染物名称", "pollutant name"},
                                     {"year", "年份", "year"},
                                     {"load_t", "排放量(t)", "load (t)", 4},
                                     {"outlets", "排放口数", "outlets"},
                                     {"hours_expected", "应有小时", "hours expected"},
                                     {"hours_used", "有效小时", "hours used"},
                                     {"hours_flagged", "标记剔除小时", "hours flagged"},
                                     {"hours_invalidated", "审核剔除小时", "hours invalidated by review"},
                                     {"hours_incomplete", "缺浓度或流量小时", "hours without value or flow"},
                                     {"hours_not_received", "未收到小时", "hours not received"}});
  for (const auto& row : r.rows) {
    std::vector<Cell> cells = {Cell(row.group), Cell(l == Lang::zh ? row.name : row.name_en)};
    if (by_outlet)
      cells.insert(cells.end(), {Cell(row.outlet->enterprise_id), Cell(row.outlet->kind), Cell(row.outlet->unit_code),
                                 Cell(row.outlet->lon), Cell(row.outlet->lat)});
    const standards::Hj212Code* code = standards::hj212_code(row.pollutant);
    cells.insert(cells.end(), {Cell(row.pollutant), Cell(code ? tr(l, code->name_zh, code->name_en) : row.pollutant),
                               Cell(row.year), Cell(row.t), Cell(row.outlets), Cell(row.hours_expected),
                               Cell(row.hours_used), Cell(row.hours_flagged), Cell(row.hours_invalidated),
                               Cell(row.hours_incomplete), Cell(row.hours_not_received)});
    t.add(std::move(cells));
  }
  doc.parts.emplace_back("loads", std::move(t));
  return doc;
}

}  // namespace eb::app::runs
