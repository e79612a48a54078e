// Storing what HJ 212 devices send: the check of a packet against the outlet registry (MN and access password)
// and the commit of a batch of packets in one transaction. The receiver (app/receive) owns the sockets and calls
// this; after commit() returns, the batch is durable and may be acknowledged. check() and commit() may run on
// different threads (the receiver's network and writer threads): commit() reads nothing check() writes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/hj212.hpp"
#include "store/source_store.hpp"

namespace eb::app::runs {

class SourceIngest {
 public:
  // Opens the workspace (in write-ahead logging, as every workspace) with synchronous=FULL (a commit is on disk when it
  // returns) and loads the registry.
  explicit SourceIngest(const std::string& ws);
  ~SourceIngest();

  enum class Check { ok, unknown_mn, wrong_password };
  // On ok, *outlet (when given) is the registered outlet the packet belongs to.
  Check check(const io::hj212::Packet& p, std::int64_t* outlet = nullptr);
  std::size_t devices() const { return devices_.size(); }

  // A packet that passed check(), with its outlet.
  struct Accepted {
    std::int64_t outlet = 0;
    const io::hj212::Packet* packet = nullptr;
  };
  struct CommitStats {
    std::int64_t packets = 0, packets_duplicate = 0, values_new = 0, values_duplicate = 0;
  };
  // Stores the data packets (non-data packets are skipped) in one transaction, one row each (store::SourceRecord).
  // DataTime is Beijing time. A packet already stored (same outlet, CN, DataTime and part) is left as it is and its
  // values are counted as duplicates.
  CommitStats commit(std::span<const Accepted> packets, std::int64_t received_at);

 private:
  // One attempt at the commit: the sorted packets (order_; `times` their DataTime in UTC seconds) in one transaction.
  CommitStats store_batch(std::span<const Accepted> packets, const std::vector<std::int64_t>& times,
                          std::int64_t received_at);
  struct Device {
    store::DeviceKey key;
    std::string verified_password;  // the last password that matched the hash (saves a hash per packet)
  };
  std::unique_ptr<store::Workspace> ws_;
  std::unordered_map<std::string, Device> devices_;
  std::unique_ptr<store::SourceValueWriter> writer_;
  std::vector<store::SourceValue> values_;  // reused per packet
  std::vector<std::pair<std::int64_t, std::size_t>> order_;
};

}  // namespace eb::app::runs
