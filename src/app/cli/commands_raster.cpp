// ecobarrier raster ndvi | fvc | classify | rsei | change | trend | zonal: options to a run's request, the run, and
// its document (app/runs/raster).
#include <memory>

#include "app/cli/context.hpp"
#include "app/runs/raster/change.hpp"
#include "app/runs/raster/rsei.hpp"
#include "app/runs/raster/trend.hpp"
#include "app/runs/raster/vegetation.hpp"
#include "app/runs/raster/zonal.hpp"

namespace eb::app {

namespace {

// The request with the class names of its class raster in the language of --lang.
template <class Request>
Request with_class_names(Request req, Context& ctx) {
  req.class_names_zh = ctx.lang() == Lang::zh;
  return req;
}

// `raster zonal FILES...`: the rasters, then the zones.
struct ZonalOptions {
  std::vector<std::string> files;
  runs::ZonalRequest request;
};

void add_raster_ndvi(CLI::App* raster_cmd, Context& ctx) {
  auto nreq = std::make_shared<runs::NdviRequest>();
  auto* ndvi = raster_cmd->add_subcommand("ndvi", "NDVI from red and near-infrared rasters on the same grid");
  ndvi->add_option("RED", nreq->red, "Red band raster (surface reflectance; scale/offset in the file are applied)")
      ->required();
  ndvi->add_option("NIR", nreq->nir, "Near-infrared band raster")->required();
  ndvi->add_option("--out", nreq->output, "Output GeoTIFF (Float32, tiled, DEFLATE; NaN = nodata)")->required();
  ndvi->add_option("--red-band", nreq->red_band, "Band of RED")->capture_default_str();
  ndvi->add_option("--nir-band", nreq->nir_band, "Band of NIR")->capture_default_str();
  ndvi->footer(
      "Example:\n  ecobarrier raster ndvi B04.tif B08.tif --out ndvi.tif\n\nNDVI = (NIR - Red) / (NIR + Red); "
      "docs/raster.md.");
  ndvi->callback(
      [nreq, &ctx] { ctx.present(runs::ndvi_document(runs::run_ndvi(*nreq, ctx.cancellable_run_env()), ctx.lang())); });
}

void add_raster_fvc(CLI::App* raster_cmd, Context& ctx) {
  auto freq = std::make_shared<runs::FvcRequest>();
  auto* fvc =
      raster_cmd->add_subcommand("fvc", "Fractional vegetation cover (dimidiate pixel model), grades and their areas");
  fvc->add_option("NDVI", freq->ndvi, "NDVI raster (or give --red and --nir)");
  fvc->add_option("--red", freq->red, "Red band: compute NDVI on the fly, reading each band once");
  fvc->add_option("--nir", freq->nir, "Near-infrared band (with --red)");
  fvc->add_option("--red-band", freq->red_band, "Band of --red")->capture_default_str();
  fvc->add_option("--nir-band", freq->nir_band, "Band of --nir")->capture_default_str();
  fvc->add_option("--ndvi-out", freq->ndvi_output, "With --red/--nir: also write the NDVI (Float32 GeoTIFF)");
  fvc->add_option("--out", freq->output, "Output FVC GeoTIFF (Float32, 0..1)")->required();
  fvc->add_option("--grades", freq->grades_output, "Also write the grade of every cell (Byte GeoTIFF, 255 = nodata)");
  fvc->add_option("--scheme", freq->scheme, "Grading scheme (data/standards/grade_schemes.csv)")->capture_default_str();
  fvc->add_option("--soil", freq->soil, "NDVI_soil (default: the low percentile of valid cells)");
  fvc->add_option("--veg", freq->veg, "NDVI_veg (default: the high percentile of valid cells)");
  fvc->add_option("--percentiles", freq->percentiles, "LO,HI cumulative-frequency percentiles for NDVI_soil/NDVI_veg")
      ->delimiter(',')
      ->expected(2)
      ->capture_default_str();
  fvc->add_option("--mask", freq->mask,
                  "Raster on the same grid; cells that are non-zero (water, cloud, snow) are left out");
  fvc->footer(
      "Examples:\n"
      "  ecobarrier raster fvc ndvi.tif --out fvc.tif --grades grades.tif\n"
      "  ecobarrier raster fvc ndvi.tif --out fvc.tif --soil 0.05 --veg 0.85 --format csv\n"
      "  ecobarrier raster fvc --red B04.tif --nir B08.tif --ndvi-out ndvi.tif --out fvc.tif --grades g.tif\n\n"
      "FVC = (NDVI - NDVI_soil) / (NDVI_veg - NDVI_soil), clipped to 0..1. Percentiles are exact (two passes),\n"
      "PERCENTILE.INC over valid, unmasked cells. The default grades are a project choice: no national standard\n"
      "grades desertification by FVC. Areas use geodesic cell areas on geographic grids. See docs/raster.md.");
  fvc->callback([freq, &ctx] {
    ctx.present(runs::fvc_document(runs::run_fvc(with_class_names(*freq, ctx), ctx.cancellable_run_env()), ctx.lang()));
  });
}

void add_raster_classify(CLI::App* raster_cmd, Context& ctx) {
  auto klreq = std::make_shared<runs::ClassifyRequest>();
  auto* classify = raster_cmd->add_subcommand("classify", "Grade any raster by a scheme or by breaks, with areas");
  classify->add_option("RASTER", klreq->input, "Input raster (e.g. FVC or RSEI)")->required();
  classify->add_option("--out", klreq->output, "Output class GeoTIFF (Byte, 255 = nodata)")->required();
  classify->add_option("--scheme", klreq->scheme, "Grading scheme from data/standards/grade_schemes.csv");
  classify->add_option("--breaks", klreq->breaks, "Ascending breaks B1,B2,...: classes 1 = below B1 ... n+1 = from Bn")
      ->delimiter(',');
  classify->add_option("--band", klreq->band, "Band number (1-based)")->capture_default_str();
  classify->footer(
      "Examples:\n"
      "  ecobarrier raster classify fvc.tif --scheme desertification_fvc5 --out grades.tif\n"
      "  ecobarrier raster classify ndvi.tif --breaks 0.1,0.3,0.5 --out classes.tif --format csv\n\n"
      "Each class is [lower, upper). Areas use geodesic cell areas on geographic grids. See docs/raster.md.");
  classify->callback([klreq, &ctx] {
    ctx.present(runs::classify_document(runs::run_classify(with_class_names(*klreq, ctx), ctx.cancellable_run_env()),
                                        ctx.lang()));
  });
}

void add_raster_rsei(CLI::App* raster_cmd, Context& ctx) {
  auto rreq = std::make_shared<runs::RseiRequest>();
  auto* rsei = raster_cmd->add_subcommand(
      "rsei", "Remote Sensing Ecological Index (Xu 2013): PCA of greenness, wetness, heat and dryness");
  rsei->add_option("--bands", rreq->bands,
                   "Six surface-reflectance rasters BLUE,GREEN,RED,NIR,SWIR1,SWIR2 (NDVI, WET and NDBSI are computed)")
      ->delimiter(',');
  rsei->add_option("--sensor", rreq->sensor,
                   "Tasselled-cap wetness coefficients for --bands (landsat8_oli, landsat5_tm)")
      ->capture_default_str();
  rsei->add_option("--ndvi", rreq->ndvi, "NDVI raster (instead of --bands)");
  rsei->add_option("--wet", rreq->wet, "Wetness raster (instead of --bands)");
  rsei->add_option("--ndbsi", rreq->ndbsi, "NDBSI raster (instead of --bands)");
  rsei->add_option("--lst", rreq->lst, "Land surface temperature raster (°C or K; any linear unit)")->required();
  rsei->add_option("--mask", rreq->mask, "Raster on the same grid; non-zero cells (water, cloud) are left out");
  rsei->add_flag("!--no-water-mask", rreq->water_mask, "With --bands, keep water cells (MNDWI > 0)");
  rsei->add_option("--out", rreq->output, "Output RSEI GeoTIFF (Float32, 0..1)")->required();
  rsei->add_option("--grades", rreq->grades_output, "Also write the RSEI grade of every cell (Byte GeoTIFF)");
  rsei->add_option("--scheme", rreq->scheme, "Grading scheme")->capture_default_str();
  rsei->footer(
      "Examples:\n"
      "  ecobarrier raster rsei --bands B2.tif,B3.tif,B4.tif,B5.tif,B6.tif,B7.tif --lst lst.tif --out rsei.tif\n"
      "  ecobarrier raster rsei --ndvi ndvi.tif --wet wet.tif --ndbsi ndbsi.tif --lst lst.tif --out rsei.tif\n\n"
      "Each indicator is min-max normalised over the cells used; PC1 of their covariance matrix (one streaming\n"
      "pass) is oriented so that NDVI loads positively; RSEI = min-max normalised PC1. Prints the loadings and\n"
      "PC1's contribution. Water (MNDWI > 0) is left out by default when bands are given. See docs/raster.md.");
  rsei->callback([rreq, &ctx] {
    ctx.present(
        runs::rsei_document(runs::run_rsei(with_class_names(*rreq, ctx), ctx.cancellable_run_env()), ctx.lang()));
  });
}

void add_raster_change(CLI::App* raster_cmd, Context& ctx) {
  auto creq = std::make_shared<runs::ChangeRequest>();
  auto* change = raster_cmd->add_subcommand("change", "Transition matrix of classes between two epochs, with areas");
  change->add_option("BEFORE", creq->before, "Class raster of the first epoch (e.g. grades from raster fvc)")
      ->required();
  change->add_option("AFTER", creq->after, "Class raster of the second epoch, on the same grid")->required();
  change->add_option("--out", creq->output, "Also write the change map (Byte: before x 10 + after; classes 0-9)");
  change->add_option("--scheme", creq->scheme, "Name the classes with this grading scheme (e.g. desertification_fvc5)");
  change->add_option("--zones", creq->zones, "Polygons (any CRS): one transition matrix per zone, coverage-weighted");
  change->add_option("--id-field", creq->id_field, "With --zones: the field that names each zone");
  change->add_flag("--make-valid", creq->make_valid, "With --zones: repair invalid polygons instead of stopping");
  change->footer(
      "Example:\n  ecobarrier raster change grades_2015.tif grades_2020.tif --scheme desertification_fvc5 --out "
      "change.tif\n"
      "  ecobarrier raster change g2020.tif g2025.tif --zones leagues.json --id-field name --format csv\n\n"
      "Areas in km², ha and mu use geodesic cell areas on geographic grids. \"up\" means a higher class code\n"
      "(for the FVC grades: more vegetation cover). See docs/raster.md.");
  change->callback([creq, &ctx] {
    ctx.present(
        runs::change_document(runs::run_change(with_class_names(*creq, ctx), ctx.cancellable_run_env()), ctx.lang()));
  });
}

void add_raster_trend(CLI::App* raster_cmd, Context& ctx) {
  auto treq = std::make_shared<runs::TrendRequest>();
  auto* trend = raster_cmd->add_subcommand("trend", "Per-pixel Theil-Sen slope and Mann-Kendall Z over annual rasters");
  trend->add_option("RASTERS", treq->years, "One raster per year, oldest first, all on the same grid")->required();
  trend->add_option("--slope", treq->slope_out, "Write the Theil-Sen slope (units per year) as Float32 GeoTIFF");
  trend->add_option("--z", treq->z_out, "Write the Mann-Kendall Z as Float32 GeoTIFF");
  trend->add_option("--classes", treq->class_out, "Write 1 degrading / 2 stable / 3 improving as Byte GeoTIFF");
  trend->add_option("--confidence", treq->confidence, "Two-sided significance level: 0.90, 0.95 or 0.99")
      ->capture_default_str();
  trend->add_option("--min-years", treq->min_years, "Fewer valid years than this: nodata")->capture_default_str();
  trend->footer(
      "Example:\n  ecobarrier raster trend ndvi_2016.tif ndvi_2017.tif ... ndvi_2025.tif --slope s.tif --classes "
      "c.tif\n\n"
      "Mann-Kendall with the tie correction and the continuity-corrected Z; significant negative Z = degrading,\n"
      "significant positive = improving (the productivity-trajectory sub-indicator of SDG 15.3.1). Missing years\n"
      "are left out with their year kept for slopes. See docs/raster.md.");
  trend->callback([treq, &ctx] {
    ctx.present(
        runs::trend_document(runs::run_trend(with_class_names(*treq, ctx), ctx.cancellable_run_env()), ctx.lang()));
  });
}

void add_raster_zonal(CLI::App* raster_cmd, Context& ctx) {
  auto req = std::make_shared<ZonalOptions>();
  auto* zonal = raster_cmd->add_subcommand("zonal",
                                           "Statistics of a raster per polygon, each cell weighted by the exact "
                                           "fraction of it the polygon covers");
  zonal
      ->add_option("FILES", req->files,
                   "RASTER... ZONES: one or more rasters GDAL reads (on one grid), then the polygons (GeoJSON, "
                   "GeoPackage, Shapefile, ... in any CRS)")
      ->required()
      ->expected(2, -1);
  zonal->add_option("--id-field", req->request.zone_options.id_field,
                    "Field that names each zone (default: the feature id)");
  zonal->add_option("--band", req->request.band, "Band number (1-based)")->capture_default_str();
  zonal
      ->add_option("--stats", req->request.stats,
                   "Comma-separated: count,sum,mean,min,max,stdev,majority,minority,variety,cells,area_m2,area_km2,"
                   "area_weighted_mean, median and pNN (coverage-weighted quantiles, e.g. p10,p98), and class_areas "
                   "(one area_km2_class_<value> column per class value)")
      ->capture_default_str();
  zonal->add_flag("--make-valid", req->request.zone_options.make_valid,
                  "Repair invalid polygons (GEOS MakeValid) instead of stopping");
  zonal->footer(
      "Examples:\n"
      "  ecobarrier raster zonal cropland.tif counties.json --id-field adcode --format csv -o cropland.csv\n"
      "  ecobarrier raster zonal ndvi.tif banners.gpkg --stats mean,area_km2,area_weighted_mean\n"
      "  ecobarrier raster zonal ndvi_2015.tif ndvi_2025.tif leagues.json --stats mean   (columns ndvi_2015_mean, "
      "...)\n\n"
      "count = Σ coverage fraction of valid cells, sum = Σ fraction x value, mean = sum / count (exactextract's\n"
      "definitions). area_* use each row's geodesic cell area on geographic grids. Zones are reprojected to the\n"
      "raster's CRS with PROJ. See docs/raster.md.");
  zonal->callback([req, &ctx] {
    runs::ZonalRequest request = req->request;
    if (!req->files.empty()) {
      request.rasters.assign(req->files.begin(), req->files.end() - 1);
      request.zones = req->files.back();
    }
    ctx.present(runs::zonal_document(runs::run_zonal(request, ctx.cancellable_run_env()), ctx.lang()));
  });
}

}  // namespace

void add_raster_commands(CLI::App& app, Context& ctx) {
  auto* raster_cmd = app.add_subcommand(
      "raster", "Raster ecology: NDVI, vegetation cover and grades, RSEI, change, trend, exact zonal statistics");
  raster_cmd->require_subcommand(1);
  add_raster_ndvi(raster_cmd, ctx);
  add_raster_fvc(raster_cmd, ctx);
  add_raster_classify(raster_cmd, ctx);
  add_raster_rsei(raster_cmd, ctx);
  add_raster_change(raster_cmd, ctx);
  add_raster_trend(raster_cmd, ctx);
  add_raster_zonal(raster_cmd, ctx);
}

}  // namespace eb::app
