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

std::string_view layout_name(ObservationLayout l);
std::optional<ObservationLayout> parse_layout_name(std::string_view name);
// Recognises a layout from its header line; nothing if none matches.
std::optional<ObservationLayout> detect_layout(std::string_view text);

// Called now and then with the number of bytes consumed.
using ByteProgress = std::function<void(std::size_t)>;

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
