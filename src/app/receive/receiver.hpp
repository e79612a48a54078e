// ecobarrier receive: the HJ 212 TCP server of the monitoring centre. A network thread (epoll) reads, frames and parses
// packets from every connection and checks MN and password against the outlet registry; a writer thread stores the
// data packets that arrived meanwhile from all connections in one transaction (group commit), and only after that
// commit does the network thread send the 9014 answers the packets asked for.
// Refused packets (unknown MN, wrong password, malformed) are counted and logged with the peer, never stored.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace eb::app::receive {

struct ReceiverOptions {
  std::string ws;
  std::string bind = "127.0.0.1";
  int port = 9212;                      // 0: any free port (reported through on_listening)
  int max_connections = 20000;          // more are accepted and closed at once (counted)
  std::size_t max_packet = 1024;        // largest data segment accepted (the standard's limit)
  double packet_timeout_s = 10;         // a packet begun and not finished within this is a slow sender: closed
  double idle_timeout_s = 600;          // a connection silent this long is closed
  std::size_t max_batch = 50000;        // packets in one commit at most
  std::size_t max_output = 256 * 1024;  // answers waiting for a peer that does not read: closed beyond this
};

struct ReceiverCounters {
  std::int64_t connections_accepted = 0, connections_open = 0, connections_refused = 0;
  std::int64_t packets = 0;  // well-formed packets from registered devices
  std::int64_t data_packets = 0, values_new = 0, values_duplicate = 0, answers = 0, commits = 0;
  std::int64_t unknown_mn = 0, wrong_password = 0, unsupported = 0;
  std::int64_t garbage = 0, bad_length = 0, oversized = 0, bad_crc = 0, bad_trailer = 0, bad_segment = 0;
  std::int64_t truncated = 0;  // connection closed inside a packet
  std::int64_t slow_closed = 0, idle_closed = 0, overflow_closed = 0;
  double commit_seconds = 0;       // time the writer spent in commits (timing counter: where the time goes)
  std::int64_t largest_batch = 0;  // most packets in one commit
  std::int64_t malformed() const {
    return garbage + bad_length + oversized + bad_crc + bad_trailer + bad_segment + truncated;
  }
};

struct ReceiverHooks {
  std::function<void(const std::string& address, int port)> on_listening;
  std::function<void(const std::string& line)> log;      // one refusal or event, with the peer
  std::function<void(const ReceiverCounters&)> on_tick;  // about once a second
};

// Runs until SIGINT or SIGTERM (blocked in the calling thread and taken through a signalfd): then commits and
// answers what it has, closes every connection and returns the counters.
ReceiverCounters run_receiver(const ReceiverOptions& options, const ReceiverHooks& hooks);

}  // namespace eb::app::receive
