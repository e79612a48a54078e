// Protected layers in the workspace (red line, reserves with their zones, national parks, wetlands, water-source
// zones, basic grassland): import in one transaction, and loading for screening and statistics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/vector/screening.hpp"
#include "store/workspace.hpp"

namespace eb::store {

struct ProtectedRecord {
  std::string zone;  // canonical zone ('' for kinds without zones)
  std::optional<std::string> name, level, designated;
  std::optional<std::string> repaired;  // GEOS's reason when repaired
  long source_fid = 0;
  std::vector<std::uint8_t> wkb;  // valid MultiPolygon, lon/lat WGS 84
  double area_m2 = 0;
};

struct ProtectedImportReport {
  int added = 0;
  int replaced = 0;        // features of the kind removed first (--replace)
  bool unchanged = false;  // the same file was imported for this kind before: nothing done
};

// Adds the records as one import of `kind` from `file` (its SHA-256 `sha256`). The same file imported again for
// the same kind changes nothing; `replace` first removes every feature of the kind. One transaction.
ProtectedImportReport import_protected(Workspace& ws, const std::string& kind, const std::string& file,
                                       const std::string& sha256, const std::vector<ProtectedRecord>& records,
                                       bool replace);

// Features of the given kinds (all kinds when empty), with the workspace fid as their id.
std::vector<engine::ProtectedFeature> load_protected(Workspace& ws, const std::vector<std::string>& kinds = {});

struct ProtectedLayerSummary {
  std::string kind, zone;
  std::int64_t features = 0;
  double area_m2 = 0;  // Σ of feature areas (overlaps counted twice; `spatial` statistics count them once)
};
std::vector<ProtectedLayerSummary> protected_summary(Workspace& ws);

}  // namespace eb::store
