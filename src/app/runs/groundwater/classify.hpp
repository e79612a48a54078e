// `groundwater classify`: the GB/T 14848-2017 class of every item and of every sample of sample files, with no
// workspace (docs/groundwater.md).
#pragma once

#include <string>
#include <vector>

#include "app/table/table.hpp"
#include "core/civil_time.hpp"
#include "io/groundwater.hpp"
#include "standards/gb14848.hpp"

namespace eb::app::runs {

// One sample file: InputError when a record is rejected (nothing is classified).
io::GroundwaterSamples groundwater_sample_file(const std::string& path);

// The value an item is classified by. A value below the detection limit is classified at its limit (the true value
// is at most that: the class given is the worst it can be), and a not-detected value (no limit) at 0; anionic
// surfactants, whose class I is "not detected" (不得检出), take class I whenever they are below detection.
double groundwater_class_value(const std::string& item, double value, bool below_detection);

struct GroundwaterClassifiedSample {
  std::string point;
  EpochSeconds time = 0;
  standards::GroundwaterSampleClass result;  // class, item classes in table order, deciding items
  std::vector<std::string> below_detection;  // items given below the detection limit
};
struct GroundwaterClassifyResult {
  std::vector<std::string> items;  // every item found in any file, in table order
  std::vector<GroundwaterClassifiedSample> samples;
};
GroundwaterClassifiedSample classify_groundwater(const io::GroundwaterSample& s);
GroundwaterClassifyResult run_groundwater_classify(const std::vector<io::GroundwaterSamples>& files);
Document groundwater_classify_document(const GroundwaterClassifyResult& r, Lang lang);

}  // namespace eb::app::runs
