#include "app/runs/air/assess.hpp"

#include <fmt/format.h>

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
                           {"members", "参与站点/城市", "members"}};
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
  LongRows(Table& t, const AirAssessResult& r, std::size_t unit, Lang l)
      : t_(t), r_(r), u_(r.units[unit]), w_(r.whatif.empty() ? nullptr : &r.whatif[unit].assessment), l_(l) {}
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
    row.push_back(r_.rules.label());
    row.push_back(joined(u_.members));
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
      }
      t_.add(std::move(row));
    }
  }
  // A figure of all pollutants (composite index, day counts): counted over the days with a valid AQI.
  void simple(const std::string& statistic, Cell value, Cell reported, const std::string& unit, const std::string& note,
              Cell whatif_value = Cell()) {
    const auto& a = u_.assessment;
    auto row = base("ALL", statistic);
    row.insert(row.end(), {value, reported, unit, Cell(), Cell(a.days.valid), Cell(a.daily_aqi.aqi.size()), Cell(),
                           Cell(), Cell(), note});
    tail(row);
    if (w_) row.insert(row.end(), {whatif_value, Cell(), Cell(), Cell(whatif_label())});
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
    simple("good_day_ratio_pct", a.days.good_ratio_pct(),
           standards::round_report(a.days.good_ratio_pct(), ratio_decimals), "%",
           fmt::format("{} of {} days with a valid AQI had AQI <= 100", a.days.good, a.days.valid),
           w_ ? Cell(standards::round_report(w_->days.good_ratio_pct(), ratio_decimals)) : Cell());
    simple("heavy_days", static_cast<double>(a.days.heavy), Cell(a.days.heavy), "days", "AQI > 200",
           w_ ? Cell(w_->days.heavy) : Cell());
    simple("severe_days", static_cast<double>(a.days.severe), Cell(a.days.severe), "days", "AQI > 300",
           w_ ? Cell(w_->days.severe) : Cell());
    if (a.dust_days > 0)
      simple("dust_days", static_cast<double>(a.dust_days), Cell(a.dust_days), "days", "flagged sand/dust");
  }
  void who() {
    for (const auto& who : u_.assessment.who) {
      auto row = base(who.pollutant, "who2021_" + who.statistic);
      row.insert(row.end(), {real_or_empty(who.value), Cell(who.level), unit_of(who.pollutant), Cell(), Cell(), Cell(),
                             Cell(), Cell(), Cell(), Cell("WHO 2021 strictest level met")});
      tail(row);
      if (w_) row.insert(row.end(), {Cell(), Cell(), Cell(), Cell()});
      t_.add(std::move(row));
    }
  }

  Table& t_;
  const AirAssessResult& r_;
  const AirUnitAssessment& u_;
  const engine::air::Assessment* w_;
  Lang l_;
};

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
               {"compliant", "达标", "meets GB 3095"}};
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
    t.add({u.code, u.name(l), stat("SO2", "mean"), stat("NO2", "mean"), stat("PM10", "mean"), stat("PM2.5", "mean"),
           stat("CO", "p95"), stat("O3", "p90"), a.composite ? Cell(a.composite->reported) : Cell(),
           a.days.valid ? Cell(standards::round_report(a.days.good_ratio_pct(), rules.rules->decimals_ratio)) : Cell(),
           a.days.heavy, fmt::format("{}/{}", a.days.valid, a.daily_aqi.aqi.size()), compliant});
  }
  return t;
}

void note_no_data(Document& doc, const AirAssessResult& r, Lang l) {
  if (r.units.empty()) doc.note(tr(l, "该时段没有空气质量数据。", "No air-quality data in the period."));
}

}  // namespace

bool AirAssessResult::any_invalid_capture() const {
  for (const auto& u : units)
    for (const auto& st : u.assessment.statistics)
      if (!st.valid && present(st.reported)) return true;
  return false;
}

AirAssessResult run_air_assess(const AirAssessRequest& req, const RunEnv&) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  AirAssessResult r;
  r.period = req.period;
  r.units = air_assess_units(ws, req, r.rules);
  if (!req.whatif_standard.empty()) {
    AirAssessRequest alt = req;
    alt.standard = req.whatif_standard;
    r.whatif_rules.emplace();
    r.whatif = air_assess_units(ws, alt, *r.whatif_rules);
  }
  return r;
}

AirAssessResult run_air_daily(const AirAssessRequest& req, const RunEnv& env) {
  AirAssessRequest plain = req;
  plain.whatif_standard.clear();
  return run_air_assess(plain, env);
}

Document air_assess_summary_document(const AirAssessResult& r, Lang l) {
  Document doc(summary_table(r.units, r.rules, r.period, l));
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
  if (!r.any_invalid_capture()) return {};
  return tr(l, "* 数据量不满足有效性要求（每年至少324天，每月至少27天，二月25天）；全部数字见 --format csv。\n",
            "* data capture below the validity rule (324 days a year, 27 a month, 25 in February); every "
            "figure with its counts: --format csv.\n");
}

Document air_assess_long_document(const AirAssessResult& r, Lang l) {
  Table t;
  t.columns = long_columns(!r.whatif.empty());
  for (std::size_t u = 0; u < r.units.size(); ++u) LongRows(t, r, u, l).add_all();
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
