// ecobarrier carbon import-energy | import-gdp | import-targets | account | sink | factors | synthetic: energy and
// carbon accounting per league/city and region, and the land-cover carbon sink estimate (docs/carbon.md).
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "app/cli/context.hpp"
#include "app/demo/synthetic_carbon.hpp"
#include "app/demo/synthetic_ndvi.hpp"
#include "app/runs/carbon/carbon_account.hpp"
#include "app/runs/carbon/carbon_sink.hpp"
#include "core/error.hpp"
#include "io/gdal_raster.hpp"
#include "io/zone_layer.hpp"
#include "standards/carbon.hpp"

namespace eb::app {

namespace {

void add_import_command(CLI::App* carbon, Context& ctx, const char* name, const char* help, runs::CarbonImportKind kind,
                        const char* footer) {
  auto req = std::make_shared<runs::CarbonImportRequest>();
  req->kind = kind;
  auto* cmd = carbon->add_subcommand(name, help);
  cmd->add_option("WS", req->workspace, "Workspace")->required();
  cmd->add_option("FILE", req->files, "CSV files")->required();
  cmd->footer(footer);
  cmd->callback([req, &ctx] {
    ctx.present(runs::carbon_import_document(runs::run_carbon_import(*req, ctx.run_env()), ctx.lang()));
  });
}

// The coefficient and factor tables in force, with their sources.
Document factors_document(Lang l) {
  Table t;
  t.title_zh = "折标准煤系数与燃烧排放因子";
  t.title_en = "Standard-coal coefficients and combustion CO2 factors";
  t.columns = {{"fuel", "品种", "fuel"},
               {"name", "名称", "name"},
               {"coefficient", "折标准煤系数", "coefficient"},
               {"coefficient_unit", "单位", "unit"},
               {"co2_t_per_base", "CO2(吨/基本单位)", "t CO2 per base unit"},
               {"base_unit", "基本单位", "base unit"},
               {"coal_source", "系数来源", "coefficient source"},
               {"co2_source", "排放因子来源", "CO2 factor source"}};
  for (const auto& f : standards::fuels())
    t.add({Cell(f.code), Cell(l == Lang::zh ? f.name_zh : f.name_en), Cell(f.kgce_per_base), Cell(f.coefficient_unit),
           Cell(f.co2_t_per_base()), Cell(std::string(standards::base_unit(f.dimension))), Cell(f.coal_source),
           Cell(f.co2_source)});
  return Document(std::move(t));
}

}  // namespace

void add_carbon_commands(CLI::App& app, Context& ctx) {
  auto* carbon = app.add_subcommand("carbon", "Energy, CO2 and carbon sinks per league/city and region");
  carbon->require_subcommand(1);
  carbon->footer(
      "Examples:\n"
      "  ecobarrier carbon import-energy ws.gpkg energy.csv\n"
      "  ecobarrier carbon import-gdp ws.gpkg gdp.csv\n"
      "  ecobarrier carbon import-targets ws.gpkg targets.csv\n"
      "  ecobarrier carbon account ws.gpkg --year 2025 --level 2\n"
      "  ecobarrier carbon sink --from lc2015.tif --to lc2025.tif --from-year 2015 --to-year 2025 --zones "
      "leagues.json");
  add_import_command(carbon, ctx, "import-energy", "Import energy consumption by unit, year and fuel (physical units)",
                     runs::CarbonImportKind::energy,
                     "Columns: unit_code,year,fuel,amount,unit[,source]. Fuels: `ecobarrier carbon factors`; units: t, "
                     "10^4 t, kg, m3, 10^4 m3, 10^8 m3, kWh, MWh, GWh, 10^4 kWh, 10^8 kWh, MJ, GJ, TJ (or 吨, 万吨, "
                     "万立方米, 亿立方米, 万千瓦时, 亿千瓦时). electricity and heat are net purchased (imported minus "
                     "exported) and may be negative. One transaction per file; a value already stored with another "
                     "amount is an error.");
  add_import_command(
      carbon, ctx, "import-gdp", "Import GDP per unit and year (constant 2020 prices or nominal + index)",
      runs::CarbonImportKind::gdp,
      "Columns: unit_code,year,gdp,unit(10^4 yuan|10^8 yuan|万元|亿元),basis(constant_2020|nominal)"
      "[,price_index][,source]. Nominal GDP becomes comparable as nominal x 100 / price_index (2020 = 100).");
  add_import_command(carbon, ctx, "import-targets", "Import five-year targets of the intensities per unit",
                     runs::CarbonImportKind::targets,
                     "Columns: unit_code,indicator(energy_intensity|carbon_intensity),base_year,target_year,drop_pct,"
                     "source.");

  auto areq = std::make_shared<runs::CarbonAccountRequest>();
  auto grid_year = std::make_shared<int>(0);
  auto* account = carbon->add_subcommand("account", "Energy (tce), CO2, intensities, change vs 2020, target progress");
  account->add_option("WS", areq->workspace, "Workspace")->required();
  account->add_option("--year", areq->year, "Year accounted")->required();
  account->add_option("--base-year", areq->base_year, "Base year of the changes")->capture_default_str();
  account->add_option("--level", areq->level, "2: leagues/cities; 1: the region")
      ->check(CLI::IsMember({1, 2}))
      ->capture_default_str();
  account->add_option("--grid-factor-year", *grid_year,
                      "Use this year's published grid factor for every year (default: each year's own, or the "
                      "nearest published)");
  auto electricity = std::make_shared<std::string>("equivalent");
  account
      ->add_option("--electricity", *electricity,
                   "Electricity in tce: equivalent (calorific, 0.1229 kgce/kWh) or equal_value (the year's coal "
                   "consumption of thermal power supply)")
      ->check(CLI::IsMember({"equivalent", "equal_value"}))
      ->capture_default_str();
  account->footer(
      "The region (--level 1) uses its own rows when it has energy and GDP for both years, else the sum of its\n"
      "leagues/cities that have both (the others are listed as left out).");
  account->callback([areq, grid_year, electricity, &ctx] {
    if (*grid_year != 0) areq->grid_factor_year = *grid_year;
    areq->electricity_equal_value = *electricity == "equal_value";
    ctx.present(runs::carbon_account_document(runs::run_carbon_account(*areq), ctx.lang()), areq->workspace);
  });

  auto sreq = std::make_shared<runs::CarbonSinkRequest>();
  auto* sink =
      carbon->add_subcommand("sink", "Carbon sink ESTIMATE of forest and grassland from two land-cover rasters");
  sink->add_option("--from", sreq->before, "Land cover of the first year (class codes, e.g. CLCD)")->required();
  sink->add_option("--to", sreq->after, "Land cover of the second year, same grid")->required();
  sink->add_option("--from-year", sreq->years[0], "Year of --from")->required();
  sink->add_option("--to-year", sreq->years[1], "Year of --to")->required();
  sink->add_option("--zones", sreq->zones, "Zones (e.g. the leagues' boundaries: GeoJSON, GeoPackage, Shapefile)")
      ->required();
  sink->add_option("--id-field", sreq->id_field, "Zone id attribute")->capture_default_str();
  sink->add_option("--scheme", sreq->scheme, "Class scheme of data/standards/carbon_landcover_classes.csv")
      ->capture_default_str();
  sink->footer(
      "Stock difference: stock = Σ class area x density (tC/ha, data/standards/carbon_stock_density.csv);\n"
      "sink = (stock after - stock before) / years x 44/12 (t CO2/yr). Always an ESTIMATE.");
  sink->callback([sreq, &ctx] {
    ctx.present(runs::carbon_sink_document(runs::run_carbon_sink(*sreq, ctx.cancellable_run_env()), ctx.lang()));
  });

  auto* factors = carbon->add_subcommand("factors", "The standard-coal coefficients and CO2 factors with sources");
  factors->callback([&ctx] { ctx.present(factors_document(ctx.lang())); });

  struct SyntheticOptions {
    std::string dir, boundaries;
    std::uint64_t seed = 2020;
    double cell_degrees = 0.01;
  };
  auto so = std::make_shared<SyntheticOptions>();
  auto* synthetic = carbon->add_subcommand(
      "synthetic", "Write SYNTHETIC energy, GDP, targets and two land-cover rasters for the demo");
  synthetic->add_option("DIR", so->dir, "Output folder")->required();
  synthetic->add_option("--seed", so->seed, "Seed")->capture_default_str();
  synthetic->add_option("--boundaries", so->boundaries,
                        "League boundaries for the SYNTHETIC NDVI the land cover derives from (default: the bundled "
                        "data/demo/boundaries/150000.json)");
  synthetic->add_option("--cell-degrees", so->cell_degrees, "Cell size of the rasters (degrees)")
      ->capture_default_str();
  synthetic->callback([so, &ctx] {
    const Lang l = ctx.lang();
    const SyntheticCarbonFiles files = write_synthetic_carbon(so->dir, so->seed);
    const std::string boundaries =
        so->boundaries.empty() ? Context::data_dir() + "/demo/boundaries/150000.json" : so->boundaries;
    io::ZoneLayerOptions zone_options;
    zone_options.make_valid = true;
    std::vector<engine::raster::Zone> region;
    for (auto& f : io::read_zone_layer(boundaries, io::crs_wkt_from_epsg(4326), zone_options))
      region.push_back(std::move(f.zone));
    SyntheticNdviOptions options;
    options.cell_degrees = so->cell_degrees;
    const std::string raster_dir = so->dir + "/raster";
    std::filesystem::create_directories(raster_dir);
    const SyntheticNdviFiles ndvi = write_synthetic_ndvi(raster_dir, region, options);
    const std::string lc_first = fmt::format("{}/landcover_{}_synthetic.tif", raster_dir, options.first_year);
    const std::string lc_second = fmt::format("{}/landcover_{}_synthetic.tif", raster_dir, options.second_year);
    write_synthetic_landcover(ndvi.first, lc_first, l == Lang::zh);
    write_synthetic_landcover(ndvi.second, lc_second, l == Lang::zh);
    ctx.out() << tr(l, "SYNTHETIC 合成数据（固定种子）：\n", "SYNTHETIC data (seeded):\n") << files.energy << "\n"
              << files.gdp << "\n"
              << files.targets << "\n"
              << lc_first << "\n"
              << lc_second << "\n";
  });
}

}  // namespace eb::app
