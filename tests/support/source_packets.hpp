// Test helper: writes hourly source values one by one, as the tests read best, and stores them as the receiver does
// — one source_record row per (outlet, CN, DataTime) packet through store::SourceValueWriter (migration 12).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "store/source_store.hpp"

namespace eb::test {

class SourcePackets {
 public:
  explicit SourcePackets(store::Workspace& ws) : writer_(ws) {}

  // One value of the packet (outlet, cn, data_time); a repeated pollutant and kind in the same packet keeps the first,
  // as the protocol parser refuses repeats. qn and received_at are the packet's (the first value's).
  void insert(std::int64_t outlet, int cn, std::int64_t data_time, const std::string& pollutant,
              const std::string& kind, double value, char flag, const std::string& qn, std::int64_t received_at) {
    Packet& p = packets_[{outlet, cn, data_time}];
    if (p.values.empty()) {
      p.qn = qn;
      p.received_at = received_at;
    }
    for (const Value& v : p.values)
      if (v.pollutant == pollutant && v.kind == kind) return;
    p.values.push_back({pollutant, kind, value, flag});
  }

  // Writes the packets collected so far (inside the caller's transaction).
  void flush() {
    for (const auto& [key, p] : packets_) {
      std::vector<store::SourceValue> values;
      for (const Value& v : p.values) values.push_back({v.pollutant, v.kind, v.value, v.flag});
      store::SourceRecord r;
      r.outlet = std::get<0>(key);
      r.cn = std::get<1>(key);
      r.data_time = std::get<2>(key);
      r.qn = p.qn;
      r.received_at = p.received_at;
      r.values = values;
      writer_.insert(r);
    }
    packets_.clear();
  }

 private:
  struct Value {
    std::string pollutant, kind;
    double value;
    char flag;
  };
  struct Packet {
    std::string qn;
    std::int64_t received_at = 0;
    std::vector<Value> values;
  };
  store::SourceValueWriter writer_;
  std::map<std::tuple<std::int64_t, int, std::int64_t>, Packet> packets_;
};

}  // namespace eb::test
