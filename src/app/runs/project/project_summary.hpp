// The restoration ledger of a year or a span of years (`project summary`, alias `progress`): per administrative
// unit rolled up to a level and project type, the projects, the annual plan, the projects' planned and completed
// areas summed exactly (micro-mu) and the completion against the plan (else the projects' own plans); the type
// totals over the units; and mine restoration against new mining damage year by year (docs/ledger.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "core/area.hpp"

namespace eb::app::runs {

struct ProjectSummaryRequest {
  std::string ws;
  int year = 0;   // the year reported (required)
  int since = 0;  // cumulative from this year to `year`; 0: `year` alone
  int level = 2;  // roll up to this level: 1 region, 2 leagues/cities, 3 banners
};

// One unit and type, or (code empty) the total of a type over the units.
struct ProjectSummaryRow {
  std::string code;              // empty: the type's total
  std::string name_zh, name_en;  // the unit's names (empty for a total)
  std::string type;
  std::int64_t projects = 0;
  std::optional<ExactArea> plan;  // Σ of the annual plans; none when no plan covers the row
  ExactArea planned;              // Σ of the projects' planned areas
  ExactArea completed;            // Σ of the projects' completed areas
  // 100 × completed / target, the target being the plan when there is one, else `planned`; none when it is 0.
  std::optional<double> completion_pct;

  bool total() const { return code.empty(); }
  bool against_plan() const { return plan.has_value(); }
};

// Mine restoration completed and land newly damaged by mining in one year.
struct ProjectMiningYear {
  int year = 0;
  ExactArea restored, damaged;
  ExactArea net() const { return restored - damaged; }
};

struct ProjectSummaryResult {
  int first_year = 0, year = 0, level = 2;
  // By unit code then type; then, when more than one unit has entries, the totals by type.
  std::vector<ProjectSummaryRow> rows;
  std::vector<ProjectMiningYear> mining;  // by year; empty when the span has no mine entries

  // The rows of the type totals: the total rows, or a single unit's own rows (the region is its own total).
  std::vector<const ProjectSummaryRow*> totals() const;
};

// UsageError without a year or with --since after it.
ProjectSummaryResult run_project_summary(const ProjectSummaryRequest& req, const RunEnv& env);
// Two tables, shown one after the other: the ledger rows, then (when there are mine entries) the balance by year.
Document project_summary_document(const ProjectSummaryResult& r, Lang lang);

}  // namespace eb::app::runs
