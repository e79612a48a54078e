// Command bodies of the spatial-governance, ledger and assessment commands, shared with the demo.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/cli/context.hpp"
#include "app/runs/assess/derive.hpp"
#include "app/runs/assess/score.hpp"

namespace eb::app {

struct LayerImportRequest {
  std::string ws, file, kind, name_field, zone_field, level_field, date_field;
  bool replace = false;
};
void run_layer_import(Context& ctx, const LayerImportRequest& req);
void run_layer_list(Context& ctx, const std::string& ws_path);
void run_layer_stats(Context& ctx, const std::string& ws_path, int level);

struct ScreenRequest {
  std::string ws, sites, id_field = "id", rules_file;
  double buffer_m = 0;
  std::vector<std::string> kinds;
  bool distances = true;  // the distance to the nearest feature for sites that touch none
};
void run_screen(Context& ctx, const ScreenRequest& req);

void run_project_import(Context& ctx, const std::string& ws_path, const std::string& path,
                        const std::string& acre_means);
void run_plan_import(Context& ctx, const std::string& ws_path, const std::string& path);

struct SummaryRequest {
  std::string ws;
  int year = 0, since = 0, level = 2;
};
void run_project_summary(Context& ctx, const SummaryRequest& req);
void run_project_overlaps(Context& ctx, const std::string& ws_path);

void run_assess_import(Context& ctx, const std::string& ws_path, const std::string& path);
using DeriveRequest = runs::AssessDeriveRequest;
void run_assess_derive(Context& ctx, const DeriveRequest& req);
using ScoreRequest = runs::AssessScoreRequest;
void run_assess_score(Context& ctx, const ScoreRequest& req);
void run_assess_progress(Context& ctx, const ScoreRequest& req, const std::string& only_indicator);

// Chiefs and patrols: either file may be empty.
void run_chief_import_files(Context& ctx, const std::string& ws, const std::string& chiefs, const std::string& patrols);
// `per_chief` false prints only the roll-up by unit and chief level.
void run_chief_coverage(Context& ctx, const std::string& ws_path, const std::string& period, const std::string& as_of,
                        int level, bool per_chief = true);

}  // namespace eb::app
