// `summary`: what a workspace holds: units per level, air stations per league/city and banner/county, the stations
// not attached to a banner/county, and data capture per station and quantity against the expected calendar.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/table/table.hpp"
#include "core/civil_time.hpp"
#include "core/period.hpp"
#include "engine/capture/capture.hpp"
#include "store/station_store.hpp"
#include "store/summary_store.hpp"

namespace eb::app::runs {

enum class SummaryPart { all, units, stations, unlocated, capture };

struct SummaryRequest {
  std::string workspace;
  std::optional<Period> period;  // the capture calendar; nothing: each kind's and averaging's data span
  SummaryPart part = SummaryPart::all;
  std::set<std::string> averagings;  // capture of these averagings only; empty: all
};
// The request of the command's option values, or a UsageError (--period, then --averaging); `part` one of all,
// units, stations, unlocated, capture.
SummaryRequest summary_request(const std::string& workspace, const std::string& period, const std::string& part,
                               const std::string& averaging);

// Capture of one station and quantity (parameter, averaging) over the calendar from..to.
struct SummaryCapture {
  std::string station, name, admin_code, kind, parameter, averaging;
  EpochSeconds from = 0, to = 0;  // first and last expected slot
  engine::Capture capture;        // expected, present, longest gap and its start
};
struct SummaryResult {
  SummaryPart part = SummaryPart::all;
  std::vector<store::LevelCount> units;       // units per level (parts all, units)
  std::vector<store::UnitStations> stations;  // air stations per unit (parts all, stations)
  std::vector<store::StationRow> unlocated;   // stations with a location note (parts all, unlocated)
  std::vector<SummaryCapture> capture;        // every station x quantity its kind reports (parts all, capture)
  bool has(SummaryPart p) const { return part == SummaryPart::all || part == p; }
};
SummaryResult run_summary(const SummaryRequest& req);
// The parts asked for as one document (capture: for people one table per station kind and averaging, a column per
// parameter; otherwise one long table). CSV holds one table: the document is then the first part alone. Part
// `all` leaves out an empty unlocated table.
Document summary_document(const SummaryResult& r, Lang lang, Format format);

}  // namespace eb::app::runs
