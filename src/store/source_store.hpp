// Pollution sources: enterprises, their outlets with the HJ 212 device (MN) and access password, and the values
// the receiver stored (migrations 10 and 12).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
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

// One value of a received packet: pollutant code, value kind (Rtd, Avg, ...), value and data flag ('\0': none).
struct SourceValue {
  std::string_view pollutant, kind;
  double value = 0;
  char flag = 0;
};

// One received packet (or part of a split packet) with its values: one row of source_record (migration 12), read
// value by value through the view source_value.
struct SourceRecord {
  std::int64_t outlet = 0;
  int cn = 0;                  // 2011, 2051, 2061, 2031
  std::int64_t data_time = 0;  // DataTime (Beijing) as seconds since the epoch
  int part = 0;                // PNO of a split packet, 0 when not split
  std::string_view qn;         // empty: none
  std::int64_t received_at = 0;
  std::span<const SourceValue> values;
};

// The one way to store received data (source_value is a view and cannot be written). A packet already stored (same
// outlet, CN, DataTime and part) is left as it is: the first received wins, a resend adds nothing. The caller owns
// the transaction (the receiver commits a batch of packets at once).
class SourceValueWriter {
 public:
  explicit SourceValueWriter(Workspace& ws);
  // true when the packet was new.
  bool insert(const SourceRecord& record);

 private:
  Statement put_;
  Database& db_;
  std::string json_;  // reused: no allocation per packet once it has grown
};

// The JSON array source_record keeps the values in: [[pollutant, kind, value, flag or null], ...], values in the
// shortest form that reads back as the same double.
void append_values_json(std::string& out, std::span<const SourceValue> values);

}  // namespace eb::store
