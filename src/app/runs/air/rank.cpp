#include "app/runs/air/rank.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/error.hpp"

namespace eb::app::runs {

namespace {

using engine::air::kMissing;
using engine::air::present;

Cell real(double v) { return present(v) ? Cell(v) : Cell(); }
double change_pct(double now, double base) {
  return present(now) && present(base) && base != 0 ? 100 * (now - base) / base : kMissing;
}
double reported(const AirUnitAssessment& u, const char* pollutant, const char* statistic) {
  const auto* s = u.statistic(pollutant, statistic);
  return s ? s->reported : kMissing;
}
double composite_of(const AirUnitAssessment& u) {
  return u.assessment.composite ? u.assessment.composite->reported : kMissing;
}
double good_ratio(const AirUnitAssessment& u, int decimals) {
  const auto& days = u.assessment.days;
  return days.valid ? standards::round_report(days.good_ratio_pct(), decimals) : kMissing;
}

// Smaller index = better air; equal indices share a rank (1, 2, 2, 4); cities without an index last.
void rank_cities(std::vector<AirRankEntry>& cities) {
  std::stable_sort(cities.begin(), cities.end(), [](const AirRankEntry& a, const AirRankEntry& b) {
    const bool ha = present(a.composite), hb = present(b.composite);
    if (ha != hb) return ha;
    return ha && a.composite < b.composite;
  });
  int rank = 0;
  double last = -1;
  for (std::size_t i = 0; i < cities.size(); ++i) {
    if (!present(cities[i].composite)) continue;
    if (cities[i].composite != last) rank = static_cast<int>(i) + 1;
    last = cities[i].composite;
    cities[i].rank = rank;
  }
}

// Changes against the baseline only when both periods stand on data that cover them (each reported over its
// period): a figure of a few days is no baseline.
void set_changes(AirRankEntry& e, int ratio_decimals, bool now_reported) {
  e.baseline_composite = e.baseline ? composite_of(*e.baseline) : kMissing;
  const AirUnitAssessment* b =
      e.baseline && now_reported && e.baseline->assessment.reporting_valid ? &*e.baseline : nullptr;
  const double base_good = b ? good_ratio(*b, ratio_decimals) : kMissing;
  e.composite_change_pct = change_pct(e.composite, b ? e.baseline_composite : kMissing);
  e.pm25_change_pct = change_pct(e.pm25_mean, b ? reported(*b, "PM2.5", "mean") : kMissing);
  e.good_ratio_change_pp = present(e.good_ratio_pct) && present(base_good) ? e.good_ratio_pct - base_good : kMissing;
}

}  // namespace

AirRankResult run_air_rank(const AirRankRequest& req, const RunEnv&) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  AirAssessRequest a;
  a.period = req.period;
  a.level = "city";
  a.standard = req.standard;
  a.composite = req.composite;
  if (req.dust == AirDust::both) throw UsageError("--dust: a ranking is either raw or deducted");
  a.dust = req.dust;
  AirRankResult r;
  r.period = req.period;
  auto units = air_assess_units(ws, a, r.rules);
  std::map<std::string, AirUnitAssessment> baseline;
  if (req.baseline) {
    a.period = *req.baseline;
    r.baseline = req.baseline;
    r.baseline_rules.emplace();
    for (auto& u : air_assess_units(ws, a, *r.baseline_rules)) baseline.emplace(u.code, std::move(u));
  }
  const int ratio = r.rules.rules->decimals_ratio;
  for (auto& u : units) {
    AirRankEntry e;
    e.composite = composite_of(u);
    e.pm25_mean = reported(u, "PM2.5", "mean");
    e.good_ratio_pct = good_ratio(u, ratio);
    if (req.baseline) {
      if (const auto it = baseline.find(u.code); it != baseline.end()) e.baseline = std::move(it->second);
      set_changes(e, ratio, u.assessment.reporting_valid);
    }
    e.city = std::move(u);
    r.cities.push_back(std::move(e));
  }
  rank_cities(r.cities);
  return r;
}

Document air_rank_document(const AirRankResult& r, Lang l) {
  Table t;
  t.title_zh = fmt::format("城市环境空气质量综合指数排名（{}；{}）", r.period.label, r.rules.label());
  t.title_en =
      fmt::format("Cities ranked by the air quality composite index ({}; {})", r.period.label, r.rules.label());
  const int idx = r.rules.rules->decimals_index, ratio = r.rules.rules->decimals_ratio;
  t.columns = {{"rank", "排名", "rank"},
               {"code", "代码", "code"},
               {"name", "名称", "name"},
               {"composite_index", "综合指数", "index", idx},
               {"largest", "最大单项指数", "largest I_i"},
               {"pm25_mean", "PM2.5", "PM2.5", r.rules.rules->decimals_ugm3},
               {"good_day_ratio_pct", "优良天数比例%", "good days %", ratio}};
  t.geometry = GeometryJoin{GeometryLayer::unit, "code"};
  if (r.baseline)
    for (auto c :
         std::vector<Column>{{"baseline_composite_index", "基准期综合指数", "baseline index", idx},
                             {"composite_change_pct", "综合指数变化%", "index change %", 1},
                             {"pm25_change_pct", "PM2.5变化%", "PM2.5 change %", 1},
                             {"good_ratio_change_pp", "优良比例变化(百分点)", "good days change (points)", ratio}})
      t.columns.push_back(c);
  // Who stands behind each figure: a change between different station memberships is shown with both.
  t.columns.push_back({"members", "有效成员", "valid members"});
  if (r.baseline) t.columns.push_back({"baseline_members", "基准期有效成员", "baseline valid members"});
  t.columns.push_back({"standard", "标准", "standard"});
  const auto members = [](const AirUnitAssessment& u) {
    return fmt::format("{}/{}", u.membership.valid.size(), u.membership.expected.size());
  };
  for (const auto& e : r.cities) {
    const auto& a = e.city.assessment;
    std::string largest;
    if (a.composite)
      for (const auto& p : a.composite->largest) largest += (largest.empty() ? "" : "|") + std::string(p);
    std::vector<Cell> row{
        e.rank,  e.city.code,       e.city.name(l),        a.composite ? Cell(a.composite->reported) : Cell(),
        largest, real(e.pm25_mean), real(e.good_ratio_pct)};
    if (r.baseline)
      row.insert(row.end(), {real(e.baseline_composite), real(e.composite_change_pct), real(e.pm25_change_pct),
                             real(e.good_ratio_change_pp)});
    row.push_back(members(e.city));
    if (r.baseline) row.push_back(e.baseline ? Cell(members(*e.baseline)) : Cell());
    row.push_back(r.rules.label());
    t.add(std::move(row));
  }
  return Document(std::move(t));
}

namespace {

// The figure of a year: reported value (NaN when none or not valid), validity, days and compliance.
void set_year(AirTrendSeries& s, std::size_t i, const AirUnitAssessment& u, const AirTrendRequest& req) {
  const auto& a = u.assessment;
  s.members[i] = fmt::format("{}/{}", u.membership.valid.size(), u.membership.expected.size());
  s.valid_members[i] = u.membership.valid;
  // A region's year counts only with all its cities: a mean of some of them is another quantity.
  if (u.level == "region" && !u.membership.complete()) {
    s.n_days[i] = a.days.valid;
    return;
  }
  if (req.pollutant == "ALL" && req.statistic == "good_day_ratio_pct") {
    s.n_days[i] = a.days.valid;
    s.valid[i] = a.days.valid > 0;
    if (a.days.valid) s.values[i] = standards::round_report(a.days.good_ratio_pct(), 1);
  } else if (req.pollutant == "ALL" && req.statistic == "composite_index") {
    s.n_days[i] = a.days.valid;
    s.valid[i] = a.composite.has_value();
    if (a.composite) s.values[i] = a.composite->reported;
  } else if (const auto* st = u.statistic(req.pollutant, req.statistic)) {
    s.n_days[i] = st->n_days;
    s.valid[i] = st->valid;
    if (st->valid) {
      s.values[i] = st->reported;
      s.met[i] = st->compliant;
    }
  } else {
    throw UsageError(
        fmt::format("no statistic {} {} (try PM2.5 mean, O3 p90, ALL composite_index)", req.pollutant, req.statistic));
  }
}

void finish_series(AirTrendSeries& s) {
  double first = kMissing, last = kMissing;
  std::size_t first_year = 0, last_year = 0;
  for (std::size_t i = 0; i < s.values.size(); ++i)
    if (present(s.values[i])) {
      if (!present(first)) {
        first = s.values[i];
        first_year = i;
      }
      last = s.values[i];
      last_year = i;
    }
  // A change across different members is not a trend: none then (the members of each year are shown).
  s.members_changed = present(first) && s.valid_members[first_year] != s.valid_members[last_year];
  s.change_pct = s.members_changed ? kMissing : change_pct(last, first);
  s.trend = engine::mann_kendall_sen(s.values);
  for (std::size_t i = s.met.size(); i-- > 0 && s.met[i] == true;) ++s.streak;
}

}  // namespace

AirTrendResult run_air_trend(const AirTrendRequest& req, const RunEnv&) {
  if (req.to < req.from) throw UsageError("--to must not be before --from");
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  AirTrendResult r{req.from, req.to, req.level, req.pollutant, req.statistic, {}, {}};
  std::map<std::string, AirTrendSeries> by_unit;
  const std::size_t years = static_cast<std::size_t>(req.to - req.from + 1);
  AirAssessRequest a;
  a.level = req.level;
  for (int y = req.from; y <= req.to; ++y) {
    a.period = *parse_period(std::to_string(y));
    AirRules rules{};
    for (const auto& u : air_assess_units(ws, a, rules)) {
      AirTrendSeries& s = by_unit[u.code];
      if (s.values.empty()) {
        s.code = u.code;
        s.name_zh = u.name_zh;
        s.name_en = u.name_en;
        s.values.assign(years, kMissing);
        s.valid.assign(years, false);
        s.n_days.assign(years, 0);
        s.met.assign(years, std::nullopt);
        s.members.assign(years, "");
        s.valid_members.assign(years, {});
      }
      set_year(s, static_cast<std::size_t>(y - req.from), u, req);
    }
    r.rules.push_back(rules);
  }
  for (auto& [code, s] : by_unit) {
    finish_series(s);
    r.units.push_back(std::move(s));
  }
  return r;
}

Document air_trend_document(const AirTrendResult& r, Lang l) {
  Table t;
  t.title_zh = fmt::format("{} {} 年际变化（{}–{}）", r.pollutant, r.statistic, r.from, r.to);
  t.title_en = fmt::format("{} {} by year ({}-{})", r.pollutant, r.statistic, r.from, r.to);
  t.columns = {{"code", "代码", "code"}, {"name", "名称", "name"}};
  for (int y = r.from; y <= r.to; ++y) t.columns.push_back({std::to_string(y), std::to_string(y), std::to_string(y)});
  for (auto c : std::vector<Column>{{"change_pct", "较首年变化%", "change vs first year %", 1},
                                    {"sen_slope_per_year", "Sen斜率/年", "Sen slope per year", 3},
                                    {"mann_kendall_z", "MK检验Z", "Mann-Kendall Z", 3},
                                    {"trend", "趋势", "trend"},
                                    {"years_meeting_standard", "连续达标年数", "years meeting the limit in a row"}})
    t.columns.push_back(c);
  for (const auto& s : r.units) {
    std::vector<Cell> row{s.code, s.name(l)};
    for (double v : s.values) row.push_back(real(v));
    const engine::Trend& tr_ = s.trend;
    const std::string trend = tr_.n < 3            ? tr(l, "年数不足", "too few years")
                              : !tr_.significant() ? tr(l, "无显著变化", "no significant trend")
                              : tr_.z > 0          ? tr(l, "显著上升", "rising (95 %)")
                                                   : tr(l, "显著下降", "falling (95 %)");
    row.insert(row.end(), {real(s.change_pct), tr_.n >= 2 ? Cell(tr_.sen_slope) : Cell(),
                           tr_.n >= 3 ? Cell(tr_.z) : Cell(), trend, r.pollutant == "ALL" ? Cell() : Cell(s.streak)});
    t.add(std::move(row));
  }
  Document doc(std::move(t));
  for (const auto& s : r.units) {
    std::string years;
    for (std::size_t i = 0; i < s.members.size(); ++i)
      if (!s.members[i].empty() && (s.members_changed || !present(s.values[i])))
        years += fmt::format("{}{} {}", years.empty() ? "" : ", ", r.from + static_cast<int>(i), s.members[i]);
    if (s.members_changed)
      doc.note(
          tr(l, fmt::format("{}：首末年的有效成员不同，不计算变化率（各年有效成员/应有成员：{}）。", s.name(l), years),
             fmt::format("{}: the first and last years stand on different members; no change is given (valid/"
                         "expected members by year: {}).",
                         s.name(l), years)));
    else if (r.level == "region" && !years.empty())
      doc.note(tr(l, fmt::format("{}：成员不全的年份不计入（有效成员/应有成员：{}）。", s.name(l), years),
                  fmt::format("{}: years without all their cities are left out (valid/expected members: {}).",
                              s.name(l), years)));
  }
  return doc;
}

}  // namespace eb::app::runs
