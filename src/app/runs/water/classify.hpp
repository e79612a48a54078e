// `water classify`: GB 3838-2002 class, status, main pollutants, trophic state and CWQI of every sample of sample
// files, with no workspace (docs/water.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/table/table.hpp"
#include "core/civil_time.hpp"
#include "io/water_samples.hpp"
#include "standards/gb3838.hpp"

namespace eb::app::runs {

// One sample file read with a detection-limit rule: InputError when a record is rejected (nothing is classified).
// A face reads its files one by one with this, so it can say what each held before the next is read.
io::WaterSamples water_sample_file(const std::string& path, io::BelowDetection rule);
// What a file held below the detection limit or not detected, as a note; no note when it held neither.
Document water_sample_file_document(const io::WaterSamples& file, io::BelowDetection rule, Lang lang);

struct WaterClassifyRequest {
  std::vector<io::WaterSamples> files;            // as water_sample_file read them, in order
  std::optional<standards::Waterbody> waterbody;  // nothing: each sample's waterbody column
};

struct WaterClassifiedSample {
  std::string section;
  EpochSeconds time = 0;
  standards::Waterbody waterbody = standards::Waterbody::river;
  standards::SectionResult result;                 // class (0: no routine item), item classes, main pollutants
  std::optional<standards::TrophicState> trophic;  // lakes with trophic parameters
  double cwqi = 0;                                 // the sample's city water quality index (formula unconfirmed)
  std::size_t items = 0;                           // values the sample gave
};
struct WaterClassifyResult {
  std::vector<std::string> items;  // every item found in any file, in GB 3838 table order
  std::vector<WaterClassifiedSample> samples;
};
// InputError for a sample whose waterbody is neither given nor in its file.
WaterClassifyResult run_water_classify(const WaterClassifyRequest& req);
Document water_classify_document(const WaterClassifyResult& r, Lang lang);

}  // namespace eb::app::runs
