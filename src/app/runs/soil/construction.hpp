// `soil site classify`: construction-land soil samples against GB 36600-2018 screening and control values —
// per value, per sample and per site the exceedances, their ratios and the conclusion of the standard's section 5
// (docs/soil-construction.md). No workspace needed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/table/table.hpp"
#include "io/soil_sites.hpp"
#include "standards/gb36600.hpp"

namespace eb::app::runs {

// One sample file read and checked whole: InputError naming file:line:column for every bad cell (nothing is
// assessed then).
io::SoilSiteSamples soil_site_file(const std::string& path);

struct SoilSiteClassifyRequest {
  std::vector<io::SoilSiteSamples> files;  // as soil_site_file read them
  // The land class for every sample (--land-class); nothing: the files' land_class/planned_use columns, and
  // class 1 where they say nothing (GB 36600-2018 5.3.1: planned use not determined).
  std::optional<int> land_class;
};

struct SoilSiteSampleResult {
  std::string file, site, sample;
  std::optional<double> depth_m;
  std::uint32_t line = 0;
  int land_class = 1;
  standards::SiteRisk risk = standards::SiteRisk::at_or_below_screening;
  std::vector<standards::ItemAssessment> items;  // every value given, in the file's order
  std::size_t below_detection = 0, limit_above_screening = 0;
};

struct SoilSiteItemSummary {
  const standards::ConstructionLandItem* item = nullptr;
  double max_value = 0, max_screening_ratio = 0, max_control_ratio = 0;
  std::size_t samples_above_screening = 0, samples_above_control = 0;
};
struct SoilSiteResult {
  std::string site;
  int land_class = 1;
  bool land_class_by_default = false;  // no class given: class 1 by 5.3.1
  std::size_t samples = 0, items_assessed = 0, samples_above_screening = 0, samples_above_control = 0;
  standards::SiteRisk risk = standards::SiteRisk::at_or_below_screening;
  std::vector<SoilSiteItemSummary> exceeding;  // items above screening in any sample, largest ratio first
  std::vector<std::string> background_items;   // As, Co, V above screening: compare with the background (note ①)
  std::size_t limit_above_screening = 0;       // values "<x" with x above the screening value
};

struct SoilSiteClassifyResult {
  std::vector<SoilSiteSampleResult> samples;
  std::vector<SoilSiteResult> sites;  // in order of first appearance
  std::vector<std::string> not_in_standard;
  std::size_t values_not_in_standard = 0, below_detection = 0;
};

// InputError when --land-class contradicts a file's land_class/planned_use column.
SoilSiteClassifyResult run_soil_site_classify(const SoilSiteClassifyRequest& req);

enum class SoilSiteTable { site, sample, item };
std::optional<SoilSiteTable> parse_soil_site_table(std::string_view name);  // site, sample, item
Document soil_site_classify_document(const SoilSiteClassifyResult& r, SoilSiteTable by, Lang lang);

}  // namespace eb::app::runs
