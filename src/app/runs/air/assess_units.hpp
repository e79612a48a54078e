// HJ 663 assessments of every station, city or region of a workspace that has air-quality data in a period: the
// use case behind air assess, air daily, air rank, air trend and the bulletin's air section.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/runs/air/air_rules.hpp"
#include "app/table/lang.hpp"
#include "core/period.hpp"
#include "engine/air/assessment.hpp"
#include "store/workspace.hpp"

namespace eb::app::runs {

// Sand/dust-affected periods (环办监测〔2016〕120号, `air dust import`): figures as measured, with those periods'
// particulate data deducted, or both side by side.
enum class AirDust { raw, deducted, both };
// "raw", "deducted", "both"; a UsageError for anything else.
AirDust air_dust(const std::string& name);

// What an assessment is of, and under which rules.
struct AirAssessRequest {
  std::string workspace;  // path; air_assess_units takes an open workspace instead
  Period period;
  std::string level = "city";  // station | county | city | region
  std::string standard = "auto";
  std::string composite = "auto";
  int zone_class = 2;
  AirDust dust = AirDust::raw;  // air_assess_units: deducted or not (both is raw there; run_air_assess does both)
  std::string whatif_standard;  // run_air_assess: also assess under this standard (2012, 2026, 2026-final); empty: no
};

// Who a roll-up is of (station -> county/city -> region): the members it should have under the membership rule
// (data/standards/air_rollup.csv), those with data in the period, and those that reported over it (their days with
// any valid daily value meet the capture rule). A unit whose valid members fall short of the expected ones is
// incomplete and says so; a region's figure is valid only when every expected city has a valid figure.
struct AirMembership {
  std::string of;  // "stations", "cities" or "series" (a city with only its published city series)
  std::vector<std::string> expected, present, valid;  // codes, ascending
  bool complete() const { return !expected.empty() && valid.size() == expected.size(); }
  // Expected members without data, then those with data short of the capture rule.
  std::vector<std::string> absent() const;
  std::vector<std::string> short_of_capture() const;
  // Whether two roll-ups stand on the same valid members (a change between them compares like with like).
  bool same_valid_members(const AirMembership& other) const { return valid == other.valid; }
};

// One unit's assessment, with what entered it.
struct AirUnitAssessment {
  std::string code, name_zh, name_en;
  std::string level;                 // station, county, city, region
  std::vector<std::string> members;  // stations (county, city) or cities (region) whose daily values entered
  AirMembership membership;          // expected, present and valid members
  std::string source;                // "hourly station data" or "published city daily values"
  bool dust_deducted = false;        // sand/dust-affected periods deducted
  engine::air::DailyValues daily;    // the days that entered the figures (audit trail)
  engine::air::Assessment assessment;
  // Hourly values of the unit's stations left out by data review (store/review_store: invalidating marks not
  // overruled, suspect marks confirmed), per rule; empty when review removed nothing.
  std::map<std::string, std::size_t> review_excluded;
  std::size_t review_excluded_total() const;

  // The statistic of a pollutant ("PM2.5", "O3", ...) and kind ("mean", "p90", ...); nullptr when there is none.
  const engine::air::Statistic* statistic(std::string_view pollutant, std::string_view statistic) const;
  // Its name in a language (English falls back to Chinese).
  const std::string& name(Lang lang) const { return lang == Lang::en && !name_en.empty() ? name_en : name_zh; }
};

// Assesses every unit of the level that has data in the period, under the editions in force at its end (or
// req.standard) and sets `used` to them. City (county) values are the daily means over its stations with hourly
// data (HJ 663); a city without any uses its published city daily values. A region's figures are the means of
// its cities' figures (data/standards/air_rollup.csv); its daily values, the means over its cities with data
// that day, are shown by `air daily` only. Units in code order.
// Stations' daily values computed outside the workspace (ecobarrier.dask: a task per observation file), each on
// the period's grid, in code order, with the O3 8-hour limit of the 14-window exception they were computed with.
struct AirStationDays {
  double o3_8h_limit = 0;
  std::vector<engine::air::DailyValues> stations;
};

// With `station_days`: those in place of the workspace's hourly data; everything else (sites, units, dust periods,
// the roll-ups) comes from the workspace as before. Review marks and dust deducted by hour need the hours, rules
// with another O3 8-hour limit other daily values: refused with a UsageError.
std::vector<AirUnitAssessment> air_assess_units(store::Workspace& ws, const AirAssessRequest& req, AirRules& used,
                                                const AirStationDays* station_days = nullptr);

}  // namespace eb::app::runs
