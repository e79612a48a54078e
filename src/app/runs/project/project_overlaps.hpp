// Project outlines that overlap the ecological protection red line or each other (`project overlaps`): each
// overlap with its ellipsoidal area, each pair of projects once (double counting in the ledger; docs/ledger.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"

namespace eb::app::runs {

struct ProjectOverlapsRequest {
  std::string ws;
};

enum class ProjectOverlapWith { red_line, project };

struct ProjectOverlap {
  std::string project;  // code
  int year = 0;
  std::string type;
  ProjectOverlapWith with = ProjectOverlapWith::red_line;
  std::string other;   // the red-line feature's name (its id when it has none), or the other project's code
  double area_m2 = 0;  // ellipsoidal area of the overlap
};

struct ProjectOverlapsResult {
  std::size_t outlines = 0;              // projects with an outline
  std::vector<ProjectOverlap> overlaps;  // by project (in the ledger's order), red line first
};
ProjectOverlapsResult run_project_overlaps(const ProjectOverlapsRequest& req, const RunEnv& env);
// One row per overlap; a note of how many projects have outlines.
Document project_overlaps_document(const ProjectOverlapsResult& r, Lang lang);

}  // namespace eb::app::runs
