// A small HTTP/1.1 server on libmicrohttpd for the JSON API and the dashboard: GET and HEAD only, bounded
// resources (connections in all and per client, requests per second per client, per-connection memory for the
// request line and headers, a deadline for a request's headers besides the idle timeout, query size, a bounded
// pool for answers that must be computed), the Host header checked, gzip and ETags for the bodies it is handed.
// The routes live in app/serve/api; the request target and Host header are parsed by app/serve/request_parsing.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace eb::app::serve {

struct Request {
  std::string method;                        // GET or HEAD (others are answered 405 before a handler sees them)
  std::string path;                          // decoded (valid UTF-8, no NUL), without the query
  std::map<std::string, std::string> query;  // decoded; a repeated name keeps the last value
  std::string if_none_match;                 // the If-None-Match header, when sent
  bool accepts_gzip = false;
};

struct Response;

// An answer a handler leaves to the server's compute pool (a cache miss on an expensive endpoint): the server runs
// `compute` off its network threads, at most ServerLimits::compute_threads at a time with at most
// ServerLimits::compute_queue waiting (beyond that: 503 with Retry-After), once for all requests with the same
// `key` at the same time. `compute` may throw: the request is answered 500.
struct Deferred {
  std::string key;
  std::function<Response()> compute;
};

// A body and how to send it. The server adds the ETag (a hash of `body`), compresses when the client accepts
// gzip and the body is worth it, and answers 304 when If-None-Match matches. With `deferred`, the rest is ignored
// and the answer is the one `deferred` computes.
struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::shared_ptr<const std::string> body;
  std::shared_ptr<const std::string> gzipped;  // optional: the body already compressed (cached responses)
  std::string etag;                            // optional: precomputed (W/"...")
  std::string cache_control = "no-cache";      // revalidate with the ETag every time
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<const Deferred> deferred;
};

using Handler = std::function<Response(const Request&)>;

struct ServerLimits {
  unsigned connections = 4096;            // open connections in all (lowered to what the open-file limit allows)
  unsigned connections_per_client = 128;  // per client address; more are closed at once (0: no limit)
  double rate_limit = 100;                // requests per second per client address, sustained (0: no limit)
  unsigned rate_burst = 1000;             // ... and in a burst; beyond: 429 with Retry-After
  unsigned timeout_s = 15;                // an idle or stalled connection is closed after this
  unsigned header_timeout_s = 10;         // a request line and headers not complete this long after the connection
                                          // opened or the last answer was sent: the connection is closed (slowloris)
  std::size_t connection_memory = 32 * 1024;  // request line and headers must fit (else 431 / 414)
  std::size_t max_query_parameters = 32;      // more: 400
  unsigned threads = 0;                       // network threads; 0: one per core
  unsigned compute_threads = 2;               // answers computed at the same time (Deferred)
  std::size_t compute_queue = 16;             // ... and waiting; beyond: 503 with Retry-After
  unsigned retry_after_s = 2;                 // the Retry-After of those 503s
  std::vector<std::string> allowed_hosts;     // Host header values accepted besides the bind address's own
};

// The weak ETag of a body: W/"<64-bit hash in hex>".
std::string etag_of(const std::string& body);
// gzip (RFC 1952) of `data` at the given zlib level.
std::string gzip(const std::string& data, int level = 6);
// Whether an Accept-Encoding header value accepts gzip ("gzip", "gzip;q=0.5", "*"; not "gzip;q=0").
bool accepts_gzip(std::string_view accept_encoding);
// Whether an If-None-Match header value matches `etag` ("*" or any listed tag, weak comparison).
bool etag_matches(const std::string& if_none_match, const std::string& etag);

class HttpServer {
 public:
  // Listens on bind_address:port (port 0: a free port) and serves with `handler` on the server's threads
  // until destroyed. Raises the soft open-file limit to the hard one first. Throws IoError when the address
  // cannot be bound.
  HttpServer(const std::string& bind_address, std::uint16_t port, Handler handler, const ServerLimits& limits = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  std::uint16_t port() const { return port_; }
  // The limits in force (`connections` lowered to what the open-file limit allows).
  const ServerLimits& limits() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
};

}  // namespace eb::app::serve
