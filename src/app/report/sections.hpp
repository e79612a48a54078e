// The bulletin's sections, each appended to the report's document from the typed runs (app/runs) of its domain;
// every figure links to a provenance note naming its inputs, its rule and the command that reproduces it.
#pragma once

#include <string>
#include <vector>

#include "app/report/report_context.hpp"
#include "app/runs/layer/layer_stats.hpp"
#include "io/indicator_registry.hpp"
#include "store/indicator_store.hpp"

namespace eb::app::report {

// The indicator registry and the workspace's indicator values up to the bulletin's year (soil, vegetation).
struct IndicatorView {
  std::vector<io::RegistryIndicator> registry;
  std::vector<store::IndicatorValue> values;
  const io::RegistryIndicator* find(const std::string& id) const;
};

// 1. Blue sky: the region's and the cities' HJ 663 assessments (runs::air_assess_units).
void air_section(Report& r);
// 2. Clear water: GB 3838 classes of the sections, by league/city and region (runs::run_water_assess), then the
// drinking-water sources and the groundwater points (drinking_and_groundwater_blocks).
void water_section(Report& r);
// 2.2 and 2.3, computed by the drinking-water and groundwater runs; nothing when the workspace has neither.
void drinking_and_groundwater_blocks(Report& r, Section& sec);
// 3. Clean soil: the farmland categories and safe-use rate, the construction-land sites and the key-site safe-use
// rate (computed_soil_blocks), then the other soil indicator values.
void soil_section(Report& r, const IndicatorView& view);
// 3.1 and 3.2, computed by the soil runs from the workspace's plots, sites and samples; false when it has none.
bool computed_soil_blocks(Report& r, Section& sec);
// 4.3: the vegetation and desertification indicator values, into the ecology section.
void vegetation_block(Report& r, Section& sec, const IndicatorView& view);
// 4. Ecology: protected areas (`layer_stats`: none when the workspace has no protected layers), the restoration
// ledger, vegetation.
void ecology_section(Report& r, const runs::LayerStatsResult* layer_stats, const IndicatorView& view);
// 5. Responsibility: assessment scores and ranks, the chiefs' patrols.
void responsibility_section(Report& r);
// 6. Pollution sources: the outlets with online monitoring per league/city, the year's hourly exceedances per outlet
// (runs::run_source_exceedances) and the loads per league/city (runs::run_source_loads); says so when the workspace
// has no registry or no hourly data for the year.
void sources_section(Report& r);
// 7. Energy and carbon: energy, CO2, intensities and target progress (runs::run_carbon_account), and the carbon-sink
// estimates stored by `assess derive`.
void energy_section(Report& r, const IndicatorView& view);

}  // namespace eb::app::report
