#include "app/runs/carbon/carbon_account.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "app/runs/carbon/carbon_sink.hpp"
#include "core/error.hpp"
#include "io/carbon_activity.hpp"
#include "store/admin_store.hpp"

namespace eb::app::runs {

namespace sc = standards;

CarbonImportResult run_carbon_import(const CarbonImportRequest& req, const RunEnv& env) {
  CarbonImportResult r;
  r.kind = req.kind;
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  for (const auto& file : req.files) {
    switch (req.kind) {
      case CarbonImportKind::energy:
        r.files.push_back(store::import_energy(ws, file, io::read_energy_csv(file, env.text_input())));
        break;
      case CarbonImportKind::gdp:
        r.files.push_back(store::import_gdp(ws, file, io::read_gdp_csv(file, env.text_input())));
        break;
      case CarbonImportKind::targets:
        r.files.push_back(store::import_carbon_targets(ws, file, io::read_carbon_targets_csv(file, env.text_input())));
        break;
    }
  }
  return r;
}

Document carbon_import_document(const CarbonImportResult& r, Lang l) {
  Table t;
  const char* what_zh = r.kind == CarbonImportKind::energy ? "能源消费"
                        : r.kind == CarbonImportKind::gdp  ? "地区生产总值"
                                                           : "目标";
  const char* what_en = r.kind == CarbonImportKind::energy ? "energy"
                        : r.kind == CarbonImportKind::gdp  ? "GDP"
                                                           : "targets";
  t.title_zh = fmt::format("{}导入", what_zh);
  t.title_en = fmt::format("{} import", what_en);
  t.columns = {{"file", "文件", "file"}, {"added", "新增", "added"}, {"unchanged", "未变", "unchanged"}};
  for (const auto& f : r.files) t.add({Cell(f.file), Cell(f.added), Cell(f.unchanged)});
  Document doc(std::move(t));
  (void)l;
  return doc;
}

namespace {

struct UnitData {
  std::vector<const store::StoredEnergy*> energy;
  const store::StoredGdp* gdp = nullptr;
};
// unit code -> year -> its rows
using DataIndex = std::map<std::string, std::map<int, UnitData>>;

CarbonFigures figures_of(const std::string& unit, int year, const UnitData& d, std::optional<int> grid_year,
                         bool equal_value) {
  CarbonFigures f;
  std::map<std::string, double> amounts;
  for (const auto* e : d.energy) amounts[e->fuel] += e->amount;
  std::string grid = sc::unit_grid(unit).value_or("national");
  for (const auto& fuel : sc::fuels()) {
    const auto it = amounts.find(fuel.code);
    if (it == amounts.end()) continue;
    CarbonFigures::FuelLine line{fuel.code, it->second, sc::to_tce(fuel, it->second), 0};
    switch (fuel.kind) {
      case sc::EnergyKind::fossil:
        line.co2_t = sc::combustion_co2_t(fuel, it->second);
        f.co2_combustion_t += line.co2_t;
        break;
      case sc::EnergyKind::electricity: {
        if (equal_value) {
          f.equal_value = sc::electricity_equal_value(year);
          line.tce = it->second * f.equal_value->kgce_per_kwh / 1000.0;
        }
        const sc::GridFactor g = sc::grid_factor(grid, grid_year.value_or(year));
        line.co2_t = it->second / 1000.0 * g.t_co2_per_mwh;  // kWh -> MWh
        f.co2_electricity_t += line.co2_t;
        f.grid_factors.push_back(g);
        break;
      }
      case sc::EnergyKind::heat:
        line.co2_t = it->second / 1000.0 * sc::heat_factor().t_co2_per_gj;  // MJ -> GJ
        f.co2_heat_t += line.co2_t;
        break;
    }
    f.energy_tce += line.tce;
    f.fuels.push_back(line);
  }
  f.gdp_10k_yuan = d.gdp->gdp_10k_yuan_2020;
  f.gdp_method = d.gdp->method;
  return f;
}

void add_into(CarbonFigures& sum, const CarbonFigures& f) {
  for (const auto& line : f.fuels) {
    auto it = std::find_if(sum.fuels.begin(), sum.fuels.end(), [&](const auto& x) { return x.fuel == line.fuel; });
    if (it == sum.fuels.end()) {
      sum.fuels.push_back(line);
    } else {
      it->amount_base += line.amount_base;
      it->tce += line.tce;
      it->co2_t += line.co2_t;
    }
  }
  sum.energy_tce += f.energy_tce;
  sum.co2_combustion_t += f.co2_combustion_t;
  sum.co2_electricity_t += f.co2_electricity_t;
  sum.co2_heat_t += f.co2_heat_t;
  sum.gdp_10k_yuan += f.gdp_10k_yuan;
  for (const auto& g : f.grid_factors) {
    const bool seen = std::any_of(sum.grid_factors.begin(), sum.grid_factors.end(),
                                  [&](const auto& x) { return x.grid == g.grid && x.year == g.year; });
    if (!seen) sum.grid_factors.push_back(g);
  }
  if (f.equal_value) sum.equal_value = f.equal_value;
  if (sum.gdp_method.empty())
    sum.gdp_method = f.gdp_method;
  else if (sum.gdp_method != f.gdp_method && sum.gdp_method.find("mixed") == std::string::npos)
    sum.gdp_method = "mixed: " + sum.gdp_method + "; " + f.gdp_method;
  // Keep the fuels in the table's order.
  std::stable_sort(sum.fuels.begin(), sum.fuels.end(), [](const auto& a, const auto& b) {
    auto rank = [](const std::string& code) {
      const auto& all = sc::fuels();
      for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].code == code) return i;
      return all.size();
    };
    return rank(a.fuel) < rank(b.fuel);
  });
}

// Why a unit has no figures of a year, or empty when it has.
std::string lack(const DataIndex& index, const std::string& unit, int year) {
  const auto u = index.find(unit);
  const UnitData* d = nullptr;
  if (u != index.end())
    if (const auto y = u->second.find(year); y != u->second.end()) d = &y->second;
  if (!d || d->energy.empty())
    return d && d->gdp ? fmt::format("no energy data for {}", year) : fmt::format("no energy or GDP data for {}", year);
  if (!d->gdp) return fmt::format("no GDP for {}", year);
  return {};
}

void finish_row(CarbonAccountRow& row, const std::vector<store::StoredCarbonTarget>& targets, int base_year, int year) {
  if (!row.current || !row.base) return;
  row.energy_intensity_change_pct = sc::change_pct(row.base->energy_intensity(), row.current->energy_intensity());
  row.carbon_intensity_change_pct = sc::change_pct(row.base->carbon_intensity(), row.current->carbon_intensity());
  for (const auto& t : targets) {
    if (t.unit_code != row.code) continue;
    if (t.base_year != base_year) continue;  // a target counts from its own base year only
    CarbonTargetProgress p;
    p.indicator = t.indicator;
    p.source = t.source;
    p.base_year = t.base_year;
    p.target_year = t.target_year;
    p.target_drop_pct = t.drop_pct;
    const double change =
        t.indicator == "energy_intensity" ? *row.energy_intensity_change_pct : *row.carbon_intensity_change_pct;
    p.achieved_drop_pct = -change;
    p.progress = sc::target_progress(p.achieved_drop_pct, t.drop_pct, t.base_year, t.target_year, year);
    row.targets.push_back(std::move(p));
  }
}

}  // namespace

CarbonAccountResult run_carbon_account(const CarbonAccountRequest& req) {
  if (req.level != 1 && req.level != 2) throw UsageError("carbon account: --level is 1 (region) or 2 (leagues/cities)");
  if (req.year < req.base_year)
    throw UsageError(fmt::format("carbon account: the year {} is before the base year {}", req.year, req.base_year));
  CarbonAccountResult r;
  r.year = req.year;
  r.base_year = req.base_year;
  r.level = req.level;
  r.grid_factor_year = req.grid_factor_year;
  r.electricity_equal_value = req.electricity_equal_value;
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  const std::vector<int> years =
      req.year == req.base_year ? std::vector<int>{req.year} : std::vector<int>{req.base_year, req.year};
  const auto energy = store::load_energy(ws, years);
  const auto gdp = store::load_gdp(ws, years);
  const auto targets = store::load_carbon_targets(ws);
  DataIndex index;
  for (const auto& e : energy) index[e.unit_code][e.year].energy.push_back(&e);
  for (const auto& g : gdp) index[g.unit_code][g.year].gdp = &g;
  {
    std::set<std::string> sources;
    store::Statement q =
        ws.db().prepare("SELECT DISTINCT source FROM carbon_energy UNION SELECT DISTINCT source FROM carbon_gdp");
    while (q.step())
      if (!q.text(0).empty()) sources.insert(q.text(0));
    r.sources.assign(sources.begin(), sources.end());
  }
  auto own = [&](const std::string& code, int year) -> std::optional<CarbonFigures> {
    if (!lack(index, code, year).empty()) return std::nullopt;
    return figures_of(code, year, index.at(code).at(year), req.grid_factor_year, req.electricity_equal_value);
  };
  for (const auto& unit : store::list_units(ws, req.level)) {
    CarbonAccountRow row;
    row.code = unit.code;
    row.name_zh = unit.name_zh;
    row.name_en = unit.name_en;
    bool own_complete = true;
    for (int y : years)
      if (auto why = lack(index, unit.code, y); !why.empty()) {
        own_complete = false;
        if (req.level == 2) row.missing.emplace_back(unit.code, why);
      }
    if (own_complete) {
      row.basis = "own";
      row.current = own(unit.code, req.year);
      row.base = own(unit.code, req.base_year);
    } else if (req.level == 1) {
      // The region without its own figures: the sum of its leagues/cities with data in both years.
      CarbonFigures cur, base;
      for (const auto& child : store::children_of(ws, unit.code)) {
        if (child.level != 2) continue;
        std::string why;
        for (int y : years)
          if (why.empty()) why = lack(index, child.code, y);
        if (!why.empty()) {
          row.missing.emplace_back(child.code, why);
          continue;
        }
        row.members.push_back(child.code);
        add_into(cur, *own(child.code, req.year));
        add_into(base, *own(child.code, req.base_year));
      }
      if (!row.members.empty()) {
        row.basis = "members";
        row.current = cur;
        row.base = base;
      }
    }
    finish_row(row, targets, req.base_year, req.year);
    r.units.push_back(std::move(row));
  }
  return r;
}

namespace {

std::string fuel_name(const std::string& code, Lang l) {
  const sc::Fuel* f = sc::find_fuel(code);
  return f ? (l == Lang::zh ? f->name_zh : f->name_en) : code;
}

// A fuel's amount in the unit people read: t, 10^4 m3, MWh, GJ.
std::pair<double, std::string> display_amount(const std::string& code, double base) {
  const sc::Fuel* f = sc::find_fuel(code);
  switch (f ? f->dimension : sc::EnergyDimension::mass) {
    case sc::EnergyDimension::mass:
      return {base / 1e3, "t"};
    case sc::EnergyDimension::volume:
      return {base / 1e4, "10^4 m3"};
    case sc::EnergyDimension::electricity:
      return {base / 1e3, "MWh"};
    case sc::EnergyDimension::heat:
      return {base / 1e3, "GJ"};
  }
  return {base, ""};
}

}  // namespace

Document carbon_account_document(const CarbonAccountResult& r, Lang l) {
  Document doc;
  doc.keyed = true;
  Table t;
  t.title_zh = fmt::format("{}年能源消费与二氧化碳排放（{}；强度按 2020 年可比价地区生产总值；变化相对 {} 年）", r.year,
                           r.level == 1 ? "全区" : "盟市", r.base_year);
  t.title_en = fmt::format(
      "Energy and CO2 in {} ({}; intensities per 10^4 yuan of GDP at constant 2020 prices; "
      "change against {})",
      r.year, r.level == 1 ? "region" : "leagues/cities", r.base_year);
  t.columns = {{"code", "代码", "code"},
               {"name", "名称", "name"},
               {"basis", "数据口径", "basis"},
               {"energy_tce", "能源消费量(吨标准煤)", "energy (tce)", 1},
               {"co2_combustion_t", "化石燃料燃烧CO2(吨)", "CO2 combustion (t)", 1},
               {"co2_electricity_t", "净调入电力CO2(吨)", "CO2 net electricity (t)", 1},
               {"co2_heat_t", "净调入热力CO2(吨)", "CO2 net heat (t)", 1},
               {"co2_t", "CO2合计(吨)", "CO2 total (t)", 1},
               {"gdp_10k_yuan", "地区生产总值(万元,2020年价)", "GDP (10^4 yuan, 2020 prices)", 1},
               {"energy_intensity", "能耗强度(吨标准煤/万元)", "energy intensity (tce/10^4 yuan)", 4},
               {"carbon_intensity", "碳排放强度(吨CO2/万元)", "carbon intensity (t CO2/10^4 yuan)", 4},
               {"energy_intensity_change_pct", "能耗强度较基年变化(%)", "energy intensity change (%)", 2},
               {"carbon_intensity_change_pct", "碳排放强度较基年变化(%)", "carbon intensity change (%)", 2},
               {"missing", "未计入", "left out"}};
  t.geometry = GeometryJoin{GeometryLayer::unit, "code"};
  Table fuels;
  fuels.title_zh = "分品种能源消费（折标准煤按 GB/T 2589-2020；CO2 = 低位发热量 × 单位热值含碳量 × 碳氧化率 × 44/12）";
  fuels.title_en = "Energy by fuel (standard coal by GB/T 2589-2020; CO2 = NCV x carbon content x oxidation x 44/12)";
  fuels.columns = {{"code", "代码", "code"},          {"year", "年份", "year"},
                   {"fuel", "品种", "fuel"},          {"fuel_name", "品种名称", "fuel name"},
                   {"amount", "实物量", "amount", 3}, {"amount_unit", "单位", "unit"},
                   {"tce", "折标准煤(吨)", "tce", 3}, {"co2_t", "CO2(吨)", "CO2 (t)", 3}};
  Table progress;
  progress.title_zh = "“十四五”目标进度（按线性进度判断是否达到序时进度）";
  progress.title_en = "Progress against the five-year targets (on track: at or above the linear pace)";
  progress.columns = {{"code", "代码", "code"},
                      {"indicator", "指标", "indicator"},
                      {"base_year", "基年", "base year"},
                      {"target_year", "目标年", "target year"},
                      {"target_drop_pct", "目标降幅(%)", "target drop (%)", 2},
                      {"achieved_drop_pct", "实际降幅(%)", "achieved drop (%)", 2},
                      {"expected_drop_pct", "序时降幅(%)", "pace (%)", 2},
                      {"progress_pct", "完成进度(%)", "progress (%)", 1},
                      {"on_track", "达到序时进度", "on track"},
                      {"source", "目标来源", "target source"}};
  progress.geometry = GeometryJoin{GeometryLayer::unit, "code"};
  Table factors;
  factors.title_zh = "所用电网排放因子";
  factors.title_en = "Grid factors applied";
  factors.columns = {{"code", "代码", "code"},
                     {"year", "年份", "year"},
                     {"grid", "电网", "grid"},
                     {"factor_year", "因子年份", "factor year"},
                     {"t_co2_per_mwh", "因子(tCO2/MWh)", "factor (t CO2/MWh)"},
                     {"exact", "当年因子", "that year's"},
                     {"source", "来源", "source"}};
  for (const auto& u : r.units) {
    const std::string name = l == Lang::zh || u.name_en.empty() ? u.name_zh : u.name_en;
    std::string missing;
    for (const auto& [code, why] : u.missing) missing += (missing.empty() ? "" : "; ") + code + ": " + why;
    std::string basis = u.basis == "own" ? tr(l, "本级数据", "own data")
                        : u.basis == "members"
                            ? fmt::format("{} {}", u.members.size(), tr(l, "个盟市合计", "leagues summed"))
                            : tr(l, "无数据", "no data");
    if (!u.current) {
      t.add({Cell(u.code), Cell(name), Cell(basis), {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, Cell(missing)});
      continue;
    }
    const CarbonFigures& c = *u.current;
    t.add({Cell(u.code), Cell(name), Cell(basis), Cell(c.energy_tce), Cell(c.co2_combustion_t),
           Cell(c.co2_electricity_t), Cell(c.co2_heat_t), Cell(c.co2_t()), Cell(c.gdp_10k_yuan),
           Cell(c.energy_intensity()), Cell(c.carbon_intensity()), Cell(u.energy_intensity_change_pct),
           Cell(u.carbon_intensity_change_pct), Cell(missing)});
    for (const auto* fig : {&*u.base, &*u.current}) {
      const int year = fig == &*u.current ? r.year : r.base_year;
      if (fig == &*u.base && r.year == r.base_year) continue;
      for (const auto& line : fig->fuels) {
        const auto [amount, unit] = display_amount(line.fuel, line.amount_base);
        fuels.add({Cell(u.code), Cell(year), Cell(line.fuel), Cell(fuel_name(line.fuel, l)), Cell(amount), Cell(unit),
                   Cell(line.tce), Cell(line.co2_t)});
      }
      for (const auto& g : fig->grid_factors)
        factors.add({Cell(u.code), Cell(year), Cell(g.grid), Cell(g.year), Cell(g.t_co2_per_mwh),
                     Cell(g.exact ? tr(l, "是", "yes") : tr(l, "否（无当年因子）", "no (none published for the year)")),
                     Cell(g.source)});
    }
    for (const auto& p : u.targets)
      progress.add({Cell(u.code), Cell(p.indicator), Cell(p.base_year), Cell(p.target_year), Cell(p.target_drop_pct),
                    Cell(p.achieved_drop_pct), Cell(p.progress.expected_drop_pct), Cell(p.progress.progress_pct),
                    Cell(p.progress.on_track ? tr(l, "是", "yes") : tr(l, "否", "no")), Cell(p.source)});
  }
  doc.parts.emplace_back("units", std::move(t));
  doc.parts.emplace_back("fuels", std::move(fuels));
  doc.parts.emplace_back("targets", std::move(progress));
  doc.parts.emplace_back("grid_factors", std::move(factors));
  doc.note(tr(l,
              "方法：折标准煤系数 GB/T 2589-2020 附录 A（电力默认按当量值 0.1229 kgce/kWh）；化石燃料 CO2 = 消费量 × "
              "低位发热量 × "
              "单位热值含碳量 × 碳氧化率 × "
              "44/12；净调入电力按所在区域电网的生态环境部、国家统计局公布因子（无当年因子时用此前最近年份，"
              "早于首个公布年份时用最早年份）；净调入热力 0.11 tCO2/GJ。来源见 docs/carbon.md。",
              "Method: standard coal by GB/T 2589-2020 Appendix A (electricity at its calorific equivalent, 0.1229 "
              "kgce/kWh, unless noted below); fossil CO2 = amount x NCV x carbon content x oxidation x 44/12; net "
              "purchased electricity at "
              "the MEE/NBS published factor of the unit's regional grid (a year without one takes the latest earlier "
              "year, a year before the first publication the earliest); net purchased heat at 0.11 t CO2/GJ. Sources: "
              "docs/carbon.md."));
  if (r.electricity_equal_value) {
    std::map<int, double> used;  // figure year -> gce/kWh
    for (const auto& u : r.units)
      for (const auto* fig : {u.base ? &*u.base : nullptr, u.current ? &*u.current : nullptr})
        if (fig && fig->equal_value) used[fig->equal_value->year] = fig->equal_value->kgce_per_kwh * 1000;
    std::string text;
    for (const auto& [year, gce] : used) text += fmt::format("{}: {} gce/kWh; ", year, gce);
    doc.note(tr(l, "电力按等价值（当年火电供电标准煤耗）折标准煤：",
                "Electricity in tce at its equal value (the year's "
                "coal consumption of thermal power supply): ") +
             text + "data/standards/carbon_power_supply_coal.csv");
  }
  if (r.grid_factor_year)
    doc.note(fmt::format("{} {}", tr(l, "各年电力均按此年份的因子：", "Electricity of every year at the factor of"),
                         *r.grid_factor_year));
  if (!r.sources.empty()) {
    std::string s;
    for (const auto& x : r.sources) s += (s.empty() ? "" : "; ") + x;
    doc.note(tr(l, "活动数据来源：", "Activity data from: ") + s);
  }
  return doc;
}

std::vector<store::IndicatorValue> derive_carbon_indicators(const std::string& ws, int year, int level,
                                                            const CarbonSinkResult* sink) {
  CarbonAccountRequest req;
  req.workspace = ws;
  req.year = year;
  req.level = level;
  const CarbonAccountResult r = run_carbon_account(req);
  std::vector<store::IndicatorValue> out;
  for (const auto& u : r.units) {
    if (!u.current || !u.energy_intensity_change_pct || !u.carbon_intensity_change_pct) continue;
    const std::string basis =
        u.basis == "own" ? "the unit's own activity data" : fmt::format("the sum of {} leagues", u.members.size());
    out.push_back({"energy.intensity_drop_vs_2020_pct", u.code, year, -*u.energy_intensity_change_pct,
                   fmt::format("carbon account {} vs {} from {}: energy {:.1f} tce / GDP {:.1f} 10^4 yuan (2020 "
                               "prices), GB/T 2589-2020 coefficients",
                               year, r.base_year, basis, u.current->energy_tce, u.current->gdp_10k_yuan)});
    out.push_back({"carbon.intensity_drop_vs_2020_pct", u.code, year, -*u.carbon_intensity_change_pct,
                   fmt::format("carbon account {} vs {} from {}: CO2 {:.1f} t (combustion, net electricity at the "
                               "published grid factor, heat) / GDP at 2020 prices",
                               year, r.base_year, basis, u.current->co2_t())});
  }
  if (sink) {
    for (const auto& z : sink->zones)
      out.push_back({"carbon.sink_t_co2", z.code, year, z.forest_sink_t_co2_per_year + z.grassland_sink_t_co2_per_year,
                     fmt::format("ESTIMATE: forest and grassland carbon stock difference {}-{} from land cover ({}; "
                                 "data/standards/carbon_stock_density.csv), t CO2 per year",
                                 sink->years[0], sink->years[1], sink->method)});
  }
  return out;
}

}  // namespace eb::app::runs
