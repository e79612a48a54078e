// `soil classify`: the GB 15618-2018 category of every farmland soil sample of a file (priority protection, safe
// use, strict control), its controlling items and their ratios to the screening and control values, with no
// workspace (docs/soil.md).
#pragma once

#include <string>
#include <vector>

#include "app/table/table.hpp"
#include "io/soil_samples.hpp"
#include "standards/gb15618.hpp"

namespace eb::app::runs {

// One sample file read: InputError listing the rejected records (file:line:column) when any is rejected
// (nothing is classified).
io::SoilSamples soil_sample_file(const std::string& path);

struct SoilClassifyRequest {
  std::vector<io::SoilSamples> files;  // as soil_sample_file read them
  standards::CategoryItems rule = standards::category_items_rule();
};
struct SoilClassifiedSample {
  std::string file, sample, date;
  double ph = 0;
  standards::FarmlandUse use = standards::FarmlandUse::other;
  std::vector<io::SoilSampleValue> values;  // as written
  standards::SoilSampleResult result;
};
struct SoilClassifyResult {
  std::vector<std::string> items;  // every item found in any file, in GB 15618 table order
  standards::CategoryItems rule = standards::CategoryItems::all;
  std::vector<SoilClassifiedSample> samples;
  std::size_t below_detection = 0;
};
SoilClassifyResult run_soil_classify(const SoilClassifyRequest& req);
// One row per sample: sample, category, controlling_items, the largest ratios, pH band, then per item its value
// as written and its ratios. Notes: the rule in force and the values below detection.
Document soil_classify_document(const SoilClassifyResult& r, Lang lang);

}  // namespace eb::app::runs
