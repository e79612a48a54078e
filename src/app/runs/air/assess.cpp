#include "app/runs/air/assess.hpp"

#include <fmt/format.h>

#include <map>

namespace eb::app::runs {

namespace {

using engine::air::present;

Cell real_or_empty(double v) { return present(v) ? Cell(v) : Cell(); }
std::string unit_of(const std::string& pollutant) { return pollutant == "CO" ? "mg/m³" : "µg/m³"; }
Cell yes_no(std::optional<bool> b) { return b ? Cell(*b ? "yes" : "no") : Cell(); }

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<Column> long_columns(bool whatif) {
  std::vector<Column> c = {{"code", "代码", "code"},
                           {"name", "名称", "name"},
                           {"level", "层级", "level"},
                           {"period", "时段", "period"},
                           {"pollutant", "污染物", "pollutant"},
                           {"statistic", "统计量", "statistic"},
                           {"value", "值", "value", 4},
                           {"reported", "报告值", "reported"},
                           {"unit", "单位", "unit"},
                           {"valid", "有效", "valid"},
                           {"n_days", "有效天数", "valid days"},
                           {"expected_days", "应有天数", "expected days"},
                           {"limit", "限值", "limit"},
                           {"compliant", "达标", "compliant"},
                           {"exceedance", "超标倍数", "exceedance"},
                           {"note", "说明", "note"},
                           {"standard", "标准", "standard"},
                           {"members", "参与站点/城市", "members"},
                           {"members_expected", "应有成员数", "members expected"},
                           {"members_present", "有数据成员数", "members present"},
                           {"members_valid", "有效成员数", "members valid"},
                           {"membership", "成员完整性", "membership"},
                           {"dust", "沙尘", "dust"}};
  if (whatif)
    for (auto w : std::vector<Column>{{"whatif_reported", "假设标准报告值", "what-if reported"},
                                      {"whatif_limit", "假设标准限值", "what-if limit"},
                                      {"whatif_compliant", "假设标准达标", "what-if compliant"},
                                      {"whatif_standard", "假设标准", "what-if standard"}})
      c.push_back(w);
  return c;
}

// The rows of one unit in the long form: the unit's cells before and after the figure's own.
class LongRows {
 public:
  // `units`: r.units or r.deducted (what-if figures go with r.units only).
  LongRows(Table& t, const AirAssessResult& r, const std::vector<AirUnitAssessment>& units, std::size_t unit, Lang l)
      : t_(t),
        r_(r),
        u_(units[unit]),
        w_(r.whatif.empty() || &units != &r.units ? nullptr : &r.whatif[unit].assessment),
        whatif_columns_(!r.whatif.empty()),
        l_(l) {}
  void add_all() {
    statistics();
    day_counts();
    who();
  }

 private:
  std::vector<Cell> base(const std::string& pollutant, const std::string& statistic) const {
    return {u_.code, u_.name(l_), u_.level, r_.period.label, pollutant, statistic};
  }
  void tail(std::vector<Cell>& row) const {
    const AirMembership& m = u_.membership;
    row.insert(row.end(), {Cell(r_.rules.label()), Cell(joined(u_.members)), Cell(m.expected.size()),
                           Cell(m.present.size()), Cell(m.valid.size()), Cell(m.complete() ? "complete" : "incomplete"),
                           Cell(u_.dust_deducted ? "deducted" : "raw")});
  }
  std::string whatif_label() const { return r_.whatif_rules->label(); }

  void statistics() {
    const auto& a = u_.assessment;
    for (std::size_t i = 0; i < a.statistics.size(); ++i) {
      const auto& s = a.statistics[i];
      auto row = base(s.pollutant, s.statistic);
      row.insert(row.end(), {real_or_empty(s.value), real_or_empty(s.reported), unit_of(s.pollutant),
                             Cell(s.valid ? "yes" : "no"), Cell(s.n_days), Cell(s.expected_days),
                             real_or_empty(s.limit), yes_no(s.compliant), real_or_empty(s.exceedance),
                             Cell(s.valid ? fmt::format("vs {} limit", s.limit_averaging) : s.capture_note)});
      tail(row);
      if (w_) {
        const auto& ws = w_->statistics[i];
        row.insert(row.end(),
                   {real_or_empty(ws.reported), real_or_empty(ws.limit), yes_no(ws.compliant), Cell(whatif_label())});
      } else if (whatif_columns_) {
        row.insert(row.end(), {Cell(), Cell(), Cell(), Cell()});
      }
      t_.add(std::move(row));
    }
  }
  // A figure of all pollutants (composite index, day counts): counted over the days with a valid AQI.
  void simple(const std::string& statistic, Cell value, Cell reported, const std::string& unit, const std::string& note,
              Cell whatif_value = Cell()) {
    const auto& a = u_.assessment;
    auto row = base("ALL", statistic);
    row.insert(row.end(),
               {value, reported, unit, Cell(), Cell(a.days.valid), Cell(a.day_slots), Cell(), Cell(), Cell(), note});
    tail(row);
    if (w_)
      row.insert(row.end(), {whatif_value, Cell(), Cell(), Cell(whatif_label())});
    else if (whatif_columns_)
      row.insert(row.end(), {Cell(), Cell(), Cell(), Cell()});
    t_.add(std::move(row));
  }
  void day_counts() {
    const auto& a = u_.assessment;
    if (a.composite) {
      std::string largest;
      for (const auto& p : a.composite->largest) largest += (largest.empty() ? "" : "|") + std::string(p);
      simple("composite_index", a.composite->sum, a.composite->reported, "", "largest I_i: " + largest,
             w_ && w_->composite ? Cell(w_->composite->reported) : Cell());
    }
    const int ratio_decimals = r_.rules.rules->decimals_ratio;
    // A region's days are its cities' days summed (天次).
    const std::string days = u_.level == "region" ? "city-days" : "days";
    simple("good_day_ratio_pct", a.days.good_ratio_pct(),
           standards::round_report(a.days.good_ratio_pct(), ratio_decimals), "%",
           fmt::format("{} of {} {} with a valid AQI had AQI <= 100", a.days.good, a.days.valid, days),
           w_ ? Cell(standards::round_report(w_->days.good_ratio_pct(), ratio_decimals)) : Cell());
    simple("heavy_days", static_cast<double>(a.days.heavy), Cell(a.days.heavy), days, "AQI > 200",
           w_ ? Cell(w_->days.heavy) : Cell());
    simple("severe_days", static_cast<double>(a.days.severe), Cell(a.days.severe), days, "AQI > 300",
           w_ ? Cell(w_->days.severe) : Cell());
    if (a.dust_days > 0)
      simple("dust_days", static_cast<double>(a.dust_days), Cell(a.dust_days), days,
             u_.dust_deducted
                 ? fmt::format("sand/dust-affected; PM deducted, {} left out of the day counts", a.dropped_days)
                 : "sand/dust-affected (not deducted)");
  }
  void who() {
    for (const auto& who : u_.assessment.who) {
      auto row = base(who.pollutant, "who2021_" + who.statistic);
      row.insert(row.end(), {real_or_empty(who.value), Cell(who.level), unit_of(who.pollutant), Cell(), Cell(), Cell(),
                             Cell(), Cell(), Cell(), Cell("WHO 2021 strictest level met")});
      tail(row);
      if (whatif_columns_) row.insert(row.end(), {Cell(), Cell(), Cell(), Cell()});
      t_.add(std::move(row));
    }
  }

  Table& t_;
  const AirAssessResult& r_;
  const AirUnitAssessment& u_;
  const engine::air::Assessment* w_;
  bool whatif_columns_;
  Lang l_;
};

// Whether the six inputs of the composite index meet the capture rule.
bool composite_inputs_valid(const engine::air::Assessment& a) {
  for (const auto& s : a.statistics)
    if (!s.valid && (s.statistic == "mean" || (s.pollutant == "CO" && s.statistic == "p95") ||
                     (s.pollutant == "O3" && s.statistic == "p90")))
      return false;
  return true;
}

// "valid/expected" members, starred when short.
Cell members_cell(const AirMembership& m) {
  return Cell(fmt::format("{}/{}{}", m.valid.size(), m.expected.size(), m.complete() ? "" : "*"));
}

Table summary_table(const std::vector<AirUnitAssessment>& units, const AirRules& rules, const Period& period, Lang l) {
  Table t;
  t.title_zh = fmt::format("环境空气质量评价（{}；{}）", period.label, rules.label());
  t.title_en = fmt::format("Ambient air quality assessment ({}; {})", period.label, rules.label());
  const int ug = rules.rules->decimals_ugm3, co = rules.rules->decimals_co;
  t.columns = {{"code", "代码", "code"},
               {"name", "名称", "name"},
               {"SO2", "SO2", "SO2", ug},
               {"NO2", "NO2", "NO2", ug},
               {"PM10", "PM10", "PM10", ug},
               {"PM2.5", "PM2.5", "PM2.5", ug},
               {"CO_p95", "CO-95per", "CO P95", co},
               {"O3_p90", "O3-8h-90per", "O3 P90", ug},
               {"composite", "综合指数", "index", rules.rules->decimals_index},
               {"good_pct", "优良天数比例%", "good days %", rules.rules->decimals_ratio},
               {"heavy", "重污染天", "heavy"},
               {"valid_days", "有效天数", "valid days"},
               {"members", "有效成员", "valid members"},
               {"compliant", "达标", "meets GB 3095"}};
  // Stations are points of the station layer; counties, cities and the region are units keyed by their code.
  const bool stations = !units.empty() && units.front().level == "station";
  t.geometry = GeometryJoin{stations ? GeometryLayer::station : GeometryLayer::unit, "code"};
  for (const auto& u : units) {
    const auto& a = u.assessment;
    // A figure short of the capture rule is shown with an asterisk.
    auto stat = [&](const char* pollutant, const char* statistic) -> Cell {
      const auto* s = u.statistic(pollutant, statistic);
      if (!s || !present(s->reported)) return Cell();
      return s->valid ? Cell(s->reported) : Cell(fmt::format("{:.{}f}*", s->reported, s->pollutant == "CO" ? co : ug));
    };
    const Cell compliant = a.compliant ? Cell(*a.compliant ? tr(l, "达标", "yes") : tr(l, "未达标", "no"))
                                       : Cell(tr(l, "数据不足", "insufficient data"));
    // The composite index and the day counts: starred when they stand on figures short of the rules.
    const int idx = rules.rules->decimals_index, ratio = rules.rules->decimals_ratio;
    const bool composite_ok = a.reporting_valid && composite_inputs_valid(a);
    const Cell composite = !a.composite   ? Cell()
                           : composite_ok ? Cell(a.composite->reported)
                                          : Cell(fmt::format("{:.{}f}*", a.composite->reported, idx));
    const double good = standards::round_report(a.days.good_ratio_pct(), ratio);
    const Cell good_cell = !a.days.valid       ? Cell()
                           : a.reporting_valid ? Cell(good)
                                               : Cell(fmt::format("{:.{}f}*", good, ratio));
    t.add({u.code, u.name(l), stat("SO2", "mean"), stat("NO2", "mean"), stat("PM10", "mean"), stat("PM2.5", "mean"),
           stat("CO", "p95"), stat("O3", "p90"), composite, good_cell, a.days.heavy,
           fmt::format("{}/{}", a.days.valid, a.day_slots), members_cell(u.membership), compliant});
  }
  return t;
}

// "rule:n|rule:n" of the values review left out.
std::string excluded_text(const std::map<std::string, std::size_t>& by_rule) {
  std::string out;
  for (const auto& [rule, n] : by_rule) out += fmt::format("{}{}:{}", out.empty() ? "" : "|", rule, n);
  return out;
}

void note_no_data(Document& doc, const AirAssessResult& r, Lang l) {
  if (r.units.empty()) doc.note(tr(l, "该时段没有空气质量数据。", "No air-quality data in the period."));
  if (r.any_review_exclusions()) doc.note(air_review_note(r, l));
}

}  // namespace

bool AirAssessResult::any_review_exclusions() const {
  for (const auto& u : units)
    if (!u.review_excluded.empty()) return true;
  return false;
}

std::string air_review_note(const AirAssessResult& r, Lang l) {
  std::map<std::string, std::size_t> total;
  std::size_t n = 0;
  for (const auto& u : r.units)
    for (const auto& [rule, k] : u.review_excluded) {
      total[rule] += k;
      n += k;
    }
  return fmt::format("{}{} {}{}{}{}", tr(l, "数据审核：", "data review: "), n,
                     tr(l, "个小时值因审核标记（未被推翻的无效标记、已确认的可疑标记）未参与评价",
                        "hourly values left out by review marks (invalidating marks not overruled, suspect marks "
                        "confirmed)"),
                     tr(l, "：", ": "), excluded_text(total),
                     tr(l, "；各单位见 --format csv 的 review_excluded 列（ecobarrier review list）。",
                        "; per unit: the review_excluded column of --format csv (ecobarrier review list)."));
}

bool AirAssessResult::any_unreported() const {
  for (const auto& u : units)
    if (!u.assessment.reporting_valid) return true;
  return false;
}

bool AirAssessResult::any_incomplete_membership() const {
  for (const auto& u : units)
    if (!u.membership.complete()) return true;
  return false;
}

bool AirAssessResult::any_invalid_capture() const {
  for (const auto& u : units)
    for (const auto& st : u.assessment.statistics)
      if (!st.valid && present(st.reported)) return true;
  return false;
}

namespace {

AirAssessResult assess_workspace(const AirAssessRequest& req, const AirStationDays* station_days) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  AirAssessResult r;
  r.period = req.period;
  r.dust = req.dust;
  AirAssessRequest primary = req;
  if (req.dust == AirDust::both) primary.dust = AirDust::raw;
  r.units = air_assess_units(ws, primary, r.rules, station_days);
  if (req.dust == AirDust::both) {
    AirAssessRequest deducted = req;
    deducted.dust = AirDust::deducted;
    AirRules same;
    r.deducted = air_assess_units(ws, deducted, same, station_days);
  }
  if (!req.whatif_standard.empty()) {
    AirAssessRequest alt = primary;
    alt.standard = req.whatif_standard;
    r.whatif_rules.emplace();
    r.whatif = air_assess_units(ws, alt, *r.whatif_rules, station_days);
  }
  return r;
}

}  // namespace

AirAssessResult run_air_assess(const AirAssessRequest& req, const RunEnv&) { return assess_workspace(req, nullptr); }

AirAssessResult run_air_daily(const AirAssessRequest& req, const RunEnv& env) {
  AirAssessRequest plain = req;
  plain.whatif_standard.clear();
  return run_air_assess(plain, env);
}

AirAssessResult run_air_assess(const AirAssessRequest& req, const AirStationDays& station_days, const RunEnv&) {
  return assess_workspace(req, &station_days);
}

Document air_assess_summary_document(const AirAssessResult& r, Lang l) {
  Document doc(summary_table(r.units, r.rules, r.period, l));
  if (r.dust == AirDust::deducted) {
    doc.parts.front().second.title_zh += "（扣除沙尘影响）";
    doc.parts.front().second.title_en += " (sand/dust deducted)";
  }
  if (!r.deducted.empty()) {
    Table d = summary_table(r.deducted, r.rules, r.period, l);
    d.title_zh += "（扣除沙尘影响）";
    d.title_en += " (sand/dust deducted)";
    doc.parts.emplace_back("deducted", std::move(d));
  }
  if (!r.whatif.empty()) {
    Table w = summary_table(r.whatif, *r.whatif_rules, r.period, l);
    w.title_zh = "假设情景：" + w.title_zh;
    w.title_en = "What if: " + w.title_en;
    doc.parts.emplace_back("whatif", std::move(w));
  }
  note_no_data(doc, r, l);
  return doc;
}

std::string air_assess_footnote(const AirAssessResult& r, Lang l) {
  std::string out;
  if (r.any_invalid_capture() || r.any_unreported())
    out += tr(l, "* 数据量不满足有效性要求（每年至少324天，每月至少27天，二月25天）；全部数字见 --format csv。\n",
              "* data capture below the validity rule (324 days a year, 27 a month, 25 in February); every "
              "figure with its counts: --format csv.\n");
  if (r.any_review_exclusions()) out += air_review_note(r, l) + "\n";
  if (r.any_incomplete_membership())
    out += tr(
        l,
        "有效成员：数据量满足有效性要求的成员（站点或盟市）数/应有成员数，带 * 者成员不全。盟市（旗县）数值为每日有数据"
        "站点的均值（HJ 663）；全区数值为有效盟市数值的均值，成员不全时不作达标结论，也不与成员不同的时段比较。\n",
        "valid members: members (stations or cities) whose data meet the capture rule / members expected; * when "
        "short. A city's (county's) figures are the daily means over the stations with data each day (HJ 663); "
        "the region's are the means of its valid cities' figures, and without all its cities it gets no verdict "
        "and is not compared with a period of other members.\n");
  return out;
}

Document air_assess_wide_document(const AirAssessResult& r, Lang l, bool all_figures) {
  Document doc = air_assess_summary_document(r, l);
  // The concentrations' units in their headers (the terminal's table leaves them to the standard in its title).
  const std::map<std::string, std::string> units = {{"SO2", "µg/m³"},   {"NO2", "µg/m³"},    {"PM10", "µg/m³"},
                                                    {"PM2.5", "µg/m³"}, {"CO_p95", "mg/m³"}, {"O3_p90", "µg/m³"}};
  for (auto& part : doc.parts)
    for (Column& c : part.second.columns)
      if (const auto unit = units.find(c.key); unit != units.end()) {
        c.label_zh += "（" + unit->second + "）";
        c.label_en += " (" + unit->second + ")";
      }
  if (const std::string footnote = air_assess_footnote(r, l); !footnote.empty()) doc.note(footnote);
  if (all_figures) {
    Document figures = air_assess_long_document(r, l);
    Table& all = figures.parts.front().second;
    all.title_zh = "全部数值（每行一个数值）";
    all.title_en = "All figures (one row per figure)";
    doc.parts.emplace_back("figures", std::move(all));
  }
  return doc;
}

Document air_assess_long_document(const AirAssessResult& r, Lang l) {
  Table t;
  t.columns = long_columns(!r.whatif.empty());
  for (std::size_t u = 0; u < r.units.size(); ++u) LongRows(t, r, r.units, u, l).add_all();
  for (std::size_t u = 0; u < r.deducted.size(); ++u) LongRows(t, r, r.deducted, u, l).add_all();
  if (r.any_review_exclusions()) {
    // Only when review left values out, so outputs without marks keep their columns.
    std::map<std::string, std::string> by_code;
    for (const auto& u : r.units) by_code[u.code] = excluded_text(u.review_excluded);
    t.columns.push_back({"review_excluded", "审核剔除小时值", "excluded by review"});
    for (auto& row : t.rows) row.push_back(Cell(by_code[std::get<std::string>(row[0].value)]));
  }
  Document doc(std::move(t));
  note_no_data(doc, r, l);
  return doc;
}

namespace {

std::vector<Column> daily_columns() {
  std::vector<Column> c = {{"code", "代码", "code"}, {"name", "名称", "name"}, {"date", "日期", "date"}};
  for (const auto name : engine::air::kDailyNames) {
    c.push_back({std::string(name), std::string(name), std::string(name), 4});
    c.push_back({fmt::format("n_{}", name), fmt::format("n_{}", name), fmt::format("n_{}", name)});
  }
  for (auto d : std::vector<Column>{{"dust", "沙尘", "dust"},
                                    {"aqi", "AQI", "AQI"},
                                    {"level", "级别", "level"},
                                    {"primary_pollutants", "首要污染物", "primary pollutants"},
                                    {"standard", "标准", "standard"}})
    c.push_back(d);
  return c;
}

void add_daily_rows(Table& t, const AirUnitAssessment& u, const AirRules& rules, Lang l) {
  const auto& d = u.daily;
  const auto& aqi = u.assessment.daily_aqi;
  for (std::size_t day = 0; day < d.days; ++day) {
    std::vector<Cell> row{u.code, u.name(l), format_date(d.day(day))};
    for (std::size_t i = 0; i < engine::air::kDailyItems; ++i) {
      row.push_back(real_or_empty(d.value[i][day]));
      row.push_back(static_cast<int>(d.count[i][day]));
    }
    row.push_back(d.dust[day] ? Cell("yes") : Cell());
    if (aqi.aqi[day] >= 0) {
      std::string primary;
      for (std::size_t i = 0; i < engine::air::kDailyNames.size(); ++i)
        if (aqi.primary[day] & (1u << i))
          primary += (primary.empty() ? "" : "|") + std::string(engine::air::kDailyNames[i]);
      row.insert(row.end(),
                 {Cell(static_cast<int>(aqi.aqi[day])), Cell(standards::aqi_level(aqi.aqi[day]).level), Cell(primary)});
    } else {
      row.insert(row.end(), {Cell(), Cell(), Cell()});
    }
    row.push_back(rules.aqi->id());
    t.add(std::move(row));
  }
}

}  // namespace

Document air_daily_document(const AirAssessResult& r, Lang l) {
  Table t;
  t.title_zh = fmt::format("逐日值（{}；{}）", r.period.label, r.rules.label());
  t.title_en = fmt::format("Daily values ({}; {})", r.period.label, r.rules.label());
  t.columns = daily_columns();
  for (const auto& u : r.units) add_daily_rows(t, u, r.rules, l);
  return Document(std::move(t));
}

}  // namespace eb::app::runs
