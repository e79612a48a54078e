#include "app/runs/soil/construction_sites.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/runs/soil/construction.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "store/admin_store.hpp"
#include "store/retry.hpp"
#include "store/soil_site_store.hpp"

namespace eb::app::runs {

namespace {

using standards::SiteRisk;

struct UnitAtLevel {
  std::string code, name;
  std::string left_out, left_out_zh;
};

// The unit of `level` a site's unit belongs to: itself or an ancestor.
UnitAtLevel unit_at_level(store::Workspace& ws, const std::optional<std::string>& unit_code, int level,
                          std::map<std::string, UnitAtLevel>& cache) {
  if (!unit_code) return {"", "", "outside every unit of the workspace", "不在工作空间任何行政区内"};
  const auto hit = cache.find(*unit_code);
  if (hit != cache.end()) return hit->second;
  UnitAtLevel out;
  const auto unit = store::find_unit(ws, *unit_code);
  if (unit && unit->level == level) {
    out = {unit->code, unit->name_zh, "", ""};
  } else if (unit && unit->level < level) {
    out.left_out = fmt::format("its unit {} is above level {}", unit->code, level);
    out.left_out_zh = fmt::format("所属行政区 {} 高于第 {} 级", unit->code, level);
  } else {
    out.left_out = fmt::format("no level-{} unit above {}", level, *unit_code);
    out.left_out_zh = fmt::format("{} 无第 {} 级上级行政区", *unit_code, level);
    for (const auto& a : store::ancestors_of(ws, *unit_code))
      if (a.level == level) out = {a.code, a.name_zh, "", ""};
  }
  cache.emplace(*unit_code, out);
  return out;
}

std::string year_of(const std::string& date) { return date.size() >= 4 ? date.substr(0, 4) : std::string(); }

}  // namespace

std::vector<SoilSiteImportFile> run_soil_site_import(const SoilSiteImportRequest& req, const RunEnv& env) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  std::vector<SoilSiteImportFile> out;
  for (const auto& f : req.files) {
    io::FileBuffer buf(f, env.text_input());
    const auto list = io::read_soil_site_list(buf.text(), f);
    if (!list.rejections.empty()) throw_rejections(f, list.rejections, "nothing was imported");
    const auto r = store::with_retry(ws.db(), [&] { return store::import_soil_sites(ws, list); });
    out.push_back({f, r.added, r.updated, r.unchanged, r.unlocated});
  }
  return out;
}

std::vector<SoilSiteImportFile> run_soil_site_sample_import(const SoilSiteImportRequest& req, const RunEnv& env) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  std::vector<SoilSiteImportFile> out;
  for (const auto& f : req.files) {
    io::FileBuffer buf(f, env.text_input());
    const auto samples = io::read_soil_site_samples(buf.text(), f);
    if (!samples.rejections.empty()) throw_rejections(f, samples.rejections, "nothing was imported");
    const auto r = store::with_retry(ws.db(), [&] { return store::import_soil_site_values(ws, samples); });
    out.push_back({f, r.added, 0, r.unchanged, {}});
  }
  return out;
}

Document soil_site_import_document(const std::vector<SoilSiteImportFile>& r, bool samples, Lang l) {
  Table t;
  t.columns = {{"file", "文件", "file"}, {"added", "新增", "added"}};
  if (!samples) t.columns.push_back({"updated", "更新", "updated"});
  t.columns.push_back({"unchanged", "未变", "unchanged"});
  if (!samples) t.columns.push_back({"unlocated", "未定位", "not located"});
  for (const auto& f : r) {
    std::vector<Cell> row{f.file, f.added};
    if (!samples) row.push_back(f.updated);
    row.push_back(f.unchanged);
    if (!samples) row.push_back(f.unlocated.size());
    t.add(std::move(row));
  }
  Document doc(std::move(t));
  for (const auto& f : r)
    if (!f.unlocated.empty())
      doc.note(fmt::format("{}: {} {}", f.file, tr(l, "不在任何行政区内的地块", "sites outside every unit"),
                           fmt::join(f.unlocated, ", ")));
  return doc;
}

SoilSiteAssessResult run_soil_site_assess(const SoilSiteAssessRequest& req) {
  if (req.level != 1 && req.level != 2) throw UsageError("--level is 1 (region) or 2 (league/city)");
  if (req.year < 1900 || req.year > 9999) throw UsageError(fmt::format("year {} is not a year", req.year));
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  SoilSiteAssessResult r;
  r.year = req.year;
  r.level = req.level;
  r.rules = standards::construction_safe_use_rules();
  std::map<std::string, std::vector<const store::StoredSoilSiteValue*>> values;
  const auto stored = store::soil_site_values(ws);
  for (const auto& v : stored) values[v.site].push_back(&v);
  std::map<std::string, UnitAtLevel> cache;
  std::map<std::string, SoilSiteUnit> units;
  const std::string year = std::to_string(req.year);
  for (const auto& row : store::soil_sites(ws)) {
    const auto& s = row.record;
    AssessedSoilSite a;
    a.code = s.code;
    a.name = s.name;
    a.land_class = s.land_class;
    a.key_site = s.key_site;
    a.status = s.status;
    a.reused_on = s.reused_on;
    a.effect_evaluated_on = s.effect_evaluated_on;
    const auto unit = unit_at_level(ws, row.unit_code, req.level, cache);
    a.unit_code = unit.code;
    a.unit_name = unit.name;
    a.left_out = unit.left_out;
    a.left_out_zh = unit.left_out_zh;
    // The samples against the site's land class: the worst value decides (as soil site classify does).
    std::vector<SoilSiteItemSummary> exceeding;
    std::map<std::string, bool> samples;
    for (const auto* v : values[s.code]) {
      samples[v->sample + "\x1f" + v->depth] = true;
      const auto* item = standards::find_construction_land_item(v->item);
      if (!item) continue;  // an item code from a newer table: not assessed
      const auto ia = standards::assess_construction_item(*item, v->value, s.land_class, v->below_detection);
      a.risk = std::max(a.risk.value_or(SiteRisk::at_or_below_screening), ia.risk);
      if (ia.risk < SiteRisk::above_screening) continue;
      auto e = std::find_if(exceeding.begin(), exceeding.end(), [&](const auto& x) { return x.item == item; });
      if (e == exceeding.end()) e = exceeding.insert(exceeding.end(), SoilSiteItemSummary{item});
      e->max_screening_ratio = std::max(e->max_screening_ratio, *ia.screening_ratio);
    }
    a.samples = samples.size();
    std::sort(exceeding.begin(), exceeding.end(),
              [](const auto& x, const auto& y) { return x.max_screening_ratio > y.max_screening_ratio; });
    for (const auto& e : exceeding)
      a.items_above_screening += (a.items_above_screening.empty() ? "" : "|") + e.item->code + ":" +
                                 fmt::format("{:.2f}", e.max_screening_ratio);
    const bool effect_passed = s.effect_passed.value_or(false);
    const bool controlled =
        effect_passed && (s.status == "controlled" || s.status == "remediated" || s.status == "reused");
    if (!a.risk)
      a.action = "investigate_no_samples";
    else if (*a.risk == SiteRisk::above_control && !controlled)
      a.action = "control_or_remediate";
    else if (*a.risk == SiteRisk::above_screening && s.risk_assessed_on.empty() && !controlled)
      a.action = "detailed_investigation";
    else if (*a.risk >= SiteRisk::above_screening && !controlled)
      a.action = "control_per_assessment";
    else
      a.action = "none";
    // The safe-use rate: key sites reused in the period (soil_site_rules.csv).
    const bool reused_in_period =
        !s.reused_on.empty() && (r.rules.cumulative ? year_of(s.reused_on) <= year : year_of(s.reused_on) == year);
    if (s.key_site && reused_in_period) {
      a.in_safe_use = true;
      const bool evaluation_counts =
          effect_passed && (!r.rules.effect_before_reuse || s.effect_evaluated_on <= s.reused_on);
      if (evaluation_counts) {
        a.safely_used = true;
        a.safe_use_reason = "effect_passed_before_reuse";
      } else if (a.risk && *a.risk == SiteRisk::at_or_below_screening && r.rules.safe_if_clean) {
        a.safely_used = true;
        a.safe_use_reason = "at_or_below_screening";
      } else if (a.risk) {
        a.safely_used = false;
        a.safe_use_reason = effect_passed ? "effect_passed_after_reuse" : "above_screening_no_evaluation";
      } else if (r.rules.exclude_unassessed) {
        a.in_safe_use = false;
        a.safe_use_reason = "excluded_no_data";
      } else {
        a.safely_used = false;
        a.safe_use_reason = "no_data";
      }
    }
    if (!a.unit_code.empty()) {
      auto& u = units[a.unit_code];
      u.code = a.unit_code;
      u.name = a.unit_name;
      ++u.sites;
      if (a.risk) {
        ++u.sites_with_samples;
        u.at_or_below_screening += *a.risk == SiteRisk::at_or_below_screening;
        u.above_screening += *a.risk == SiteRisk::above_screening;
        u.above_control += *a.risk == SiteRisk::above_control;
      }
      u.need_investigation += a.action == "detailed_investigation";
      u.need_control += a.action == "control_or_remediate" || a.action == "control_per_assessment";
      u.key_sites += a.key_site;
      u.key_reused += a.in_safe_use;
      u.key_safely_used += a.in_safe_use && a.safely_used.value_or(false);
      u.key_excluded += a.key_site && reused_in_period && !a.in_safe_use;
    }
    r.sites.push_back(std::move(a));
  }
  for (auto& [code, u] : units) {
    if (u.key_reused)
      u.safe_use_pct = 100.0 * static_cast<double>(u.key_safely_used) / static_cast<double>(u.key_reused);
    r.units.push_back(u);
  }
  return r;
}

namespace {

std::string action_text(const std::string& code, Lang l) {
  if (code == "investigate_no_samples") return tr(l, "开展调查（无样品数据）", "investigation (no samples stored)");
  if (code == "control_or_remediate") return tr(l, "风险管控或修复", "risk control or remediation");
  if (code == "detailed_investigation")
    return tr(l, "详细调查和风险评估", "detailed investigation and risk assessment");
  if (code == "control_per_assessment")
    return tr(l, "按风险评估结论管控或修复", "risk control or remediation per the risk assessment");
  return tr(l, "无", "none");
}

std::string reason_text(const AssessedSoilSite& s, Lang l) {
  const std::string& c = s.safe_use_reason;
  if (c == "effect_passed_before_reuse")
    return tr(l, "风险管控或修复效果评估通过于 ", "control or remediation effect evaluation passed on ") +
           s.effect_evaluated_on;
  if (c == "at_or_below_screening") return tr(l, "样品均不高于筛选值", "samples at or below the screening values");
  if (c == "effect_passed_after_reuse")
    return tr(l, "效果评估晚于再开发利用（", "effect evaluation passed only after the reuse (") +
           s.effect_evaluated_on + tr(l, "）", ")");
  if (c == "above_screening_no_evaluation")
    return tr(l, "超筛选值且再开发利用前无通过的效果评估",
              "above the screening values with no passed effect evaluation");
  if (c == "excluded_no_data")
    return tr(l, "不计入：无样品且无效果评估", "left out: no samples and no effect evaluation");
  if (c == "no_data") return tr(l, "无样品且无效果评估", "no samples and no effect evaluation");
  return c;
}

}  // namespace

Document soil_site_assess_document(const SoilSiteAssessResult& r, Lang l) {
  Table units;
  units.title_zh = fmt::format("{} 年建设用地地块与重点建设用地安全利用率（{}级）", r.year, r.level);
  units.title_en = fmt::format("Construction-land sites and key-site safe-use rate, {} (level {})", r.year, r.level);
  units.columns = {{"unit", "行政区代码", "unit"},
                   {"name", "行政区", "name"},
                   {"sites", "地块数", "sites"},
                   {"sites_with_samples", "有样品地块", "sites with samples"},
                   {"at_or_below_screening", "不超筛选值", "at or below screening"},
                   {"above_screening", "超筛选值", "above screening"},
                   {"above_control", "超管制值", "above control"},
                   {"need_investigation", "需详细调查/风险评估", "need detailed investigation"},
                   {"need_control", "需风险管控/修复", "need control or remediation"},
                   {"key_sites", "重点建设用地", "key sites"},
                   {"key_reused", "再开发利用重点地块", "key sites reused"},
                   {"key_safely_used", "安全利用", "safely used"},
                   {"key_left_out", "未计入", "left out"},
                   {"safe_use_pct", "重点建设用地安全利用率（%）", "key-site safe-use rate (%)", 1}};
  units.geometry = GeometryJoin{GeometryLayer::unit, "unit"};
  for (const auto& u : r.units)
    units.add({u.code, u.name, u.sites, u.sites_with_samples, u.at_or_below_screening, u.above_screening,
               u.above_control, u.need_investigation, u.need_control, u.key_sites, u.key_reused, u.key_safely_used,
               u.key_excluded, u.safe_use_pct});
  Table sites;
  sites.title_zh = "地块";
  sites.title_en = "Sites";
  sites.columns = {{"site", "地块", "site"},
                   {"name", "名称", "name"},
                   {"unit", "行政区", "unit"},
                   {"land_class", "用地类别", "land class"},
                   {"key_site", "重点建设用地", "key site"},
                   {"status", "状态", "status"},
                   {"samples", "样品数", "samples"},
                   {"conclusion", "结论", "conclusion"},
                   {"items_above_screening", "超筛选值项目（最大倍数）", "items above screening (max ratio)"},
                   {"action", "要求", "required action"},
                   {"reused_on", "再开发利用日期", "reused on"},
                   {"safely_used", "安全利用", "safely used"},
                   {"reason", "依据", "reason"},
                   {"left_out", "未计入原因", "left out because"}};
  sites.geometry = GeometryJoin{GeometryLayer::soil_site, "site"};
  for (const auto& s : r.sites)
    sites.add({s.code, s.name, s.unit_code, s.land_class, s.key_site ? "yes" : "no", s.status, s.samples,
               s.risk ? Cell(std::string(standards::site_risk_code(*s.risk))) : Cell(), s.items_above_screening,
               action_text(s.action, l), s.reused_on, s.safely_used ? Cell(*s.safely_used ? "yes" : "no") : Cell(),
               reason_text(s, l), l == Lang::zh ? s.left_out_zh : s.left_out});
  Document doc;
  doc.keyed = true;
  doc.parts.emplace_back("units", std::move(units));
  doc.parts.emplace_back("sites", std::move(sites));
  doc.note(fmt::format("{} [{}] {}: {}", tr(l, "重点建设用地安全利用率定义", "key-construction-land safe-use rate"),
                       r.rules.definition_confidence, r.rules.definition, r.rules.definition_source));
  doc.note(fmt::format(
      "{}: {}; {}: {}; {}: {} (data/standards/soil_site_rules.csv)", tr(l, "统计期", "period"),
      r.rules.cumulative ? tr(l, "截至当年底累计", "cumulative to the year's end")
                         : tr(l, "当年再开发利用", "reused in the year"),
      tr(l, "效果评估须早于再开发利用", "effect evaluation before reuse"), r.rules.effect_before_reuse ? "yes" : "no",
      tr(l, "无样品且无效果评估的地块", "sites without samples or evaluation"),
      r.rules.exclude_unassessed ? tr(l, "不计入", "left out") : tr(l, "计为未安全利用", "not safely used")));
  std::size_t left_out = 0;
  for (const auto& s : r.sites) left_out += !s.left_out.empty();
  if (left_out)
    doc.note(fmt::format("{} {}", left_out,
                         tr(l, "个地块不属于该级任何行政区，未计入（见 sites 表 left_out 列）",
                            "sites belong to no unit of this level and are left out (sites table, left_out)")));
  return doc;
}

std::vector<store::IndicatorValue> derive_soil_construction_indicators(const std::string& ws, int year) {
  std::vector<store::IndicatorValue> out;
  for (int level : {1, 2}) {
    const auto r = run_soil_site_assess({ws, year, level});
    for (const auto& u : r.units) {
      if (!u.safe_use_pct) continue;
      out.push_back({"soil.key_construction_safe_use_pct", u.code, year, *u.safe_use_pct,
                     fmt::format("computed by ecobarrier soil site assess from the workspace's construction-land sites "
                                 "and samples (GB 36600-2018): {} of {} key sites reused {} safely used; rule [{}] {} "
                                 "(data/standards/soil_site_rules.csv)",
                                 u.key_safely_used, u.key_reused,
                                 r.rules.cumulative ? fmt::format("up to {}", year) : fmt::format("in {}", year),
                                 r.rules.definition_confidence, r.rules.definition_source)});
    }
  }
  return out;
}

}  // namespace eb::app::runs
