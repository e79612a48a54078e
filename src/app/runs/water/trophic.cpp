#include "app/runs/water/trophic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "app/runs/water/water_runs.hpp"
#include "core/error.hpp"
#include "store/admin_store.hpp"
#include "store/water_store.hpp"

namespace eb::app::runs {

namespace {

using Sums = std::map<std::string, std::pair<double, int>>;  // item -> (sum, values)

std::vector<standards::ItemValue> means_of(const Sums& sums) {
  std::vector<standards::ItemValue> means;
  for (const auto& [item, acc] : sums) means.push_back({item, acc.first / acc.second});
  return means;
}

// One lake section's rows (and annual TLI(Σ) by year) from its values of the whole span.
void trophic_of_section(const WaterTrophicRequest& req, const store::WaterSectionRow& s,
                        const std::vector<store::StoredSampleValue>& values, WaterTrophicResult& out) {
  const bool by_month = req.by == WaterTrophicBy::month;
  // Group the values by month or year, then the trophic state of the group's means.
  std::map<std::string, Sums> groups;
  std::map<std::string, std::set<EpochSeconds>> times;
  for (const auto& v : values) {
    const CivilDate d = epoch_to_beijing(v.time).date;
    const std::string key = by_month ? fmt::format("{:04d}-{:02d}", d.year, d.month) : fmt::format("{:04d}", d.year);
    auto& acc = groups[key][v.item];
    acc.first += below_detection_value(v, req.below_detection);
    ++acc.second;
    times[key].insert(v.time);
  }
  std::vector<double> annual(static_cast<std::size_t>(req.to - req.from + 1), std::numeric_limits<double>::quiet_NaN());
  for (const auto& [key, items] : groups) {
    const auto state = standards::trophic_state(means_of(items));
    if (!state) continue;
    out.rows.push_back({s.code, s.name, key, *state, times[key].size()});
    if (!by_month) annual[static_cast<std::size_t>(std::stoi(key) - req.from)] = state->tli_sum;
  }
  if (by_month) return;
  const engine::Trend trend = engine::mann_kendall_sen(annual);
  if (trend.n >= 1) out.trends.push_back({s.code, s.name, trend});
}

Table trophic_table(const WaterTrophicResult& r, Lang l) {
  const bool zh = l == Lang::zh;
  const bool by_month = r.by == WaterTrophicBy::month;
  Table t;
  t.title_zh = fmt::format("湖库综合营养状态指数 TLI(Σ)（{}–{}，按{}）", r.from, r.to, by_month ? "月" : "年");
  t.title_en = fmt::format("Lake trophic level index TLI(Σ) ({}-{}, by {})", r.from, r.to, by_month ? "month" : "year");
  t.columns = {{"code", "断面编码", "code"},
               {"name", "名称", "name"},
               {"period", "时段", "period"},
               {"tli", "TLI(Σ)", "TLI(Σ)", 2},
               {"trophic_state", "营养状态", "trophic state"},
               {"parameters", "参与参数", "parameters"},
               {"samples", "样品数", "samples"}};
  for (const auto& row : r.rows) {
    std::string used;
    for (const auto& [p, w] : row.state.weights) used += (used.empty() ? "" : " ") + p;
    t.add({row.code, row.name, row.period, row.state.reported, zh ? row.state.class_zh : row.state.class_en, used,
           row.samples});
  }
  return t;
}

Table trend_table(const WaterTrophicResult& r, Lang l) {
  Table t;
  t.title_zh = "年际趋势（Theil-Sen 斜率，Mann-Kendall 检验）";
  t.title_en = "Trend of the annual values (Theil-Sen slope, Mann-Kendall test)";
  t.columns = {{"code", "断面编码", "code"},
               {"name", "名称", "name"},
               {"sen_slope_per_year", "Sen斜率/年", "Sen slope per year", 3},
               {"mann_kendall_z", "MK检验Z", "Mann-Kendall Z", 3},
               {"trend", "趋势", "trend"}};
  for (const auto& [code, name, trend] : r.trends)
    t.add({code, name, trend.n >= 2 ? Cell(trend.sen_slope) : Cell(), trend.n >= 3 ? Cell(trend.z) : Cell(),
           trend.n < 3            ? tr(l, "年数不足", "too few years")
           : !trend.significant() ? tr(l, "无显著变化", "no significant trend")
           : trend.z > 0          ? tr(l, "显著上升", "rising (95 %)")
                                  : tr(l, "显著下降", "falling (95 %)")});
  return t;
}

// Per league/city: the mean over its sections with samples of each section's CWQI of its period means.
std::map<std::string, std::pair<double, int>> city_cwqi(store::Workspace& ws,
                                                        const std::vector<store::WaterSectionRow>& sections,
                                                        const Period& p, io::BelowDetection rule) {
  const auto samples = store::load_water_samples(ws, p);
  std::map<std::string, std::pair<double, int>> per_city;  // code -> (sum, sections)
  for (const auto& s : sections) {
    const auto it = samples.find(s.code);
    if (it == samples.end() || !s.league_code) continue;
    Sums sums;
    for (const auto& v : it->second) {
      sums[v.item].first += below_detection_value(v, rule);
      ++sums[v.item].second;
    }
    auto& c = per_city[*s.league_code];
    c.first += standards::cwqi(means_of(sums), s.waterbody);
    ++c.second;
  }
  return per_city;
}

}  // namespace

WaterTrophicResult run_water_trophic(const WaterTrophicRequest& req) {
  if (req.to < req.from) throw UsageError("--to must not be before --from");
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  const Period all{{req.from, 1, 1}, {req.to, 12, 31}, ""};
  const auto samples = store::load_water_samples(ws, all);
  WaterTrophicResult r;
  r.from = req.from;
  r.to = req.to;
  r.by = req.by;
  for (const auto& s : store::water_sections(ws)) {
    if (s.waterbody != standards::Waterbody::lake) continue;
    const auto it = samples.find(s.code);
    if (it != samples.end()) trophic_of_section(req, s, it->second, r);
  }
  return r;
}

Document water_trophic_document(const WaterTrophicResult& r, Lang lang, Format format) {
  if (format == Format::csv || r.by == WaterTrophicBy::month) return Document(trophic_table(r, lang));
  Document doc;
  doc.keyed = true;
  doc.parts.emplace_back("trophic_state", trophic_table(r, lang));
  doc.parts.emplace_back("trend", trend_table(r, lang));
  return doc;
}

std::optional<double> WaterCwqiCity::change() const {
  if (!baseline_cwqi) return std::nullopt;
  return cwqi - *baseline_cwqi;
}

WaterCwqiResult run_water_cwqi(const WaterCwqiRequest& req) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  const auto sections = store::water_sections(ws);
  const auto now = city_cwqi(ws, sections, req.period, req.below_detection);
  const auto before = req.baseline ? city_cwqi(ws, sections, *req.baseline, req.below_detection)
                                   : std::map<std::string, std::pair<double, int>>{};
  std::map<std::string, int> sections_of;
  for (const auto& s : sections)
    if (s.league_code) ++sections_of[*s.league_code];
  WaterCwqiResult r;
  r.period = req.period;
  r.baseline = req.baseline;
  for (const auto& [code, acc] : now) {
    WaterCwqiCity c;
    c.code = code;
    c.cwqi = acc.first / acc.second;
    c.sections_assessed = acc.second;
    c.sections = sections_of[code];
    if (const auto it = before.find(code); it != before.end()) c.baseline_cwqi = it->second.first / it->second.second;
    if (const auto unit = store::find_unit(ws, code)) {
      c.name_zh = unit->name_zh;
      c.name_en = unit->name_en;
    }
    r.cities.push_back(std::move(c));
  }
  std::stable_sort(r.cities.begin(), r.cities.end(), [](const auto& a, const auto& b) { return a.cwqi < b.cwqi; });
  for (std::size_t i = 0; i < r.cities.size(); ++i)
    r.cities[i].rank =
        i > 0 && r.cities[i].cwqi == r.cities[i - 1].cwqi ? r.cities[i - 1].rank : static_cast<int>(i) + 1;
  return r;
}

Document water_cwqi_document(const WaterCwqiResult& r, Lang l) {
  Table t;
  t.title_zh = fmt::format("城市水质指数 CWQI 排名（{}）——计算方法未经官方文本确认，仅供参考", r.period.label);
  t.title_en = fmt::format("City water quality index (CWQI) ranking ({}) - formula UNCONFIRMED [1], for reference",
                           r.period.label);
  t.columns = {{"rank", "排名", "rank"},
               {"code", "代码", "code"},
               {"name", "名称", "name"},
               {"cwqi", "CWQI", "CWQI", 4},
               {"sections", "断面数", "sections"}};
  if (r.baseline)
    for (auto c :
         std::vector<Column>{{"baseline_cwqi", "基准期CWQI", "baseline CWQI", 4}, {"change", "ΔCWQI", "change", 4}})
      t.columns.push_back(c);
  t.columns.push_back({"confidence", "可信度", "confidence"});
  for (const auto& c : r.cities) {
    std::vector<Cell> row{c.rank, c.code, l == Lang::en && !c.name_en.empty() ? c.name_en : c.name_zh, c.cwqi,
                          c.sections};
    if (r.baseline) {
      row.push_back(Cell(c.baseline_cwqi));
      row.push_back(Cell(c.change()));
    }
    row.push_back("[1] unconfirmed");
    t.add(std::move(row));
  }
  return Document(std::move(t));
}

}  // namespace eb::app::runs
