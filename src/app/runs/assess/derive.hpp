// Indicator values the engines produce, stored like imported ones with their provenance (docs/assessment.md):
// from the air assessment (HJ 663) of every city with data in the year, from the water assessment of the sections
// of every league/city, from rasters averaged over the units of a level, from the restoration ledger against
// the plans, and from the emission loads of the pollution sources (docs/sources.md).
#pragma once

#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "store/indicator_store.hpp"

namespace eb::app::runs {

struct AssessDeriveRequest {
  std::string ws, below_dl = "half";    // below_dl: water values below the detection limit (half, limit or zero)
  int year = 0, level = 2;              // level: the units rasters are averaged over
  double scale = 1;                     // raster means times this
  std::vector<std::string> from;        // air, water, ledger, sources, soil, groundwater, drinking, carbon, raster;
                                        // empty: all but raster
  std::vector<std::string> rasters;     // INDICATOR=PATH
  std::vector<std::string> land_cover;  // YEAR=PATH, twice: the carbon-sink estimate between the two years
  std::string sink_zones, sink_id_field = "adcode";  // the units' boundaries for the sink estimate
  std::string registry;  // indicator registry: its source.reduction_<code>_pct entries (optional)
};

// A raster averaged over the units: its indicator, file, and the units that do not overlap it.
struct AssessRasterInput {
  std::string indicator, path;
  std::size_t zones_outside = 0;
};

// A value that could not be derived for a unit.
struct AssessNotDerived {
  enum class Why { no_valid_cells, capture_rule, no_baseline };
  std::string unit_code, indicator;
  Why why = Why::no_valid_cells;
  std::string capture_note;  // capture_rule: what the rule missed; no_baseline: the baseline year wanted
};

struct AssessDeriveResult {
  int year = 0;
  std::vector<AssessRasterInput> rasters;
  std::string air_rules;                      // the air rule set (HJ 633 + GB 3095 + HJ 663); empty without air
  std::vector<store::IndicatorValue> values;  // every value derived, each with its source (provenance)
  std::vector<AssessNotDerived> not_derived;  // in the order found: rasters, then air
  std::size_t sections_unplaced = 0;          // water sections in no league/city (left out)
  store::IndicatorImportReport stored;        // added, updated, unchanged
};
// Produces air.pm25_mean, air.pm10_mean (where the capture rule is met), air.good_day_ratio per city;
// water.share_i_iii_pct and water.share_worse_v_pct per league/city; ledger.<type>_completion (%) per league; and
// each raster's indicator as its area-weighted mean over the units of the level (times the scale);
// source.load_<code>_t (t, HJ 212-2017 pollutant code) per league/city from the hourly data of its outlets and, for
// each registry indicator source.reduction_<code>_pct with a baseline year, the reduction achieved against the
// baseline year's load in % (the baseline from a stored source.load_<code>_t value, else from the data received
// that year); soil.farmland_safe_use_pct (GB 15618, with the areas by category in mu) and
// soil.key_construction_safe_use_pct (GB 36600); groundwater.share_i_iv_pct and groundwater.share_v_pct (GB/T
// 14848); drinking.compliant_sources_pct and drinking.compliant_supply_pct; energy.intensity_drop_vs_2020_pct and
// carbon.intensity_drop_vs_2020_pct and, given two land-cover rasters, carbon.sink_t_co2 (an ESTIMATE) per league/
// city and for the region. UsageError for a malformed INDICATOR=PATH or YEAR=PATH or below-detection rule.
AssessDeriveResult run_assess_derive(const AssessDeriveRequest& req, const RunEnv& env);
Document assess_derive_document(const AssessDeriveResult& r, Lang lang);

}  // namespace eb::app::runs
