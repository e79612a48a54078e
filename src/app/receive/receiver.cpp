#include "app/receive/receiver.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "app/runs/source/ingest.hpp"
#include "core/error.hpp"
#include "io/hj212.hpp"

namespace eb::app::receive {

namespace hj = io::hj212;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kListenerId = 0, kSignalId = 1, kWriterId = 2;

struct Connection {
  int fd = -1;
  std::string peer;
  std::string in;   // bytes not yet framed (bounded by the largest packet: next_frame refuses what cannot fit)
  std::string out;  // answers not yet sent
  Clock::time_point last_read, partial_since;
  bool want_write = false;
};

struct Pending {
  std::uint64_t conn;
  std::int64_t outlet;
  hj::Packet packet;
};

// What the writer thread gives back for a batch it committed (or failed to). The writer also writes the answers
// (framed, one after another) and frees the packets, so the network thread only copies bytes to the connections.
struct Committed {
  bool ok = false;
  runs::SourceIngest::CommitStats stats;
  std::string error;
  double seconds = 0;
  std::size_t packets = 0;
  std::string answers;
  std::vector<std::pair<std::uint64_t, std::size_t>> answer_ends;  // connection, end of its answer in `answers`
};

class Receiver {
 public:
  Receiver(const ReceiverOptions& o, const ReceiverHooks& h) : o_(o), h_(h), ingest_(o.ws) {}
  ReceiverCounters run();

 private:
  void log(const std::string& line);
  void accept_all();
  void read_from(std::uint64_t id);
  void frame_all(std::uint64_t id, Connection& c);
  void handle_packet(std::uint64_t id, Connection& c, std::string_view data);
  void writer_loop();
  void hand_over();
  void wait_for_writer();
  void finish_batch();
  void flush_dirty();
  void queue(std::uint64_t id, const std::string& segment);
  void queue_framed(std::uint64_t id, std::string_view bytes);
  void flush(std::uint64_t id, Connection& c);
  void close_conn(std::uint64_t id);
  void check_timeouts();

  ReceiverOptions o_;
  ReceiverHooks h_;
  runs::SourceIngest ingest_;
  ReceiverCounters n_;
  int ep_ = -1, listener_ = -1, sigfd_ = -1;
  std::uint64_t next_id_ = 3;
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> conns_;
  // Group commit on a writer thread: the network thread parses into filling_ while the writer commits writing_;
  // at most these two batches exist (bounded memory), and a full filling_ waits for the writer (backpressure).
  std::vector<Pending> filling_, writing_;
  std::mutex mutex_;
  std::condition_variable wake_writer_, writer_done_;
  bool writer_busy_ = false;  // writing_ is the writer's, from hand_over() until finish_batch() takes it back
  bool writer_has_batch_ = false, writer_finished_ = false, writer_stop_ = false;  // under mutex_
  Committed committed_;                                                            // under mutex_
  int writer_fd_ = -1;  // eventfd: the writer's "batch committed" wakes the network thread's epoll
  std::vector<std::uint64_t> dirty_;
  int log_lines_ = 0, log_suppressed_ = 0;
};

void Receiver::log(const std::string& line) {
  if (!h_.log) return;
  if (log_lines_ < 50) {
    ++log_lines_;
    h_.log(line);
  } else {
    ++log_suppressed_;
  }
}

void Receiver::accept_all() {
  for (;;) {
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    const int fd = ::accept4(listener_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) log(fmt::format("accept: {}", std::strerror(errno)));
      return;
    }
    char ip[INET_ADDRSTRLEN] = "?";
    ::inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof ip);
    const std::string peer = fmt::format("{}:{}", ip, ntohs(addr.sin_port));
    if (static_cast<int>(conns_.size()) >= o_.max_connections) {
      ::close(fd);
      ++n_.connections_refused;
      log(fmt::format("{}: refused: {} connections open (--max-connections)", peer, conns_.size()));
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->peer = peer;
    c->last_read = Clock::now();
    const std::uint64_t id = next_id_++;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.u64 = id;
    ::epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev);
    conns_.emplace(id, std::move(c));
    ++n_.connections_accepted;
  }
}

void Receiver::close_conn(std::uint64_t id) {
  const auto it = conns_.find(id);
  if (it == conns_.end()) return;
  ::epoll_ctl(ep_, EPOLL_CTL_DEL, it->second->fd, nullptr);
  ::close(it->second->fd);
  conns_.erase(it);
}

void Receiver::read_from(std::uint64_t id) {
  const auto it = conns_.find(id);
  if (it == conns_.end()) return;
  Connection& c = *it->second;
  char buf[65536];
  const ssize_t got = ::recv(c.fd, buf, sizeof buf, 0);
  if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  if (got <= 0) {
    if (!c.in.empty()) {
      ++n_.truncated;
      log(fmt::format("{}: truncated: connection closed {} bytes into a packet", c.peer, c.in.size()));
    }
    close_conn(id);
    return;
  }
  c.last_read = Clock::now();
  if (c.in.empty()) c.partial_since = c.last_read;
  c.in.append(buf, static_cast<std::size_t>(got));
  frame_all(id, c);
}

void Receiver::frame_all(std::uint64_t id, Connection& c) {
  std::size_t at = 0;
  while (at < c.in.size()) {
    const hj::FrameResult f = hj::next_frame(std::string_view(c.in).substr(at), o_.max_packet);
    if (f.status == hj::FrameResult::Status::need_more) break;
    if (f.status == hj::FrameResult::Status::refused) {
      switch (f.error) {
        case hj::FrameError::garbage:
          ++n_.garbage;
          break;
        case hj::FrameError::bad_length:
          ++n_.bad_length;
          break;
        case hj::FrameError::oversized:
          ++n_.oversized;
          break;
        case hj::FrameError::bad_crc:
          ++n_.bad_crc;
          break;
        case hj::FrameError::bad_trailer:
          ++n_.bad_trailer;
          break;
        case hj::FrameError::none:
          break;
      }
      log(fmt::format("{}: refused: {} ({} bytes skipped)", c.peer, hj::frame_error_name(f.error), f.consumed));
    } else {
      handle_packet(id, c, f.data);
    }
    at += f.consumed;
  }
  if (at > 0) {
    c.in.erase(0, at);
    c.partial_since = Clock::now();
  }
}

void Receiver::handle_packet(std::uint64_t id, Connection& c, std::string_view data) {
  std::string why;
  auto p = hj::parse_data_segment(data, &why);
  if (!p) {
    ++n_.bad_segment;
    log(fmt::format("{}: refused: bad data segment: {}", c.peer, why));
    return;
  }
  std::int64_t outlet = 0;
  switch (ingest_.check(*p, &outlet)) {
    case runs::SourceIngest::Check::unknown_mn:
      ++n_.unknown_mn;
      log(fmt::format("{}: refused: MN {} is not a registered outlet", c.peer, p->mn));
      if (p->wants_answer()) queue(id, hj::request_answer(*p, 4));
      return;
    case runs::SourceIngest::Check::wrong_password:
      ++n_.wrong_password;
      log(fmt::format("{}: refused: wrong password for MN {}", c.peer, p->mn));
      if (p->wants_answer()) queue(id, hj::request_answer(*p, 3));
      return;
    case runs::SourceIngest::Check::ok:
      break;
  }
  ++n_.packets;
  if (!p->is_data()) {
    ++n_.unsupported;
    if (p->wants_answer()) queue(id, hj::request_answer(*p, 2));
    return;
  }
  filling_.push_back({id, outlet, std::move(*p)});
  if (filling_.size() >= o_.max_batch) {
    if (writer_busy_) wait_for_writer();
    hand_over();
  }
}

void Receiver::queue(std::uint64_t id, const std::string& segment) {
  const auto it = conns_.find(id);
  if (it == conns_.end()) return;
  Connection& c = *it->second;
  if (c.out.empty()) dirty_.push_back(id);
  c.out += hj::frame(segment);
  ++n_.answers;
}

void Receiver::queue_framed(std::uint64_t id, std::string_view bytes) {
  const auto it = conns_.find(id);
  if (it == conns_.end()) return;
  Connection& c = *it->second;
  if (c.out.empty()) dirty_.push_back(id);
  c.out += bytes;
  ++n_.answers;
}

void Receiver::flush(std::uint64_t id, Connection& c) {
  while (!c.out.empty()) {
    const ssize_t sent = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      close_conn(id);
      return;
    }
    c.out.erase(0, static_cast<std::size_t>(sent));
  }
  if (c.out.size() > o_.max_output) {
    ++n_.overflow_closed;
    log(fmt::format("{}: closed: {} bytes of answers unread", c.peer, c.out.size()));
    close_conn(id);
    return;
  }
  const bool want = !c.out.empty();
  if (want != c.want_write) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | (want ? EPOLLOUT : 0u);
    ev.data.u64 = id;
    ::epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
    c.want_write = want;
  }
}

void Receiver::writer_loop() {
  std::vector<runs::SourceIngest::Accepted> accepted;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_writer_.wait(lock, [this] { return writer_has_batch_ || writer_stop_; });
      if (!writer_has_batch_) return;
    }
    Committed c;
    const auto t0 = Clock::now();
    try {
      accepted.clear();
      for (const Pending& p : writing_) accepted.push_back({p.outlet, &p.packet});
      const auto received_at =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
      c.stats = ingest_.commit(accepted, received_at);
      c.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
      c.ok = true;
      // Durable now: the answers of the packets that asked for one.
      for (const Pending& p : writing_)
        if (p.packet.wants_answer()) {
          c.answers += hj::frame(hj::data_answer(p.packet));
          c.answer_ends.emplace_back(p.conn, c.answers.size());
        }
    } catch (const std::exception& e) {
      c.error = e.what();
      c.ok = false;
      c.answers.clear();
      c.answer_ends.clear();
    }
    c.packets = writing_.size();
    writing_.clear();
    {
      const std::lock_guard lock(mutex_);
      committed_ = std::move(c);
      writer_has_batch_ = false;
      writer_finished_ = true;
    }
    writer_done_.notify_one();
    const std::uint64_t one = 1;
    (void)::write(writer_fd_, &one, sizeof one);
  }
}

void Receiver::hand_over() {
  if (writer_busy_ || filling_.empty()) return;
  writing_.swap(filling_);
  writer_busy_ = true;
  {
    const std::lock_guard lock(mutex_);
    writer_has_batch_ = true;
  }
  wake_writer_.notify_one();
}

void Receiver::wait_for_writer() {
  {
    std::unique_lock lock(mutex_);
    writer_done_.wait(lock, [this] { return writer_finished_; });
  }
  finish_batch();
}

void Receiver::finish_batch() {
  Committed c;
  {
    const std::lock_guard lock(mutex_);
    if (!writer_finished_) return;
    writer_finished_ = false;
    c = std::move(committed_);
  }
  if (c.ok) {
    ++n_.commits;
    n_.data_packets += c.stats.packets;
    n_.values_new += c.stats.values_new;
    n_.values_duplicate += c.stats.values_duplicate;
    n_.commit_seconds += c.seconds;
    n_.largest_batch = std::max(n_.largest_batch, static_cast<std::int64_t>(c.packets));
    std::size_t begin = 0;
    for (const auto& [conn, end] : c.answer_ends) {
      queue_framed(conn, std::string_view(c.answers).substr(begin, end - begin));
      begin = end;
    }
  } else {
    log(fmt::format("commit of {} packets failed, none acknowledged: {}", c.packets, c.error));
  }
  writer_busy_ = false;
}

void Receiver::flush_dirty() {
  for (const std::uint64_t id : dirty_) {
    const auto it = conns_.find(id);
    if (it != conns_.end()) flush(id, *it->second);
  }
  dirty_.clear();
}

void Receiver::check_timeouts() {
  const auto now = Clock::now();
  std::vector<std::pair<std::uint64_t, bool>> doomed;
  for (const auto& [id, c] : conns_) {
    if (!c->in.empty() && std::chrono::duration<double>(now - c->partial_since).count() > o_.packet_timeout_s)
      doomed.emplace_back(id, true);
    else if (std::chrono::duration<double>(now - c->last_read).count() > o_.idle_timeout_s)
      doomed.emplace_back(id, false);
  }
  for (const auto& [id, slow] : doomed) {
    const Connection& c = *conns_.at(id);
    if (slow) {
      ++n_.slow_closed;
      log(fmt::format("{}: closed: slow sender ({} bytes of a packet in {} s)", c.peer, c.in.size(),
                      o_.packet_timeout_s));
    } else {
      ++n_.idle_closed;
      log(fmt::format("{}: closed: idle for {} s", c.peer, o_.idle_timeout_s));
    }
    close_conn(id);
  }
}

ReceiverCounters Receiver::run() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  ::pthread_sigmask(SIG_BLOCK, &mask, nullptr);
  sigfd_ = ::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(o_.port));
  if (::inet_pton(AF_INET, o_.bind.c_str(), &addr.sin_addr) != 1)
    throw UsageError(fmt::format("--bind {}: not an IPv4 address", o_.bind));
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener_, 4096) != 0)
    throw IoError(fmt::format("cannot listen on {}:{}: {}", o_.bind, o_.port, std::strerror(errno)));
  socklen_t len = sizeof addr;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
  ep_ = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenerId;
  ::epoll_ctl(ep_, EPOLL_CTL_ADD, listener_, &ev);
  ev.data.u64 = kSignalId;
  ::epoll_ctl(ep_, EPOLL_CTL_ADD, sigfd_, &ev);
  writer_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  ev.data.u64 = kWriterId;
  ::epoll_ctl(ep_, EPOLL_CTL_ADD, writer_fd_, &ev);
  // Started with SIGINT and SIGTERM blocked (inherited), so the signalfd above gets them.
  std::thread writer([this] { writer_loop(); });
  // The writer is stopped and joined on every way out, an exception included.
  struct StopWriter {
    Receiver* r;
    std::thread& t;
    ~StopWriter() {
      {
        const std::lock_guard lock(r->mutex_);
        r->writer_stop_ = true;
      }
      r->wake_writer_.notify_one();
      t.join();
    }
  } stop_writer{this, writer};
  if (h_.on_listening) h_.on_listening(o_.bind, ntohs(addr.sin_port));

  std::vector<epoll_event> events(4096);
  bool stop = false;
  auto last_tick = Clock::now();
  while (!stop) {
    const int n = ::epoll_wait(ep_, events.data(), static_cast<int>(events.size()), 200);
    for (int i = 0; i < n; ++i) {
      const std::uint64_t id = events[static_cast<std::size_t>(i)].data.u64;
      const std::uint32_t what = events[static_cast<std::size_t>(i)].events;
      if (id == kListenerId) {
        accept_all();
      } else if (id == kSignalId) {
        signalfd_siginfo si{};
        while (::read(sigfd_, &si, sizeof si) == static_cast<ssize_t>(sizeof si)) stop = true;
      } else if (id == kWriterId) {
        std::uint64_t count = 0;
        (void)::read(writer_fd_, &count, sizeof count);
      } else {
        if (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) read_from(id);
        if (what & EPOLLOUT) {
          const auto it = conns_.find(id);
          if (it != conns_.end()) flush(id, *it->second);
        }
      }
    }
    // Answers of a committed batch go out first; then what arrived meanwhile goes to the writer as the next batch.
    if (writer_busy_) finish_batch();
    hand_over();
    flush_dirty();
    const auto now = Clock::now();
    if (now - last_tick >= std::chrono::seconds(1)) {
      last_tick = now;
      check_timeouts();
      if (log_suppressed_ > 0 && h_.log)
        h_.log(fmt::format("({} more log lines this second not shown)", log_suppressed_));
      log_lines_ = log_suppressed_ = 0;
      n_.connections_open = static_cast<std::int64_t>(conns_.size());
      if (h_.on_tick) h_.on_tick(n_);
    }
  }
  if (writer_busy_) wait_for_writer();
  hand_over();
  if (writer_busy_) wait_for_writer();
  for (auto& [id, c] : conns_) {
    if (!c->out.empty()) (void)::send(c->fd, c->out.data(), c->out.size(), MSG_NOSIGNAL);
    ::close(c->fd);
  }
  conns_.clear();
  ::close(listener_);
  ::close(ep_);
  ::close(sigfd_);
  ::close(writer_fd_);
  ::pthread_sigmask(SIG_UNBLOCK, &mask, nullptr);
  n_.connections_open = 0;
  return n_;
}

}  // namespace

ReceiverCounters run_receiver(const ReceiverOptions& options, const ReceiverHooks& hooks) {
  Receiver r(options, hooks);
  return r.run();
}

}  // namespace eb::app::receive
