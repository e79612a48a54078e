// Pollution sources: enterprises, their outlets with the HJ 212 device (MN) and access password, and the values
// the receiver stored (migration 10).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/workspace.hpp"

namespace eb::store {

struct OutletRecord {
  std::string enterprise_id, enterprise_name, industry;
  std::string outlet_id, outlet_name, kind, mn, password, standard;  // password: clear text, only on import
  double lon = 0, lat = 0;
  std::string source;  // file:line it came from
};

struct SourceImportReport {
  int enterprises = 0, outlets = 0;
  int located = 0;  // outlets inside an administrative unit of the workspace
};

// The stored form of an outlet's access password: "sha256:" + hex SHA-256 of "MN:password" (the MN salts it).
std::string device_password_hash(std::string_view mn, std::string_view password);

// Adds or updates enterprises (by id) and outlets (by enterprise and outlet id) in one transaction; an outlet keeps
// its received values. Unit codes by point-in-polygon.
SourceImportReport import_sources(Workspace& ws, const std::vector<OutletRecord>& outlets);

// MN -> "enterprise_id/outlet_id" of the outlets already stored.
std::unordered_map<std::string, std::string> outlet_mns(Workspace& ws);

struct OutletRow {
  std::string enterprise_id, enterprise_name, outlet_id, kind, mn, standard;
  std::optional<std::string> unit_code;
  double lon = 0, lat = 0;
  std::int64_t values = 0;                // received values stored
  std::optional<std::int64_t> last_time;  // latest DataTime received (epoch seconds)
};
std::vector<OutletRow> list_outlets(Workspace& ws);

// An outlet named by its key "enterprise_id/outlet_id" (as review marks and outlet_mns name it) or by its MN;
// nullopt when none matches.
struct OutletRef {
  std::int64_t fid = 0;
  std::string key;  // "enterprise_id/outlet_id"
};
std::optional<OutletRef> find_outlet(Workspace& ws, std::string_view key_or_mn);

// What the receiver checks a packet against: MN -> outlet and password hash.
struct DeviceKey {
  std::int64_t outlet = 0;
  std::string password_hash;
};
std::unordered_map<std::string, DeviceKey> load_devices(Workspace& ws);

// Inserts received values; a value already stored (same outlet, CN, time, pollutant and kind) is left as it is.
// The caller owns the transaction (the receiver commits a batch of packets at once).
class SourceValueWriter {
 public:
  explicit SourceValueWriter(Workspace& ws);
  // true when the value was new.
  bool insert(std::int64_t outlet, int cn, std::int64_t data_time, std::string_view pollutant, std::string_view kind,
              double value, char flag, std::string_view qn, std::int64_t received_at);

 private:
  Statement put_;
  Database& db_;
};

}  // namespace eb::store
