// How air figures roll up (station -> city -> region) and how sand/dust-affected periods are deducted
// (环办监测〔2016〕120号), as kept in data/standards/air_rollup.csv: each choice with its source and confidence,
// stated in docs/air.md. The unconfirmed ones are data so that a department can set them its own way.
#pragma once

namespace eb::standards {

enum class RegionFigure { mean_of_city_figures, figures_of_daily_means };
enum class DustUnit { day, hour };
enum class DustDayCounts { drop_pm_exceedance_days, drop_affected_days };

struct DustRules {
  DustUnit unit = DustUnit::day;
  DustDayCounts day_counts = DustDayCounts::drop_pm_exceedance_days;
  bool deducted_days_required = false;  // false: deducted days leave the capture rule's count of days
  double candidate_pm10_min = 150;      // µg/m³
  double candidate_pm25_pm10_max = 0.35;
};

struct AirRollupRules {
  RegionFigure region_figure = RegionFigure::mean_of_city_figures;
  bool region_uses_reported_city_figures = true;  // false: the unrounded city values
  DustRules dust;
};

// The rules of the embedded table (checked once: an unknown value is a build defect, found by the tests).
const AirRollupRules& air_rollup_rules();

}  // namespace eb::standards
