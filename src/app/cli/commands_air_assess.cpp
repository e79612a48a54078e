// ecobarrier air assess WS --period P --level station|city|region
#include <fmt/format.h>

#include "app/air/air_runs.hpp"
#include "app/cli/context.hpp"
#include "app/table/lang.hpp"
#include "core/error.hpp"

namespace eb::app {

namespace {

using engine::air::present;

Cell real_or_empty(double v) { return present(v) ? Cell(v) : Cell(); }
std::string unit_of(const std::string& pollutant) { return pollutant == "CO" ? "mg/m³" : "µg/m³"; }

std::string name_of(const UnitAssessment& u, Lang l) {
  return l == Lang::en && !u.name_en.empty() ? u.name_en : u.name_zh;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

// One row per unit and figure: the auditable long form (CSV, JSON).
Table long_table(const std::vector<UnitAssessment>& units, const AirRules& rules,
                 const std::vector<UnitAssessment>* whatif, const AirRules* whatif_rules, const Period& period,
                 Lang l) {
  Table t;
  t.columns = {{"code", "代码", "code"},
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
    for (auto c : std::vector<Column>{{"whatif_reported", "假设标准报告值", "what-if reported"},
                                      {"whatif_limit", "假设标准限值", "what-if limit"},
                                      {"whatif_compliant", "假设标准达标", "what-if compliant"},
                                      {"whatif_standard", "假设标准", "what-if standard"}})
      t.columns.push_back(c);
  auto yes_no = [](std::optional<bool> b) { return b ? Cell(*b ? "yes" : "no") : Cell(); };
  for (std::size_t u = 0; u < units.size(); ++u) {
    const UnitAssessment& ua = units[u];
    const engine::air::Assessment& a = ua.assessment;
    const engine::air::Assessment* w = whatif ? &(*whatif)[u].assessment : nullptr;
    auto base = [&](const std::string& pollutant, const std::string& statistic) {
      return std::vector<Cell>{ua.code, name_of(ua, l), ua.level, period.label, pollutant, statistic};
    };
    auto tail = [&](std::vector<Cell>& row) {
      row.push_back(rules.label());
      row.push_back(joined(ua.members));
    };
    for (std::size_t i = 0; i < a.statistics.size(); ++i) {
      const auto& s = a.statistics[i];
      auto row = base(s.pollutant, s.statistic);
      row.insert(row.end(), {real_or_empty(s.value), real_or_empty(s.reported), unit_of(s.pollutant),
                             Cell(s.valid ? "yes" : "no"), Cell(s.n_days), Cell(s.expected_days),
                             real_or_empty(s.limit), yes_no(s.compliant), real_or_empty(s.exceedance),
                             Cell(s.valid ? fmt::format("vs {} limit", s.limit_averaging) : s.capture_note)});
      tail(row);
      if (w) {
        const auto& ws = w->statistics[i];
        row.insert(row.end(), {real_or_empty(ws.reported), real_or_empty(ws.limit), yes_no(ws.compliant),
                               Cell(whatif_rules->label())});
      }
      t.add(std::move(row));
    }
    auto simple = [&](const std::string& statistic, Cell value, Cell reported, const std::string& unit,
                      const std::string& note, Cell whatif_value = Cell()) {
      auto row = base("ALL", statistic);
      row.insert(row.end(), {value, reported, unit, Cell(), Cell(a.days.valid),
                             Cell(ua.assessment.daily_aqi.aqi.size()), Cell(), Cell(), Cell(), note});
      tail(row);
      if (w) row.insert(row.end(), {whatif_value, Cell(), Cell(), Cell(whatif_rules->label())});
      t.add(std::move(row));
    };
    if (a.composite) {
      std::string largest;
      for (const auto& p : a.composite->largest) largest += (largest.empty() ? "" : "|") + std::string(p);
      simple("composite_index", a.composite->sum, a.composite->reported, "", "largest I_i: " + largest,
             w && w->composite ? Cell(w->composite->reported) : Cell());
    }
    const int ratio_decimals = rules.rules->decimals_ratio;
    simple("good_day_ratio_pct", a.days.good_ratio_pct(),
           standards::round_report(a.days.good_ratio_pct(), ratio_decimals), "%",
           fmt::format("{} of {} days with a valid AQI had AQI <= 100", a.days.good, a.days.valid),
           w ? Cell(standards::round_report(w->days.good_ratio_pct(), ratio_decimals)) : Cell());
    simple("heavy_days", static_cast<double>(a.days.heavy), Cell(a.days.heavy), "days", "AQI > 200",
           w ? Cell(w->days.heavy) : Cell());
    simple("severe_days", static_cast<double>(a.days.severe), Cell(a.days.severe), "days", "AQI > 300",
           w ? Cell(w->days.severe) : Cell());
    if (a.dust_days > 0)
      simple("dust_days", static_cast<double>(a.dust_days), Cell(a.dust_days), "days", "flagged sand/dust");
    for (const auto& who : a.who) {
      auto row = base(who.pollutant, "who2021_" + who.statistic);
      row.insert(row.end(), {real_or_empty(who.value), Cell(who.level), unit_of(who.pollutant), Cell(), Cell(), Cell(),
                             Cell(), Cell(), Cell(), Cell("WHO 2021 strictest level met")});
      tail(row);
      if (w) row.insert(row.end(), {Cell(), Cell(), Cell(), Cell()});
      t.add(std::move(row));
    }
  }
  return t;
}

// For people: one row per unit with the headline figures.
Table summary_table(const std::vector<UnitAssessment>& units, const AirRules& rules, const Period& period, Lang l) {
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
    auto stat = [&](const char* pollutant, const char* statistic) -> Cell {
      for (const auto& s : a.statistics)
        if (s.pollutant == pollutant && s.statistic == statistic && present(s.reported))
          return s.valid ? Cell(s.reported) : Cell(fmt::format("{:.{}f}*", s.reported, s.pollutant == "CO" ? co : ug));
      return Cell();
    };
    const Cell compliant = a.compliant ? Cell(*a.compliant ? tr(l, "达标", "yes") : tr(l, "未达标", "no"))
                                       : Cell(tr(l, "数据不足", "insufficient data"));
    t.add({u.code, name_of(u, l), stat("SO2", "mean"), stat("NO2", "mean"), stat("PM10", "mean"), stat("PM2.5", "mean"),
           stat("CO", "p95"), stat("O3", "p90"), a.composite ? Cell(a.composite->reported) : Cell(),
           a.days.valid ? Cell(standards::round_report(a.days.good_ratio_pct(), rules.rules->decimals_ratio)) : Cell(),
           a.days.heavy, fmt::format("{}/{}", a.days.valid, a.daily_aqi.aqi.size()), compliant});
  }
  return t;
}

}  // namespace

void print_air_assessment(Context& ctx, const std::string& ws_path, const AssessRequest& req,
                          const std::string& whatif_standard) {
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  AirRules rules{};
  const auto units = assess_units(ws, req, rules);
  std::vector<UnitAssessment> whatif;
  AirRules whatif_rules{};
  if (!whatif_standard.empty()) {
    AssessRequest alt = req;
    alt.standard = whatif_standard;
    whatif = assess_units(ws, alt, whatif_rules);
  }
  const Lang l = ctx.lang();
  if (units.empty()) ctx.note(tr(l, "该时段没有空气质量数据。", "No air-quality data in the period."));
  if (ctx.format() == Format::table) {
    write_table(ctx.out(), summary_table(units, rules, req.period, l), Format::table, l);
    if (!whatif.empty()) {
      ctx.out() << "\n";
      Table w = summary_table(whatif, whatif_rules, req.period, l);
      w.title_zh = "假设情景：" + w.title_zh;
      w.title_en = "What if: " + w.title_en;
      write_table(ctx.out(), w, Format::table, l);
    }
    bool any_invalid = false;
    for (const auto& u : units)
      for (const auto& st : u.assessment.statistics) any_invalid |= !st.valid && present(st.reported);
    if (any_invalid)
      ctx.out() << tr(l,
                      "* 数据量不满足有效性要求（每年至少324天，每月至少27天，二月25天）；全部数字见 --format csv。\n",
                      "* data capture below the validity rule (324 days a year, 27 a month, 25 in February); every "
                      "figure with its counts: --format csv.\n");
  } else {
    write_table(ctx.out(),
                long_table(units, rules, whatif.empty() ? nullptr : &whatif, whatif.empty() ? nullptr : &whatif_rules,
                           req.period, l),
                ctx.format(), l);
  }
}

void print_air_daily(Context& ctx, const std::string& ws_path, const AssessRequest& req) {
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  AirRules rules{};
  const auto units = assess_units(ws, req, rules);
  const Lang l = ctx.lang();
  Table t;
  t.title_zh = fmt::format("逐日值（{}；{}）", req.period.label, rules.label());
  t.title_en = fmt::format("Daily values ({}; {})", req.period.label, rules.label());
  t.columns = {{"code", "代码", "code"}, {"name", "名称", "name"}, {"date", "日期", "date"}};
  for (const auto name : engine::air::kDailyNames) {
    t.columns.push_back({std::string(name), std::string(name), std::string(name), 4});
    t.columns.push_back({fmt::format("n_{}", name), fmt::format("n_{}", name), fmt::format("n_{}", name)});
  }
  for (auto c : std::vector<Column>{{"dust", "沙尘", "dust"},
                                    {"aqi", "AQI", "AQI"},
                                    {"level", "级别", "level"},
                                    {"primary_pollutants", "首要污染物", "primary pollutants"},
                                    {"standard", "标准", "standard"}})
    t.columns.push_back(c);
  for (const auto& u : units) {
    const auto& d = u.daily;
    const auto& aqi = u.assessment.daily_aqi;
    for (std::size_t day = 0; day < d.days; ++day) {
      std::vector<Cell> row{u.code, name_of(u, l), format_date(d.day(day))};
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
        row.insert(row.end(), {Cell(static_cast<int>(aqi.aqi[day])), Cell(standards::aqi_level(aqi.aqi[day]).level),
                               Cell(primary)});
      } else {
        row.insert(row.end(), {Cell(), Cell(), Cell()});
      }
      row.push_back(rules.aqi->id());
      t.add(std::move(row));
    }
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

void add_air_assess_command(CLI::App& air, Context& ctx) {
  struct Options {
    std::string ws, period, whatif;
    AssessRequest req;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = air.add_subcommand("assess", "HJ 663 assessment of a period for stations, cities or the region");
  cmd->add_option("WS", o->ws, "Workspace")->required();
  cmd->add_option("--period", o->period, "2019, 2019-03, 2019Q1 or FROM..TO")->required();
  cmd->add_option("--level", o->req.level, "station, city or region")
      ->check(CLI::IsMember({"station", "city", "region"}))
      ->capture_default_str();
  cmd->add_option("--standard", o->req.standard, "auto (in force at the period's end), 2012, 2026, 2026-final")
      ->check(CLI::IsMember({"auto", "2012", "2026", "2026-final"}))
      ->capture_default_str();
  cmd->add_option("--what-if", o->whatif, "Also evaluate under this standard and show both: 2012, 2026, 2026-final")
      ->check(CLI::IsMember({"2012", "2026", "2026-final"}));
  cmd->add_option("--class", o->req.zone_class, "GB 3095 zone class (1: nature reserves and the like; 2: others)")
      ->check(CLI::IsMember({1, 2}))
      ->capture_default_str();
  cmd->add_option("--composite", o->req.composite,
                  "Composite index: auto/unweighted, or weighted (PM2.5 x3, NO2 x2, O3 x2; unconfirmed)")
      ->check(CLI::IsMember({"auto", "unweighted", "weighted"}))
      ->capture_default_str();
  cmd->add_flag("--exclude-dust", o->req.exclude_dust, "Leave sand/dust days out of PM statistics and day counts");
  cmd->footer(
      "Examples:\n"
      "  ecobarrier air assess ws.gpkg --period 2016 --level city\n"
      "  ecobarrier air assess ws.gpkg --period 2019-01-01..2019-06-30 --level region --format csv -o region.csv\n"
      "  ecobarrier air assess ws.gpkg --period 2016 --level city --what-if 2026\n\n"
      "Long form (csv/json): code,name,level,period,pollutant,statistic,value,reported,unit,valid,n_days,\n"
      "expected_days,limit,compliant,exceedance,note,standard,members — one row per figure.");
  cmd->callback([o, &ctx] {
    o->req.period = period_option(o->period);
    print_air_assessment(ctx, o->ws, o->req, o->whatif);
  });

  auto d = std::make_shared<Options>();
  auto* daily = air.add_subcommand("daily", "The daily values behind an assessment: every unit and day, with counts");
  daily->add_option("WS", d->ws, "Workspace")->required();
  daily->add_option("--period", d->period, "2019, 2019-03, 2019Q1 or FROM..TO")->required();
  daily->add_option("--level", d->req.level, "station, city or region")
      ->check(CLI::IsMember({"station", "city", "region"}))
      ->capture_default_str();
  daily->add_option("--standard", d->req.standard, "auto, 2012, 2026, 2026-final")
      ->check(CLI::IsMember({"auto", "2012", "2026", "2026-final"}))
      ->capture_default_str();
  daily->footer(
      "Examples:\n  ecobarrier air daily ws.gpkg --period 2016 --level city --format csv -o days.csv\n\n"
      "The audit trail of `air assess`: per unit and day the daily values (24-hour means, O3 daily max\n"
      "8-h and 1-h), how many hours / 8-hour windows / member sites stand behind each (n_*), the dust flag\n"
      "and the daily AQI. Empty = not valid on that day.");
  daily->callback([d, &ctx] {
    d->req.period = period_option(d->period);
    print_air_daily(ctx, d->ws, d->req);
  });
}

}  // namespace eb::app
