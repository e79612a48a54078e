// ecobarrier water classify | section import | assess | trophic | cwqi: options to a run's request, the run, and
// its document presented.
#include "app/cli/context.hpp"
#include "app/runs/water/assess.hpp"
#include "app/runs/water/classify.hpp"
#include "app/runs/water/sections.hpp"
#include "app/runs/water/trophic.hpp"
#include "app/runs/water/water_runs.hpp"
#include "core/error.hpp"
#include "io/water_sections.hpp"

namespace eb::app {

void run_water_assess(Context& ctx, const std::string& ws_path, const std::string& period, const std::string& level,
                      const std::string& baseline, const std::string& below_dl, const std::string& set) {
  const auto req = runs::water_assess_request(ws_path, period, level, baseline, below_dl, set);
  ctx.present(runs::water_assess_document(runs::run_water_assess(req), ctx.lang()), ws_path);
}

void run_water_section_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& files) {
  const auto r = runs::run_water_section_import({ws_path, files}, ctx.run_env());
  ctx.present(runs::water_section_import_document(r, ctx.lang()));
}

namespace {

// Each file's detection-limit note as soon as it is read, then the classes of every sample.
void run_classify(Context& ctx, const std::vector<std::string>& paths, const std::string& waterbody,
                  const std::string& below) {
  const io::BelowDetection rule = runs::water_below_detection_option(below);
  runs::WaterClassifyRequest req;
  if (waterbody == "river") req.waterbody = standards::Waterbody::river;
  if (waterbody == "lake") req.waterbody = standards::Waterbody::lake;
  for (const auto& path : paths) {
    req.files.push_back(runs::water_sample_file(path, rule));
    ctx.present(runs::water_sample_file_document(req.files.back(), rule, ctx.lang()));
  }
  ctx.present(runs::water_classify_document(runs::run_water_classify(req), ctx.lang()));
}

void add_classify_command(CLI::App* water, Context& ctx) {
  struct Options {
    std::vector<std::string> files;
    std::string waterbody = "auto", below = "half";
  };
  auto o = std::make_shared<Options>();
  auto* cls =
      water->add_subcommand("classify", "Class, status and main pollutants of every sample (no workspace needed)");
  cls->add_option("FILE", o->files, "Sample files: wide, long or the national automatic-station layout")->required();
  cls->add_option("--waterbody", o->waterbody, "auto (the file's waterbody column), river or lake")
      ->check(CLI::IsMember({"auto", "river", "lake"}))
      ->capture_default_str();
  cls->add_option("--below-dl", o->below,
                  "A value below the detection limit (<0.01, 0.01L) becomes half the limit, the limit, or zero")
      ->check(CLI::IsMember({"half", "limit", "zero"}))
      ->capture_default_str();
  cls->footer(
      "Examples:\n"
      "  ecobarrier water classify samples.csv --waterbody river --format csv -o classes.csv\n"
      "  ecobarrier water classify lakes.csv --waterbody lake --lang en\n\n"
      "Single-factor method: the section takes the worst class of the 21 routine items of GB 3838-2002 Table 1\n"
      "(TN and fecal coliform are reported apart); main pollutants: items worse than class III, by multiple\n"
      "over the class III limit (pH and DO have none). Lakes also get TLI(Σ) when chla, TP, TN, SD or CODMn is there.");
  cls->callback([o, &ctx] { run_classify(ctx, o->files, o->waterbody, o->below); });
}

void add_section_commands(CLI::App* water, Context& ctx) {
  struct SectionOptions {
    std::string ws;
    std::vector<std::string> files;
  };
  auto so = std::make_shared<SectionOptions>();
  auto* section = water->add_subcommand("section", "Water monitoring sections");
  section->require_subcommand(1);
  section->footer("Examples:\n  ecobarrier water section import ws.gpkg sections.csv");
  auto* simport =
      section->add_subcommand("import", "Import sections (location, river/lake, basin, control level, target class)");
  simport->add_option("WS", so->ws, "Workspace")->required();
  simport->add_option("FILE", so->files, "Section lists: CSV, or GeoJSON/GeoPackage/Shapefile points")->required();
  simport->footer(
      "Examples:\n  ecobarrier water section import ws.gpkg sections.csv\n\n"
      "Columns (any order): code,name,waterbody,lon,lat and optionally river,basin,control_level,target_class,city\n"
      "(or 断面编码,断面名称,水体类型,经度,纬度,河流,流域,级别,目标类别,城市). One transaction per file.");
  simport->callback([so, &ctx] { run_water_section_import(ctx, so->ws, so->files); });
}

void add_assess_command(CLI::App* water, Context& ctx) {
  struct AssessOptions {
    std::string ws, period, baseline, level = "section", below = "half", set = "all";
  };
  auto ao = std::make_shared<AssessOptions>();
  auto* assess = water->add_subcommand("assess", "Period assessment by section, river, basin, unit, county or region");
  assess->add_option("WS", ao->ws, "Workspace")->required();
  assess->add_option("--period", ao->period, "2019, 2019-03, 2019Q1 or FROM..TO")->required();
  assess
      ->add_option("--level", ao->level, "section, river, basin, unit (league/city), county (banner/county) or region")
      ->check(CLI::IsMember({"section", "river", "basin", "unit", "county", "region"}))
      ->capture_default_str();
  assess
      ->add_option("--set", ao->set,
                   "Sections assessed: national (国考), provincial (省考, with the national ones) or all")
      ->check(CLI::IsMember(io::water_section_sets()))
      ->capture_default_str();
  assess->add_option("--baseline", ao->baseline,
                     "Baseline period for changes in percentage points (on the sections with a class in both)");
  assess->add_option("--below-dl", ao->below, "Values below the detection limit: half, limit or zero")
      ->check(CLI::IsMember({"half", "limit", "zero"}))
      ->capture_default_str();
  assess->footer(
      "Examples:\n  ecobarrier water assess ws.gpkg --period 2024 --level section\n"
      "  ecobarrier water assess ws.gpkg --period 2024 --level basin --baseline 2023\n"
      "  ecobarrier water assess ws.gpkg --period 2024 --level region --set national --baseline 2023\n\n"
      "Sections: the class of the period means of their samples. Rivers, basins, units, counties: class shares\n"
      "when there are at least 5 sections, else the mean concentrations as one section. Every group states its\n"
      "sections expected, with samples and with a class, and is marked incomplete when one lacks a class; the\n"
      "change against --baseline is computed on the sections with a class in both periods (docs/water.md).");
  assess->callback(
      [ao, &ctx] { run_water_assess(ctx, ao->ws, ao->period, ao->level, ao->baseline, ao->below, ao->set); });
}

void add_trophic_command(CLI::App* water, Context& ctx) {
  struct TrophicOptions {
    std::string ws, by = "year", below = "half";
    int from = 0, to = 0;
  };
  auto to_ = std::make_shared<TrophicOptions>();
  auto* trophic = water->add_subcommand("trophic", "Lake trophic state TLI(Σ) by month or year, with the annual trend");
  trophic->add_option("WS", to_->ws, "Workspace")->required();
  trophic->add_option("--from", to_->from, "First year")->required();
  trophic->add_option("--to", to_->to, "Last year")->required();
  trophic->add_option("--by", to_->by, "month or year")->check(CLI::IsMember({"month", "year"}))->capture_default_str();
  trophic->add_option("--below-dl", to_->below, "half, limit or zero")
      ->check(CLI::IsMember({"half", "limit", "zero"}))
      ->capture_default_str();
  trophic->footer(
      "Examples:\n  ecobarrier water trophic ws.gpkg --from 2023 --to 2024 --by month\n\n"
      "TLI(Σ) of the means of chla, TP, TN, SD and CODMn over the samples of each month or year, with the\n"
      "weights renormalised over the parameters present (docs/water.md).");
  trophic->callback([to_, &ctx] {
    const runs::WaterTrophicRequest req{to_->ws, to_->from, to_->to,
                                        to_->by == "month" ? runs::WaterTrophicBy::month : runs::WaterTrophicBy::year,
                                        runs::water_below_detection_option(to_->below)};
    ctx.present(runs::water_trophic_document(runs::run_water_trophic(req), ctx.lang(), ctx.format()));
  });
}

void add_cwqi_command(CLI::App* water, Context& ctx) {
  struct CwqiOptions {
    std::string ws, period, baseline, below = "half";
  };
  auto co = std::make_shared<CwqiOptions>();
  auto* cwqi = water->add_subcommand("cwqi", "City water quality index ranking (formula unconfirmed; for reference)");
  cwqi->add_option("WS", co->ws, "Workspace")->required();
  cwqi->add_option("--period", co->period, "2019, 2019-03, 2019Q1 or FROM..TO")->required();
  cwqi->add_option("--baseline", co->baseline, "Baseline period for ΔCWQI");
  cwqi->add_option("--below-dl", co->below, "half, limit or zero")
      ->check(CLI::IsMember({"half", "limit", "zero"}))
      ->capture_default_str();
  cwqi->footer(
      "Examples:\n  ecobarrier water cwqi ws.gpkg --period 2024 --baseline 2023\n\n"
      "Smaller is better. The per-item formula is confirmed by one implementation only and the way sections\n"
      "are combined into a city (here: the mean of its sections) is not confirmed at all: every row says so.");
  cwqi->callback([co, &ctx] {
    runs::WaterCwqiRequest req;
    req.workspace = co->ws;
    req.period = runs::water_period_option(co->period, "--period");
    if (!co->baseline.empty()) req.baseline = runs::water_period_option(co->baseline, "--baseline");
    req.below_detection = runs::water_below_detection_option(co->below);
    ctx.present(runs::water_cwqi_document(runs::run_water_cwqi(req), ctx.lang()));
  });
}

}  // namespace

void add_water_commands(CLI::App& app, Context& ctx) {
  auto* water = app.add_subcommand("water", "Surface water: GB 3838-2002 classes, trophic state, CWQI");
  water->require_subcommand(1);
  water->footer(
      "Examples:\n  ecobarrier water classify samples.csv --waterbody river\n\nRules and sources: docs/water.md.");
  add_classify_command(water, ctx);
  add_section_commands(water, ctx);
  add_assess_command(water, ctx);
  add_trophic_command(water, ctx);
  add_cwqi_command(water, ctx);
}

}  // namespace eb::app
