// The server's bounded pool for answers that must be computed (a cache miss on an expensive endpoint): at most
// `threads` computations at a time and at most `queue` waiting for a thread; a request beyond that is refused
// (the server answers 503 with Retry-After). Requests for the same key while its computation waits or runs join
// it instead of queueing their own, and all get its answer. The network threads never compute, so cheap and
// cached requests are answered while the pool is busy.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/serve/http_server.hpp"

namespace eb::app::serve {

class ComputePool {
 public:
  using Done = std::function<void(const Response&)>;

  ComputePool(unsigned threads, std::size_t queue);
  ~ComputePool();
  ComputePool(const ComputePool&) = delete;
  ComputePool& operator=(const ComputePool&) = delete;

  // Computes `compute` (which must not throw) for `key` on a pool thread, or joins the computation of `key`
  // waiting or under way, and calls `done` with the answer on the pool thread that computed it. Returns false,
  // and never calls `done`, when every thread is busy and `queue` computations already wait (or after stop()).
  bool submit(const std::string& key, std::function<Response()> compute, Done done);

  // Refuses new work, answers the computations still waiting with `refused`, lets the running ones finish and
  // joins the threads. Idempotent.
  void stop(const Response& refused);

  // Computations running and waiting now (for tests and the server's log).
  std::size_t running() const;
  std::size_t waiting() const;

 private:
  struct Job {
    std::function<Response()> compute;
    std::vector<Done> done;
  };
  void work();

  const unsigned threads_;
  const std::size_t queue_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> waiting_;  // keys not yet started, oldest first
  std::map<std::string, Job> jobs_;  // waiting and running, by key
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace eb::app::serve
