#include "app/serve/compute_pool.hpp"

#include <algorithm>

namespace eb::app::serve {

ComputePool::ComputePool(unsigned threads, std::size_t queue) : threads_(std::max(1u, threads)), queue_(queue) {
  workers_.reserve(threads_);
  for (unsigned i = 0; i < threads_; ++i) workers_.emplace_back([this] { work(); });
}

ComputePool::~ComputePool() {
  Response refused;
  refused.status = 503;
  stop(refused);
}

bool ComputePool::submit(const std::string& key, std::function<Response()> compute, Done done) {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  if (const auto it = jobs_.find(key); it != jobs_.end()) {
    it->second.done.push_back(std::move(done));
    return true;
  }
  // A thread that is idle now takes the next waiting job; beyond those, `queue_` may wait.
  const std::size_t idle = threads_ - std::min<std::size_t>(threads_, running_);
  if (waiting_.size() >= idle + queue_) return false;
  Job& job = jobs_[key];
  job.compute = std::move(compute);
  job.done.push_back(std::move(done));
  waiting_.push_back(key);
  wake_.notify_one();
  return true;
}

void ComputePool::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
    if (waiting_.empty()) return;  // stopping, nothing left
    const std::string key = waiting_.front();
    waiting_.pop_front();
    ++running_;
    const std::function<Response()> compute = jobs_[key].compute;
    lock.unlock();
    const Response answer = compute();
    lock.lock();
    std::vector<Done> done = std::move(jobs_[key].done);
    jobs_.erase(key);
    --running_;
    lock.unlock();
    for (const auto& d : done) d(answer);
    lock.lock();
  }
}

void ComputePool::stop(const Response& refused) {
  std::vector<Done> refuse;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    for (const auto& key : waiting_) {
      auto& d = jobs_[key].done;
      refuse.insert(refuse.end(), std::make_move_iterator(d.begin()), std::make_move_iterator(d.end()));
      jobs_.erase(key);
    }
    waiting_.clear();
  }
  wake_.notify_all();
  for (const auto& d : refuse) d(refused);
  for (auto& t : workers_)
    if (t.joinable()) t.join();
  workers_.clear();
}

std::size_t ComputePool::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

std::size_t ComputePool::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

}  // namespace eb::app::serve
