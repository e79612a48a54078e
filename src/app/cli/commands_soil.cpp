// ecobarrier soil classify: GB 15618-2018 farmland categories of sample files (no workspace). The `soil` command
// is found or created here, so that other soil commands (soil site …) can live in files of their own.
#include "app/cli/context.hpp"
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

}  // namespace

void add_soil_commands(CLI::App& app, Context& ctx) {
  CLI::App* soil = soil_command(app);
  add_classify_command(soil, ctx);
}

}  // namespace eb::app
