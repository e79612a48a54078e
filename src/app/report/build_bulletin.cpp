// The yearly bulletin: the workspace's units, inputs and series spans, then each section from the typed runs of
// its domain (sections.hpp), never recomputed by other rules, so the bulletin and the CLI always agree.
#include "app/report/build_bulletin.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <future>

#include "app/report/bulletin_tables.hpp"
#include "app/report/sections.hpp"
#include "app/runs/run_env.hpp"
#include "core/error.hpp"
#include "io/chromium_pdf.hpp"
#include "store/protected_store.hpp"

namespace eb::app {

namespace {

using report::Report;

// The registry the assessment is scored with: the request's, else the bundled demo registry when there is one.
std::string registry_of(const BulletinRequest& req) {
  if (!req.registry.empty()) return req.registry;
  const std::string demo = runs::data_dir() + "/assessment/registry_demo.csv";
  return std::filesystem::exists(demo) ? demo : std::string();
}

report::IndicatorView indicator_view(Report& r, const BulletinRequest& req) {
  report::IndicatorView view;
  if (!r.registry.empty()) {
    try {
      view.registry = io::read_indicator_registry(r.registry);
    } catch (const Error&) {
      if (!req.registry.empty()) throw;  // the user's own registry must be readable
    }
  }
  view.values = store::load_indicator_values(*r.ws, 0, r.year);
  return view;
}

// The cover's date: the request's, else the day of $SOURCE_DATE_EPOCH (reproducible outputs), else today, in
// Beijing time.
CivilDate issue_date(const BulletinRequest& req) {
  if (req.issued_on) return *req.issued_on;
  EpochSeconds now = static_cast<EpochSeconds>(std::time(nullptr));
  if (const char* fixed_epoch = std::getenv("SOURCE_DATE_EPOCH"); fixed_epoch && *fixed_epoch) {
    char* end = nullptr;
    const long long v = std::strtoll(fixed_epoch, &end, 10);
    if (*end != '\0')
      throw UsageError(std::string("SOURCE_DATE_EPOCH: expected seconds since 1970, got ") + fixed_epoch);
    now = static_cast<EpochSeconds>(v);
  }
  return epoch_to_beijing(now).date;
}

void cover(Report& r, const BulletinRequest& req) {
  auto& c = r.doc.cover;
  c.issuer = req.issuer.empty() ? "ecobarrier" : req.issuer;
  if (req.issuer.empty())
    c.issuer_note = r.t("未指定发布单位（--issuer），封面以生成软件代替。",
                        "No issuing body given (--issuer); the cover names the software that generated it.");
  const CivilDate d = issue_date(req);
  c.issued_on = r.zh ? fmt::format("{} 年 {} 月 {} 日", d.year, d.month, d.day) : format_date(d);
  r.doc.labels.issuer = r.t("发布单位：", "Issued by: ");
  r.doc.labels.issued_on = r.t("发布日期：", "Date: ");
}

// The summary: the headline paragraph of each section, its figures linked to the same notes as in the section.
void summary_section(Report& r) {
  if (r.summary.empty()) return;
  report::Section sec{"summary", r.t("综述", "Summary"), false, {}};
  for (auto& p : r.summary) sec.blocks.push_back(std::move(p));
  r.doc.sections.insert(r.doc.sections.begin(), std::move(sec));
}

// The PDF edition: printed once with blank page numbers in the contents, then with the pages the first printing
// put each section on. The numbers take no more room than the blanks, so the second printing paginates like the
// first; a printing whose pages still moved is followed by another, up to three.
std::string print_pdf(const report::Bulletin& doc, int timeout_seconds) {
  const std::string chromium = io::find_chromium();
  report::PrintEdition edition;
  std::string pdf;
  for (int printing = 0; printing < 3; ++printing) {
    pdf = io::print_html_to_pdf(chromium, report::render_html(doc, &edition), timeout_seconds);
    const std::map<std::string, int> destinations = io::pdf_destination_pages(pdf);
    std::map<std::string, int> pages;
    for (const auto& s : doc.sections)
      if (const auto it = destinations.find(s.id); it != destinations.end()) pages[s.id] = it->second;
    if (const auto it = destinations.find("notes"); it != destinations.end()) pages["notes"] = it->second;
    if (pages.size() != doc.sections.size() + 1)
      throw IoError(chromium +
                    ": the printed bulletin lacks the link targets of its sections; cannot number the "
                    "contents (an older Chromium?)");
    if (pages == edition.pages) break;
    edition.pages = std::move(pages);
  }
  return pdf;
}

// The title (with the region's name), subtitle and the renderers' labels in the bulletin's language.
void title_and_labels(Report& r) {
  std::string region;
  for (const auto& [code, u] : r.units)
    if (u.level == 1) {
      region = r.name(code);
      break;
    }
  r.doc.lang = r.zh ? "zh-CN" : "en";
  r.doc.title = r.zh ? fmt::format("{}{} 年生态环境状况公报", region, r.year)
                     : fmt::format("{} Ecological and Environmental Bulletin {}", region, r.year);
  r.doc.subtitle = r.zh ? fmt::format("由 ecobarrier 根据工作空间 {} 生成；每个数字均链接到文末的来源说明。",
                                      r.shown_path(r.ws_path))
                        : fmt::format(
                              "Generated by ecobarrier from workspace {}; every figure links to its source "
                              "note at the end.",
                              r.shown_path(r.ws_path));
  auto& labels = r.doc.labels;
  labels.synthetic_banner_title =
      r.t("以下部分基于合成数据（SYNTHETIC），仅供演示，不代表实际情况：",
          "The following parts rest on SYNTHETIC data, for demonstration only, not real conditions:");
  labels.contents = r.t("目录", "Contents");
  labels.notes_title = r.t("数据来源说明", "Provenance notes");
  labels.inputs = r.t("输入：", "Inputs:");
  labels.rule = r.t("规则：", "Rule:");
  labels.command = r.t("复现命令：", "Reproduce:");
  labels.chart_omitted = r.t("图表见 HTML 版", "Chart in the HTML edition");
}

}  // namespace

BulletinDocuments build_bulletin(const BulletinRequest& req) {
  Report r;
  r.l = req.lang;
  r.zh = r.l == Lang::zh;
  r.ws_path = req.ws;
  r.out_dir = req.out_dir;
  r.year = req.year;
  r.map_note = req.map_note;
  r.registry = registry_of(req);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  r.ws = &ws;
  for (auto& u : store::list_units(ws)) r.units.emplace(u.code, u);
  r.sources = store::input_sources(ws);
  r.spans = store::kind_spans(ws);
  // The protected-area overlay is the slowest part; it runs on a second thread (the run opens its own workspace
  // connection) while the air and water assessments run here.
  const bool has_layers = !store::protected_summary(ws).empty();
  std::future<runs::LayerStatsResult> layer_stats;
  if (has_layers)
    layer_stats = std::async(std::launch::async, [ws_path = req.ws] {
      return runs::run_layer_stats({ws_path, 2}, runs::RunEnv{});
    });
  r.leagues = store::unit_geometries(ws, 2);
  const report::IndicatorView view = indicator_view(r, req);
  title_and_labels(r);
  cover(r, req);

  report::air_section(r);
  report::water_section(r);
  report::soil_section(r, view);
  const runs::LayerStatsResult stats = has_layers ? layer_stats.get() : runs::LayerStatsResult{};
  report::ecology_section(r, has_layers ? &stats : nullptr, view);
  report::responsibility_section(r);
  report::sources_section(r);
  report::energy_section(r, view);
  summary_section(r);
  r.doc.synthetic_banner = r.synthetic;
  BulletinDocuments docs{report::render_html(r.doc), report::render_markdown(r.doc), {}, report::bulletin_tables(r.doc)};
  if (req.pdf) docs.pdf = print_pdf(r.doc, req.pdf_timeout_seconds);
  return docs;
}

}  // namespace eb::app
