// Storing what HJ 212 devices send: the check of a packet against the outlet registry (MN and access password)
// and the commit of a batch of packets in one transaction. The receiver (app/receive) owns the sockets and calls
// this; after commit() returns, the batch is durable and may be acknowledged.
#pragma once

#include <cstdint>
#include <memory>
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
  Check check(const io::hj212::Packet& p);
  std::size_t devices() const { return devices_.size(); }

  struct CommitStats {
    std::int64_t packets = 0, values_new = 0, values_duplicate = 0;
  };
  // Stores the values of checked data packets (unchecked or non-data packets are skipped) in one transaction.
  // DataTime is Beijing time. A value already stored is left as it is and counted as a duplicate.
  CommitStats commit(const std::vector<const io::hj212::Packet*>& packets, std::int64_t received_at);

 private:
  struct Device {
    store::DeviceKey key;
    std::string verified_password;  // the last password that matched the hash (saves a hash per packet)
  };
  std::unique_ptr<store::Workspace> ws_;
  std::unordered_map<std::string, Device> devices_;
  std::unique_ptr<store::SourceValueWriter> writer_;
};

}  // namespace eb::app::runs
