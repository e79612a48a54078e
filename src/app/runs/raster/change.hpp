// Change between two epochs: the transition matrix of classes (overall with an optional change map, or per zone,
// coverage-weighted), and the change of vegetation cover and desertified area per zone (docs/raster.md).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "app/runs/raster/raster_inputs.hpp"
#include "engine/raster/change.hpp"
#include "standards/vegetation.hpp"

namespace eb::app::runs {

struct ChangeRequest {
  std::string before, after, output, scheme, zones, id_field;
  bool make_valid = false;
  bool class_names_zh = true;  // the language of the class names written with a class raster (--lang)
};
struct ChangeResult {
  std::optional<standards::GradeScheme> scheme;  // names the classes when given
  // Without zones: one matrix (zone ids empty). With zones: one per zone, in the layer's order.
  std::vector<std::string> zone_ids;
  std::vector<engine::raster::TransitionMatrix> matrices;
  bool per_zone = false;
  std::size_t zones_outside = 0;
};
ChangeResult run_change(const ChangeRequest& req, const RunEnv& env);
Document change_document(const ChangeResult& r, Lang lang);

// Per zone: the area-weighted mean FVC of two epochs and its change, the desertified area (every grade but the
// top one of the scheme) and the severely desertified area (the two lowest grades) in both. The four rasters are
// read once, with the coverage computed once.
struct CoverChangeRequest {
  std::array<std::string, 2> fvc, grades;  // rasters of the two epochs
  std::array<int, 2> years{};
  std::string zones, id_field;  // zone ids are looked up in data/reference/admin_units.csv for their names
  std::string scheme = std::string(standards::kDefaultFvcScheme);
};
struct CoverChangeRow {
  std::string code, name_zh, name_en;  // names from data/reference/admin_units.csv, else the code
  double area_km2 = 0;
  std::array<double, 2> fvc{}, desertified_km2{}, severe_km2{};
};
struct CoverChangeResult {
  standards::GradeScheme scheme;
  std::array<int, 2> years{};
  std::vector<CoverChangeRow> zones;
  CoverChangeRow total;  // area-weighted FVC, summed areas; code empty
  std::size_t zones_outside = 0;
};
CoverChangeResult run_cover_change(const CoverChangeRequest& req, const RunEnv& env);
Document cover_change_document(const CoverChangeResult& r, Lang lang);

}  // namespace eb::app::runs
