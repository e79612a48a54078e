// The CLI faces of the spatial-governance, ledger, assessment and chief runs (app/runs/layer, project, assess,
// chief), shared with the demo: request -> run -> the run's document on the terminal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/cli/context.hpp"
#include "app/runs/assess/derive.hpp"
#include "app/runs/assess/score.hpp"
#include "app/runs/layer/layer_import.hpp"
#include "app/runs/layer/screen.hpp"
#include "app/runs/project/project_summary.hpp"

namespace eb::app {

// Faces over the runs of app/runs/layer (layer import, list, stats; screen): their requests are the runs'.
using LayerImportRequest = runs::LayerImportRequest;
void run_layer_import(Context& ctx, const LayerImportRequest& req);
void run_layer_list(Context& ctx, const std::string& ws_path);
void run_layer_stats(Context& ctx, const std::string& ws_path, int level);

using ScreenRequest = runs::ScreenRequest;
void run_screen(Context& ctx, const ScreenRequest& req);

// Faces over the runs of app/runs/project (project import, plan, summary, overlaps).
void run_project_import(Context& ctx, const std::string& ws_path, const std::string& path,
                        const std::string& acre_means);
void run_plan_import(Context& ctx, const std::string& ws_path, const std::string& path);

using SummaryRequest = runs::ProjectSummaryRequest;
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
