// ecobarrier demo: the main job on the bundled real data (data/demo, see its PROVENANCE.md).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "app/cli/context.hpp"
#include "app/cli/governance_runs.hpp"
#include "app/demo/synthetic_carbon.hpp"
#include "app/demo/synthetic_drinking.hpp"
#include "app/demo/synthetic_governance.hpp"
#include "app/demo/synthetic_groundwater.hpp"
#include "app/demo/synthetic_indicators.hpp"
#include "app/demo/synthetic_ndvi.hpp"
#include "app/demo/synthetic_soil.hpp"
#include "app/demo/synthetic_soil_sites.hpp"
#include "app/demo/synthetic_water.hpp"
#include "app/receive/synthetic_sources.hpp"
#include "app/runs/account/account.hpp"
#include "app/runs/air/assess_units.hpp"
#include "app/runs/carbon/carbon_account.hpp"
#include "app/runs/carbon/carbon_sink.hpp"
#include "app/runs/drinking/drinking.hpp"
#include "app/runs/groundwater/assess.hpp"
#include "app/runs/groundwater/points.hpp"
#include "app/runs/raster/change.hpp"
#include "app/runs/raster/vegetation.hpp"
#include "app/runs/review/review.hpp"
#include "app/runs/soil/construction_sites.hpp"
#include "app/runs/soil/farmland.hpp"
#include "app/runs/source/emission.hpp"
#include "app/runs/source/source.hpp"
#include "app/runs/submission/submission.hpp"
#include "app/table/lang.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "io/atomic_file.hpp"
#include "io/gdal_raster.hpp"
#include "io/indicator_registry.hpp"
#include "io/zone_layer.hpp"
#include "store/admin_store.hpp"
#include "store/workspace.hpp"

namespace eb::app {

namespace {

// The demo rebuilds its workspace from scratch, but never deletes a file that is not an ecobarrier workspace.
void remove_previous_demo(const std::string& path) {
  namespace fs = std::filesystem;
  if (!fs::exists(path)) return;
  bool ours = false;
  try {
    store::Database db(path, store::Database::Mode::read_only);
    ours = db.table_exists("ecobarrier_migration");
  } catch (const Error&) {
  }
  if (!ours) throw UsageError(path + " exists and is not an ecobarrier workspace; choose another --workspace");
  fs::remove(path);
  fs::remove(path + "-journal");
}

// The ecology step: SYNTHETIC NDVI of two epochs over the leagues of `leagues_path`, written into `dir`; vegetation
// cover and desertification grades, their areas per league/city and the change matrix.
// Returns the SYNTHETIC NDVI files (the carbon step derives its land cover from them).
SyntheticNdviFiles vegetation_step(Context& ctx, const std::string& leagues_path, const std::string& dir) {
  const Lang l = ctx.lang();
  const runs::RunEnv env = ctx.run_env();
  io::set_gdal_cache_bytes(64ll << 20);
  io::ZoneLayerOptions zone_options;
  zone_options.make_valid = true;
  std::vector<engine::raster::Zone> region;
  for (auto& f : io::read_zone_layer(leagues_path, io::crs_wkt_from_epsg(4326), zone_options))
    region.push_back(std::move(f.zone));
  SyntheticNdviOptions options;
  const SyntheticNdviFiles ndvi = write_synthetic_ndvi(dir, region, options);
  ctx.out() << tr(l, "SYNTHETIC 合成 NDVI（固定种子，仅地理格局真实）：",
                  "SYNTHETIC NDVI (seeded; only the geography is real): ")
            << ndvi.first << ", " << ndvi.second << "\n";
  runs::CoverChangeRequest cover;
  cover.years = {options.first_year, options.second_year};
  cover.zones = leagues_path;
  cover.id_field = "adcode";
  for (std::size_t e = 0; e < 2; ++e) {
    runs::FvcRequest req;
    req.ndvi = e == 0 ? ndvi.first : ndvi.second;
    cover.fvc[e] = req.output = fmt::format("{}/fvc_{}.tif", dir, cover.years[e]);
    cover.grades[e] = req.grades_output = fmt::format("{}/fvc_grades_{}.tif", dir, cover.years[e]);
    // Fixed endpoints, so that the two years are on one scale (scene percentiles would differ per year).
    req.soil = 0.05;
    req.veg = 0.85;
    req.class_names_zh = l == Lang::zh;
    ctx.out() << "\n";
    ctx.present(runs::fvc_document(runs::run_fvc(req, env), l));
  }
  ctx.out() << "\n";
  ctx.present(runs::cover_change_document(runs::run_cover_change(cover, env), l));
  ctx.out() << "\n";
  runs::ChangeRequest change;
  change.before = cover.grades[0];
  change.after = cover.grades[1];
  change.output = fmt::format("{}/fvc_grade_change_{}_{}.tif", dir, cover.years[0], cover.years[1]);
  change.scheme = cover.scheme;
  change.class_names_zh = l == Lang::zh;
  ctx.present(runs::change_document(runs::run_change(change, env), l));
  return ndvi;
}

// What every step of the demo shares: the terminal, the language, the workspace, the bundled data and the folder
// of SYNTHETIC inputs beside the workspace.
struct Demo {
  Context& ctx;
  Lang l;
  std::string ws, data, synthetic;

  void step(const char* zh, const char* en) const { ctx.out() << "\n== " << tr(l, zh, en) << " ==\n"; }
  // The units of a level as the generators take them (code, Chinese name, boundary).
  std::vector<UnitShape> shapes(int level) const {
    store::Workspace w(ws, store::Workspace::Open::existing);
    std::vector<UnitShape> out;
    for (auto& u : store::unit_geometries(w, level)) out.push_back({u.unit.code, u.unit.name_zh, u.wkb});
    return out;
  }
  std::vector<std::string> codes(int level) const {
    store::Workspace w(ws, store::Workspace::Open::existing);
    std::vector<std::string> out;
    for (const auto& u : store::list_units(w, level)) out.push_back(u.code);
    return out;
  }
};

// Steps 1-5: the workspace, the real boundaries, stations and observations, and their summary.
void demo_catalog(const Demo& d) {
  d.step("1. 创建工作空间", "1. Create the workspace");
  store::Workspace(d.ws, store::Workspace::Open::create_if_missing);
  d.ctx.out() << d.ws << "\n";
  d.step("2. 导入行政区划（阿里云 DataV）", "2. Import administrative boundaries (Aliyun DataV)");
  run_unit_import(d.ctx, d.ws, {d.data + "/boundaries/150000.json", d.data + "/boundaries/150000_counties_merged.json"},
                  {}, "");
  d.step("3. 导入国控空气站点名录", "3. Import the CNEMC air station list");
  run_station_import(d.ctx, d.ws, {d.data + "/air/cnemc_station_list_2022-02-13_innermongolia.csv"}, "air");
  d.step("4. 导入监测数据", "4. Import observations");
  run_obs_import(d.ctx, d.ws,
                 {d.data + "/air/cnemc_hourly_2019H1_innermongolia.csv",
                  d.data + "/air/aqistudy_daily_innermongolia_2013-12_2017-01.csv"},
                 "auto", "", "", "");
  d.step("5. 概况", "5. Summary");
  print_summary(d.ctx, d.ws, "", "all", "1h,day,day_max_8h");
}

// Step 6: HJ 663 of the bundled real air data.
void demo_air(const Demo& d) {
  d.step("6. 环境空气质量评价（HJ 663）", "6. Air quality assessment (HJ 663)");
  // 2016: the last whole year of the bundled city daily values; 2019 H1: the bundled hourly station data.
  for (const auto& [period, level] : std::vector<std::pair<std::string, std::string>>{
           {"2016", "region"}, {"2016", "city"}, {"2019-01-01..2019-06-30", "city"}}) {
    AssessRequest req;
    req.period = *parse_period(period);
    req.level = level;
    print_air_assessment(d.ctx, d.ws, req, "");
    d.ctx.out() << "\n";
  }
}

// Step 7: SYNTHETIC water sections and samples, assessed by GB 3838.
void demo_water(const Demo& d) {
  d.step("7. 地表水（SYNTHETIC 合成数据）", "7. Surface water (SYNTHETIC data)");
  d.ctx.out() << tr(
      d.l,
      "本项目没有内蒙古断面的公开监测数据：以下断面名称真实、位置近似、数值由固定种子生成器合成（SYNTHETIC），"
      "仅用于演示。\n",
      "No public section measurements of Inner Mongolia are bundled: the sections below have real names,\n"
      "approximate locations and values made up by a seeded generator (SYNTHETIC), for the demo only.\n");
  const SyntheticWaterFiles water = write_synthetic_water(d.synthetic, 2024, 2023, 2024);
  run_water_section_import(d.ctx, d.ws, {water.sections});
  run_obs_import(d.ctx, d.ws, {water.samples}, "water", "SYNTHETIC demo generator (seed 2024)", "", "");
  run_water_assess(d.ctx, d.ws, "2024", "section", "2023", "half");
  d.ctx.out() << "\n";
  run_water_assess(d.ctx, d.ws, "2024", "basin", "2023", "half");
}

// Step 8: SYNTHETIC NDVI over the real leagues.
SyntheticNdviFiles demo_vegetation(const Demo& d) {
  d.step("8. 植被覆盖与沙化（SYNTHETIC 合成 NDVI）", "8. Vegetation cover and desertification (SYNTHETIC NDVI)");
  d.ctx.out() << tr(
      d.l,
      "本项目没有全区 NDVI 产品：以下 NDVI 由固定种子模型生成（东西向水分梯度：呼伦贝尔森林、中部草原、"
      "阿拉善荒漠，及科尔沁、浑善达克、库布其、毛乌素沙地），仅用于演示；行政边界与面积计算是真实的。\n",
      "No region-wide NDVI product is bundled: the NDVI below comes from a seeded model (east-west\n"
      "moisture gradient: Hulunbuir forest, central steppe, Alxa desert; the Horqin, Hunshandake, Kubuqi\n"
      "and Mu Us sandy lands), for the demo only; the boundaries and the area arithmetic are real.\n");
  return vegetation_step(d.ctx, d.data + "/boundaries/150000.json",
                         (std::filesystem::path(d.ws).parent_path() / "raster").string());
}

// Step 9: SYNTHETIC protected layers, their shares per league and the screening of sample sites; returns the
// generated files (the ledger step imports their projects and plans).
SyntheticGovernanceFiles demo_protected(const Demo& d) {
  d.step("9. 保护地与选址筛查（SYNTHETIC 合成图层）", "9. Protected layers and site screening (SYNTHETIC layers)");
  d.ctx.out() << tr(
      d.l,
      "本项目没有生态保护红线、自然保护区等公开图层：以下图层由固定种子生成器在真实盟市、旗县边界内合成"
      "（SYNTHETIC），数量仿照实际（380 个保护区、63 个湿地公园、1131 个水源地），仅用于演示。\n",
      "No red-line, reserve or other protected layers are public: the layers below are made by a seeded\n"
      "generator inside the real league and banner boundaries (SYNTHETIC), with counts like the real ones\n"
      "(380 reserves, 63 wetland parks, 1,131 water-source areas), for the demo only.\n");
  const SyntheticGovernanceFiles gov = write_synthetic_governance(d.synthetic, d.shapes(2), d.shapes(3), 2026);
  for (const auto& [file, kind, zoned] :
       std::vector<std::tuple<std::string, std::string, bool>>{{gov.red_line, "red_line", false},
                                                               {gov.reserves, "nature_reserve", true},
                                                               {gov.national_parks, "national_park", true},
                                                               {gov.wetlands, "wetland", false},
                                                               {gov.water_sources, "water_source", true},
                                                               {gov.basic_grassland, "basic_grassland", false}}) {
    LayerImportRequest req;
    req.ws = d.ws;
    req.file = file;
    req.kind = kind;
    req.name_field = "name";
    if (zoned) req.zone_field = "zone";
    if (kind == "nature_reserve") req.level_field = "level";
    run_layer_import(d.ctx, req);
  }
  d.ctx.out() << "\n";
  run_layer_list(d.ctx, d.ws);
  d.ctx.out() << "\n";
  run_layer_stats(d.ctx, d.ws, 2);
  d.ctx.out() << "\n";
  ScreenRequest screen;
  screen.ws = d.ws;
  screen.sites = gov.sites;
  run_screen(d.ctx, screen);
  return gov;
}

// Step 10: the SYNTHETIC restoration ledger against its plans.
void demo_ledger(const Demo& d, const SyntheticGovernanceFiles& gov) {
  d.step("10. 生态修复项目台账（SYNTHETIC 合成台账）", "10. Restoration ledger (SYNTHETIC ledger)");
  d.ctx.out() << tr(d.l,
                    "2023 年总量仿照实际（造林 556 万亩、种草 1817 万亩、沙化土地治理 950 万亩），按旗县随机分配；"
                    "年度计划与矿山数据亦为合成（SYNTHETIC）。\n",
                    "The 2023 totals follow the real ledger (5.56 million mu afforestation, 18.17 million mu grass\n"
                    "planting, 9.5 million mu desertification control), split over the banners at random; plans and\n"
                    "mine figures are SYNTHETIC too.\n");
  run_project_import(d.ctx, d.ws, gov.projects, "");
  run_plan_import(d.ctx, d.ws, gov.plans);
  d.ctx.out() << "\n";
  SummaryRequest summary;
  summary.ws = d.ws;
  summary.year = 2023;
  summary.level = 1;
  run_project_summary(d.ctx, summary);
}

// Step 11: SYNTHETIC farmland plots and construction-land sites with their samples, classed by GB 15618 and GB
// 36600, and the safe-use rates (the farmland measures come from the ledger).
void demo_soil(const Demo& d) {
  d.step("11. 土壤（SYNTHETIC 合成地块与样品）", "11. Soil (SYNTHETIC plots, sites and samples)");
  d.ctx.out() << tr(d.l,
                    "本项目没有内蒙古耕地地块和建设用地地块的公开调查数据：以下地块、样品和安全利用措施由固定种子"
                    "生成器合成（SYNTHETIC），仅用于演示；评价规则（GB 15618-2018、GB 36600-2018）是真实的。\n",
                    "No plot-level soil survey of Inner Mongolia is public: the plots, sites, samples and measures\n"
                    "below come from seeded generators (SYNTHETIC), for the demo only; the rules (GB 15618-2018,\n"
                    "GB 36600-2018) are real.\n");
  const runs::RunEnv env = d.ctx.run_env();
  const SyntheticSoilFiles farm = write_synthetic_soil(d.synthetic, 2026, 2023, 2024);
  d.ctx.present(runs::soil_import_document(runs::run_soil_plot_import({d.ws, farm.plots}, env), d.l));
  d.ctx.present(runs::soil_import_document(runs::run_soil_sample_import({d.ws, farm.samples}, env), d.l));
  run_project_import(d.ctx, d.ws, farm.measures, "");
  d.ctx.out() << "\n";
  d.ctx.present(runs::soil_assess_document(runs::run_soil_assess({d.ws, 2024, 2}), d.l));
  d.ctx.out() << "\n";
  const SyntheticSoilSiteFiles sites = write_synthetic_soil_sites(d.synthetic, 2024, 2022, 2024);
  d.ctx.present(runs::soil_site_import_document(runs::run_soil_site_import({d.ws, {sites.sites}}, env), false, d.l));
  d.ctx.present(
      runs::soil_site_import_document(runs::run_soil_site_sample_import({d.ws, {sites.samples}}, env), true, d.l));
  d.ctx.out() << "\n";
  d.ctx.present(runs::soil_site_assess_document(runs::run_soil_site_assess({d.ws, 2024, 2}), d.l));
}

// Step 12: SYNTHETIC centralised drinking-water sources (GB 3838 / GB/T 14848 class III) and groundwater points
// (GB/T 14848).
void demo_drinking_groundwater(const Demo& d) {
  d.step("12. 饮用水水源地与地下水（SYNTHETIC 合成数据）",
         "12. Drinking-water sources and groundwater (SYNTHETIC data)");
  d.ctx.out() << tr(d.l, "以下水源地、地下水点位及其监测数值由固定种子生成器合成（SYNTHETIC），仅用于演示。\n",
                    "The sources, groundwater points and their values below come from seeded generators\n"
                    "(SYNTHETIC), for the demo only.\n");
  const runs::RunEnv env = d.ctx.run_env();
  const SyntheticDrinkingFiles drinking = write_synthetic_drinking(d.synthetic, 20240101, 2023, 2024);
  run_water_section_import(d.ctx, d.ws, {drinking.points});
  runs::DrinkingSourceImportRequest sources;
  sources.workspace = d.ws;
  sources.files = {drinking.sources};
  d.ctx.present(runs::drinking_source_import_document(runs::run_drinking_source_import(sources, env), d.l));
  run_obs_import(d.ctx, d.ws, {drinking.samples}, "water", "SYNTHETIC demo generator (seed 20240101)", "", "");
  runs::DrinkingAssessRequest assess;
  assess.workspace = d.ws;
  assess.year = 2024;
  assess.level = 2;
  d.ctx.present(runs::drinking_assess_document(runs::run_drinking_assess(assess), d.l));
  d.ctx.out() << "\n";
  const SyntheticGroundwaterFiles gw = write_synthetic_groundwater(d.synthetic, 2017, 2023, 2024);
  runs::GroundwaterPointImportRequest points;
  points.workspace = d.ws;
  points.files = {gw.points};
  d.ctx.present(runs::groundwater_point_import_document(runs::run_groundwater_point_import(points, env), d.l));
  runs::GroundwaterSampleImportRequest samples;
  samples.workspace = d.ws;
  samples.files = {gw.samples};
  samples.source = "SYNTHETIC demo generator (seed 2017)";
  d.ctx.present(runs::groundwater_sample_import_document(runs::run_groundwater_sample_import(samples, env), d.l));
  runs::GroundwaterAssessRequest gw_assess;
  gw_assess.workspace = d.ws;
  gw_assess.year = 2024;
  gw_assess.baseline = 2023;
  gw_assess.level = 2;
  d.ctx.out() << "\n";
  d.ctx.present(runs::groundwater_assess_document(runs::run_groundwater_assess(gw_assess), d.l));
}

// Step 13: SYNTHETIC energy use, GDP and targets of the leagues, their CO2 and intensities, and the carbon-sink
// estimate from land cover derived from the SYNTHETIC NDVI of step 8.
void demo_carbon(const Demo& d, const SyntheticNdviFiles& ndvi) {
  d.step("13. 能源与碳排放（SYNTHETIC 合成能源、GDP 与土地覆盖）",
         "13. Energy and carbon (SYNTHETIC energy, GDP and land cover)");
  d.ctx.out() << tr(d.l,
                    "各盟市能源消费、GDP 与五年目标由固定种子生成器合成（SYNTHETIC，以煤为主，仿照内蒙古能源结构）；"
                    "折标系数、排放因子和电网因子为公开数据（来源见 docs/carbon.md）。\n",
                    "The leagues' energy use, GDP and five-year targets come from a seeded generator (SYNTHETIC,\n"
                    "coal-heavy like the region's); the conversion coefficients and emission factors are published\n"
                    "ones (sources in docs/carbon.md).\n");
  const runs::RunEnv env = d.ctx.run_env();
  const SyntheticCarbonFiles carbon = write_synthetic_carbon(d.synthetic, 2020, 2020, 2025);
  for (const auto& [kind, file] :
       std::vector<std::pair<runs::CarbonImportKind, std::string>>{{runs::CarbonImportKind::energy, carbon.energy},
                                                                   {runs::CarbonImportKind::gdp, carbon.gdp},
                                                                   {runs::CarbonImportKind::targets, carbon.targets}}) {
    runs::CarbonImportRequest req;
    req.workspace = d.ws;
    req.kind = kind;
    req.files = {file};
    d.ctx.present(runs::carbon_import_document(runs::run_carbon_import(req, env), d.l));
  }
  d.ctx.out() << "\n";
  d.ctx.present(runs::carbon_account_document(runs::run_carbon_account({d.ws, 2023, 2020, 1, std::nullopt}), d.l));
  const std::string dir = (std::filesystem::path(d.ws).parent_path() / "raster").string();
  const std::string before = dir + "/landcover_2015_synthetic.tif", after = dir + "/landcover_2025_synthetic.tif";
  write_synthetic_landcover(ndvi.first, before, d.l == Lang::zh);
  write_synthetic_landcover(ndvi.second, after, d.l == Lang::zh);
  d.ctx.out() << "\n"
              << tr(d.l, "SYNTHETIC 合成土地覆盖（由合成 NDVI 分级）：",
                    "SYNTHETIC land cover (classed from the SYNTHETIC NDVI): ")
              << before << ", " << after << "\n";
  runs::CarbonSinkRequest sink;
  sink.before = before;
  sink.after = after;
  sink.years = {2015, 2025};
  sink.zones = d.data + "/boundaries/150000.json";
  d.ctx.present(runs::carbon_sink_document(runs::run_carbon_sink(sink, env), d.l));
}

// Step 14: scores and ranks of the leagues and cities on SYNTHETIC indicator values.
void demo_assessment(const Demo& d) {
  d.step("14. 盟市考核评分与排名（SYNTHETIC 合成指标值）",
         "14. Assessment of the leagues and cities (SYNTHETIC values)");
  d.ctx.out() << tr(
      d.l,
      "指标登记表为演示用（data/assessment/registry_demo.csv，权重与上下限为项目设定）；受污染耕地安全"
      "利用率与单位 GDP 能耗下降率由第 11、13 步的数据计算（assess derive），其余指标值由固定种子生成器"
      "合成（SYNTHETIC）。\n",
      "The registry is a demo one (data/assessment/registry_demo.csv; weights and bounds are project\n"
      "choices); the safe-use rate of contaminated farmland and the drop in energy intensity are computed\n"
      "from the data of steps 11 and 13 (assess derive), the other values come from a seeded generator\n"
      "(SYNTHETIC).\n");
  const std::string registry = Context::data_dir() + "/assessment/registry_demo.csv";
  // Only the indicators the registry does not derive are made up.
  std::vector<io::RegistryIndicator> imported;
  for (auto& i : io::read_indicator_registry(registry))
    if (i.source.rfind("derived", 0) != 0) imported.push_back(std::move(i));
  run_assess_import(d.ctx, d.ws, write_synthetic_indicators(d.synthetic, imported, d.codes(2), 2027));
  for (int year = 2021; year <= 2024; ++year) {
    d.ctx.out() << "\n";
    DeriveRequest derive;
    derive.ws = d.ws;
    derive.year = year;
    derive.from = {"soil", "groundwater", "drinking", "carbon"};
    if (year == 2023) {  // the sink estimate of the land cover of step 13, stored once
      const std::string dir = (std::filesystem::path(d.ws).parent_path() / "raster").string();
      derive.land_cover = {"2015=" + dir + "/landcover_2015_synthetic.tif",
                           "2025=" + dir + "/landcover_2025_synthetic.tif"};
      derive.sink_zones = d.data + "/boundaries/150000.json";
    }
    run_assess_derive(d.ctx, derive);
  }
  d.ctx.out() << "\n";
  ScoreRequest score;
  score.ws = d.ws;
  score.registry = registry;
  score.year = 2023;
  score.level = 2;
  score.draws = 2000;
  score.seed = 2023;
  run_assess_score(d.ctx, score);
  d.ctx.out() << "\n";
  run_assess_progress(d.ctx, score, "energy.intensity_drop_vs_2020_pct");
}

// Step 12: SYNTHETIC chiefs and patrols, and their coverage.
void demo_chiefs(const Demo& d) {
  d.step("15. 河湖长、林长巡查（SYNTHETIC 合成名册与巡查记录）", "15. Chiefs' patrols (SYNTHETIC roster and patrols)");
  const SyntheticChiefFiles chiefs = write_synthetic_chiefs(d.synthetic, d.codes(2), d.codes(3), 2028);
  run_chief_import_files(d.ctx, d.ws, chiefs.chiefs, chiefs.patrols);
  // The per-chief table has ~130 rows: the demo prints the roll-up (the whole table: chief coverage).
  run_chief_coverage(d.ctx, d.ws, "2023", "", 2, false);
}

// Step 13: SYNTHETIC enterprises streaming hourly data through the real HJ 212 receiver, and the review of what
// they sent.
void demo_sources(const Demo& d) {
  d.step("16. 污染源在线监测与数据审核（SYNTHETIC 合成企业）",
         "16. Pollution sources online and data review (SYNTHETIC enterprises)");
  d.ctx.out() << tr(
      d.l,
      "4 家合成企业（SYNTHETIC，统一社会信用代码校验位有效）的 6 个排放口，经本机回环端口上真实的 HJ 212 "
      "接收服务，发送 48 小时小时数据（2061，固定种子），其中放入下列异常；随后对排放口运行数据审核，"
      "再按排放标准判定审核后的小时超标。\n",
      "4 SYNTHETIC enterprises (valid check characters of their 统一社会信用代码) with 6 outlets send 48\n"
      "hours of hourly data (CN 2061, seeded) through the real HJ 212 receiver on a loopback port, with\n"
      "the anomalies below; then the outlets' data are reviewed and the reviewed hours judged against\n"
      "the emission limits.\n");
  const receive::SyntheticSourcesOptions options;
  const receive::SyntheticSources sources = receive::synthetic_sources(options);
  std::filesystem::create_directories(d.synthetic);
  const std::string registry = d.synthetic + "/synthetic_sources.csv";
  io::AtomicFile::write(registry, sources.registry_csv);
  const runs::RunEnv env = d.ctx.run_env();
  d.ctx.present(runs::source_import_document(runs::run_source_import({d.ws, registry}, env), d.l));
  d.ctx.out() << "\n";
  Table anomalies;
  anomalies.title_zh = "放入数据流的异常";
  anomalies.title_en = "Anomalies put into the stream";
  anomalies.columns = {{"outlet", "排放口", "outlet"},
                       {"pollutant", "污染物", "pollutant"},
                       {"from", "起始（北京时间）", "from (Beijing)"},
                       {"hours", "小时数", "hours"},
                       {"what", "内容", "what"}};
  for (const auto& a : sources.anomalies) {
    const CivilDateTime from =
        epoch_to_beijing(beijing_to_epoch(options.start) + static_cast<EpochSeconds>(a.change.hour) * 3600);
    anomalies.add({a.outlet, a.change.pollutant,
                   fmt::format("{} {:02d}:{:02d}", format_date(from.date), from.hour, from.minute),
                   Cell(a.change.hours), tr(d.l, a.what_zh, a.what_en)});
  }
  d.ctx.present(Document(std::move(anomalies)));
  d.ctx.out() << "\n";
  const receive::StreamResult streamed = receive::stream_through_receiver(d.ws, sources.simulator);
  // Counts that do not depend on timing (commits and latencies do: `hj212 send` and `receive` print those).
  d.ctx.out() << fmt::format(
      "{}: {} {}, {} {}; {}: {} {}, {} {}, {} {}, {} {}\n", tr(d.l, "模拟设备", "simulated devices"),
      tr(d.l, "发送", "sent"), streamed.simulator.sent, tr(d.l, "已应答", "answered"), streamed.simulator.acked,
      tr(d.l, "接收服务", "receiver"), tr(d.l, "数据包", "packets"), streamed.receiver.packets,
      tr(d.l, "新数值", "new values"), streamed.receiver.values_new, tr(d.l, "重复", "repeated"),
      streamed.receiver.values_duplicate, tr(d.l, "拒收", "refused"),
      streamed.receiver.unknown_mn + streamed.receiver.wrong_password + streamed.receiver.malformed());
  d.ctx.present(runs::source_list_document(runs::run_source_list(d.ws, env), d.l));
  d.ctx.out() << "\n";
  runs::ReviewRunRequest review;
  review.workspace = d.ws;
  // The whole days of the stream (it starts at midnight).
  const CivilDate last = civil_from_days(days_from_civil(options.start.date) + (options.hours - 1) / 24);
  review.period = *parse_period(fmt::format("{}..{}", format_date(options.start.date), format_date(last)));
  review.subjects = runs::ReviewSubjects::outlets;
  d.ctx.present(runs::review_run_document(runs::run_review_run(review, env), d.l));
  d.ctx.out() << "\n";
  // The hours beyond the emission limits, judged after the review (its invalidated hours left out): the part with
  // one row per hour, and the notes on what was used.
  const Document judged =
      runs::source_exceedances_document(runs::run_source_exceedances({d.ws, review.period, {}}, env), d.l);
  Document exceedances(*judged.find("exceedances"));
  exceedances.notes = judged.notes;
  d.ctx.present(exceedances);
}

// Step 14: SYNTHETIC accounts of a league and two of its banners, and one submission going through approval.
void demo_accounts(const Demo& d) {
  d.step("17. 账户、填报与审批（SYNTHETIC 合成账户）", "17. Accounts, reporting and approval (SYNTHETIC accounts)");
  const runs::RunEnv env = d.ctx.run_env();
  // Hohhot (呼和浩特市) approves; two of its districts report. The password is the demo's, printed so that the
  // dashboard can be tried with these accounts; never use it for a real account.
  const std::string password = "demo-password-2023";
  struct DemoUser {
    const char *name, *role, *unit;
  };
  const DemoUser users[] = {{"demo-hohhot-approver", "approver", "150100"},
                            {"demo-xincheng-reporter", "reporter", "150102"},
                            {"demo-huimin-reporter", "reporter", "150103"}};
  for (const auto& u : users) runs::run_user_add({d.ws, u.name, u.role, u.unit, std::nullopt, password, "demo"}, env);
  // Without the times of the list (`user list` shows them): the demo's output is the same at every run.
  Table accounts;
  accounts.title_zh = "账户（SYNTHETIC）";
  accounts.title_en = "Accounts (SYNTHETIC)";
  accounts.columns = {{"name", "账户", "account"}, {"role", "角色", "role"}, {"unit_code", "单位", "unit"}};
  for (const auto& u : runs::run_user_list(d.ws, env)) accounts.add({u.name, u.role, u.unit_code});
  d.ctx.present(Document(std::move(accounts)));
  d.ctx.out() << tr(d.l, "（合成账户的演示密码：", "(the SYNTHETIC accounts' demo password: ") << password
              << tr(d.l, "；登录看板即可查看“我的提交”和“待审批”）\n\n",
                    "; sign in on the dashboard to see \"My submissions\" and \"To approve\")\n\n");
  store::Workspace ws(d.ws, store::Workspace::Open::existing);
  const runs::Principal approver = runs::run_login(ws, users[0].name, password, "demo").principal;
  const runs::Principal xincheng = runs::run_login(ws, users[1].name, password, "demo").principal;
  const runs::Principal huimin = runs::run_login(ws, users[2].name, password, "demo").principal;
  // 新城区 reports a SYNTHETIC afforestation project's progress with its outline (for 2024: the 2023 ledger's totals
  // stay those of the real statistics); 回民区 an indicator value.
  const nlohmann::json project = {
      {"code", "SYN-2024-150102-SUB1"},
      {"name", "SYNTHETIC 大青山南麓人工造林（填报示例）"},
      {"type", "afforestation"},
      {"unit_code", "150102"},
      {"year", "2024"},
      {"planned", "1500"},
      {"planned_unit", "亩"},
      {"completed", "1250.5"},
      {"completed_unit", "亩"},
      {"geometry",
       {{"type", "Polygon"},
        {"coordinates", {{{111.70, 40.86}, {111.73, 40.86}, {111.73, 40.88}, {111.70, 40.88}, {111.70, 40.86}}}}}}};
  const store::Submission first = runs::run_submit(ws, xincheng, "project", project);
  const nlohmann::json value = {{"indicator", "forest_cover"},
                                {"unit_code", "150103"},
                                {"year", "2023"},
                                {"value", "19.7"},
                                {"source", "SYNTHETIC demo submission"}};
  const store::Submission second = runs::run_submit(ws, huimin, "indicator_value", value);
  runs::run_approve(ws, approver, first.id);
  runs::run_return(ws, approver, second.id,
                   tr(d.l, "请附森林资源年度监测报告", "please attach the annual forest resource monitoring report"));
  Table decided;
  decided.title_zh = "填报与审批";
  decided.title_en = "Submissions and decisions";
  decided.columns = {{"id", "编号", "id"},
                     {"kind", "类型", "kind"},
                     {"unit_code", "单位", "unit"},
                     {"record_key", "记录", "record"},
                     {"status", "状态", "status"},
                     {"submitted_by", "填报人", "submitted by"},
                     {"decided_by", "审批人", "decided by"},
                     {"reason", "退回理由", "reason"}};
  for (const auto& s : runs::run_submissions(ws, approver))
    decided.add({Cell(static_cast<std::int64_t>(s.id)), s.kind, s.unit_code, s.record_key, s.status, s.submitted_by,
                 s.decided_by.value_or(""), s.reason.value_or("")});
  d.ctx.present(Document(std::move(decided)));
  d.ctx.out() << tr(d.l, "已批准的项目进入台账（project summary 可见）；退回的指标值不计入任何汇总。\n",
                    "The approved project is in the ledger (project summary shows it); the returned value counts "
                    "nowhere.\n");
}
}  // namespace

void add_demo_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string ws = "ecobarrier-demo.gpkg";
    std::string data;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("demo", "Build the demo workspace from the bundled real data and print its summary");
  cmd->add_option("--workspace", o->ws, "Where to write the demo workspace (rebuilt from scratch)")
      ->capture_default_str();
  cmd->add_option("--data", o->data, "Demo data directory (default: the bundled data/demo)");
  cmd->footer(
      "Examples:\n  ecobarrier demo --workspace build/demo/ecobarrier-demo.gpkg --lang en\n\n"
      "Steps: init; import Inner Mongolia boundaries (12 leagues/cities, 103 banners/counties, region\n"
      "dissolved from them); import the CNEMC station list; import CNEMC hourly data 2019-01..06 and the\n"
      "aqistudy daily city values 2013-12..2017-01; print the summary and the HJ 663 assessment of the region\n"
      "and each city (2016 from the city daily values; 2019 H1 from the stations); SYNTHETIC water sections;\n"
      "SYNTHETIC NDVI 2015/2025 over the region: vegetation cover, desertification grades per league/city and\n"
      "their change (GeoTIFFs next to the workspace, under raster/); SYNTHETIC protected layers, the screening of\n"
      "sample sites and protected shares per league; a SYNTHETIC 2023 restoration ledger against plans; SYNTHETIC\n"
      "enterprises streaming 48 hours of hourly data through the HJ 212 receiver on a loopback port, and the review\n"
      "marks of their outlets. Open the workspace in QGIS.");
  cmd->callback([o, &ctx] {
    const Lang l = ctx.lang();
    const std::string data = o->data.empty() ? Context::data_dir() + "/demo" : o->data;
    if (!std::filesystem::is_directory(data)) throw IoError(data + ": demo data directory not found");
    if (const auto dir = std::filesystem::path(o->ws).parent_path(); !dir.empty())
      std::filesystem::create_directories(dir);
    remove_previous_demo(o->ws);

    const Demo d{ctx, l, o->ws, data, (std::filesystem::path(o->ws).parent_path() / "synthetic").string()};
    demo_catalog(d);
    demo_air(d);
    demo_water(d);
    const SyntheticNdviFiles ndvi = demo_vegetation(d);
    const SyntheticGovernanceFiles gov = demo_protected(d);
    demo_ledger(d, gov);
    demo_soil(d);
    demo_drinking_groundwater(d);
    demo_carbon(d, ndvi);
    demo_assessment(d);
    demo_chiefs(d);
    demo_sources(d);
    demo_accounts(d);
    ctx.out() << "\n"
              << tr(l, "工作空间（可用 QGIS 打开）：", "Workspace (opens in QGIS): ")
              << std::filesystem::absolute(o->ws).string() << "\n"
              << tr(l, "全部统计方式的获取率：ecobarrier summary WS --part capture --format csv",
                    "Capture for every averaging: ecobarrier summary WS --part capture --format csv")
              << "\n";
  });
}

}  // namespace eb::app
