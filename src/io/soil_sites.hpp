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

namespace eb::io {

// A list of construction-land sites (docs/soil-construction.md): code,name,unit_code,lon,lat,planned_use,land_class,
// key_site,key_basis,status,investigated_on,risk_assessed_on,effect_evaluated_on,effect_passed,reused_on.
// code and name are required, and a unit_code or lon/lat; the land class from land_class or the planned use.
struct SoilSiteRecord {
  std::string code, name, unit_code;
  std::optional<double> lon, lat;
  std::string planned_use;
  int land_class = 1;
  bool key_site = false;
  std::string key_basis;  // listed (名录), suspected (疑似污染地块), ... as written
  std::string status;     // registered, investigated, risk_assessed, controlled, remediated, reused
  std::string investigated_on, risk_assessed_on, effect_evaluated_on, reused_on;  // YYYY-MM-DD or empty
  std::optional<bool> effect_passed;  // the effect evaluation (效果评估) of control or remediation
  std::uint32_t line = 0;
};
struct SoilSiteList {
  std::string file;
  std::vector<SoilSiteRecord> sites;
  std::vector<Rejection> rejections;
};
const std::vector<std::string>& soil_site_statuses();
SoilSiteList read_soil_site_list(std::string_view text, const std::string& file);

}  // namespace eb::io
