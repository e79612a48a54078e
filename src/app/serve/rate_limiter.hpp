// A token bucket per client address, one home for the server's per-client rates (requests, writes, logins).
#pragma once

#include <algorithm>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace eb::app::serve {

// `rate` tokens a second up to `burst`; a request takes one; rate 0: no limit.
class RateLimiter {
 public:
  RateLimiter(double rate, unsigned burst) : rate_(rate), burst_(std::max(1u, burst)) {}
  bool allow(const std::string& client) {
    if (rate_ <= 0) return true;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (buckets_.size() > 65536) forget_idle(now);
    auto [it, fresh] = buckets_.try_emplace(client, Bucket{static_cast<double>(burst_), now});
    Bucket& b = it->second;
    if (!fresh) {
      b.tokens = std::min<double>(burst_, b.tokens + rate_ * std::chrono::duration<double>(now - b.at).count());
      b.at = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  void forget_idle(
      std::chrono::steady_clock::time_point now) {  // buckets that would be full again are the same as none
    for (auto it = buckets_.begin(); it != buckets_.end();)
      it = it->second.tokens + rate_ * std::chrono::duration<double>(now - it->second.at).count() >= burst_
               ? buckets_.erase(it)
               : std::next(it);
  }
  double rate_;
  unsigned burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace eb::app::serve
