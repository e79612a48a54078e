// Water samples from files: a wide layout (one sample per row), a long layout, and the national automatic
// water-station publication (docs/formats.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"
#include "io/observation_batch.hpp"
#include "standards/gb3838.hpp"

namespace eb::io {

// What a value below the detection limit ("<0.01", "0.01L") becomes. "ND" without a limit is missing.
enum class BelowDetection { half_limit, limit, zero };
std::optional<BelowDetection> parse_below_detection(std::string_view name);  // half, limit, zero

struct WaterValue {
  std::string item;  // canonical code (pH, DO, ..., chla, SD)
  double value;      // what the detection-limit rule made of it
  bool below_detection = false;
  double limit = 0;  // the detection limit written ("<0.01", "0.01L"), when below_detection
  std::uint16_t column = 0;
};
struct WaterSample {
  std::string section;
  EpochSeconds time = 0;
  std::optional<standards::Waterbody> waterbody;  // when the file says
  std::uint32_t line = 0;
  std::vector<WaterValue> values;
};
struct WaterSamples {
  std::string file, layout;  // water-wide, water-long, national-auto
  std::vector<WaterSample> samples;
  std::vector<Rejection> rejections;
  std::size_t below_detection = 0, not_detected = 0, missing = 0;
};

// Throws InputError for a header it cannot understand (file:line:column); bad records become rejections.
WaterSamples read_water_samples(std::string_view text, const std::string& file, BelowDetection rule);

// The samples as observations for the workspace: averaging "sample", section keys as written (codes, or names
// in the national layout). A value below the detection limit is stored as the limit with flag "L" (the Chinese
// "0.01L" convention), so the substitution rule is chosen when the data are evaluated, not when stored.
ObservationBatch water_batch(const WaterSamples& samples);

}  // namespace eb::io
