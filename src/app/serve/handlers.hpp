// The API's handlers: each builds a run's typed request from the checked parameters (as the CLI face does from
// its options), calls the run and renders the result through the run's document view (app/runs). One file per
// domain: handlers_<domain>.cpp.
#pragma once

#include "app/serve/api.hpp"
#include "app/serve/routes.hpp"

namespace eb::app::serve {

// The workspace, its units, stations and protected features (handlers_geo.cpp).
json meta(const ApiOptions& options, const Query& q);
Result units_table(const ApiOptions& options, const Query& q);
json units_geojson(const ApiOptions& options, const Query& q);
json stations_geojson(const ApiOptions& options, const Query& q);
json protected_geojson(const ApiOptions& options, const Query& q);

// Air (handlers_air.cpp).
Result air_assessment(const ApiOptions& options, const Query& q);
Result air_hourly(const ApiOptions& options, const Query& q);
Result air_daily(const ApiOptions& options, const Query& q);

// Data review marks (handlers_review.cpp).
Result review_marks(const ApiOptions& options, const Query& q);

// Pollution sources: the outlet registry, hourly exceedances and emission loads (handlers_source.cpp).
Result sources(const ApiOptions& options, const Query& q);
Result source_exceedances(const ApiOptions& options, const Query& q);
Result source_loads(const ApiOptions& options, const Query& q);

// Water (handlers_water.cpp).
Result water_assessment(const ApiOptions& options, const Query& q);
Result soil_farmland(const ApiOptions& options, const Query& q);  // /soil/farmland (GB 15618)
// Construction-land sites and the key-site safe-use rate (handlers_soil_site.cpp).
Result soil_sites(const ApiOptions& options, const Query& q);
// Groundwater (handlers_groundwater.cpp).
Result groundwater_assessment(const ApiOptions& options, const Query& q);
// Drinking-water sources (handlers_drinking.cpp).
Result water_sources(const ApiOptions& options, const Query& q);

// Energy and carbon (handlers_carbon.cpp).
Result carbon_account(const ApiOptions& options, const Query& q);

// The restoration ledger, the protected layers and screening (handlers_ledger.cpp).
Result ledger(const ApiOptions& options, const Query& q);
Result protected_layers(const ApiOptions& options, const Query& q);
Result protected_stats(const ApiOptions& options, const Query& q);
Result screen_point(const ApiOptions& options, const Query& q);

// Assessment of units and the chiefs' patrols (handlers_assess.cpp).
Result ranking(const ApiOptions& options, const Query& q);
Result progress(const ApiOptions& options, const Query& q);
Result indicators(const ApiOptions& options, const Query& q);
Result patrols(const ApiOptions& options, const Query& q);

// The yearly bulletin (handlers_bulletin.cpp).
TextAnswer bulletin(const ApiOptions& options, const Query& q);

// Rasters of the server's raster folder (handlers_raster.cpp).
Result raster_list(const ApiOptions& options, const Query& q);
Result raster_zonal(const ApiOptions& options, const Query& q);
// The versions their answers depend on: the folder's listing, the raster file.
std::string raster_folder_version(const ApiOptions& options, const Query& q);
std::string raster_file_version(const ApiOptions& options, const Query& q);

}  // namespace eb::app::serve
