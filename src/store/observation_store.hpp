// Observation import: all files of one command land in one transaction, or none do.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/observation_batch.hpp"
#include "store/workspace.hpp"

namespace eb::store {

// How the station keys of a file name stations.
enum class StationKeys {
  code,       // CNEMC station codes, as stored
  mapped,     // names looked up in a map (UCI site names -> CNEMC codes)
  city_name,  // city names of a league/city: a city-level station (kind 'city', code = unit code) is used
  name,       // station names (water sections in publications that give no codes)
};

struct ImportFile {
  io::ObservationBatch* batch;
  std::string sha256;
  std::string source;  // publisher label stored with every value
  StationKeys keys = StationKeys::code;
  const std::map<std::string, std::string>* key_map = nullptr;  // for StationKeys::mapped
};

struct ImportOptions {
  bool quarantine = false;  // import good records, return the rest; otherwise any rejection aborts all
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct ImportResult {
  struct FileCounts {
    std::size_t added = 0;      // values new to the workspace
    std::size_t unchanged = 0;  // values already stored with the same value and flag
  };
  std::vector<FileCounts> per_file;  // in the order of `files`
  std::size_t added = 0;
  std::size_t unchanged = 0;
  std::vector<std::int64_t> batch_ids;
  // Rejections per file (parse-time ones included), in the order of `files`.
  std::vector<std::vector<io::Rejection>> rejected;
  bool committed = false;
  std::size_t rejected_total() const;
};

// Resolves stations, checks every value against what is stored (a different value at the same station,
// parameter, averaging and time is a conflict), and writes the new values. Without quarantine, any
// rejection throws InputError after rolling back, so the workspace is unchanged.
ImportResult import_observations(Workspace& ws, std::vector<ImportFile>& files, const ImportOptions& options);

// On a PostgreSQL workspace: gives every Beijing year of the observations that wait in the default partition its own
// partition, moving them there (when this role owns the table; otherwise they stay). Nothing on a GeoPackage.
void partition_observations_by_year(Database& db);

// Formats the first `limit` rejections as "file:line:column: reason" lines, plus "... and N more".
std::string describe_rejections(const std::vector<ImportFile>& files, const ImportResult& r, std::size_t limit);

}  // namespace eb::store
