// ecobarrier obs import
#include <fmt/format.h>

#include "app/cli/context.hpp"
#include "app/runs/catalog/catalog.hpp"
#include "io/observation_layouts.hpp"

namespace eb::app {

void run_obs_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& paths,
                    const std::string& layout_name, const std::string& source, const std::string& quarantine,
                    const std::string& station_map_path) {
  const runs::ObsImportRequest req{ws_path, paths, layout_name, source, quarantine, station_map_path};
  ctx.present(runs::obs_import_document(runs::run_obs_import(req, ctx.run_env()), ctx.lang()));
}

void add_obs_commands(CLI::App& app, Context& ctx) {
  struct Options {
    std::string ws, layout = "auto", source, quarantine, station_map;
    std::vector<std::string> files;
  };
  auto o = std::make_shared<Options>();
  auto* obs = app.add_subcommand("obs", "Observations (monitoring values)");
  obs->require_subcommand(1);
  obs->footer("Examples:\n  ecobarrier obs import ws.gpkg cnemc.csv\n\nThe layouts are described in docs/formats.md.");
  auto* imp = obs->add_subcommand("import", "Import observation files in one transaction");
  imp->add_option("WS", o->ws, "Workspace")->required();
  imp->add_option("FILE", o->files, "Files (.csv or .csv.gz)")->required();
  std::vector<std::string> layouts{"auto"};
  std::string layout_help = "File layout (docs/formats.md): auto (recognised from the header)";
  for (const auto& info : io::observation_layouts()) {
    layouts.emplace_back(info.name);
    layout_help += fmt::format("; {}: {}", info.name, info.summary);
  }
  imp->add_option("--layout", o->layout, layout_help)->check(CLI::IsMember(layouts))->capture_default_str();
  imp->add_option("--source", o->source, "Publisher recorded with every value (default depends on the layout)");
  imp->add_option("--quarantine", o->quarantine,
                  "Import the good records and write each rejected record with its reason to this CSV");
  imp->add_option(
      "--station-map", o->station_map,
      "CSV name,code mapping UCI site names to station codes (default: data/reference/uci_beijing_stations.csv)");
  imp->footer(
      "Examples:\n"
      "  ecobarrier obs import ws.gpkg data/demo/air/cnemc_hourly_2019H1_innermongolia.csv\n"
      "  ecobarrier obs import ws.gpkg values.csv --layout long --source \"city monitoring centre\"\n"
      "  ecobarrier obs import ws.gpkg day.csv --quarantine rejected.csv\n\n"
      "All files of one command are one transaction: if any record is rejected (unknown station, unparsable\n"
      "number, negative concentration, impossible timestamp, conflicting duplicate, wrong unit), nothing is\n"
      "stored and each problem is reported as file:line:column (exit code 3) — unless --quarantine is given.\n"
      "Values already stored with the same value are left alone, so re-importing a file changes nothing.");
  imp->callback(
      [o, &ctx] { run_obs_import(ctx, o->ws, o->files, o->layout, o->source, o->quarantine, o->station_map); });
}

}  // namespace eb::app
