// What the received data of pollution sources amount to: hourly exceedances of the emission limits (after the
// conversion to reference O2) and emission loads (flow x concentration), per outlet and aggregated per enterprise,
// league/city or banner/county. Each result states the data it rests on: hours expected in the period, hours
// received, hours with valid data, hours the device flagged (left out). Rules: docs/sources.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "core/period.hpp"
#include "engine/source/exceedance.hpp"
#include "engine/source/load.hpp"

namespace eb::app::runs {

// An outlet of the registry as the faces show it.
struct SourceOutletInfo {
  std::string enterprise_id, enterprise_name, outlet_id, outlet_name, kind, mn;  // kind: gas | water
  std::string standard;                    // as registered (STANDARD:CATEGORY[:special])
  std::optional<std::string> unit_code;    // deepest administrative unit containing it
  std::optional<std::string> league_code;  // its league/city (level 2)
  std::optional<std::string> county_code;  // its banner/county (level 3)
  double lon = 0, lat = 0;
  std::string key() const { return enterprise_id + "/" + outlet_id; }
};

// The data an outlet's figures rest on, in the period.
struct SourceDataUsed {
  std::int64_t hours_expected = 0;  // hours of the period
  int hours_received = 0;           // hours with any hourly (CN 2061) value
  int o2_left_out = 0;              // hours whose O2 the device flagged (no conversion possible)
  int flow_left_out = 0;            // hours whose flow the device flagged (no load)
  int off_hour = 0;                 // hourly values stamped off the whole hour (left out)
  int duplicates = 0;               // values sent under both their 2005 and 2017 code (the 2017 one kept)
  int review_invalidated = 0;       // pollutant-hours left out by data review (excluding review marks)
  int review_o2_flow = 0;           // hours whose O2 or flow data review left out (no conversion or no load)
};

struct SourceExceedancesRequest {
  std::string ws;
  Period period;
  std::vector<std::string> outlets;  // ENTERPRISE_ID/OUTLET_ID, outlet id or MN; empty: all
};

// One hour beyond the limit.
struct SourceExceedanceHour {
  std::size_t outlet = 0;  // index into SourceExceedancesResult::outlets
  std::string pollutant;   // HJ 212-2017 code
  EpochSeconds hour = 0;
  double measured = 0;   // the hour's Avg as sent
  double o2 = 0;         // measured O2 (%); NaN where the limit has no reference O2 or none was sent
  double converted = 0;  // at the reference O2 (= measured without one)
  std::optional<double> ref_o2;
  standards::EmissionLimit limit;
  double ratio = 0;  // converted / limit (NaN for a range limit such as pH 6-9)
  char flag = 'N';
};

struct SourceOutletExceedances {
  SourceOutletInfo outlet;
  std::string standard_error;  // the registered standard is not in the emission-limits table (outlet not judged)
  SourceDataUsed data;
  // Per pollutant with a limit (detail cleared: the exceeding hours are in SourceExceedancesResult::exceedances).
  std::vector<engine::source::PollutantExceedances> pollutants;
  // Pollutant-hours over all pollutants: judged, flagged by the device, left out by data review, beyond the limit.
  int valid = 0, flagged = 0, invalidated = 0, exceeding = 0;
};

struct SourceExceedancesResult {
  Period period;
  std::vector<SourceOutletExceedances> outlets;
  std::vector<SourceExceedanceHour> exceedances;  // by outlet, pollutant, hour
  bool review_applied = false;                    // data review of outlet hours applied (invalidated hours left out)
  int exceeding_hours() const { return static_cast<int>(exceedances.size()); }
};

// Hourly exceedances of every outlet (or the named ones) in the period. InputError for an unknown outlet.
SourceExceedancesResult run_source_exceedances(const SourceExceedancesRequest& req, const RunEnv& env);
// Parts: "exceedances" (one row per hour beyond the limit), "outlets" (counts per outlet), "pollutants" (per outlet
// and pollutant: limit, hours judged, flagged, exceeding, maximum).
Document source_exceedances_document(const SourceExceedancesResult& r, Lang lang);

enum class SourceLoadBy { outlet, enterprise, unit, county };  // unit: league/city (level 2); county: level 3
std::optional<SourceLoadBy> parse_source_load_by(std::string_view text);
std::string_view to_string(SourceLoadBy by);

struct SourceLoadsRequest {
  std::string ws;
  Period period;
  SourceLoadBy by = SourceLoadBy::outlet;
  std::vector<std::string> outlets;  // empty: all
};

struct SourceLoadRow {
  std::string group;          // outlet key, enterprise id or unit code
  std::string name, name_en;  // outlet (enterprise name and outlet id), enterprise or unit name (name_en: units)
  std::string pollutant;
  int year = 0;  // Beijing civil year (a period over a year end gives a row per year)
  double t = 0;  // tonnes
  int outlets = 0;
  std::int64_t hours_expected = 0;  // outlets x hours of the period in that year
  int hours_used = 0;               // valid flag, concentration and flow present
  int hours_flagged = 0;            // left out for the device's flag on the concentration
  int hours_invalidated = 0;        // left out by data review
  int hours_incomplete = 0;         // valid flag but no concentration or no flow
  std::int64_t hours_not_received = 0;
  std::optional<SourceOutletInfo> outlet;  // by outlet: the outlet
};

struct SourceLoadsResult {
  Period period;
  SourceLoadBy by = SourceLoadBy::outlet;
  std::vector<SourceOutletInfo> outlets;
  std::vector<SourceDataUsed> data;   // per outlet
  std::vector<SourceLoadRow> rows;    // by group, pollutant, year
  std::vector<std::string> unplaced;  // outlets in no unit of the level (left out of unit/county sums)
  bool review_applied = false;
};

// Emission loads of every outlet (or the named ones) in the period, grouped. Only pollutants with a mass
// concentration count (not pH, O2, flow). Missing and flagged hours add nothing (no substitution); their counts
// say how much is missing. InputError for an unknown outlet.
SourceLoadsResult run_source_loads(const SourceLoadsRequest& req, const RunEnv& env);
Document source_loads_document(const SourceLoadsResult& r, Lang lang);

}  // namespace eb::app::runs
