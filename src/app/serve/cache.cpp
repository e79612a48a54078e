#include "app/serve/cache.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

namespace eb::app::serve {

CachedBody CachedBody::of(std::string text, std::string content_type) {
  CachedBody b;
  b.body = std::make_shared<const std::string>(std::move(text));
  if (b.body->size() >= 1024) b.gzipped = std::make_shared<const std::string>(gzip(*b.body));
  b.etag = etag_of(*b.body);
  b.content_type = std::move(content_type);
  return b;
}

Response CachedBody::response() const {
  Response r;
  r.body = body;
  r.gzipped = gzipped;
  r.etag = etag;
  r.content_type = content_type;
  return r;
}

std::string file_version(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return fmt::format("{}.{}:{};", st.st_mtim.tv_sec, st.st_mtim.tv_nsec, static_cast<long long>(st.st_size));
}

std::string workspace_version(const std::string& workspace) {
  return file_version(workspace) + file_version(workspace + "-wal");
}

void AnswerCache::follow(const std::string& version) {
  std::lock_guard lock(mutex_);
  if (version == version_) return;
  bodies_.clear();
  order_.clear();
  results_.clear();
  bytes_ = 0;
  version_ = version;
}

std::string AnswerCache::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

std::optional<CachedBody> AnswerCache::find(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = bodies_.find(key);
  if (it == bodies_.end()) return std::nullopt;
  return it->second;
}

void AnswerCache::keep(const std::string& key, const CachedBody& body, const std::string& computed_at) {
  std::lock_guard lock(mutex_);
  if (computed_at != version_) return;
  const std::size_t bytes = body.bytes();
  while (!order_.empty() && bytes_ + bytes > budget_) {
    if (const auto old = bodies_.find(order_.front()); old != bodies_.end()) {
      bytes_ -= old->second.bytes();
      bodies_.erase(old);
    }
    order_.pop_front();
  }
  if (bodies_.emplace(key, body).second) {
    order_.push_back(key);
    bytes_ += bytes;
  }
}

std::shared_ptr<const Result> AnswerCache::result(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = results_.find(key);
  return it == results_.end() ? nullptr : it->second;
}

void AnswerCache::keep_result(const std::string& key, std::shared_ptr<const Result> result) {
  std::lock_guard lock(mutex_);
  if (results_.size() > 4096) results_.clear();
  results_[key] = std::move(result);
}

}  // namespace eb::app::serve
