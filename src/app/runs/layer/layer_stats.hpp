// The protected layers of a workspace (`layer list`: features and summed areas by kind and zone) and the protected
// area and share of each administrative unit of a level (`layer stats`: unions, so that overlaps within and between
// layers count once), on the WGS 84 ellipsoid (docs/spatial.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "store/protected_store.hpp"

namespace eb::app::runs {

struct LayerListRequest {
  std::string ws;
};
struct LayerListResult {
  // Per kind and zone: features and Σ of their areas (overlaps counted twice), in the store's order.
  std::vector<store::ProtectedLayerSummary> layers;
};
LayerListResult run_layer_list(const LayerListRequest& req, const RunEnv& env);
Document layer_list_document(const LayerListResult& r, Lang lang);

struct LayerStatsRequest {
  std::string ws;
  int level = 2;  // 1 region, 2 leagues/cities, 3 banners/counties
};

// `part` of `whole` in percent; 0 when `whole` is not positive.
double layer_share_pct(double part_m2, double whole_m2);

// The protected area inside one administrative unit.
struct LayerUnitProtection {
  std::string code, name_zh, name_en;
  double area_m2 = 0;                // the unit's ellipsoidal area
  std::vector<double> kind_area_m2;  // per kind of LayerStatsResult::kinds: the union of its features inside
  double protected_m2 = 0;           // the union of every kind's features inside

  double area_km2() const { return area_m2 / 1e6; }
  double kind_km2(std::size_t k) const { return kind_area_m2[k] / 1e6; }
  double kind_pct(std::size_t k) const { return layer_share_pct(kind_area_m2[k], area_m2); }
  double protected_km2() const { return protected_m2 / 1e6; }
  double protected_pct() const { return layer_share_pct(protected_m2, area_m2); }
  double protected_mu() const;
};

struct LayerStatsResult {
  int level = 2;
  std::vector<std::string> kinds;  // the kinds the workspace holds, in the store's order
  std::vector<LayerUnitProtection> units;
};
// InputError when the workspace has no unit of the level.
LayerStatsResult run_layer_stats(const LayerStatsRequest& req, const RunEnv& env);
// One row per unit: its area, per kind the protected km² and %, then any kind's km², % and mu.
Document layer_stats_document(const LayerStatsResult& r, Lang lang);

}  // namespace eb::app::runs
