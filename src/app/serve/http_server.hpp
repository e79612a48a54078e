// A small HTTP/1.1 server on libmicrohttpd for the JSON API and the dashboard: GET and HEAD only, bounded
// resources (connections, per-connection memory for the request line and headers, idle timeouts, query size),
// gzip and ETags for the bodies it is handed. The routes live in app/serve/api.
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
  std::string path;                          // decoded, without the query
  std::map<std::string, std::string> query;  // decoded; a repeated name keeps the last value
  std::string if_none_match;                 // the If-None-Match header, when sent
  bool accepts_gzip = false;
};

// A body and how to send it. The server adds the ETag (a hash of `body`), compresses when the client accepts
// gzip and the body is worth it, and answers 304 when If-None-Match matches.
struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::shared_ptr<const std::string> body;
  std::shared_ptr<const std::string> gzipped;  // optional: the body already compressed (cached responses)
  std::string etag;                            // optional: precomputed (W/"...")
  std::string cache_control = "no-cache";      // revalidate with the ETag every time
  std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = std::function<Response(const Request&)>;

struct ServerLimits {
  unsigned connections = 1024;                // open connections in all
  unsigned timeout_s = 15;                    // an idle or slow connection is closed after this
  std::size_t connection_memory = 32 * 1024;  // request line and headers must fit (else 431 / 414)
  std::size_t max_query_parameters = 32;      // more: 400
  unsigned threads = 0;                       // 0: one per core
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
  // until destroyed. Throws IoError when the address cannot be bound.
  HttpServer(const std::string& bind_address, std::uint16_t port, Handler handler, const ServerLimits& limits = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  std::uint16_t port() const { return port_; }

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
};

}  // namespace eb::app::serve
