// 4. Ecology: the protected area and share of each league/city (runs::run_layer_stats, the same run as `layer
// stats`), the restoration ledger of the year (runs::run_project_summary, as `project summary`), and the
// vegetation indicators.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "app/report/sections.hpp"
#include "app/runs/project/project_summary.hpp"
#include "app/runs/project/project_types.hpp"

namespace eb::app::report {

namespace {

// The protected layers' files and record counts, and whether any is named SYNTHETIC.
struct InputFiles {
  std::string files;
  bool synthetic = false;
};

InputFiles protected_files(const Report& r) {
  InputFiles in;
  for (const auto& s : r.sources)
    if (s.table == "protected_area") {
      in.synthetic |= store::names_synthetic(s.file);
      in.files += (in.files.empty() ? "" : "; ") + s.kind + ": " + std::filesystem::path(s.file).filename().string() +
                  fmt::format(" ({})", s.records);
    }
  return in;
}

int protected_note(Report& r, const InputFiles& in, std::size_t units) {
  Note n;
  n.inputs =
      r.zh ? fmt::format("{}（protected_area、admin_unit 表）；图层：{}；{} 个盟市", r.ws_label(), in.files, units)
           : fmt::format("{} (tables protected_area, admin_unit); layers: {}; {} leagues/cities", r.ws_label(),
                         in.files, units);
  n.rule = r.t("椭球面积（WGS 84）；同类与跨图层重叠只计一次；全区合计为各盟市之和",
               "ellipsoidal areas (WGS 84); overlaps within and between layers counted once; the region's figure is "
               "the sum over the leagues and cities");
  n.command = r.command(fmt::format("layer stats {} --level 2", r.ws_arg()));
  return r.doc.add_note(std::move(n));
}

// 4.1: the region's protected area (the sum over the leagues and cities) and Table 4-1 by league/city.
void protected_block(Report& r, Section& sec, const runs::LayerStatsResult* stats) {
  sec.blocks.push_back(Report::heading(r.t("（一）自然保护地与生态保护红线", "4.1 Protected areas and the red line")));
  if (!stats || stats->units.empty()) {
    sec.blocks.push_back(ParagraphBuilder()
                             .text(r.t("工作空间没有保护地图层（layer import），本节无数字。",
                                       "The workspace has no protected layers (layer import); no figures here."))
                             .aside()
                             .done());
    return;
  }
  const InputFiles in = protected_files(r);
  if (in.synthetic) {
    sec.synthetic = true;
    r.synthetic.push_back(
        r.t("四、生态：保护地图层为合成数据（SYNTHETIC）", "4. Ecology: the protected layers are SYNTHETIC"));
  }
  const int note = protected_note(r, in, stats->units.size());
  double area = 0, prot = 0, prot_mu = 0;
  std::pair<double, std::string> best{-1, ""};
  TableBlock tb;
  tb.synthetic = in.synthetic;
  tb.caption = r.t("表 4-1 各盟市保护地面积与占比", "Table 4-1. Protected area and share by league/city");
  tb.header = {r.t("盟市", "League/city"), r.t("国土面积(km²)", "Area (km²)"),
               r.t("保护地面积(km²)", "Protected (km²)"), r.t("保护地面积(万亩)", "Protected (10,000 mu)"),
               r.t("占比(%)", "Share (%)")};
  tb.numeric = {false, true, true, true, true};
  for (const auto& u : stats->units) {
    const double a = finite_or_zero(u.area_km2()), p = finite_or_zero(u.protected_km2());
    const double mu = finite_or_zero(u.protected_mu()), pct = finite_or_zero(u.protected_pct());
    const std::string name = r.zh || u.name_en.empty() ? u.name_zh : u.name_en;
    area += a;
    prot += p;
    prot_mu += mu;
    if (pct > best.first) best = {pct, name};
    tb.rows.push_back({{name, 0, false},
                       {grouped(a), 0, false},
                       {grouped(p), note, false},
                       {grouped(mu / 1e4, 1), note, false},
                       {fixed(pct, 2), note, false}});
  }
  sec.blocks.push_back(ParagraphBuilder()
                           .text(r.t("各类保护地（重叠只计一次）合计 ",
                                     "Protected areas of all kinds (overlaps counted "
                                     "once) cover "))
                           .figure(grouped(prot) + " km²", note)
                           .text(r.t("（", " ("))
                           .figure(grouped(prot_mu / 1e4, 1) + r.t(" 万亩", " × 10,000 mu"), note)
                           .text(r.t("），占全区面积的 ", "), "))
                           .figure(fixed(area > 0 ? 100 * prot / area : 0, 2) + "%", note)
                           .text(r.zh ? fmt::format("；占比最高的是{}（", best.second)
                                      : fmt::format(" of the region; the largest share is in {} (", best.second))
                           .figure(fixed(best.first, 2) + "%", note)
                           .text(r.t("）。", ")."))
                           .done());
  r.summarise("保护地", "Protected areas", std::get<Paragraph>(sec.blocks.back()));
  sec.blocks.push_back(std::move(tb));
}

// The ledger's and plans' files, the span of the projects' years, and whether any is named SYNTHETIC.
struct LedgerInputs {
  InputFiles in;
  int first = 0, last = 0;
};

LedgerInputs ledger_inputs(const Report& r) {
  LedgerInputs l;
  for (const auto& s : r.sources)
    if (s.table == "project" || s.table == "project_plan") {
      if (s.table == "project") {
        l.first = l.first ? std::min(l.first, s.first_year) : s.first_year;
        l.last = std::max(l.last, s.last_year);
      }
      l.in.synthetic |= store::names_synthetic(s.file);
      l.in.files += (l.in.files.empty() ? "" : "; ") + s.table + ": " +
                    std::filesystem::path(s.file).filename().string() + fmt::format(" ({})", s.records);
    }
  return l;
}

// The ledger of the bulletin's year, else of the latest earlier year with entries (year 0: none).
runs::ProjectSummaryResult ledger_year(const Report& r, const LedgerInputs& l) {
  for (int y = std::min(r.year, l.last); y >= l.first; --y) {
    runs::ProjectSummaryRequest req;
    req.ws = r.ws_path;
    req.year = y;
    req.level = 2;
    auto result = runs::run_project_summary(req, runs::RunEnv{});
    if (!result.rows.empty()) return result;
  }
  return {};
}

int ledger_note(Report& r, const InputFiles& in, int year) {
  Note n;
  n.inputs = r.zh ? fmt::format("{}（project、project_plan 表）；{}", r.ws_label(), in.files)
                  : fmt::format("{} (tables project, project_plan); {}", r.ws_label(), in.files);
  n.rule = r.t(
      "面积以微亩精确累加（1 亩 = 2000/3 m²，1 公顷 = 15 亩）；完成率 = 完成面积 / 年度计划（无计划时为项目计划面积）",
      "areas summed exactly in micro-mu (1 mu = 2000/3 m², 1 ha = 15 mu); completion = completed area / "
      "the annual plan (the projects' planned area where there is no plan)");
  n.command = r.command(fmt::format("project summary {} --year {} --level 2", r.ws_arg(), year));
  return r.doc.add_note(std::move(n));
}

std::optional<double> completion(const runs::ProjectSummaryRow& row) { return finite(row.completion_pct); }
double completed_mu(const runs::ProjectSummaryRow& row) { return finite_or_zero(row.completed.in(AreaUnit::mu)); }

// The projects and completed area of the year over the types (new mining damage stays out: it is damage, not
// restoration, though ledgered as a project type), then each type's completed area and share of its plan.
Paragraph ledger_paragraph(const Report& r, const runs::ProjectSummaryResult& ledger, int note) {
  const auto totals = ledger.totals();
  double total_mu = 0, total_ha = 0, projects = 0;
  for (const auto* row : totals) {
    if (row->type == "mining_damage") continue;
    total_mu += completed_mu(*row);
    total_ha += finite_or_zero(row->completed.in(AreaUnit::ha));
    projects += static_cast<double>(row->projects);
  }
  ParagraphBuilder p;
  p.text(r.zh ? fmt::format("{} 年，台账记录项目 ", ledger.year)
              : fmt::format("In {}, the ledger records ", ledger.year))
      .figure(grouped(projects), note)
      .text(r.t(" 个，完成面积 ", " projects with "))
      .figure(grouped(total_mu) + r.t(" 亩", " mu"), note)
      .text(r.t("（", " ("))
      .figure(grouped(total_ha) + r.t(" 公顷", " ha"), note)
      .text(r.t("）。其中", ") of restoration completed: "));
  for (std::size_t i = 0; i < totals.size(); ++i) {
    const auto& row = *totals[i];
    const auto pct = completion(row);
    p.text((i ? r.t("；", "; ") : "") + runs::project_type_name(row.type, r.l) + " ")
        .figure(grouped(completed_mu(row)) + r.t(" 亩", " mu"), note);
    if (pct) p.text(r.t("，完成计划的 ", ", ")).figure(fixed(*pct, 1) + "%", note).text(r.zh ? "" : " of the plan");
  }
  p.text(r.t("。", "."));
  return p.done();
}

// Table 4-2: league/city by type, completed mu and completion, the totals last.
TableBlock ledger_table(const Report& r, const runs::ProjectSummaryResult& ledger, bool syn, int note) {
  std::vector<std::string> types;
  std::map<std::string, std::map<std::string, const runs::ProjectSummaryRow*>> pivot;
  std::vector<std::string> order;
  for (const auto& row : ledger.rows) {
    if (std::find(types.begin(), types.end(), row.type) == types.end()) types.push_back(row.type);
    const std::string key = row.total() ? std::string("~") : row.code;  // totals last
    if (!pivot.count(key)) order.push_back(key);
    pivot[key][row.type] = &row;
  }
  std::stable_sort(order.begin(), order.end());
  TableBlock tb;
  tb.synthetic = syn;
  tb.caption =
      r.zh ? fmt::format("表 4-2 {} 年各盟市生态保护修复完成面积（亩）与计划完成率", ledger.year)
           : fmt::format("Table 4-2. Restoration completed by league/city, {} (mu, and % of the plan)", ledger.year);
  tb.header = {r.t("盟市", "League/city")};
  tb.numeric = {false};
  for (const auto& type : types) {
    const std::string name = runs::project_type_name(type, r.l);
    tb.header.push_back(name + r.t("(亩)", " (mu)"));
    tb.header.push_back(name + r.t("完成率(%)", " (%)"));
    tb.numeric.insert(tb.numeric.end(), {true, true});
  }
  for (const auto& key : order) {
    std::vector<Span> cells{{key == "~" ? r.t("合计", "Total") : r.name(key), 0, key == "~"}};
    for (const auto& type : types) {
      const auto it = pivot[key].find(type);
      if (it == pivot[key].end()) {
        cells.insert(cells.end(), {{"–", 0, false}, {"–", 0, false}});
        continue;
      }
      const auto pct = completion(*it->second);
      cells.push_back({grouped(completed_mu(*it->second)), note, false});
      cells.push_back({pct ? fixed(*pct, 1) : "–", pct ? note : 0, false});
    }
    tb.rows.push_back(std::move(cells));
  }
  return tb;
}

// 4.2: the restoration ledger of the year.
void ledger_block(Report& r, Section& sec) {
  sec.blocks.push_back(Report::heading(r.t("（二）生态保护修复项目", "4.2 Restoration projects")));
  const LedgerInputs l = ledger_inputs(r);
  if (!l.first || l.first > r.year) {
    sec.blocks.push_back(r.none("生态修复项目台账", "restoration ledger entries"));
    return;
  }
  const runs::ProjectSummaryResult ledger = ledger_year(r, l);
  if (ledger.rows.empty()) {
    sec.blocks.push_back(r.none("生态修复项目台账", "restoration ledger entries"));
    return;
  }
  if (l.in.synthetic) {
    sec.synthetic = true;
    r.synthetic.push_back(r.t("四、生态：修复项目台账与年度计划为合成数据（SYNTHETIC）",
                              "4. Ecology: the restoration ledger and plans are SYNTHETIC"));
  }
  if (ledger.year != r.year)
    sec.blocks.push_back(r.fallback("生态修复项目台账", "restoration ledger entries", ledger.year));
  const int note = ledger_note(r, l.in, ledger.year);
  sec.blocks.push_back(ledger_paragraph(r, ledger, note));
  sec.blocks.push_back(ledger_table(r, ledger, l.in.synthetic, note));
}

}  // namespace

void ecology_section(Report& r, const runs::LayerStatsResult* layer_stats, const IndicatorView& view) {
  Section sec{"ecology", r.t("四、生态：保护与修复", "4. Ecology: protection and restoration"), false, {}};
  protected_block(r, sec, layer_stats);
  ledger_block(r, sec);
  vegetation_block(r, sec, view);
  r.doc.sections.push_back(std::move(sec));
}

}  // namespace eb::app::report
