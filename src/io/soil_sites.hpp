// Construction-land soil samples from CSV (GB 36600-2018; docs/soil-construction.md): a long layout
// (site,sample,depth_m,item,value[,unit]) or a wide one (site,sample,depth_m,<item>,<item>,...), contents in mg/kg
// (a long file's unit column may say µg/kg), below-detection values kept as such ("<0.05", "0.05L", "ND").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/observation_batch.hpp"
#include "standards/gb36600.hpp"

namespace eb::io {

struct SoilSiteValue {
  const standards::ConstructionLandItem* item = nullptr;
  double value = 0;              // mg/kg; the detection limit when below_detection (0 for ND without a limit)
  bool below_detection = false;  // "<x", "xL", "ND", "未检出"
  std::uint32_t line = 0;
  std::uint16_t column = 0;
};
struct SoilSiteSample {
  std::string site, sample;
  std::optional<double> depth_m;
  std::optional<int> land_class;  // from a land_class (1/2) or planned_use (GB 50137 code) column
  std::string planned_use;        // as written
  std::uint32_t line = 0;         // first line of the sample
  std::vector<SoilSiteValue> values;
};
struct SoilSiteSamples {
  std::string file, layout;  // soil-site-long, soil-site-wide
  std::vector<SoilSiteSample> samples;
  // Items that are not in GB 36600 (pH, zinc, moisture, ...): named as written, not assessed.
  std::vector<std::string> not_in_standard;
  std::size_t values_not_in_standard = 0;
  std::vector<Rejection> rejections;  // every bad cell of the file; nothing is assessed or stored if any
  std::size_t below_detection = 0;
};

// Throws InputError for a header it cannot understand (file:line:column); bad records become rejections.
SoilSiteSamples read_soil_site_samples(std::string_view text, const std::string& file);

}  // namespace eb::io
