#include "app/runs/source/ingest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "core/civil_time.hpp"
#include "store/retry.hpp"

namespace eb::app::runs {

SourceIngest::SourceIngest(const std::string& ws)
    : ws_(std::make_unique<store::Workspace>(ws, store::Workspace::Open::existing)) {
  // Every GeoPackage workspace is in WAL mode (store/workspace): a commit appends to the log and syncs it once;
  // FULL makes that sync part of every commit, so what was acknowledged survives a crash of the process and of the
  // machine. (PostgreSQL flushes its WAL at every commit already: synchronous_commit is on by default.)
  if (ws_->db().dialect() == store::Dialect::sqlite) ws_->db().exec("PRAGMA synchronous = FULL");
  // The audit log names the receiver as the author of what the devices sent, unless ECOBARRIER_ACTOR names one.
  const char* actor = std::getenv("ECOBARRIER_ACTOR");
  if (!actor || !*actor) ws_->db().set_actor("hj212-receiver");
  for (auto& [mn, key] : store::load_devices(*ws_)) devices_.emplace(mn, Device{std::move(key), {}});
  writer_ = std::make_unique<store::SourceValueWriter>(*ws_);
}

SourceIngest::~SourceIngest() { writer_.reset(); }

SourceIngest::Check SourceIngest::check(const io::hj212::Packet& p, std::int64_t* outlet) {
  const auto it = devices_.find(p.mn);
  if (it == devices_.end()) return Check::unknown_mn;
  Device& d = it->second;
  if (d.verified_password.empty() || d.verified_password != p.pw) {
    if (store::device_password_hash(p.mn, p.pw) != d.key.password_hash) return Check::wrong_password;
    d.verified_password = p.pw;
  }
  if (outlet) *outlet = d.key.outlet;
  return Check::ok;
}

SourceIngest::CommitStats SourceIngest::commit(std::span<const Accepted> packets, std::int64_t received_at) {
  // Rows in key order: each page of the key's index is visited once per batch instead of once per packet.
  std::vector<std::int64_t> times(packets.size());
  order_.clear();
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const io::hj212::Packet& p = *packets[i].packet;
    if (!p.is_data()) continue;
    const auto when = io::hj212::parse_data_time(p.data_time);
    if (!when) continue;
    times[i] = beijing_to_epoch(*when);
    order_.emplace_back(packets[i].outlet, i);
  }
  const auto key = [&](const std::pair<std::int64_t, std::size_t>& e) {
    const io::hj212::Packet& p = *packets[e.second].packet;
    return std::make_tuple(e.first, p.cn, times[e.second], p.pno);
  };
  std::sort(order_.begin(), order_.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  // The batch is one transaction; a conflict with a concurrent writer (a deadlock on the server) stores it again.
  return store::with_retry(ws_->db(), [&] { return store_batch(packets, times, received_at); });
}

SourceIngest::CommitStats SourceIngest::store_batch(std::span<const Accepted> packets,
                                                    const std::vector<std::int64_t>& times, std::int64_t received_at) {
  CommitStats s;
  store::Transaction tx(ws_->db());
  for (const auto& [outlet, i] : order_) {
    const io::hj212::Packet& p = *packets[i].packet;
    values_.clear();
    for (const io::hj212::Value& v : p.values) values_.push_back({v.pollutant, v.kind, v.value, v.flag});
    const std::int64_t n = static_cast<std::int64_t>(p.values.size());
    ++s.packets;
    if (writer_->insert({outlet, p.cn, times[i], p.pno, p.qn, received_at, values_})) {
      s.values_new += n;
    } else {
      ++s.packets_duplicate;
      s.values_duplicate += n;
    }
  }
  // One audit entry per commit: what the batch stored (store/audit; the values themselves are in source_record).
  ws_->db().describe_write(
      {"receive", "source_record", "",
       fmt::format(R"({{"packets":{},"packets_duplicate":{},"values_new":{},"values_duplicate":{}}})", s.packets,
                   s.packets_duplicate, s.values_new, s.values_duplicate),
       ""});
  tx.commit();
  return s;
}

}  // namespace eb::app::runs
