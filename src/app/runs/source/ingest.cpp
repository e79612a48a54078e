#include "app/runs/source/ingest.hpp"

#include <algorithm>

#include "core/civil_time.hpp"

namespace eb::app::runs {

SourceIngest::SourceIngest(const std::string& ws)
    : ws_(std::make_unique<store::Workspace>(ws, store::Workspace::Open::existing)) {
  // Every workspace is in WAL mode (store/workspace): a commit appends to the log and syncs it once; FULL makes
  // that sync part of every commit, so what was acknowledged survives a crash of the process and of the machine.
  ws_->db().exec("PRAGMA synchronous = FULL");
  for (auto& [mn, key] : store::load_devices(*ws_)) devices_.emplace(mn, Device{std::move(key), {}});
  writer_ = std::make_unique<store::SourceValueWriter>(*ws_);
}

SourceIngest::~SourceIngest() { writer_.reset(); }

SourceIngest::Check SourceIngest::check(const io::hj212::Packet& p) {
  const auto it = devices_.find(p.mn);
  if (it == devices_.end()) return Check::unknown_mn;
  Device& d = it->second;
  if (!d.verified_password.empty() && d.verified_password == p.pw) return Check::ok;
  if (store::device_password_hash(p.mn, p.pw) != d.key.password_hash) return Check::wrong_password;
  d.verified_password = p.pw;
  return Check::ok;
}

SourceIngest::CommitStats SourceIngest::commit(const std::vector<const io::hj212::Packet*>& packets,
                                               std::int64_t received_at) {
  CommitStats s;
  // Rows in key order: each B-tree page is visited once per batch instead of once per packet.
  struct Row {
    std::int64_t outlet, time;
    const io::hj212::Packet* p;
    const io::hj212::Value* v;
  };
  std::vector<Row> rows;
  for (const io::hj212::Packet* p : packets) {
    if (!p->is_data()) continue;
    const auto it = devices_.find(p->mn);
    if (it == devices_.end()) continue;
    const auto when = io::hj212::parse_data_time(p->data_time);
    if (!when) continue;
    const std::int64_t t = beijing_to_epoch(*when);
    ++s.packets;
    for (const io::hj212::Value& v : p->values) rows.push_back({it->second.key.outlet, t, p, &v});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.outlet != b.outlet) return a.outlet < b.outlet;
    if (a.p->cn != b.p->cn) return a.p->cn < b.p->cn;
    if (a.time != b.time) return a.time < b.time;
    if (a.v->pollutant != b.v->pollutant) return a.v->pollutant < b.v->pollutant;
    return a.v->kind < b.v->kind;
  });
  store::Transaction tx(ws_->db());
  for (const Row& r : rows) {
    if (writer_->insert(r.outlet, r.p->cn, r.time, r.v->pollutant, r.v->kind, r.v->value, r.v->flag, r.p->qn,
                        received_at))
      ++s.values_new;
    else
      ++s.values_duplicate;
  }
  tx.commit();
  return s;
}

}  // namespace eb::app::runs
