// A small HTTP/1.1 server on libmicrohttpd for the JSON API and the dashboard: GET and HEAD, and POST and DELETE
// with bounded JSON bodies; bounded resources (connections in all and per client, requests per second per client and
// writing requests per second per client, per-connection memory for the request line and headers, a deadline for a
// request's headers besides the idle timeout, query size, body size, a bounded pool for answers that must be
// computed), the Host header checked, gzip and ETags for the bodies it is handed, security headers on every answer,
// and TLS (GnuTLS through libmicrohttpd) with HSTS when given a certificate and key.
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
  std::string method;                        // GET, HEAD, POST or DELETE (others are answered 405 before a handler
                                             // sees them)
  std::string path;                          // decoded (valid UTF-8, no NUL), without the query
  std::map<std::string, std::string> query;  // decoded; a repeated name keeps the last value
  std::string if_none_match;                 // the If-None-Match header, when sent
  bool accepts_gzip = false;
  // POST and DELETE: the body as sent (at most ServerLimits::max_body bytes; when not empty, its Content-Type is
  // application/json). Not checked for UTF-8 or JSON: that is the handler's. GET and HEAD: always empty.
  std::string body;
  // Headers the accounts layer reads; empty when not sent (the first one when sent twice).
  std::string authorization;  // Authorization
  std::string cookie;         // Cookie
  std::string content_type;   // Content-Type
  std::string csrf_token;     // X-CSRF-Token
  std::string origin;         // Origin
  std::string client;         // the client's address as text ("127.0.0.1", "::1")
  bool tls = false;           // the request came over TLS
};

struct Response;

// An answer a handler leaves to the server's compute pool (a cache miss on an expensive endpoint): the server runs
// `compute` off its network threads, at most ServerLimits::compute_threads at a time with at most
// ServerLimits::compute_queue waiting (beyond that: 503 with Retry-After), once for all requests with the same
// `key` at the same time. `compute` may throw: the request is answered 500.
// With `accounts`, it goes to a second pool instead (ServerLimits::account_threads and account_queue): logins spend
// tens of milliseconds in Argon2id and writes wait for the workspace's write lock, and neither may hold up a
// network thread or queue behind (or in front of) the expensive computations; their keys are unique (no joining).
struct Deferred {
  std::string key;
  std::function<Response()> compute;
  bool accounts = false;
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
  // Extra headers, sent in this order; a name may repeat (several Set-Cookie). A Content-Security-Policy here
  // replaces the server's default one for HTML answers.
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
  unsigned account_threads = 4;               // logins, token and submission requests handled at the same time
  std::size_t account_queue = 1024;           // ... and waiting; beyond: 503 with Retry-After
  std::vector<std::string> allowed_hosts;     // Host header values accepted besides the bind address's own
  std::size_t max_body = 1u << 20;            // bytes of a POST or DELETE body; more: 413 as soon as it is passed
  double write_rate_limit = 10;               // POST and DELETE requests per second per client address, sustained,
                                              // besides rate_limit (0: no limit)
  unsigned write_rate_burst = 50;             // ... and in a burst; beyond: 429 with Retry-After
};

// The certificate (chain) and private key the server answers TLS with, as PEM text; both empty: plain HTTP.
struct ServerTls {
  std::string cert_pem;
  std::string key_pem;
  bool enabled() const { return !cert_pem.empty() || !key_pem.empty(); }
};

// The Content-Security-Policy of HTML answers (the dashboard, the bulletin) unless a handler sets its own: scripts,
// styles, workers and requests from this server only, inline styles (the bulletin's <style>), images also as
// data: and blob: URLs and workers as blob: URLs (MapLibre), and no framing.
extern const char* const kDefaultContentSecurityPolicy;
// The Strict-Transport-Security header every answer carries under TLS.
extern const char* const kStrictTransportSecurity;

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
  // until destroyed; over TLS when `tls` is enabled. Raises the soft open-file limit to the hard one first. Throws
  // IoError when the address cannot be bound, UsageError when TLS is asked for and libmicrohttpd has no TLS or
  // refuses the certificate and key (the message says why).
  HttpServer(const std::string& bind_address, std::uint16_t port, Handler handler, const ServerLimits& limits = {},
             const ServerTls& tls = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  std::uint16_t port() const { return port_; }
  bool tls() const;
  // The limits in force (`connections` lowered to what the open-file limit allows).
  const ServerLimits& limits() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
};

}  // namespace eb::app::serve
