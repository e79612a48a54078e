#include "app/serve/http_server.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <zlib.h>

#include <cstring>
#include <iostream>
#include <thread>

#include "core/error.hpp"

namespace eb::app::serve {

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

struct HttpServer::Impl {
  Handler handler;
  ServerLimits limits;
  MHD_Daemon* daemon = nullptr;
};

namespace {

struct QueryCollector {
  Request* request;
  std::size_t count = 0;
};

MHD_Result collect_query(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* c = static_cast<QueryCollector*>(cls);
  ++c->count;
  c->request->query[key ? key : ""] = value ? value : "";
  return MHD_YES;
}

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
  MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
  for (const auto& [k, v] : r.headers) MHD_add_response_header(response, k.c_str(), v.c_str());
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

MHD_Result on_request(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                      const char*, size_t* upload_data_size, void** request_state) {
  auto* impl = static_cast<HttpServer::Impl*>(cls);
  Request request;
  request.method = method;
  request.path = url;
  // The first call announces the request; with a body, MHD calls again for each part. Bodies are refused
  // outright: only GET and HEAD are served.
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = error_response(405, "method_not_allowed", fmt::format("{} is not served; use GET", method));
    r.headers.emplace_back("Allow", "GET, HEAD");
    return send(connection, request, r);
  }
  // MHD calls first when the headers are in, then again once the (empty) body is read; answering on the first
  // call would make it close the connection instead of keeping it alive.
  if (*request_state == nullptr) {
    static int headers_seen;
    *request_state = &headers_seen;
    return MHD_YES;
  }
  if (upload_data_size && *upload_data_size > 0)
    return send(connection, request, error_response(413, "body_not_allowed", "GET requests take no body"));
  QueryCollector collector{&request};
  MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &collect_query, &collector);
  if (collector.count > impl->limits.max_query_parameters) {
    return send(connection, request,
                error_response(400, "too_many_parameters",
                               fmt::format("{} query parameters; at most {}", collector.count,
                                           impl->limits.max_query_parameters)));
  }
  if (const char* v = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH))
    request.if_none_match = v;
  if (const char* v = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING))
    request.accepts_gzip = accepts_gzip(v);
  Response response;
  try {
    response = impl->handler(request);
  } catch (const std::exception& e) {
    std::cerr << "serve: " << request.path << ": " << e.what() << "\n";
    response = error_response(500, "internal_error", "the request could not be answered; see the server's log");
  }
  return send(connection, request, response);
}

}  // namespace

HttpServer::HttpServer(const std::string& bind_address, std::uint16_t port, Handler handler, const ServerLimits& limits)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  impl_->limits = limits;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, bind_address.c_str(), &address.sin_addr) != 1)
    throw UsageError("--bind: not an IPv4 address: " + bind_address);
  const unsigned threads = limits.threads ? limits.threads : std::max(1u, std::thread::hardware_concurrency());
  impl_->daemon =
      MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO, port, nullptr, nullptr,
                       &on_request, impl_.get(), MHD_OPTION_SOCK_ADDR, reinterpret_cast<const sockaddr*>(&address),
                       MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, limits.connections,
                       MHD_OPTION_CONNECTION_TIMEOUT, limits.timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                       limits.connection_memory, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
  if (!impl_->daemon)
    throw IoError(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", bind_address, port));
  const MHD_DaemonInfo* info = MHD_get_daemon_info(impl_->daemon, MHD_DAEMON_INFO_BIND_PORT);
  port_ = info ? info->port : port;
}

HttpServer::~HttpServer() {
  if (impl_ && impl_->daemon) MHD_stop_daemon(impl_->daemon);
}

}  // namespace eb::app::serve
