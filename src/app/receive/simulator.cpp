#include "app/receive/simulator.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <deque>
#include <random>

#include "core/error.hpp"
#include "io/hj212.hpp"
#include "standards/uscc.hpp"

namespace eb::app::receive {

namespace hj = io::hj212;

namespace {

using Clock = std::chrono::steady_clock;

struct Item {
  std::string qn, data_time, wire;
  int cn = 0, values = 0;
  Clock::time_point sent_at;
};

struct Device {
  const SimDevice* spec = nullptr;
  std::size_t index = 0;  // position in the options' device list (seeds its values)
  int fd = -1;
  bool connecting = false, connected = false;
  Clock::time_point reconnect_at, next_send;
  std::string in, out;
  std::deque<Item> unacked;
  std::int64_t minute = 0;  // minutes since the start sent so far
  int hour = 0;             // hourly runs: hours sent so far
  bool hourly_due = false;
};

std::string compact(const CivilDateTime& t) {
  return fmt::format("{:04d}{:02d}{:02d}{:02d}{:02d}{:02d}", t.date.year, t.date.month, t.date.day, t.hour, t.minute,
                     t.second);
}

struct Pollutant {
  const char* code;
  double mean, spread;
  bool cou;  // has an emission amount (Cou)
};
constexpr Pollutant kGas[] = {{"a21026", 25, 8, true},        {"a21002", 45, 12, true}, {"a34013", 6, 2, true},
                              {"a19001", 8.5, 1.2, false},    {"a01012", 55, 5, false}, {"a01011", 12, 2, false},
                              {"a00000", 120000, 15000, true}};
constexpr Pollutant kWater[] = {
    {"w01018", 35, 10, true}, {"w21003", 2.5, 0.8, true}, {"w01001", 7.3, 0.3, false}, {"w00000", 80, 20, true}};

// The QN of a 9014 data answer (2017: "QN=...;ST=91;CN=9014;...", 2005: "...CN=9014;...CP=&&QN=...;CN=..&&"), empty
// for anything else.
std::string_view answered_qn(std::string_view data) {
  const std::size_t cn = data.find("CN=9014;");
  if (cn == std::string_view::npos || (cn > 0 && data[cn - 1] != ';')) return {};
  std::size_t at = data.rfind("QN=", cn);  // 2017: QN before CN
  if (at == std::string_view::npos || (at > 0 && data[at - 1] != ';')) {
    at = data.find("&&QN=", cn);  // 2005: QN inside CP
    if (at == std::string_view::npos) return {};
    at += 2;
  }
  at += 3;
  const std::size_t end = data.find_first_of(";&", at);
  return end == std::string_view::npos ? std::string_view{} : data.substr(at, end - at);
}

class Simulator {
 public:
  Simulator(const SimulatorOptions& o, const SimulatorHooks& h) : o_(o), h_(h), rng_(o.seed) {
    addr_.sin_family = AF_INET;
    addr_.sin_port = htons(static_cast<std::uint16_t>(o.port));
    if (::inet_pton(AF_INET, o.host.c_str(), &addr_.sin_addr) != 1)
      throw UsageError(fmt::format("--host {}: not an IPv4 address", o.host));
    start_epoch_ = beijing_to_epoch(o.start);
    for (const bool water : {false, true})
      for (const bool hourly : {false, true})
        for (std::size_t k = 0; k < kBodies; ++k) bodies_[water][hourly].push_back(random_body(water, hourly, rng_));
  }
  SimulatorResult run();

 private:
  void connect(std::size_t i);
  void drop(std::size_t i, bool count_reconnect);
  void fill(std::size_t i, Clock::time_point now, bool generating);
  // The values of a packet, as CP text after DataTime (";a21026-Min=...,...;a21002-..."), and how many there are.
  struct Body {
    std::string text;
    int values = 0;
  };
  // `hour` >= 0: an hourly packet of that hour of the run, which the overrides of device `mn` may change.
  Body random_body(bool water, bool hourly, std::mt19937_64& rng, const std::string* mn = nullptr, int hour = -1);
  Item make(const Device& d, bool hourly, EpochSeconds t);
  bool done_sending() const;
  void send_bad(Device& d);
  void flush(std::size_t i);
  void read(std::size_t i);
  void set_events(std::size_t i);

  SimulatorOptions o_;
  SimulatorHooks h_;
  std::mt19937_64 rng_;
  sockaddr_in addr_{};
  EpochSeconds start_epoch_ = 0;
  int ep_ = -1;
  std::vector<Device> dev_;
  std::vector<double> latencies_;
  SimulatorResult r_;
  // Values are drawn once, kBodies packets' worth per outlet kind and command, and each packet takes one of them:
  // generating and formatting every value of every packet made the simulator compete with the receiver it
  // measures for the machine's cores. Which one a packet takes depends on the seed, the device's position and the
  // packet's time only, so a run gives the same values whatever the network's timing.
  static constexpr std::size_t kBodies = 256;
  std::vector<Body> bodies_[2][2];  // [water][hourly]
};

// A 64-bit mix (SplitMix64's finaliser): the body a packet takes, from its seed, device and time.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

Simulator::Body Simulator::random_body(bool water, bool hourly, std::mt19937_64& rng, const std::string* mn, int hour) {
  hj::Packet p;
  p.data_time = "00000000000000";
  std::normal_distribution<double> noise(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  const auto add = [&](const Pollutant& pol) {
    double avg = std::max(0.0, pol.mean + pol.spread * noise(rng));
    const double lo_share = 0.8 + 0.1 * u(rng), hi_share = 1.1 + 0.1 * u(rng);
    char flag = u(rng) < o_.flag_rate ? 'M' : 'N';
    if (mn && hourly)
      for (const SimOverride& x : o_.overrides)
        if (x.mn == *mn && x.pollutant == pol.code && hour >= x.hour && hour < x.hour + x.hours) {
          if (x.value) avg = *x.value;
          if (x.flag) flag = x.flag;
        }
    const double lo = avg * lo_share, hi = avg * hi_share;
    const auto round3 = [](double v) { return std::round(v * 1000) / 1000; };
    p.values.push_back({pol.code, "Min", round3(lo), flag});
    p.values.push_back({pol.code, "Avg", round3(avg), flag});
    p.values.push_back({pol.code, "Max", round3(hi), flag});
    if (pol.cou) p.values.push_back({pol.code, "Cou", round3(avg * (hourly ? 3.6 : 0.06)), flag});
  };
  if (water) {
    for (const auto& pol : kWater) add(pol);
  } else {
    for (const auto& pol : kGas) add(pol);
  }
  // What data_segment() writes after "DataTime=00000000000000", without the closing "&&".
  const std::string seg = hj::data_segment(p);
  const std::size_t at = seg.find(p.data_time) + p.data_time.size();
  return {seg.substr(at, seg.size() - 2 - at), static_cast<int>(p.values.size())};
}

// The packet of device `d` for DataTime `t`.
Item Simulator::make(const Device& d, bool hourly, EpochSeconds t) {
  const bool water = d.spec->kind == "water";
  const std::uint64_t key = mix(mix(mix(o_.seed ^ d.index) ^ static_cast<std::uint64_t>(t)) ^ (hourly ? 1 : 0));
  const int hour = static_cast<int>((t - start_epoch_) / 3600);
  bool overridden = false;
  if (hourly)
    for (const SimOverride& x : o_.overrides)
      overridden = overridden || (x.mn == d.spec->mn && hour >= x.hour && hour < x.hour + x.hours);
  // An hour with an anomaly put in gets its own values (rare: the demo's few hours); every other packet a drawn body.
  Body own;
  if (overridden) {
    std::mt19937_64 rng(key);
    own = random_body(water, hourly, rng, &d.spec->mn, hour);
  }
  const Body& body = overridden ? own : bodies_[water][hourly][key % kBodies];
  Item it;
  it.data_time = compact(epoch_to_beijing(t));
  it.qn = it.data_time + (hourly ? "001" : "000");
  it.cn = hourly ? 2061 : 2051;
  it.values = body.values;
  // The data segment as hj212::data_segment writes it (2017, Flag 5: answer wanted), put together from its pieces.
  std::string seg;
  seg.reserve(96 + d.spec->password.size() + d.spec->mn.size() + body.text.size());
  seg += "QN=";
  seg += it.qn;
  seg += water ? ";ST=32;CN=" : ";ST=31;CN=";
  seg += hourly ? "2061" : "2051";
  seg += ";PW=";
  seg += d.spec->password;
  seg += ";MN=";
  seg += d.spec->mn;
  seg += ";Flag=5;CP=&&DataTime=";
  seg += it.data_time;
  seg += body.text;
  seg += "&&";
  it.wire = hj::frame(seg);
  return it;
}

void Simulator::send_bad(Device& d) {
  const std::string good =
      hj::frame(fmt::format("QN=20260101000000999;ST=31;CN=2011;PW={};MN={};Flag=4;CP=&&DataTime="
                            "20260101000000;a21026-Rtd=1&&",
                            d.spec->password, d.spec->mn));
  std::string bad = good;
  switch (rng_() % 4) {
    case 0:
      bad[bad.size() - 3] = bad[bad.size() - 3] == '0' ? '1' : '0';
      break;  // CRC off by one digit
    case 1:
      bad.replace(2, 4, fmt::format("{:04d}", good.size() - 13));
      break;  // declared length one short
    case 2:
      bad = "\x01\x02garbage\xff";
      break;
    default:
      bad =
          hj::frame(fmt::format("QN=20260101000000999;ST=31;CN=2051;PW=wrong;MN={};Flag=4;CP=&&DataTime="
                                "20260101000000;a21026-Avg=1&&",
                                d.spec->mn));
  }
  d.out += bad;
  ++r_.bad_sent;
}

void Simulator::set_events(std::size_t i) {
  Device& d = dev_[i];
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | ((d.connecting || !d.out.empty()) ? EPOLLOUT : 0u);
  ev.data.u64 = i;
  ::epoll_ctl(ep_, EPOLL_CTL_MOD, d.fd, &ev);
}

void Simulator::connect(std::size_t i) {
  Device& d = dev_[i];
  d.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(d.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  d.in.clear();
  d.out.clear();
  const int rc = ::connect(d.fd, reinterpret_cast<const sockaddr*>(&addr_), sizeof addr_);
  if (rc != 0 && errno != EINPROGRESS) {
    ::close(d.fd);
    d.fd = -1;
    ++r_.connect_failures;
    d.reconnect_at = Clock::now() + std::chrono::milliseconds(200 + rng_() % 200);
    return;
  }
  d.connecting = rc != 0;
  d.connected = rc == 0;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLOUT;
  ev.data.u64 = i;
  ::epoll_ctl(ep_, EPOLL_CTL_ADD, d.fd, &ev);
  // Everything still unanswered goes again, in order: a receiver that stored it answers without storing twice.
  for (Item& it : d.unacked) {
    d.out += it.wire;
    it.sent_at = Clock::now();
    ++r_.resent;
  }
}

void Simulator::drop(std::size_t i, bool count_reconnect) {
  Device& d = dev_[i];
  if (d.fd >= 0) {
    ::epoll_ctl(ep_, EPOLL_CTL_DEL, d.fd, nullptr);
    ::close(d.fd);
  }
  d.fd = -1;
  d.connected = d.connecting = false;
  if (count_reconnect) ++r_.reconnects;
  d.reconnect_at = Clock::now() + std::chrono::milliseconds(count_reconnect ? 0 : 200 + rng_() % 300);
}

bool Simulator::done_sending() const {
  if (o_.hours <= 0) return false;
  for (const Device& d : dev_)
    if (d.hour < o_.hours) return false;
  return true;
}

void Simulator::fill(std::size_t i, Clock::time_point now, bool generating) {
  Device& d = dev_[i];
  if (!d.connected || !generating) return;
  while (static_cast<int>(d.unacked.size()) < o_.window && (o_.rate <= 0 || d.next_send <= now)) {
    Item it;
    if (o_.hours > 0) {
      if (d.hour >= o_.hours) break;
      it = make(d, true, start_epoch_ + static_cast<EpochSeconds>(d.hour) * 3600);
      ++d.hour;
    } else if (d.hourly_due) {
      // The hour that just ended (DataTime: its start).
      it = make(d, true, start_epoch_ + (d.minute / 60 - 1) * 3600);
      d.hourly_due = false;
    } else {
      it = make(d, false, start_epoch_ + d.minute * 60);
      ++d.minute;
      d.hourly_due = d.minute % 60 == 0;
    }
    it.sent_at = now;
    d.out += it.wire;
    d.unacked.push_back(std::move(it));
    ++r_.sent;
    if (o_.bad_rate > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < o_.bad_rate) send_bad(d);
    if (o_.rate > 0)
      d.next_send += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1 / o_.rate));
  }
}

void Simulator::flush(std::size_t i) {
  Device& d = dev_[i];
  while (!d.out.empty()) {
    const ssize_t n = ::send(d.fd, d.out.data(), d.out.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      drop(i, false);
      return;
    }
    d.out.erase(0, static_cast<std::size_t>(n));
  }
  set_events(i);
}

void Simulator::read(std::size_t i) {
  Device& d = dev_[i];
  char buf[16384];
  const ssize_t n = ::recv(d.fd, buf, sizeof buf, 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  if (n <= 0) {
    drop(i, false);
    return;
  }
  d.in.append(buf, static_cast<std::size_t>(n));
  std::size_t at = 0;
  const auto now = Clock::now();
  bool reconnect = false;
  while (at < d.in.size()) {
    const auto f = hj::next_frame(std::string_view(d.in).substr(at));
    if (f.status == hj::FrameResult::Status::need_more) break;
    at += f.consumed;
    if (f.status != hj::FrameResult::Status::packet) continue;
    // Only 9014 answers matter, and of them only the QN: found in place rather than parsing the whole answer, so
    // the simulator leaves the machine's cores to the receiver it measures.
    const std::string_view qn = answered_qn(f.data);
    if (qn.empty()) continue;
    const auto it = std::find_if(d.unacked.begin(), d.unacked.end(), [&](const Item& x) { return x.qn == qn; });
    if (it == d.unacked.end()) continue;
    latencies_.push_back(std::chrono::duration<double, std::milli>(now - it->sent_at).count());
    ++r_.acked;
    r_.values_acked += it->values;
    if (h_.on_acked) h_.on_acked(d.spec->mn, it->cn, it->data_time, it->qn, it->values);
    d.unacked.erase(it);
    if (o_.reconnect_rate > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < o_.reconnect_rate)
      reconnect = true;
  }
  d.in.erase(0, at);
  if (reconnect) drop(i, true);
}

SimulatorResult Simulator::run() {
  if (o_.devices.empty()) throw UsageError("no devices to simulate");
  ep_ = ::epoll_create1(EPOLL_CLOEXEC);
  dev_.resize(o_.devices.size());
  const auto t0 = Clock::now();
  for (std::size_t i = 0; i < dev_.size(); ++i) {
    dev_[i].spec = &o_.devices[i];
    dev_[i].index = i;
    dev_[i].next_send = t0;
    dev_[i].reconnect_at = t0;
  }
  const auto end = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o_.seconds));
  const auto drain_end =
      end + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o_.drain_seconds));
  std::vector<epoll_event> events(4096);
  auto last_sweep = t0 - std::chrono::seconds(1);
  for (;;) {
    auto now = Clock::now();
    const bool generating = now < end && !done_sending();
    if (!generating) {
      bool pending = false;
      for (const Device& d : dev_) pending = pending || !d.unacked.empty();
      if (!pending || now >= drain_end) break;
    }
    if (now - last_sweep >= std::chrono::milliseconds(20)) {
      last_sweep = now;
      for (std::size_t i = 0; i < dev_.size(); ++i) {
        Device& d = dev_[i];
        if (d.fd < 0 && now >= d.reconnect_at && (generating || !d.unacked.empty())) connect(i);
        if (d.connected) {
          fill(i, now, generating);
          if (!d.out.empty()) flush(i);
        }
      }
    }
    const int n = ::epoll_wait(ep_, events.data(), static_cast<int>(events.size()), 5);
    now = Clock::now();
    for (int k = 0; k < n; ++k) {
      const std::size_t i = events[static_cast<std::size_t>(k)].data.u64;
      const std::uint32_t what = events[static_cast<std::size_t>(k)].events;
      Device& d = dev_[i];
      if (d.fd < 0) continue;
      if (d.connecting && (what & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(d.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
          ++r_.connect_failures;
          drop(i, false);
          continue;
        }
        d.connecting = false;
        d.connected = true;
      }
      if (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) read(i);
      if (d.fd < 0) continue;
      fill(i, now, now < end && !done_sending());
      flush(i);
    }
  }
  for (std::size_t i = 0; i < dev_.size(); ++i) {
    r_.unacked_left += static_cast<std::int64_t>(dev_[i].unacked.size());
    if (dev_[i].fd >= 0) ::close(dev_[i].fd);
  }
  ::close(ep_);
  r_.elapsed_s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!latencies_.empty()) {
    std::sort(latencies_.begin(), latencies_.end());
    const auto at = [&](double q) {
      return latencies_[static_cast<std::size_t>(q * static_cast<double>(latencies_.size() - 1))];
    };
    r_.latency_p50_ms = at(0.5);
    r_.latency_p99_ms = at(0.99);
    r_.latency_max_ms = latencies_.back();
  }
  return r_;
}

}  // namespace

std::string synthetic_registry_csv(int devices, double lon, double lat, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> off(-0.5, 0.5);
  std::string out = "enterprise_id,enterprise_name,industry,outlet_id,outlet_kind,mn,password,standard,lon,lat\n";
  static constexpr const char* kIndustries[] = {"thermal_power", "boiler", "chemical", "coking", "sewage_plant"};
  int enterprise = 0;
  for (int i = 0; i < devices; ++enterprise) {
    // 9 (business) 1 (enterprise) 150000 (Inner Mongolia) + a 9-character organisation code, check character last.
    const std::string first17 = fmt::format("91150000MA{:07d}", enterprise);
    const std::string id = first17 + *standards::uscc_check_char(first17);
    const int industry = enterprise % 5;
    const double elon = lon + off(rng), elat = lat + off(rng);
    const int outlets = industry == 4 ? 1 : 2;
    for (int k = 0; k < outlets && i < devices; ++k, ++i) {
      const bool water = industry == 4 || k == 1;
      // STANDARD:CATEGORY as `source import` requires (standards::EmissionStandards::parse_outlet_standard).
      const std::string standard = water           ? "GB8978-1996:class1_new"
                                   : industry == 0 ? "GB13223-2011:coal_boiler_existing"
                                   : industry == 1 ? "GB13271-2014:coal_boiler_existing_large"
                                                   : "GB16297-1996:general_new";
      fmt::format_to(std::back_inserter(out),
                     "{},SYNTHETIC 合成企业{:05d},{},{}{:03d},{},EB{:022d},{:06d},{},{:.5f},{:.5f}\n", id, enterprise,
                     kIndustries[industry], water ? "DW" : "DA", k + 1, water ? "water" : "gas", i, rng() % 1000000,
                     standard, elon + 0.001 * k, elat);
    }
  }
  return out;
}

SimulatorResult run_simulator(const SimulatorOptions& options, const SimulatorHooks& hooks) {
  Simulator s(options, hooks);
  return s.run();
}

}  // namespace eb::app::receive
