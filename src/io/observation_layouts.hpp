// Readers for the observation file layouts documented in docs/formats.md.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "io/observation_batch.hpp"

namespace eb::io {

enum class ObservationLayout { cnemc_wide, long_table, uci_beijing, aqistudy_daily, water_samples };

// Called now and then with the number of bytes consumed.
using ByteProgress = std::function<void(std::size_t)>;

// How a layout's station column names stations (the store resolves them accordingly).
enum class StationKeying {
  code,       // station codes, as stored
  mapped,     // site names looked up in a map (UCI site names -> CNEMC codes)
  city_name,  // city names of a league/city (city-level stations)
};

// The registry of observation layouts: the one place a layout is added (docs/architecture.md, "Add an input
// layout"). The CLI's --layout choices and help, detection and the default publisher all come from here.
struct LayoutInfo {
  ObservationLayout id;
  std::string_view name;            // the --layout value
  std::string_view summary;         // what files it reads (docs/formats.md has the details)
  std::string_view default_source;  // publisher recorded with every value when no source is given
  StationKeying keys;
  bool air;  // air pollutant concentrations (readable by `air aqi` without a workspace)
  bool (*matches)(const std::vector<std::string_view>& header);  // recognises the trimmed header fields
  ObservationBatch (*read)(std::string_view text, const std::string& file, const ByteProgress& progress);
};
// Every layout, in the order detection tries them.
const std::vector<LayoutInfo>& observation_layouts();
const LayoutInfo& layout_info(ObservationLayout l);
const LayoutInfo* find_layout(std::string_view name);
// "a|b|c" of the layouts' names (air layouts only when `air_only`), for messages and help.
std::string layout_choices(bool air_only = false);

std::string_view layout_name(ObservationLayout l);
std::optional<ObservationLayout> parse_layout_name(std::string_view name);
// Recognises a layout from its header line; nothing if none matches.
std::optional<ObservationLayout> detect_layout(std::string_view text);

// Parses a whole file. Records that break a rule go to batch.rejections with file position and reason;
// a header that cannot be understood throws InputError (file:line:column).
ObservationBatch read_observations(std::string_view text, const std::string& file, ObservationLayout layout,
                                   const ByteProgress& progress = {});

ObservationBatch read_cnemc_wide(std::string_view text, const std::string& file, const ByteProgress& progress = {});
// The same file, one Beijing day at a time (CNEMC publishes one file per day; joined files are in date order):
// each day's lines are parsed and checked for conflicting duplicates like read_observations (values stay in
// file order unless a line was repeated), then handed to `day`. Memory stays at two days' batches however long
// the file is. With `prefetch` the next day is parsed on a second thread while `day` runs (a two-stage
// pipeline); `day` is always called on the calling thread, in date order.
void for_each_cnemc_day(std::string_view text, const std::string& file,
                        const std::function<void(ObservationBatch&)>& day, bool prefetch = true);
ObservationBatch read_long_table(std::string_view text, const std::string& file, const ByteProgress& progress = {});
ObservationBatch read_uci_beijing(std::string_view text, const std::string& file, const ByteProgress& progress = {});
ObservationBatch read_aqistudy_daily(std::string_view text, const std::string& file, const ByteProgress& progress = {});

// The CNEMC "type" names (PM2.5_24h, O3_8h, ...) as parameter and averaging.
struct QuantityKind {
  const ParameterInfo* parameter;
  Averaging averaging;
};
std::optional<QuantityKind> cnemc_type(std::string_view type);

}  // namespace eb::io
