#include "app/serve/http_server.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "app/serve/compute_pool.hpp"
#include "app/serve/rate_limiter.hpp"
#include "app/serve/request_parsing.hpp"
#include "core/error.hpp"

namespace eb::app::serve {

const char* const kDefaultContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const char* const kStrictTransportSecurity = "max-age=31536000; includeSubDomains";

std::string etag_of(const std::string& body) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, then a final mix so that near bodies differ widely
  for (unsigned char c : body) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return fmt::format("W/\"{:016x}-{:x}\"", h, body.size());
}

std::string gzip(const std::string& data, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw IoError("gzip: zlib init");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw IoError("gzip: zlib deflate");
  return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const std::size_t semi = item.find(';');
    std::string_view coding = item.substr(0, semi);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    if (semi == std::string_view::npos) return true;
    std::string_view q = item.substr(semi + 1);
    while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
    if (!q.starts_with("q=")) return true;
    q.remove_prefix(2);
    // q=0, q=0.0, q=0.00, q=0.000 refuse it; anything else accepts
    bool zero = !q.empty() && q.front() == '0';
    for (std::size_t i = 1; zero && i < q.size(); ++i) zero = q[i] == '.' || q[i] == '0' || q[i] == ' ';
    return !zero;
  }
  return false;
}

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  auto opaque = [](std::string_view t) {
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    if (t.starts_with("W/")) t.remove_prefix(2);
    return t;
  };
  const std::string_view want = opaque(etag);
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = opaque(rest.substr(0, comma));
    if (item == "*" || item == want) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

namespace {

using Clock = std::chrono::steady_clock;

// One open connection, for the header deadline: when it opened or last sent an answer, and whether a request's
// headers are in (then its handler, the compute pool and the idle timeout are in charge).
struct Connection {
  MHD_socket fd = MHD_INVALID_SOCKET;
  Clock::time_point since = Clock::now();
  bool in_request = false;
  bool shut = false;
};

// One request, from its request line to its answer: the raw target (before MHD decodes it) and, while the compute
// pool works on it, the answer to come.
struct RequestState {
  std::string raw_target;
  bool headers_seen = false;
  bool writes = false;        // POST or DELETE: a body is read (up to ServerLimits::max_body)
  std::size_t discarded = 0;  // bytes of a chunked body read past max_body and thrown away (then: 413)
  Request request;
  std::mutex mutex;
  bool suspended = false;
  std::optional<Response> answer;
};

MHD_Result send(MHD_Connection* connection, const Request& request, const Response& r) {
  std::string etag = r.etag;
  if (etag.empty() && r.body) etag = etag_of(*r.body);
  const bool not_modified = r.status == 200 && !etag.empty() && etag_matches(request.if_none_match, etag);
  // The bytes to send stay shared with the cache until MHD has sent them, instead of being copied per response.
  std::shared_ptr<const std::string> payload;
  bool gzipped = false;
  if (!not_modified && r.body) {
    payload = r.body;
    if (request.accepts_gzip && r.body->size() >= 1024) {
      payload = r.gzipped ? r.gzipped : std::make_shared<const std::string>(gzip(*r.body));
      gzipped = true;
    }
  }
  MHD_Response* response = nullptr;
  if (payload) {
    auto* keep = new std::shared_ptr<const std::string>(payload);
    response = MHD_create_response_from_buffer_with_free_callback_cls(
        payload->size(), const_cast<char*>(payload->data()),
        [](void* cls) { delete static_cast<std::shared_ptr<const std::string>*>(cls); }, keep);
    if (!response) delete keep;
  } else {
    response = MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
  }
  if (!response) return MHD_NO;
  if (!not_modified && !r.content_type.empty())
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, r.content_type.c_str());
  if (!etag.empty()) MHD_add_response_header(response, MHD_HTTP_HEADER_ETAG, etag.c_str());
  if (!r.cache_control.empty())
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, r.cache_control.c_str());
  if (gzipped) MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
  if (r.body) MHD_add_response_header(response, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
  // Security headers on every answer (also the errors): no sniffing of types, no framing, no Referer to elsewhere;
  // HTML gets a Content-Security-Policy (unless the handler chose its own); TLS answers pin TLS (HSTS).
  MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(response, "X-Frame-Options", "DENY");
  MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
  if (request.tls) MHD_add_response_header(response, "Strict-Transport-Security", kStrictTransportSecurity);
  bool own_policy = false;
  for (const auto& [k, v] : r.headers) {
    own_policy = own_policy || strcasecmp(k.c_str(), "Content-Security-Policy") == 0;
    MHD_add_response_header(response, k.c_str(), v.c_str());
  }
  if (!own_policy && r.content_type.starts_with("text/html"))
    MHD_add_response_header(response, "Content-Security-Policy", kDefaultContentSecurityPolicy);
  // For HEAD, MHD sends these headers (with the body's length) and leaves the body out.
  const MHD_Result rc =
      MHD_queue_response(connection, not_modified ? MHD_HTTP_NOT_MODIFIED : static_cast<unsigned>(r.status), response);
  MHD_destroy_response(response);
  return rc;
}

Response error_response(int status, const std::string& code, const std::string& message) {
  Response r;
  r.status = status;
  r.cache_control = "no-store";
  // The message is ASCII or UTF-8 from this program; escape what JSON requires.
  std::string escaped;
  for (char c : message) {
    if (c == '"' || c == '\\') {
      escaped += '\\';
      escaped += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      escaped += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      escaped += c;
    }
  }
  r.body = std::make_shared<const std::string>(
      fmt::format(R"({{"error": {{"status": {}, "code": "{}", "message": "{}"}}}})", status, code, escaped) + "\n");
  return r;
}

}  // namespace

struct HttpServer::Impl {
  Handler handler;
  ServerLimits limits;
  std::string bind_address;
  MHD_Daemon* daemon = nullptr;
  std::unique_ptr<ComputePool> pool;
  std::unique_ptr<ComputePool> account_pool;  // Deferred::accounts
  std::unique_ptr<RateLimiter> rate;
  std::unique_ptr<RateLimiter> write_rate;  // POST and DELETE, besides `rate`
  bool tls = false;
  std::string cert_pem, key_pem;  // kept while the daemon runs (MHD reads them at its start)
  // The open connections, for the header deadline; a connection leaves the set (MHD's close notification)
  // before MHD closes its socket, so a socket in the set is still this connection's.
  std::mutex connections_mutex;
  std::set<Connection*> connections;
  std::thread reaper;
  std::mutex reaper_mutex;
  std::condition_variable reaper_wake;
  bool stopping = false;
  std::mutex log_mutex;
  Clock::time_point log_window{};
  unsigned long log_count = 0, log_dropped = 0;
  bool starting = true;  // while MHD_start_daemon runs, its messages are also kept here (why it failed)
  std::string start_messages;

  void reap();
};

namespace {

// The address of the client (IPv4 or IPv6 bytes), the key of its rate and connection limits.
std::string client_of(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!info || !info->client_addr) return {};
  const sockaddr* a = info->client_addr;
  if (a->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(a);
    return std::string(reinterpret_cast<const char*>(&in->sin_addr), sizeof in->sin_addr);
  }
  if (a->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a);
    return std::string(reinterpret_cast<const char*>(&in6->sin6_addr), sizeof in6->sin6_addr);
  }
  return {};
}

// The address of the client as text ("127.0.0.1", "::1"), for the handler.
std::string client_text(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!info || !info->client_addr) return {};
  char text[INET6_ADDRSTRLEN] = {};
  const sockaddr* a = info->client_addr;
  if (a->sa_family == AF_INET)
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a)->sin_addr, text, sizeof text);
  else if (a->sa_family == AF_INET6)
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr, text, sizeof text);
  return text;
}

Connection* connection_of(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info ? static_cast<Connection*>(info->socket_context) : nullptr;
}

void notify_connection(void* cls, MHD_Connection* connection, void** socket_context,
                       MHD_ConnectionNotificationCode code) {
  auto* impl = static_cast<HttpServer::Impl*>(cls);
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    auto* c = new Connection;
    if (const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD))
      c->fd = info->connect_fd;
    *socket_context = c;
    std::lock_guard lock(impl->connections_mutex);
    impl->connections.insert(c);
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    auto* c = static_cast<Connection*>(*socket_context);
    if (!c) return;
    {
      std::lock_guard lock(impl->connections_mutex);
      impl->connections.erase(c);
    }
    delete c;
    *socket_context = nullptr;
  }
}

void* on_request_line(void*, const char* uri, MHD_Connection*) {
  auto* state = new RequestState;
  state->raw_target = uri ? uri : "";
  return state;
}

void on_completed(void* cls, MHD_Connection* connection, void** request_state, MHD_RequestTerminationCode) {
  auto* impl = static_cast<HttpServer::Impl*>(cls);
  delete static_cast<RequestState*>(*request_state);
  *request_state = nullptr;
  if (Connection* c = connection_of(connection)) {
    std::lock_guard lock(impl->connections_mutex);
    c->in_request = false;
    c->since = Clock::now();
  }
}

}  // namespace

void HttpServer::Impl::reap() {
  const auto deadline = std::chrono::seconds(limits.header_timeout_s);
  std::unique_lock wait_lock(reaper_mutex);
  while (!reaper_wake.wait_for(wait_lock, std::chrono::milliseconds(250), [this] { return stopping; })) {
    const auto now = Clock::now();
    std::lock_guard lock(connections_mutex);
    for (Connection* c : connections) {
      if (c->in_request || c->shut || now - c->since < deadline) continue;
      // MHD sees the end of the stream and closes the connection on its own thread.
      ::shutdown(c->fd, SHUT_RDWR);
      c->shut = true;
    }
  }
}

namespace {

// A header value as it may appear in a message: printable ASCII, at most 200 characters, others as '?'.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 200)) out += c >= 0x20 && c < 0x7f ? c : '?';
  return out;
}

MHD_Result refuse(MHD_Connection* connection, const Request& request, int status, const std::string& code,
                  const std::string& message, const std::string& retry_after = {}) {
  Response r = error_response(status, code, message);
  if (!retry_after.empty()) r.headers.emplace_back("Retry-After", retry_after);
  return send(connection, request, r);
}

std::string header(MHD_Connection* connection, const char* name) {
  const char* v = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, name);
  return v ? v : "";
}

MHD_Result on_request(void* cls, MHD_Connection* connection, const char*, const char* method, const char*,
                      const char* upload_data, size_t* upload_data_size, void** request_state) {
  auto* impl = static_cast<HttpServer::Impl*>(cls);
  if (!*request_state) *request_state = new RequestState;  // (MHD calls on_request_line first)
  auto* state = static_cast<RequestState*>(*request_state);
  Request& request = state->request;
  // The first call announces the request; with a body, MHD calls again for each part, then once more when the body
  // is in. Only POST and DELETE may have one.
  if (!state->headers_seen) {
    request.method = method;
    request.tls = impl->tls;
    state->writes = request.method == "POST" || request.method == "DELETE";
    if (request.method != "GET" && request.method != "HEAD" && !state->writes) {
      Response r = error_response(405, "method_not_allowed",
                                  fmt::format("{} is not served; use GET, HEAD, POST or DELETE", printable(method)));
      r.headers.emplace_back("Allow", "GET, HEAD, POST, DELETE");
      return send(connection, request, r);
    }
    // MHD calls first when the headers are in, then again once the (empty) body is read; answering on the first
    // call would make it close the connection instead of keeping it alive.
    state->headers_seen = true;
    if (Connection* c = connection_of(connection)) {
      std::lock_guard lock(impl->connections_mutex);
      c->in_request = true;
    }
    // A body that cannot be taken is refused now, before a byte of it is read (and before MHD would send
    // "100 Continue"): libmicrohttpd can answer only here or once the body is in, so the connection is closed after
    // the answer. A GET or HEAD takes none; a POST or DELETE one declared larger than the limit.
    const std::string length = header(connection, MHD_HTTP_HEADER_CONTENT_LENGTH);
    std::uint64_t declared = 0;
    const auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), declared);
    const bool has_length = !length.empty() && ec == std::errc() && end == length.data() + length.size();
    if (!state->writes && ((has_length && declared > 0) || !header(connection, "Transfer-Encoding").empty()))
      return refuse(connection, request, 413, "body_not_allowed", fmt::format("{} requests take no body", method));
    if (state->writes && has_length && declared > impl->limits.max_body)
      return refuse(connection, request, 413, "body_too_large",
                    fmt::format("a body of {} bytes; at most {} (serve --max-body)", declared, impl->limits.max_body));
    return MHD_YES;
  }
  {
    // Called again once the compute pool has the answer (MHD_resume_connection).
    std::unique_lock lock(state->mutex);
    if (state->answer) return send(connection, request, *state->answer);
    if (state->suspended) return MHD_YES;
  }
  if (upload_data_size && *upload_data_size > 0) {
    if (!state->writes) return MHD_NO;  // (refused above: a body without a length or Transfer-Encoding is none)
    // A chunked body (no length declared) is never held beyond the limit. Past it, the rest is read and thrown
    // away so that the client gets its 413 once the body ends; a body that goes on for as much again is cut off
    // (the connection closed without an answer: a stream without end must not hold the connection).
    const std::size_t room = impl->limits.max_body - request.body.size();
    if (state->discarded > 0 || *upload_data_size > room) {
      state->discarded += *upload_data_size - (state->discarded > 0 ? 0 : room);
      request.body.clear();
      request.body.shrink_to_fit();
      *upload_data_size = 0;
      return state->discarded > std::max<std::size_t>(impl->limits.max_body, 64 * 1024) ? MHD_NO : MHD_YES;
    }
    request.body.append(upload_data, *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (state->discarded > 0)
    return refuse(connection, request, 413, "body_too_large",
                  fmt::format("a body of {} bytes; at most {} (serve --max-body)",
                              impl->limits.max_body + state->discarded, impl->limits.max_body));
  if (!impl->rate->allow(client_of(connection)))
    return refuse(connection, request, 429, "too_many_requests",
                  fmt::format("more than {} requests a second from this address; retry later", impl->limits.rate_limit),
                  "1");
  if (state->writes && !impl->write_rate->allow(client_of(connection)))
    return refuse(connection, request, 429, "too_many_requests",
                  fmt::format("more than {} writing requests (POST, DELETE) a second from this address; retry later",
                              impl->limits.write_rate_limit),
                  "1");
  if (const char* host = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
      host && !host_allowed(host, impl->bind_address, impl->limits.allowed_hosts))
    return refuse(
        connection, request, 421, "bad_host",
        fmt::format("this server does not answer for the host \"{}\"; see serve --allowed-host", printable(host)));
  RequestTarget target = parse_request_target(state->raw_target);
  if (!target.error.empty()) return refuse(connection, request, 400, target.error_code, target.error);
  if (target.query.size() > impl->limits.max_query_parameters)
    return refuse(
        connection, request, 400, "too_many_parameters",
        fmt::format("{} query parameters; at most {}", target.query.size(), impl->limits.max_query_parameters));
  request.path = std::move(target.path);
  for (auto& [k, v] : target.query) request.query[k] = std::move(v);
  if (const char* v = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH))
    request.if_none_match = v;
  if (const char* v = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING))
    request.accepts_gzip = accepts_gzip(v);
  request.authorization = header(connection, MHD_HTTP_HEADER_AUTHORIZATION);
  request.cookie = header(connection, MHD_HTTP_HEADER_COOKIE);
  request.content_type = header(connection, MHD_HTTP_HEADER_CONTENT_TYPE);
  request.csrf_token = header(connection, "X-CSRF-Token");
  request.origin = header(connection, MHD_HTTP_HEADER_ORIGIN);
  request.client = client_text(connection);
  if (!request.body.empty() && !is_json_media_type(request.content_type))
    return refuse(connection, request, 415, "unsupported_media_type",
                  fmt::format("a body of type \"{}\"; send application/json", printable(request.content_type)));
  Response response;
  try {
    response = impl->handler(request);
  } catch (const std::exception& e) {
    std::cerr << "serve: " << request.path << ": " << e.what() << "\n";
    response = error_response(500, "internal_error", "the request could not be answered; see the server's log");
  }
  if (!response.deferred) return send(connection, request, response);

  // Computed on the pool, the connection suspended meanwhile (its network thread serves the others).
  auto compute = [deferred = response.deferred, path = request.path]() -> Response {
    try {
      return deferred->compute();
    } catch (const std::exception& e) {
      std::cerr << "serve: " << path << ": " << e.what() << "\n";
      return error_response(500, "internal_error", "the request could not be answered; see the server's log");
    }
  };
  auto done = [state, connection](const Response& answer) {
    std::lock_guard lock(state->mutex);
    state->answer = answer;
    if (state->suspended) MHD_resume_connection(connection);
  };
  ComputePool& pool = response.deferred->accounts ? *impl->account_pool : *impl->pool;
  if (!pool.submit(response.deferred->key, compute, done))
    return refuse(connection, request, 503, "busy", "the server is computing as many answers as it may; retry shortly",
                  std::to_string(impl->limits.retry_after_s));
  std::lock_guard lock(state->mutex);
  if (state->answer) return send(connection, request, *state->answer);  // computed already
  state->suspended = true;
  MHD_suspend_connection(connection);
  return MHD_YES;
}

// MHD's messages (a refused connection, a client gone mid-request) on stderr, at most 20 a minute: a flood of
// hostile connections must not become a flood of log lines.
void log_message(void* cls, const char* format, va_list args) {
  auto* impl = static_cast<HttpServer::Impl*>(cls);
  std::lock_guard lock(impl->log_mutex);
  if (impl->starting) {
    va_list copy;
    va_copy(copy, args);
    char line[512];
    std::vsnprintf(line, sizeof line, format, copy);
    va_end(copy);
    impl->start_messages += line;
    return;  // printed once the start is known to have failed for another reason than TLS, or succeeded
  }
  const auto now = Clock::now();
  if (now - impl->log_window > std::chrono::minutes(1)) {
    if (impl->log_dropped)
      std::cerr << "serve: " << impl->log_dropped << " more messages of the server library left out\n";
    impl->log_window = now;
    impl->log_count = 0;
    impl->log_dropped = 0;
  }
  if (++impl->log_count > 20) {
    ++impl->log_dropped;
    return;
  }
  char line[512];
  std::vsnprintf(line, sizeof line, format, args);
  std::string text(line);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  std::cerr << "serve: " << text << "\n";
}

// The soft open-file limit raised to the hard one (capped: no server needs more), and the connections that fit
// under it with room for the workspace, rasters and logs.
unsigned connections_that_fit(unsigned wanted) {
  rlimit nofile{};
  if (::getrlimit(RLIMIT_NOFILE, &nofile) != 0) return wanted;
  const rlim_t cap = 1u << 16;
  const rlim_t want = nofile.rlim_max == RLIM_INFINITY ? cap : std::min(nofile.rlim_max, cap);
  if (nofile.rlim_cur != RLIM_INFINITY && nofile.rlim_cur < want) {
    rlimit raised = nofile;
    raised.rlim_cur = want;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) nofile = raised;
  }
  const rlim_t reserve = 64;
  if (nofile.rlim_cur == RLIM_INFINITY || nofile.rlim_cur >= wanted + reserve) return wanted;
  return static_cast<unsigned>(nofile.rlim_cur > 2 * reserve ? nofile.rlim_cur - reserve : nofile.rlim_cur / 2);
}

}  // namespace

HttpServer::HttpServer(const std::string& bind_address, std::uint16_t port, Handler handler, const ServerLimits& limits,
                       const ServerTls& tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  impl_->limits = limits;
  impl_->bind_address = bind_address;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, bind_address.c_str(), &address.sin_addr) != 1)
    throw UsageError("--bind: not an IPv4 address: " + bind_address);
  impl_->limits.connections = connections_that_fit(limits.connections);
  impl_->pool = std::make_unique<ComputePool>(limits.compute_threads, limits.compute_queue);
  impl_->account_pool = std::make_unique<ComputePool>(limits.account_threads, limits.account_queue);
  impl_->rate = std::make_unique<RateLimiter>(limits.rate_limit, limits.rate_burst);
  impl_->write_rate = std::make_unique<RateLimiter>(limits.write_rate_limit, limits.write_rate_burst);
  // TLS: the certificate and key handed to GnuTLS from memory; MHD keeps the pointers, so the text is kept in Impl.
  unsigned tls_flag = 0;
  std::vector<MHD_OptionItem> tls_options;
  if (tls.enabled()) {
    if (tls.cert_pem.empty() || tls.key_pem.empty())
      throw UsageError("TLS needs both a certificate and its private key (--tls-cert and --tls-key)");
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
      throw UsageError("this build's libmicrohttpd has no TLS support: serve without --tls-cert, behind a TLS proxy");
    impl_->tls = true;
    impl_->cert_pem = tls.cert_pem;
    impl_->key_pem = tls.key_pem;
    tls_flag = MHD_USE_TLS;
    tls_options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(impl_->cert_pem.c_str())});
    tls_options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(impl_->key_pem.c_str())});
  }
  tls_options.push_back({MHD_OPTION_END, 0, nullptr});
  const unsigned threads = limits.threads ? limits.threads : std::max(1u, std::thread::hardware_concurrency());
  // epoll: no select() limit on descriptors; suspend/resume: the compute pool answers off the network threads.
  impl_->daemon = MHD_start_daemon(
      MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME | tls_flag, port,
      nullptr, nullptr, &on_request, impl_.get(), MHD_OPTION_EXTERNAL_LOGGER, &log_message, impl_.get(),
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<const sockaddr*>(&address),
      // One thread: no pool (MHD warns about a pool of one); the option's place is taken by one set anyway.
      threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_CONNECTION_TIMEOUT,
      threads > 1 ? threads : limits.timeout_s, MHD_OPTION_CONNECTION_LIMIT, impl_->limits.connections,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, limits.connections_per_client, MHD_OPTION_CONNECTION_TIMEOUT,
      limits.timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, limits.connection_memory,
      MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_URI_LOG_CALLBACK, &on_request_line, nullptr,
      MHD_OPTION_NOTIFY_COMPLETED, &on_completed, impl_.get(), MHD_OPTION_NOTIFY_CONNECTION, &notify_connection,
      impl_.get(), MHD_OPTION_ARRAY, tls_options.data(), MHD_OPTION_END);
  // MHD's messages while it started, one a line, without their final full stops.
  std::vector<std::string> start_messages;
  {
    std::lock_guard lock(impl_->log_mutex);
    impl_->starting = false;
    std::string_view rest = impl_->start_messages;
    while (!rest.empty()) {
      std::string_view line = rest.substr(0, rest.find('\n'));
      rest.remove_prefix(std::min(rest.size(), line.size() + 1));
      while (!line.empty() && (line.back() == '.' || line.back() == ' ')) line.remove_suffix(1);
      if (!line.empty()) start_messages.emplace_back(line);
    }
  }
  // GnuTLS checks the certificate, the key and that they belong together before anything is bound: that is a
  // usage error, its messages the reason.
  if (!impl_->daemon && impl_->tls &&
      std::any_of(start_messages.begin(), start_messages.end(),
                  [](const std::string& m) { return m.find("certificate") != std::string::npos; }))
    throw UsageError(fmt::format("TLS certificate and key refused: {}", fmt::join(start_messages, "; ")));
  for (const auto& m : start_messages) std::cerr << "serve: " << m << "\n";
  if (!impl_->daemon)
    throw IoError(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", bind_address, port));
  const MHD_DaemonInfo* info = MHD_get_daemon_info(impl_->daemon, MHD_DAEMON_INFO_BIND_PORT);
  port_ = info ? info->port : port;
  if (limits.header_timeout_s > 0) impl_->reaper = std::thread([impl = impl_.get()] { impl->reap(); });
}

HttpServer::~HttpServer() {
  if (!impl_) return;
  {
    std::lock_guard lock(impl_->reaper_mutex);
    impl_->stopping = true;
  }
  impl_->reaper_wake.notify_all();
  if (impl_->reaper.joinable()) impl_->reaper.join();
  // Every suspended connection is resumed (answered, or refused with 503) before MHD may stop.
  Response refused = error_response(503, "stopping", "the server is stopping");
  impl_->pool->stop(refused);
  impl_->account_pool->stop(refused);
  if (impl_->daemon) MHD_stop_daemon(impl_->daemon);
}

const ServerLimits& HttpServer::limits() const { return impl_->limits; }

bool HttpServer::tls() const { return impl_->tls; }

}  // namespace eb::app::serve
