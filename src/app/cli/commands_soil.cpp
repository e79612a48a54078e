// ecobarrier soil classify: GB 15618-2018 farmland categories of sample files (no workspace). The `soil` command
// is found or created here, so that other soil commands (soil site …) can live in files of their own.
#include "app/cli/context.hpp"
#include "app/runs/soil/farmland.hpp"
#include "app/runs/soil/farmland_classify.hpp"

namespace eb::app {

namespace {

CLI::App* soil_command(CLI::App& app) {
  // CLI11 here has no get_subcommand_no_throw: look among the subcommands by name.
  for (CLI::App* sub : app.get_subcommands([](CLI::App* a) { return a->get_name() == "soil"; })) return sub;
  auto* soil = app.add_subcommand("soil", "Soil: GB 15618-2018 farmland and GB 36600-2018 construction land");
  soil->require_subcommand(1);
  soil->footer("Rules and sources: docs/soil.md (farmland), docs/soil-construction.md (construction land).");
  return soil;
}

void add_classify_command(CLI::App* soil, Context& ctx) {
  struct Options {
    std::vector<std::string> files;
    std::string items = "default";
  };
  auto o = std::make_shared<Options>();
  auto* cls = soil->add_subcommand(
      "classify", "GB 15618 category of every farmland soil sample: priority protection, safe use, strict control");
  cls->add_option("FILE", o->files, "Sample files: sample,pH,land_use,Cd,Hg,As,Pb,Cr,Cu,Ni,Zn (mg/kg)")->required();
  cls->add_option("--items", o->items,
                  "Items deciding the category: default (data/standards/gb15618_rules.csv), all, or control-only "
                  "(Cd, Hg, As, Pb, Cr)")
      ->check(CLI::IsMember({"default", "all", "control-only"}))
      ->capture_default_str();
  cls->footer(
      "Examples:\n"
      "  ecobarrier soil classify samples.csv --format csv -o categories.csv\n"
      "  ecobarrier soil classify samples.csv --lang en\n\n"
      "Columns: sample,pH,land_use (paddy, other, orchard, rotation; 水田, 其他, 果园, 水旱轮作) and one column per\n"
      "item in mg/kg (Cd Hg As Pb Cr Cu Ni Zn, optionally HCH DDT BaP; Chinese names accepted), optionally date.\n"
      "Below detection: <0.01, 0.01L, ND (kept as written; exceeds nothing). GB 15618-2018 section 5: priority\n"
      "protection when every item is at or below its screening value; safe use when some item is above screening\n"
      "and none above control; strict control when any item is above its control value (docs/soil.md).");
  cls->callback([o, &ctx] {
    runs::SoilClassifyRequest req;
    if (o->items == "all") req.rule = standards::CategoryItems::all;
    if (o->items == "control-only") req.rule = standards::CategoryItems::control_only;
    for (const auto& path : o->files) req.files.push_back(runs::soil_sample_file(path));
    ctx.present(runs::soil_classify_document(runs::run_soil_classify(req), ctx.lang()));
  });
}

void add_import_commands(CLI::App* soil, Context& ctx) {
  struct ImportOptions {
    std::string ws, file;
  };
  auto po = std::make_shared<ImportOptions>();
  auto* plot = soil->add_subcommand("plot", "Farmland plots (GB 15618 land use, area, unit)");
  plot->require_subcommand(1);
  auto* pimport = plot->add_subcommand("import", "Import farmland plots");
  pimport->add_option("WS", po->ws, "Workspace")->required();
  pimport->add_option("FILE", po->file, "Plot list (CSV)")->required();
  pimport->footer(
      "Examples:\n  ecobarrier soil plot import ws.gpkg plots.csv\n\n"
      "Columns: code,name,land_use,area,area_unit and optionally unit_code, lon, lat (地块编码, 地块名称, "
      "土地利用类型,\n"
      "面积, 面积单位, 行政区划代码, 经度, 纬度). Area in 亩/mu, 公顷/ha, km2 or m2, kept exactly as the ledger keeps "
      "it.\n"
      "A plot without unit_code takes the unit covering its point; one transaction; the same file again changes\n"
      "nothing; a plot stored with other content is refused.");
  pimport->callback([po, &ctx] {
    ctx.present(runs::soil_import_document(runs::run_soil_plot_import({po->ws, po->file}, ctx.run_env()), ctx.lang()));
  });
  struct ListOptions {
    std::string ws;
    int year = 0;
  };
  auto pl = std::make_shared<ListOptions>();
  auto* plist = plot->add_subcommand("list", "Every plot with its GB 15618 category of the year (worst sample)");
  plist->add_option("WS", pl->ws, "Workspace")->required();
  plist->add_option("--year", pl->year, "Year of the samples (0: all years)")->capture_default_str();
  plist->footer("Examples:\n  ecobarrier soil plot list ws.gpkg --year 2024 --format csv");
  plist->callback([pl, &ctx] {
    ctx.present(runs::soil_plot_list_document(runs::run_soil_plot_list({pl->ws, pl->year}), ctx.lang()));
  });
  auto so = std::make_shared<ImportOptions>();
  auto* sample = soil->add_subcommand("sample", "Farmland soil samples of the plots");
  sample->require_subcommand(1);
  auto* simport = sample->add_subcommand("import", "Import farmland soil samples");
  simport->add_option("WS", so->ws, "Workspace")->required();
  simport->add_option("FILE", so->file, "Samples: the layout of soil classify with plot and date columns")->required();
  simport->footer(
      "Examples:\n  ecobarrier soil sample import ws.gpkg samples.csv\n\n"
      "Columns: sample,plot,date,pH,land_use,Cd,Hg,As,Pb,Cr,Cu,Ni,Zn (mg/kg); values below detection are stored as\n"
      "written. The sample's category uses its plot's land use.");
  auto sl = std::make_shared<ListOptions>();
  auto* slist = sample->add_subcommand("list", "The stored samples classified as soil classify classifies a file");
  slist->add_option("WS", sl->ws, "Workspace")->required();
  slist->add_option("--year", sl->year, "Year of the samples (0: all years)")->capture_default_str();
  slist->footer("Examples:\n  ecobarrier soil sample list ws.gpkg --year 2024 --format csv");
  slist->callback([sl, &ctx] {
    ctx.present(runs::soil_classify_document(runs::run_soil_sample_list({sl->ws, sl->year}), ctx.lang()));
  });
  simport->callback([so, &ctx] {
    ctx.present(
        runs::soil_import_document(runs::run_soil_sample_import({so->ws, so->file}, ctx.run_env()), ctx.lang()));
  });
}

void add_assess_command(CLI::App* soil, Context& ctx) {
  struct AssessOptions {
    std::string ws;
    int year = 0, level = 2;
  };
  auto ao = std::make_shared<AssessOptions>();
  auto* assess = soil->add_subcommand(
      "assess", "Farmland areas by GB 15618 category and the safe-use rate of contaminated farmland, per unit");
  assess->add_option("WS", ao->ws, "Workspace")->required();
  assess->add_option("--year", ao->year, "Year of the samples and of the ledger's measures")->required();
  assess->add_option("--level", ao->level, "1 (region) or 2 (league/city)")
      ->check(CLI::IsMember({1, 2}))
      ->capture_default_str();
  assess->footer(
      "Examples:\n  ecobarrier soil assess ws.gpkg --year 2024 --level 2\n\n"
      "A plot takes the worst category of its samples of the year. Safe-use rate = (safe-use-class area under\n"
      "safe-use measures + strict-control-class area under strict-control measures) / (safe-use + strict-control\n"
      "area) x 100, the measures being the ledger's farmland_safe_use / farmland_strict_control projects completed\n"
      "in the year, each capped at its class area. Plots outside every unit or without samples are listed.");
  assess->callback([ao, &ctx] {
    ctx.present(runs::soil_assess_document(runs::run_soil_assess({ao->ws, ao->year, ao->level}), ctx.lang()), ao->ws);
  });
}

}  // namespace

void add_soil_commands(CLI::App& app, Context& ctx) {
  CLI::App* soil = soil_command(app);
  add_classify_command(soil, ctx);
  add_import_commands(soil, ctx);
  add_assess_command(soil, ctx);
}

}  // namespace eb::app
