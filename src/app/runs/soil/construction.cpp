#include "app/runs/soil/construction.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/runs/run_env.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"

namespace eb::app::runs {

namespace {

using standards::SiteRisk;

std::string ratio_text(double r) { return fmt::format("{:.2f}", r); }

// "BaP:2.73|As:1.10": items over a value with the largest ratio of each, largest first.
std::string exceeding_text(const std::vector<SoilSiteItemSummary>& items, bool control) {
  std::string out;
  for (const auto& e : items) {
    if (control ? e.samples_above_control == 0 : e.samples_above_screening == 0) continue;
    out += (out.empty() ? "" : "|") + e.item->code + ":" +
           ratio_text(control ? e.max_control_ratio : e.max_screening_ratio);
  }
  return out;
}

std::string sample_exceeding_text(const SoilSiteSampleResult& s, SiteRisk at_least) {
  std::vector<const standards::ItemAssessment*> over;
  for (const auto& a : s.items)
    if (a.risk >= at_least) over.push_back(&a);
  std::stable_sort(over.begin(), over.end(), [](const auto* a, const auto* b) {
    return a->screening_ratio.value_or(0) > b->screening_ratio.value_or(0);
  });
  std::string out;
  for (const auto* a : over)
    out += (out.empty() ? "" : "|") + a->item->code + ":" +
           ratio_text(at_least == SiteRisk::above_control ? *a->control_ratio : *a->screening_ratio);
  return out;
}

}  // namespace

io::SoilSiteSamples soil_site_file(const std::string& path) {
  io::FileBuffer buf(path);
  io::SoilSiteSamples f = io::read_soil_site_samples(buf.text(), path);
  if (!f.rejections.empty()) throw_rejections(path, f.rejections, "nothing was assessed");
  return f;
}

std::optional<SoilSiteTable> parse_soil_site_table(std::string_view name) {
  if (name == "site") return SoilSiteTable::site;
  if (name == "sample") return SoilSiteTable::sample;
  if (name == "item") return SoilSiteTable::item;
  return std::nullopt;
}

SoilSiteClassifyResult run_soil_site_classify(const SoilSiteClassifyRequest& req) {
  SoilSiteClassifyResult r;
  std::set<std::string> unknown;
  std::map<std::string, std::size_t> site_index;
  for (const auto& f : req.files) {
    unknown.insert(f.not_in_standard.begin(), f.not_in_standard.end());
    r.values_not_in_standard += f.values_not_in_standard;
    r.below_detection += f.below_detection;
    for (const auto& s : f.samples) {
      if (req.land_class && s.land_class && *s.land_class != *req.land_class)
        throw InputError(fmt::format("{}:{}: site {} is class {} land in the file but --land-class {} was given",
                                     f.file, s.line, s.site, *s.land_class, *req.land_class));
      SoilSiteSampleResult out;
      out.file = f.file;
      out.site = s.site;
      out.sample = s.sample;
      out.depth_m = s.depth_m;
      out.line = s.line;
      const bool by_default = !req.land_class && !s.land_class;
      out.land_class = req.land_class ? *req.land_class : s.land_class.value_or(1);
      for (const auto& v : s.values) {
        out.items.push_back(standards::assess_construction_item(*v.item, v.value, out.land_class, v.below_detection));
        const auto& a = out.items.back();
        out.risk = std::max(out.risk, a.risk);
        out.below_detection += a.below_detection;
        out.limit_above_screening += a.limit_above_screening;
      }
      // The site: its samples' worst case; one land class per site (a file's column is checked per site, and
      // across files here).
      auto [it, fresh] = site_index.emplace(s.site, r.sites.size());
      if (fresh) {
        SoilSiteResult site;
        site.site = s.site;
        site.land_class = out.land_class;
        site.land_class_by_default = by_default;
        r.sites.push_back(std::move(site));
      }
      SoilSiteResult& site = r.sites[it->second];
      if (site.land_class != out.land_class)
        throw InputError(fmt::format("{}:{}: site {} is class {} land here and class {} in another sample", f.file,
                                     s.line, s.site, out.land_class, site.land_class));
      site.land_class_by_default = site.land_class_by_default && by_default;
      ++site.samples;
      site.risk = std::max(site.risk, out.risk);
      site.samples_above_screening += out.risk >= SiteRisk::above_screening;
      site.samples_above_control += out.risk >= SiteRisk::above_control;
      site.limit_above_screening += out.limit_above_screening;
      r.samples.push_back(std::move(out));
    }
  }
  // Per site and item: the largest content and ratios, and how many samples were over each value.
  for (auto& site : r.sites) {
    std::map<const standards::ConstructionLandItem*, SoilSiteItemSummary> per_item;
    for (const auto& s : r.samples) {
      if (s.site != site.site) continue;
      for (const auto& a : s.items) {
        auto& e = per_item[a.item];
        e.item = a.item;
        if (a.below_detection) continue;
        e.max_value = std::max(e.max_value, a.value);
        e.max_screening_ratio = std::max(e.max_screening_ratio, *a.screening_ratio);
        e.max_control_ratio = std::max(e.max_control_ratio, *a.control_ratio);
        e.samples_above_screening += a.risk >= SiteRisk::above_screening;
        e.samples_above_control += a.risk >= SiteRisk::above_control;
      }
    }
    site.items_assessed = per_item.size();
    for (const auto& [item, e] : per_item)
      if (e.samples_above_screening) site.exceeding.push_back(e);
    std::sort(site.exceeding.begin(), site.exceeding.end(), [](const auto& a, const auto& b) {
      if (a.max_screening_ratio != b.max_screening_ratio) return a.max_screening_ratio > b.max_screening_ratio;
      return a.item->table != b.item->table ? a.item->table < b.item->table : a.item->no < b.item->no;
    });
    for (const auto& e : site.exceeding)
      if (e.item->background_note) site.background_items.push_back(e.item->code);
  }
  r.not_in_standard.assign(unknown.begin(), unknown.end());
  return r;
}

Document soil_site_classify_document(const SoilSiteClassifyResult& r, SoilSiteTable by, Lang l) {
  const bool zh = l == Lang::zh;
  Table t;
  auto depth = [](const std::optional<double>& d) { return d ? Cell(*d) : Cell(); };
  if (by == SoilSiteTable::site) {
    t.columns = {{"site", "地块", "site"},
                 {"land_class", "用地类别", "land class"},
                 {"samples", "样品数", "samples"},
                 {"items", "项目数", "items"},
                 {"samples_above_screening", "超筛选值样品数", "samples above screening"},
                 {"samples_above_control", "超管制值样品数", "samples above control"},
                 {"conclusion", "结论", "conclusion"},
                 {"action", "要求", "required action"},
                 {"items_above_screening", "超筛选值项目（最大倍数）", "items above screening (max ratio)"},
                 {"items_above_control", "超管制值项目（最大倍数）", "items above control (max ratio)"},
                 {"background_check", "需与背景值比较", "compare with background"},
                 {"limits_above_screening", "检出限高于筛选值", "detection limits above screening"}};
    for (const auto& s : r.sites) {
      t.add({s.site, s.land_class, s.samples, s.items_assessed, s.samples_above_screening, s.samples_above_control,
             std::string(standards::site_risk_code(s.risk)), std::string(standards::site_risk_action(s.risk, zh)),
             exceeding_text(s.exceeding, false), exceeding_text(s.exceeding, true),
             fmt::format("{}", fmt::join(s.background_items, "|")), s.limit_above_screening});
    }
  } else if (by == SoilSiteTable::sample) {
    t.columns = {{"site", "地块", "site"},
                 {"sample", "样品", "sample"},
                 {"depth_m", "深度（m）", "depth (m)"},
                 {"land_class", "用地类别", "land class"},
                 {"conclusion", "结论", "conclusion"},
                 {"items_above_screening", "超筛选值项目（倍数）", "items above screening (ratio)"},
                 {"items_above_control", "超管制值项目（倍数）", "items above control (ratio)"},
                 {"items", "项目数", "items"},
                 {"below_detection", "未检出数", "below detection"}};
    for (const auto& s : r.samples)
      t.add({s.site, s.sample, depth(s.depth_m), s.land_class, std::string(standards::site_risk_code(s.risk)),
             sample_exceeding_text(s, SiteRisk::above_screening), sample_exceeding_text(s, SiteRisk::above_control),
             s.items.size(), s.below_detection});
  } else {
    t.columns = {{"site", "地块", "site"},
                 {"sample", "样品", "sample"},
                 {"depth_m", "深度（m）", "depth (m)"},
                 {"land_class", "用地类别", "land class"},
                 {"item", "项目代码", "item"},
                 {"name", "污染物项目", "name"},
                 {"value", "含量（mg/kg）", "content (mg/kg)"},
                 {"below_detection", "低于检出限", "below detection"},
                 {"screening", "筛选值", "screening value"},
                 {"control", "管制值", "control value"},
                 {"screening_ratio", "筛选值倍数", "ratio to screening", 4},
                 {"control_ratio", "管制值倍数", "ratio to control", 4},
                 {"risk", "判定", "risk"}};
    for (const auto& s : r.samples)
      for (const auto& a : s.items)
        t.add({s.site, s.sample, depth(s.depth_m), s.land_class, a.item->code, zh ? a.item->name_zh : a.item->name_en,
               a.below_detection && a.value == 0 ? Cell("ND")
               : a.below_detection               ? Cell("<" + fmt::format("{}", a.value))
                                                 : Cell(a.value),
               a.below_detection ? "yes" : "no", a.screening, a.control, a.screening_ratio, a.control_ratio,
               std::string(standards::site_risk_code(a.risk))});
  }
  Document doc(std::move(t));
  // The rule and its source, then what the reader should know about this input.
  doc.note(tr(l,
              "GB 36600-2018 第5章：含量不高于筛选值，风险一般可忽略；高于筛选值，应开展详细调查和风险评估；"
              "高于管制值，通常存在不可接受风险，应采取风险管控或修复措施。",
              "GB 36600-2018 section 5: at or below the screening value the risk is negligible in general; above it "
              "a detailed investigation and risk assessment are required; above the control value the risk is "
              "unacceptable in general and risk control or remediation is required."));
  std::vector<std::string> defaulted;
  for (const auto& s : r.sites)
    if (s.land_class_by_default) defaulted.push_back(s.site);
  if (!defaulted.empty())
    doc.note(fmt::format("{}: {}",
                         tr(l, "规划用途不明确，按第一类用地（GB 36600-2018 5.3.1）",
                            "planned use not given: class 1 land (GB 36600-2018 5.3.1)"),
                         fmt::join(defaulted, ", ")));
  for (const auto& s : r.sites)
    if (!s.background_items.empty())
      doc.note(
          fmt::format("{}: {} {}", s.site, fmt::join(s.background_items, ", "),
                      tr(l, "超筛选值：若不高于土壤环境背景值，不纳入污染地块管理（表1/表2 注①）",
                         "above screening: not managed as contaminated land if at or below the soil's background value "
                         "(note ① of Tables 1 and 2)")));
  std::size_t high_limits = 0;
  for (const auto& s : r.sites) high_limits += s.limit_above_screening;
  if (high_limits)
    doc.note(fmt::format("{} {}", high_limits,
                         tr(l, "个未检出值的检出限高于筛选值：无法证明达标，按不超筛选值计，请降低检出限",
                            "values below a detection limit that is above the screening value: they cannot show the "
                            "item meets it and count as meeting it; lower the detection limit")));
  if (r.below_detection)
    doc.note(fmt::format("{} {}", r.below_detection,
                         tr(l, "个低于检出限的值（<x、xL、ND）按不超筛选值计",
                            "values below the detection limit (<x, xL, ND) count as at or below screening")));
  if (!r.not_in_standard.empty())
    doc.note(fmt::format("{} ({} {}): {}",
                         tr(l, "GB 36600-2018 无此项目，未评价", "not items of GB 36600-2018, not assessed"),
                         r.values_not_in_standard, tr(l, "个值", "values"), fmt::join(r.not_in_standard, ", ")));
  return doc;
}

}  // namespace eb::app::runs
