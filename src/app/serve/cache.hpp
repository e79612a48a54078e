// The API's answers kept in memory: each body with its gzip form and ETag, per normalised request, until the
// workspace file changes (its version: modification time and size of the file and its WAL), within a byte budget
// (oldest out first); and the whole results that pages are cut from. Safe to use from the server's threads.
#pragma once

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "app/serve/http_server.hpp"
#include "app/serve/result.hpp"

namespace eb::app::serve {

// An answer as it is sent: the body, its gzip form when it is worth it, the ETag and the content type.
struct CachedBody {
  std::shared_ptr<const std::string> body, gzipped;
  std::string etag, content_type;

  static CachedBody of(std::string text, std::string content_type);
  Response response() const;
  std::size_t bytes() const { return body->size() + (gzipped ? gzipped->size() : 0); }
};

// A file's version for caching: its modification time (to the nanosecond) and size; empty when it does not exist.
std::string file_version(const std::string& path);
// The workspace's: the file's and its write-ahead log's.
std::string workspace_version(const std::string& workspace);

class AnswerCache {
 public:
  explicit AnswerCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

  // Forgets everything when the workspace's version is not the one the answers were computed under.
  void follow(const std::string& version);
  // The workspace version the answers kept now belong to.
  std::string version() const;

  std::optional<CachedBody> find(const std::string& key) const;
  // Keeps an answer computed under workspace version `computed_at`; one computed before the workspace changed is
  // not kept.
  void keep(const std::string& key, const CachedBody& body, const std::string& computed_at);

  std::shared_ptr<const Result> result(const std::string& key) const;
  void keep_result(const std::string& key, std::shared_ptr<const Result> result);

 private:
  std::size_t budget_;
  mutable std::mutex mutex_;
  std::string version_;
  std::map<std::string, CachedBody> bodies_;
  std::list<std::string> order_;  // insertion order, for eviction
  std::size_t bytes_ = 0;
  std::map<std::string, std::shared_ptr<const Result>> results_;
};

}  // namespace eb::app::serve
