// Indicator values (soil, vegetation): a table per section of the values imported into or derived for the units
// in the latest year up to the bulletin's that has any of the section's indicators.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "app/report/sections.hpp"

namespace eb::app::report {

const io::RegistryIndicator* IndicatorView::find(const std::string& id) const {
  for (const auto& i : registry)
    if (i.id == id) return &i;
  return nullptr;
}

namespace {

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The chosen indicators' values of one year, by unit and indicator.
struct IndicatorYear {
  int year = 0;
  std::vector<std::string> ids;  // the chosen indicators with values, in the caller's order
  std::map<std::string, std::map<std::string, const store::IndicatorValue*>> by_unit;
  bool synthetic = false;
  std::set<std::string> sources;
};

// The latest year with any of `ids` (year 0: none) and its values.
IndicatorYear indicator_year(const IndicatorView& view, const std::vector<std::string>& ids) {
  IndicatorYear y;
  for (const auto& v : view.values)
    if (contains(ids, v.indicator)) y.year = std::max(y.year, v.year);
  if (!y.year) return y;
  for (const auto& v : view.values) {
    if (v.year != y.year || !contains(ids, v.indicator)) continue;
    y.by_unit[v.unit_code][v.indicator] = &v;
    y.synthetic |= store::names_synthetic(v.source);
    y.sources.insert(v.source);
  }
  for (const auto& id : ids)  // in the caller's order: the first leads the sentence
    for (const auto& [unit, vals] : y.by_unit)
      if (vals.count(id) && !contains(y.ids, id)) y.ids.push_back(id);
  return y;
}

int indicator_note(Report& r, const IndicatorYear& y) {
  std::string source_list;
  for (const auto& s : y.sources) source_list += (source_list.empty() ? "" : "; ") + r.recorded_source(s);
  Note n;
  n.inputs = r.zh ? fmt::format("{}（indicator_value 表）；{} 年 {} 个单位；来源：{}", r.ws_label(), y.year,
                                y.by_unit.size(), source_list)
                  : fmt::format("{} (table indicator_value); {} units in {}; source: {}", r.ws_label(),
                                y.by_unit.size(), y.year, source_list);
  n.rule = r.t("导入或派生的年度指标值，原样列出（docs/assessment.md）",
               "yearly indicator values as imported or derived, shown as stored (docs/assessment.md)");
  n.command =
      r.command(fmt::format("assess progress {} --registry {} --year {}", r.ws_arg(),
                            shell_word(r.registry.empty() ? "REGISTRY.csv" : r.shown_path(r.registry)), y.year));
  return r.doc.add_note(std::move(n));
}

TableBlock indicator_table(const Report& r, const IndicatorView& view, const IndicatorYear& y,
                           const std::string& caption, int note) {
  TableBlock tb;
  tb.synthetic = y.synthetic;
  tb.caption = caption + fmt::format(fmt::runtime(r.zh ? "（{} 年）" : " ({})"), y.year);
  tb.header = {r.t("单位", "Unit")};
  tb.numeric = {false};
  for (const auto& id : y.ids) {
    const auto* reg = view.find(id);
    tb.header.push_back(reg ? (r.zh ? reg->name_zh : reg->name_en) + (reg->unit.empty() ? "" : " (" + reg->unit + ")")
                            : id);
    tb.numeric.push_back(true);
  }
  for (const auto& [unit, vals] : y.by_unit) {
    std::vector<Span> row{{r.name(unit), 0, false}};
    for (const auto& id : y.ids) {
      const auto it = vals.find(id);
      row.push_back(
          {it != vals.end() ? fmt::format("{:.2f}", it->second->value) : "–", it != vals.end() ? note : 0, false});
    }
    tb.rows.push_back(std::move(row));
  }
  return tb;
}

// The range of the leading indicator over the units: from the lowest to the highest value.
void range_paragraph(const Report& r, Section& sec, const IndicatorView& view, const IndicatorYear& y, int note) {
  std::vector<std::pair<double, std::string>> first_values;
  for (const auto& [unit, vals] : y.by_unit)
    if (const auto it = vals.find(y.ids.front()); it != vals.end()) first_values.push_back({it->second->value, unit});
  if (first_values.empty()) return;
  std::sort(first_values.begin(), first_values.end());
  const auto* reg = view.find(y.ids.front());
  const std::string label = reg ? (r.zh ? reg->name_zh : reg->name_en) : y.ids.front();
  // "%" follows the number directly, other units after a space, as elsewhere in the bulletin.
  const std::string unit = reg && !reg->unit.empty() ? (reg->unit == "%" ? "%" : " " + reg->unit) : "";
  const auto& [low, low_unit] = first_values.front();
  const auto& [high, high_unit] = first_values.back();
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年，{} 个单位报送{}，从 {}（", y.year, first_values.size(), label, r.name(low_unit))
              : fmt::format("In {}, {} units reported {}, from {} (", y.year, first_values.size(), label,
                            r.name(low_unit)))
      .figure(fmt::format("{:.2f}{}", low, unit), note)
      .text(r.zh ? fmt::format("）到 {}（", r.name(high_unit)) : fmt::format(") to {} (", r.name(high_unit)))
      .figure(fmt::format("{:.2f}{}", high, unit), note)
      .text(r.t("）。", ")."));
  sec.blocks.push_back(p.done());
}

// Adds a table of the chosen indicators for the latest year up to the bulletin's with any of them; returns false
// when none has values.
bool indicator_block(Report& r, Section& sec, const IndicatorView& view, const std::vector<std::string>& ids,
                     const std::string& caption, const std::string& synthetic_line) {
  const IndicatorYear y = indicator_year(view, ids);
  if (!y.year) return false;
  if (y.synthetic) {
    sec.synthetic = true;
    r.synthetic.push_back(synthetic_line);
  }
  if (y.year != r.year)
    sec.blocks.push_back(
        ParagraphBuilder()
            .text(r.zh ? fmt::format("工作空间没有 {} 年的相关指标值；有数据的最近年份为 {} 年。", r.year, y.year)
                       : fmt::format("The workspace has no such indicator values for {}; the latest "
                                     "year with values is {}.",
                                     r.year, y.year))
            .aside()
            .done());
  const int note = indicator_note(r, y);
  TableBlock tb = indicator_table(r, view, y, caption, note);
  range_paragraph(r, sec, view, y, note);
  sec.blocks.push_back(std::move(tb));
  return true;
}

}  // namespace

void soil_section(Report& r, const IndicatorView& view) {
  Section sec{"soil", r.t("三、净土：土壤环境", "3. Clean soil"), false, {}};
  const bool computed = computed_soil_blocks(r, sec);
  // The other soil indicators, as imported or derived: those the computed blocks show are left out.
  std::vector<std::string> ids;
  auto shown = [&](const std::string& id) {
    return computed && (id.rfind("soil.farmland_", 0) == 0 || id.rfind("soil.key_construction_", 0) == 0);
  };
  for (const auto& v : view.values)
    if (v.indicator.rfind("soil", 0) == 0 && !shown(v.indicator) && !contains(ids, v.indicator))
      ids.push_back(v.indicator);
  for (const auto& reg : view.registry)
    if (reg.category == "clean_soil" && !shown(reg.id) && !contains(ids, reg.id)) ids.push_back(reg.id);
  if (computed && !ids.empty())
    sec.blocks.push_back(Report::heading(r.t("（三）其他土壤指标", "3.3 Other soil indicators")));
  const bool imported = indicator_block(
      r, sec, view, ids,
      r.t(computed ? "表 3-3 其他土壤环境指标" : "表 3-1 土壤环境指标",
          computed ? "Table 3-3. Other soil indicators" : "Table 3-1. Soil indicators"),
      r.t("三、净土：土壤指标值为合成数据（SYNTHETIC）", "3. Clean soil: the indicator values are SYNTHETIC"));
  if (!computed && !imported)
    sec.blocks.push_back(r.none("耕地或建设用地土壤样品、土壤指标值（如受污染耕地安全利用率）",
                                "farmland or construction-land soil samples, or soil indicator values (e.g. the "
                                "safe-use rate of contaminated farmland)"));
  r.doc.sections.push_back(std::move(sec));
}

void vegetation_block(Report& r, Section& sec, const IndicatorView& view) {
  sec.blocks.push_back(Report::heading(r.t("（三）植被与沙化", "4.3 Vegetation and desertification")));
  // Grassland cover leads (the barrier's main cover), then forest, then the rest of the ecology indicators.
  std::vector<std::string> ids = {"grass_cover", "forest_cover"};
  for (const auto& reg : view.registry)
    if (reg.category == "ecology" && !contains(ids, reg.id)) ids.push_back(reg.id);
  for (const auto& v : view.values)
    if ((v.indicator.find("grass") != std::string::npos || v.indicator.find("forest") != std::string::npos ||
         v.indicator.find("veg") != std::string::npos || v.indicator.find("desert") != std::string::npos) &&
        !contains(ids, v.indicator))
      ids.push_back(v.indicator);
  if (!indicator_block(r, sec, view, ids, r.t("表 4-3 植被与沙化治理指标", "Table 4-3. Vegetation and desertification"),
                       r.t("四、生态：植被与沙化指标值为合成数据（SYNTHETIC）",
                           "4. Ecology: the vegetation indicator values are SYNTHETIC")))
    sec.blocks.push_back(r.none("植被、沙化指标值（如 grass_cover）",
                                "vegetation or desertification indicator values "
                                "(e.g. grass_cover)"));
}

}  // namespace eb::app::report
