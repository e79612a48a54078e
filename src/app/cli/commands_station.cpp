// ecobarrier station import|list
#include "app/cli/context.hpp"
#include "app/runs/catalog/catalog.hpp"

namespace eb::app {

void run_station_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& files,
                        const std::string& kind) {
  const runs::StationImportRequest req{ws_path, files, kind};
  ctx.present(runs::station_import_document(runs::run_station_import(req, ctx.run_env()), ctx.lang(),
                                            ctx.format() == Format::table));
}

void add_station_commands(CLI::App& app, Context& ctx) {
  struct Options {
    std::string ws, kind = "air", unit;
    std::vector<std::string> files;
  };
  auto o = std::make_shared<Options>();
  auto* station = app.add_subcommand("station", "Monitoring stations");
  station->require_subcommand(1);
  station->footer(
      "Examples:\n  ecobarrier station import ws.gpkg stations.csv\n  ecobarrier station list ws.gpkg --unit 150100");

  auto* imp =
      station->add_subcommand("import", "Import station lists; attach stations to league/city and banner/county");
  imp->add_option("WS", o->ws, "Workspace")->required();
  imp->add_option("FILE", o->files, "Station list CSV files")->required();
  imp->add_option("--kind", o->kind, "Station kind")
      ->check(CLI::IsMember({"air", "water", "soil", "source"}))
      ->capture_default_str();
  imp->footer(
      "Examples:\n"
      "  ecobarrier station import ws.gpkg data/demo/air/cnemc_station_list_2022-02-13_innermongolia.csv\n\n"
      "Layouts (by header): 监测点编码,监测点名称,城市,经度,纬度[,对照点] (CNEMC 2022);\n"
      "stationcode,positionname,area,longitude,latitude (CNEMC 2018); code,name,city,lon,lat[,control].\n"
      "The league/city comes from the list's city name; the banner/county from the point (point-in-polygon).\n"
      "Stations outside every polygon, or whose point contradicts the list, are imported and reported.");
  imp->callback([o, &ctx] { run_station_import(ctx, o->ws, o->files, o->kind); });

  auto* list = station->add_subcommand("list", "List stations, optionally of one unit");
  list->add_option("WS", o->ws, "Workspace")->required();
  list->add_option("--unit", o->unit, "Only stations in this league/city or banner/county (GB/T 2260 code)");
  list->footer("Examples:\n  ecobarrier station list ws.gpkg --unit 150100 --format csv -o hohhot.csv");
  list->callback([o, &ctx] { ctx.present(runs::stations_document(runs::run_station_list(o->ws, o->unit))); });
}

}  // namespace eb::app
