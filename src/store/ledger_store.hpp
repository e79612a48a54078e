// The restoration ledger in the workspace: projects (type, unit, year, planned and completed area kept as given
// and exactly, funding, optional outline) and annual plans per unit, year and type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/area.hpp"
#include "store/workspace.hpp"

namespace eb::store {

struct AreaEntry {
  std::string text;  // as given
  std::string unit;  // as given (mu, 亩, ha, km2, ...)
  ExactArea area;
};

struct ProjectRecord {
  std::string code, name, type, unit_code;
  int year = 0;
  std::optional<AreaEntry> planned, completed;
  std::optional<std::string> funding;
  std::vector<std::uint8_t> wkb;  // MultiPolygon lon/lat, or empty
};

struct LedgerImportReport {
  int added = 0, updated = 0, unchanged = 0;
};

// Adds new projects and updates changed ones (by code), in one transaction.
LedgerImportReport import_projects(Workspace& ws, const std::vector<ProjectRecord>& projects,
                                   const std::string& source);

struct PlanRecord {
  std::string unit_code, type;
  int year = 0;
  AreaEntry planned;
};
// Adds or replaces plans (by unit, year, type), in one transaction; returns how many were written.
int import_plans(Workspace& ws, const std::vector<PlanRecord>& plans, const std::string& source);

// Projects (with outlines) and plans of the years first..last.
std::vector<ProjectRecord> load_projects(Workspace& ws, int first_year, int last_year);
std::vector<PlanRecord> load_plans(Workspace& ws, int first_year, int last_year);

}  // namespace eb::store
