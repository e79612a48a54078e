// 7. Energy and carbon, computed: energy consumption in standard coal (GB/T 2589), CO2 from fuel combustion and
// net purchased electricity and heat, energy and carbon intensity per 10^4 yuan of GDP at constant prices, their
// change since the base year and the progress against the five-year targets (runs::run_carbon_account, the run of
// `carbon account`), for the region and by league/city; then the carbon-sink estimates stored by `assess derive`.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app/report/sections.hpp"
#include "app/runs/carbon/carbon_account.hpp"

namespace eb::app::report {

namespace {

// Energy statistics come a year or more late: the latest year with data up to the bulletin's is shown.
constexpr int kLookBackYears = 10;
// The base year of the intensity changes (the 14th Five-Year Plan's).
constexpr int kBaseYear = 2020;

bool has_figures(const runs::CarbonAccountResult& a) {
  return std::any_of(a.units.begin(), a.units.end(), [](const auto& u) { return u.current.has_value(); });
}

std::string change_text(const std::optional<double>& pct) {
  if (!pct) return "–";
  return (*pct > 0 ? "+" : "") + fixed(*pct, 1) + "%";
}

std::string tenk(double v) { return grouped(v / 1e4, 1); }  // in units of 10^4

bool carbon_synthetic(const runs::CarbonAccountResult& a) {
  return std::any_of(a.sources.begin(), a.sources.end(), [](const auto& s) { return store::names_synthetic(s); });
}

int carbon_note(Report& r, const runs::CarbonAccountResult& a, int level) {
  std::string sources;
  for (const auto& s : a.sources) sources += (sources.empty() ? "" : "; ") + s;
  Note n;
  n.inputs =
      r.zh ? fmt::format("{}（carbon_energy、carbon_gdp、carbon_target 表）；来源：{}", r.ws_label(), sources)
           : fmt::format("{} (tables carbon_energy, carbon_gdp, carbon_target); source: {}", r.ws_label(), sources);
  n.rule =
      r.t("能源消费按 GB/T 2589-2020 折标准煤（电力按当量值）；燃料燃烧 CO2 = 消费量 × 低位发热量 × 单位热值含碳量 × "
          "碳氧化率 × 44/12，外购电力按所在电网的平均排放因子，因子及其来源、年份见 data/standards/carbon_*.csv；"
          "强度以 2020 年不变价 GDP 计；较基准年变化与五年目标进度见 docs/carbon.md",
          "energy in standard coal by GB/T 2589-2020 (electricity at its calorific equivalent); combustion CO2 = "
          "amount x net calorific value x carbon content x oxidation x 44/12, net purchased electricity at its grid's "
          "average emission factor, each factor with its source and year in data/standards/carbon_*.csv; intensities "
          "per 10^4 yuan of GDP at constant 2020 prices; change since the base year and progress against the five-year "
          "targets as in docs/carbon.md");
  n.command = r.command(fmt::format("carbon account {} --year {} --level {}", r.ws_arg(), a.year, level));
  return r.doc.add_note(std::move(n));
}

std::string unit_name(const Report& r, const runs::CarbonAccountRow& u) {
  if (r.units.count(u.code)) return r.name(u.code);
  return r.zh ? u.name_zh : u.name_en;
}

void region_paragraph(Report& r, Section& sec, const runs::CarbonAccountResult& a, int note) {
  const auto& u = a.units.front();
  if (!u.current) return;
  const auto& c = *u.current;
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年，全区能源消费总量 ", a.year) : fmt::format("In {}, the region used ", a.year))
      .figure(tenk(c.energy_tce) + r.t(" 万吨标准煤", " x 10^4 t of standard coal"), note)
      .text(r.t("，二氧化碳排放 ", " and emitted "))
      .figure(tenk(c.co2_t()) + r.t(" 万吨", " x 10^4 t of CO2"), note)
      .text(r.t("（化石燃料燃烧 ", " (fuel combustion "))
      .figure(tenk(c.co2_combustion_t) + r.t(" 万吨", ""), note)
      .text(r.t("，净调入电力 ", ", net purchased electricity "))
      .figure(tenk(c.co2_electricity_t) + r.t(" 万吨", ""), note)
      .text(r.t("，净调入热力 ", ", net purchased heat "))
      .figure(tenk(c.co2_heat_t) + r.t(" 万吨；净调出电力为负", "; net exported electricity counts negative"), note)
      .text(r.t("）；单位 GDP 能耗 ", "); energy intensity was "))
      .figure(fixed(c.energy_intensity(), 3) + r.t(" 吨标准煤/万元", " t of standard coal per 10^4 yuan"), note)
      .text(r.t("，单位 GDP 二氧化碳排放 ", " and carbon intensity "))
      .figure(fixed(c.carbon_intensity(), 3) + r.t(" 吨/万元", " t CO2 per 10^4 yuan"), note);
  if (u.energy_intensity_change_pct && u.carbon_intensity_change_pct)
    p.text(r.zh ? fmt::format("，较 {} 年分别变化 ", a.base_year) : fmt::format(", changes since {} of ", a.base_year))
        .figure(change_text(u.energy_intensity_change_pct), note)
        .text(r.t(" 和 ", " and "))
        .figure(change_text(u.carbon_intensity_change_pct), note);
  p.text(r.t("。", "."));
  sec.blocks.push_back(p.done());
  r.summarise("能源与碳排放", "Energy and carbon", std::get<Paragraph>(sec.blocks.back()));
  for (const auto& t : u.targets) {
    const bool energy = t.indicator == "energy_intensity";
    sec.blocks.push_back(
        ParagraphBuilder()
            .text(r.zh ? fmt::format("{}：{}–{} 年目标下降 {}%，至 {} 年已下降 ",
                                     energy ? "单位 GDP 能耗" : "单位 GDP 二氧化碳排放", t.base_year, t.target_year,
                                     fixed(t.target_drop_pct, 1), a.year)
                       : fmt::format("{}: target a drop of {}% over {}–{}; by {} it fell by ",
                                     energy ? "Energy intensity" : "Carbon intensity", fixed(t.target_drop_pct, 1),
                                     t.base_year, t.target_year, a.year))
            .figure(fixed(t.achieved_drop_pct, 1) + "%", note)
            .text(r.zh ? fmt::format("，完成目标的 {}%（按线性进度应为 {}%），{}。", fixed(t.progress.progress_pct, 1),
                                     fixed(t.progress.expected_drop_pct, 1),
                                     t.progress.on_track ? "进度达标" : "进度滞后")
                       : fmt::format(", {}% of the target (the linear pace asks {}%): {}.",
                                     fixed(t.progress.progress_pct, 1), fixed(t.progress.expected_drop_pct, 1),
                                     t.progress.on_track ? "on track" : "behind the pace"))
            .done());
  }
}

TableBlock league_table(Report& r, const runs::CarbonAccountResult& a, bool syn, int note) {
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption = r.zh ? fmt::format("表 7-1 {} 年各盟市能源消费与二氧化碳排放", a.year)
                    : fmt::format("Table 7-1. Energy use and CO2 emissions by league/city, {}", a.year);
  tb.header = {r.t("盟市", "League/city"),
               r.t("能源消费（万吨标准煤）", "Energy (10^4 tce)"),
               r.t("CO2 排放（万吨）", "CO2 (10^4 t)"),
               r.t("单位 GDP 能耗（吨标准煤/万元）", "Energy intensity (tce/10^4 yuan)"),
               r.t(fmt::format("较 {} 年", a.base_year), fmt::format("vs {}", a.base_year)),
               r.t("单位 GDP CO2（吨/万元）", "Carbon intensity (t/10^4 yuan)"),
               r.t(fmt::format("较 {} 年", a.base_year), fmt::format("vs {}", a.base_year))};
  tb.numeric = {false, true, true, true, true, true, true};
  for (const auto& u : a.units) {
    if (!u.current) continue;
    const auto& c = *u.current;
    tb.unit_codes.push_back(u.code);
    tb.rows.push_back({{unit_name(r, u), 0, false},
                       {tenk(c.energy_tce), note, false},
                       {tenk(c.co2_t()), note, false},
                       {fixed(c.energy_intensity(), 3), note, false},
                       {change_text(u.energy_intensity_change_pct), note, false},
                       {fixed(c.carbon_intensity(), 3), note, false},
                       {change_text(u.carbon_intensity_change_pct), note, false}});
  }
  return tb;
}

// The carbon-sink estimates stored per unit (carbon.sink_t_co2 from `assess derive`), latest year up to the
// bulletin's, with the stored provenance.
void sink_block(Report& r, Section& sec, const IndicatorView& view) {
  int year = 0;
  for (const auto& v : view.values)
    if (v.indicator == "carbon.sink_t_co2") year = std::max(year, v.year);
  if (!year) return;
  std::vector<const store::IndicatorValue*> values;
  bool syn = false;
  for (const auto& v : view.values)
    if (v.indicator == "carbon.sink_t_co2" && v.year == year) {
      values.push_back(&v);
      syn |= store::names_synthetic(v.source);
    }
  Note n;
  n.inputs = r.zh ? fmt::format("{}（indicator_value 表，carbon.sink_t_co2）；{} 个单位", r.ws_label(), values.size())
                  : fmt::format("{} (table indicator_value, carbon.sink_t_co2); {} units", r.ws_label(), values.size());
  n.rule = values.front()->source;
  n.command = r.command(fmt::format("assess derive {} --year {} --from carbon", r.ws_arg(), year));
  const int note = r.doc.add_note(std::move(n));
  if (syn) {
    sec.synthetic = true;
    r.synthetic.push_back(r.t("七、能源与碳排放：碳汇估算所用土地覆盖为合成数据（SYNTHETIC）",
                              "7. Energy and carbon: the land cover of the sink estimate is SYNTHETIC"));
  }
  sec.blocks.push_back(
      Report::heading(r.t("（二）森林与草原碳汇（估算）", "7.2 Forest and grassland carbon sinks (estimate)")));
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption =
      r.zh ? fmt::format("表 7-2 {} 年各单位森林与草原碳汇估算（吨 CO2/年，估算值）", year)
           : fmt::format("Table 7-2. Forest and grassland carbon sinks by unit, {} (t CO2 per year, ESTIMATE)", year);
  tb.header = {r.t("单位", "Unit"), r.t("碳汇（吨 CO2/年，估算）", "Sink (t CO2/yr, estimate)")};
  tb.numeric = {false, true};
  for (const auto* v : values)
    tb.rows.push_back({{r.name(v->unit_code), 0, false}, {grouped(v->value, 0), note, false}});
  sec.blocks.push_back(ParagraphBuilder()
                           .text(r.t("碳汇为按土地覆盖面积变化与 IPCC 缺省碳密度的存量差法估算值，不是清单核算结果。",
                                     "The sinks are estimates by the stock-difference method from land-cover areas and "
                                     "IPCC default carbon densities, not inventory figures."))
                           .aside()
                           .done());
  sec.blocks.push_back(std::move(tb));
}

}  // namespace

void energy_section(Report& r, const IndicatorView& view) {
  Section sec{"energy", r.t("七、能源与碳排放", "7. Energy and carbon"), false, {}};
  runs::CarbonAccountResult region;
  // The intensities are changes since the base year: years before it have no account.
  for (int y = r.year; y > r.year - kLookBackYears && y >= kBaseYear; --y) {
    region = runs::run_carbon_account({r.ws_path, y, kBaseYear, 1, std::nullopt});
    if (has_figures(region)) break;
  }
  if (has_figures(region)) {
    const runs::CarbonAccountResult leagues =
        runs::run_carbon_account({r.ws_path, region.year, kBaseYear, 2, std::nullopt});
    const bool syn = carbon_synthetic(region);
    if (syn) {
      sec.synthetic = true;
      r.synthetic.push_back(r.t("七、能源与碳排放：能源消费、GDP 与目标为合成数据（SYNTHETIC）",
                                "7. Energy and carbon: energy use, GDP and targets are SYNTHETIC"));
    }
    sec.blocks.push_back(Report::heading(r.t("（一）能源消费与二氧化碳排放", "7.1 Energy use and CO2 emissions")));
    if (region.year != r.year)
      sec.blocks.push_back(r.fallback("能源消费与 GDP 数据", "energy and GDP data", region.year));
    region_paragraph(r, sec, region, carbon_note(r, region, 1));
    TableBlock tb = league_table(r, leagues, syn, carbon_note(r, leagues, 2));
    if (!tb.rows.empty()) sec.blocks.push_back(std::move(tb));
  }
  sink_block(r, sec, view);
  if (sec.blocks.empty())
    sec.blocks.push_back(r.none("能源消费、GDP 数据或碳汇估算", "energy, GDP or carbon-sink data"));
  r.doc.sections.push_back(std::move(sec));
}

}  // namespace eb::app::report
