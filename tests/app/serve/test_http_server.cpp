#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "app/serve/http_server.hpp"
#include "core/error.hpp"

namespace eb::app::serve {
namespace {

std::string gunzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(data.size() * 20 + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

TEST(HttpServer, GzipRoundTrips) {
  std::string body;
  for (int i = 0; i < 1000; ++i) body += "{\"code\": \"150100\", \"value\": " + std::to_string(i) + "},";
  const std::string z = gzip(body);
  EXPECT_LT(z.size(), body.size() / 4);
  EXPECT_EQ(gunzip(z), body);
  EXPECT_EQ(gunzip(gzip("")), "");
}

TEST(HttpServer, AcceptEncodingIsParsedWithQualities) {
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000"));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("deflate, br"));
  EXPECT_FALSE(accepts_gzip("gzipx"));
  EXPECT_FALSE(accepts_gzip(""));
}

TEST(HttpServer, EtagsAreWeakStableAndMatchedInLists) {
  const std::string a = etag_of("{\"a\":1}"), b = etag_of("{\"a\":2}");
  EXPECT_EQ(a, etag_of("{\"a\":1}"));
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("W/\"", 0), 0u);
  EXPECT_TRUE(etag_matches(a, a));
  EXPECT_TRUE(etag_matches(a.substr(2), a));  // the strong form of the same tag: weak comparison
  EXPECT_TRUE(etag_matches(b + ", " + a, a));
  EXPECT_TRUE(etag_matches("*", a));
  EXPECT_FALSE(etag_matches(b, a));
  EXPECT_FALSE(etag_matches("", a));
}

}  // namespace
}  // namespace eb::app::serve

// The server itself, over real sockets on loopback: requests are raw HTTP/1.1 so that bad bytes reach it as
// sent, and clients may connect from other loopback addresses (127.0.0.2, ...) to stand for other machines.
namespace eb::app::serve {
namespace {

int connect_to(std::uint16_t port, const char* source = nullptr) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (source) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &from.sin_addr);
    EXPECT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&from), sizeof from), 0);
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  EXPECT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to), 0);
  return fd;
}

// Everything the server sends until it closes (or 10 s pass); "" when it closed without a word.
std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  while (true) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

struct Reply {
  int status = 0;
  std::string head, body;
  double seconds = 0;
  std::string header(const std::string& name) const {
    const auto at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return {};
    const auto from = at + name.size() + 4;
    return head.substr(from, head.find("\r\n", from) - from);
  }
};

// Sends `request` as it is (in pieces of `piece` bytes, 0: at once) and reads the answer until the server closes.
Reply exchange(std::uint16_t port, const std::string& request, const char* source = nullptr, std::size_t piece = 0) {
  const auto t0 = std::chrono::steady_clock::now();
  const int fd = connect_to(port, source);
  for (std::size_t at = 0; at < request.size();) {
    const std::size_t n = piece ? std::min(piece, request.size() - at) : request.size() - at;
    if (::send(fd, request.data() + at, n, MSG_NOSIGNAL) <= 0) break;  // the server answered and closed early
    at += n;
  }
  const std::string raw = read_all(fd);
  ::close(fd);
  Reply r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || end == std::string::npos) return r;
  r.status = std::stoi(raw.substr(9, 3));
  r.head = raw.substr(0, end + 2);
  r.body = raw.substr(end + 4);
  return r;
}

Reply get(std::uint16_t port, const std::string& target, const std::string& host = "127.0.0.1",
          const char* source = nullptr) {
  return exchange(port, "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", source);
}

// A request with a body (Content-Length) and extra header lines ("Name: value\r\n" each).
Reply send_body(std::uint16_t port, const std::string& method, const std::string& body,
                const std::string& headers = "Content-Type: application/json\r\n", const char* source = nullptr) {
  return exchange(port,
                  method + " /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers +
                      "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
                  source);
}

// The same body sent chunked (Transfer-Encoding: chunked, no length declared), in chunks of `chunk` bytes.
Reply send_chunked(std::uint16_t port, const std::string& body, std::size_t chunk) {
  std::string request =
      "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += chunk) {
    const std::string part = body.substr(at, chunk);
    std::ostringstream size;
    size << std::hex << part.size();
    request += size.str() + "\r\n" + part + "\r\n";
  }
  request += "0\r\n\r\n";
  return exchange(port, request, nullptr, 512);
}

Response text(std::string body) {
  Response r;
  r.content_type = "text/plain";
  r.body = std::make_shared<const std::string>(std::move(body));
  return r;
}

// Echoes the decoded path and query.
Response echo(const Request& q) {
  std::string out = q.path;
  for (const auto& [k, v] : q.query) out += "|" + k + "=" + v;
  return text(out);
}

ServerLimits quiet_limits() {
  ServerLimits l;
  l.threads = 1;
  return l;
}

TEST(HttpServerSockets, InvalidUtf8InUrlsIsA400WithAJsonError) {
  HttpServer server("127.0.0.1", 0, echo, quiet_limits());
  const Reply ok = get(server.port(), "/%E5%91%BC?name=%E5%92%8C+x&b");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "/呼|b=|name=和 x");
  for (const std::string target :
       {"/x%ff", "/x?q=%C0%AF", "/x?%ED%A0%80=1", "/x?q=%E5%91", "/\xff\xfe", "/x?q=%00", "/x?q=%zz", "/%2"}) {
    const Reply r = get(server.port(), target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.header("Content-Type"), "application/json; charset=utf-8") << target;
    EXPECT_NE(r.body.find(R"("code": "bad_encoding")"), std::string::npos) << target << r.body;
  }
}

TEST(HttpServerSockets, TheHostHeaderIsChecked) {
  HttpServer server("127.0.0.1", 0, echo, quiet_limits());
  const std::string port = std::to_string(server.port());
  EXPECT_EQ(get(server.port(), "/", "127.0.0.1:" + port).status, 200);
  EXPECT_EQ(get(server.port(), "/", "localhost:" + port).status, 200);
  const Reply evil = get(server.port(), "/", "evil.example:" + port);
  EXPECT_EQ(evil.status, 421);
  EXPECT_NE(evil.body.find(R"("code": "bad_host")"), std::string::npos);
  EXPECT_NE(evil.body.find("evil.example"), std::string::npos);
  EXPECT_EQ(get(server.port(), "/", "\x01\xff").status, 421);

  ServerLimits l = quiet_limits();
  l.allowed_hosts = {"eco.example"};
  HttpServer listed("127.0.0.1", 0, echo, l);
  EXPECT_EQ(get(listed.port(), "/", "eco.example").status, 200);
  EXPECT_EQ(get(listed.port(), "/", "other.example").status, 421);
}

// One network thread, one compute thread, no queue: while a cold answer is computed, a second distinct one is
// refused with 503 and Retry-After, a third asking for the first joins it, and cheap requests are answered at once.
TEST(HttpServerSockets, ColdComputationsAreBoundedAndDoNotHoldCheapRequests) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> computing{0}, computed{0};
  auto handler = [&](const Request& q) -> Response {
    if (!q.path.starts_with("/slow/")) return text("cheap");
    Response later;
    later.deferred = std::make_shared<const Deferred>(Deferred{q.path, [&, path = q.path] {
                                                                 ++computing;
                                                                 released.wait();
                                                                 ++computed;
                                                                 return text("computed " + path);
                                                               }});
    return later;
  };
  ServerLimits l = quiet_limits();
  l.compute_threads = 1;
  l.compute_queue = 0;
  l.retry_after_s = 3;
  HttpServer server("127.0.0.1", 0, handler, l);
  auto first = std::async(std::launch::async, [&] { return get(server.port(), "/slow/a"); });
  for (int i = 0; i < 500 && computing.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(computing.load(), 1);
  auto joined = std::async(std::launch::async, [&] { return get(server.port(), "/slow/a"); });
  const Reply busy = get(server.port(), "/slow/b");
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.header("Retry-After"), "3");
  EXPECT_NE(busy.body.find(R"("code": "busy")"), std::string::npos);
  for (int i = 0; i < 5; ++i) {
    const Reply cheap = get(server.port(), "/cheap");
    EXPECT_EQ(cheap.status, 200);
    EXPECT_LT(cheap.seconds, 1.0);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the joining request is in
  release.set_value();
  const Reply a = first.get(), a2 = joined.get();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "computed /slow/a");
  EXPECT_EQ(a2.body, "computed /slow/a");
  EXPECT_EQ(computed.load(), 1);
  EXPECT_EQ(get(server.port(), "/slow/b").status, 200);  // room again
}

TEST(HttpServerSockets, AComputationThatThrowsIsA500) {
  auto handler = [](const Request&) {
    Response later;
    later.deferred =
        std::make_shared<const Deferred>(Deferred{"k", []() -> Response { throw std::runtime_error("no"); }});
    return later;
  };
  HttpServer server("127.0.0.1", 0, handler, quiet_limits());
  const Reply r = get(server.port(), "/");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("internal_error"), std::string::npos);
}

TEST(HttpServerSockets, RequestsPerClientAreRateLimited) {
  ServerLimits l = quiet_limits();
  l.rate_limit = 0.5;
  l.rate_burst = 3;
  HttpServer server("127.0.0.1", 0, echo, l);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(get(server.port(), "/", "127.0.0.1", "127.0.0.2").status, 200);
  const Reply limited = get(server.port(), "/", "127.0.0.1", "127.0.0.2");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("Retry-After"), "1");
  EXPECT_NE(limited.body.find("too_many_requests"), std::string::npos);
  EXPECT_EQ(get(server.port(), "/", "127.0.0.1", "127.0.0.3").status, 200);  // another client
}

TEST(HttpServerSockets, ConnectionsPerClientAreLimited) {
  ServerLimits l = quiet_limits();
  l.connections_per_client = 2;
  HttpServer server("127.0.0.1", 0, echo, l);
  const int a = connect_to(server.port(), "127.0.0.4"), b = connect_to(server.port(), "127.0.0.4");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int c = connect_to(server.port(), "127.0.0.4");
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(read_all(c), "");  // closed at once, without an answer
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 2.0);
  EXPECT_EQ(get(server.port(), "/").status, 200);  // another client
  for (int fd : {a, b, c}) ::close(fd);
}

// A client that trickles its headers a byte at a time (each byte resets the idle timeout) is closed at the
// header deadline.
TEST(HttpServerSockets, SlowHeadersAreCutAtTheDeadline) {
  ServerLimits l = quiet_limits();
  l.timeout_s = 60;
  l.header_timeout_s = 1;
  HttpServer server("127.0.0.1", 0, echo, l);
  const int fd = connect_to(server.port());
  const std::string slow = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  const auto t0 = std::chrono::steady_clock::now();
  bool closed = false;
  for (char ch : slow) {
    if (::send(fd, &ch, 1, MSG_NOSIGNAL) != 1) {
      closed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    char buf[16];
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
      closed = true;
      break;
    }
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_GE(s, 0.9);
  EXPECT_LT(s, 2.5);
  EXPECT_EQ(get(server.port(), "/").status, 200);
}

// Echoes what a writing handler sees: the method, the body's size and the body.
Response echo_body(const Request& q) { return text(q.method + " " + std::to_string(q.body.size()) + " " + q.body); }

ServerLimits small_body_limits() {
  ServerLimits l = quiet_limits();
  l.max_body = 1000;
  return l;
}

TEST(HttpServerSockets, PostBodiesReachTheHandlerUpToTheLimit) {
  HttpServer server("127.0.0.1", 0, echo_body, small_body_limits());
  const Reply small = send_body(server.port(), "POST", R"({"user": "a"})");
  EXPECT_EQ(small.status, 200);
  EXPECT_EQ(small.body, R"(POST 13 {"user": "a"})");
  const std::string exactly(1000, 'x');
  const Reply full = send_body(server.port(), "POST", exactly);
  EXPECT_EQ(full.status, 200);
  EXPECT_EQ(full.body, "POST 1000 " + exactly);
  const Reply deleted = send_body(server.port(), "DELETE", "");
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.body, "DELETE 0 ");
}

TEST(HttpServerSockets, ABodyOverTheLimitIsA413) {
  HttpServer server("127.0.0.1", 0, echo_body, small_body_limits());
  const Reply over = send_body(server.port(), "POST", std::string(1001, 'x'));
  EXPECT_EQ(over.status, 413);
  EXPECT_NE(over.body.find(R"("code": "body_too_large")"), std::string::npos) << over.body;
  EXPECT_NE(over.body.find("1001"), std::string::npos) << over.body;
  // A declared length far beyond it is refused before the body is sent: the answer comes though the client
  // sends nothing of the 100 MB it announced.
  const Reply announced = exchange(server.port(),
                                   "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                   "Content-Length: 100000000\r\n\r\n");
  EXPECT_EQ(announced.status, 413);
  EXPECT_LT(announced.seconds, 5.0);
  EXPECT_EQ(get(server.port(), "/").status, 200);  // the server is unharmed
}

TEST(HttpServerSockets, ChunkedBodiesAreReadUnderTheSameLimit) {
  HttpServer server("127.0.0.1", 0, echo_body, small_body_limits());
  std::string body;
  for (int i = 0; body.size() < 990; ++i) body += std::to_string(i) + ",";
  const Reply ok = send_chunked(server.port(), body, 100);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "POST " + std::to_string(body.size()) + " " + body);
  const Reply over = send_chunked(server.port(), std::string(5000, 'y'), 300);
  EXPECT_EQ(over.status, 413);
  EXPECT_NE(over.body.find(R"("code": "body_too_large")"), std::string::npos) << over.body;
  EXPECT_NE(over.body.find("5000 bytes"), std::string::npos) << over.body;
  // A client that streams a chunked body without end is cut off: it is never held, and the connection is closed
  // once as much again (at least 64 KiB) has been thrown away.
  const int fd = connect_to(server.port());
  const std::string head =
      "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  const std::string chunk = "3e8\r\n" + std::string(1000, 'z') + "\r\n";
  std::size_t sent = 0;
  bool closed = false;
  while (!closed && sent < 20'000'000) {  // (what the sockets buffer on loopback is far less)
    if (::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL) <= 0) {
      closed = true;
      break;
    }
    sent += 1000;
    char buf[256];
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    closed = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }
  ::close(fd);
  EXPECT_TRUE(closed) << sent << " bytes sent";
  EXPECT_EQ(get(server.port(), "/").status, 200);  // the server is unharmed
}

TEST(HttpServerSockets, BodiesMustBeJson) {
  HttpServer server("127.0.0.1", 0, echo_body, small_body_limits());
  const Reply form =
      send_body(server.port(), "POST", "user=a&password=b", "Content-Type: application/x-www-form-urlencoded\r\n");
  EXPECT_EQ(form.status, 415);
  EXPECT_NE(form.body.find(R"("code": "unsupported_media_type")"), std::string::npos) << form.body;
  EXPECT_EQ(send_body(server.port(), "POST", "{}", "").status, 415);  // no Content-Type
  EXPECT_EQ(send_body(server.port(), "POST", "{}", "Content-Type: text/plain\r\n").status, 415);
  EXPECT_EQ(send_body(server.port(), "POST", "{}", "Content-Type: application/json; charset=latin1\r\n").status, 415);
  EXPECT_EQ(send_body(server.port(), "POST", "{}", "Content-Type: Application/JSON; charset=UTF-8\r\n").status, 200);
  EXPECT_EQ(send_body(server.port(), "POST", "", "").status, 200);  // no body: no type needed (a logout)
}

TEST(HttpServerSockets, OnlyGetHeadPostAndDeleteAreServed) {
  HttpServer server("127.0.0.1", 0, echo_body, small_body_limits());
  for (const std::string method : {"PUT", "PATCH", "OPTIONS", "TRACE"}) {
    const Reply r = send_body(server.port(), method, "{}");
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.header("Allow"), "GET, HEAD, POST, DELETE") << method;
    EXPECT_NE(r.body.find(R"("code": "method_not_allowed")"), std::string::npos) << method;
  }
  // GET and HEAD take no body, with a length or chunked.
  for (const std::string method : {"GET", "HEAD"}) {
    const Reply with_body = send_body(server.port(), method, "{}");
    EXPECT_EQ(with_body.status, 413) << method;
    EXPECT_NE(with_body.head.find("\r\nContent-Length: "), std::string::npos) << method;
  }
  const Reply get_body = send_body(server.port(), "GET", "{}");
  EXPECT_NE(get_body.body.find(R"("code": "body_not_allowed")"), std::string::npos) << get_body.body;
  const Reply chunked = exchange(
      server.port(), "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.status, 413);
  EXPECT_EQ(send_body(server.port(), "GET", "").status, 200);  // Content-Length: 0 is no body
}

TEST(HttpServerSockets, WritingRequestsHaveTheirOwnRateLimit) {
  ServerLimits l = small_body_limits();
  l.write_rate_limit = 0.5;
  l.write_rate_burst = 2;
  HttpServer server("127.0.0.1", 0, echo_body, l);
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(send_body(server.port(), "POST", "{}", "Content-Type: application/json\r\n", "127.0.0.5").status, 200);
  const Reply limited = send_body(server.port(), "DELETE", "", "", "127.0.0.5");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("Retry-After"), "1");
  EXPECT_NE(limited.body.find("too_many_requests"), std::string::npos);
  EXPECT_NE(limited.body.find("writing requests"), std::string::npos);
  EXPECT_EQ(get(server.port(), "/", "127.0.0.1", "127.0.0.5").status, 200);  // reading is not held back
  EXPECT_EQ(send_body(server.port(), "POST", "{}", "Content-Type: application/json\r\n", "127.0.0.6").status,
            200);  // another client
}

TEST(HttpServerSockets, TheHeadersOfTheAccountsLayerReachTheHandler) {
  auto handler = [](const Request& q) {
    return text(q.authorization + "|" + q.cookie + "|" + q.content_type + "|" + q.csrf_token + "|" + q.origin + "|" +
                q.client + "|" + (q.tls ? "tls" : "plain"));
  };
  HttpServer server("127.0.0.1", 0, handler, quiet_limits());
  const Reply r = send_body(server.port(), "POST", "{}",
                            "Authorization: Bearer abc\r\nCookie: eb_session=s1; other=2\r\n"
                            "Content-Type: application/json; charset=utf-8\r\nx-csrf-token: t0k\r\n"
                            "Origin: http://127.0.0.1:8080\r\n",
                            "127.0.0.7");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(
      r.body,
      "Bearer abc|eb_session=s1; other=2|application/json; charset=utf-8|t0k|http://127.0.0.1:8080|127.0.0.7|plain");
  EXPECT_EQ(get(server.port(), "/").body, "|||||127.0.0.1|plain");
}

TEST(HttpServerSockets, EveryAnswerCarriesTheSecurityHeaders) {
  auto handler = [](const Request& q) {
    Response r = text("<p>hi</p>");
    if (q.path == "/page") r.content_type = "text/html; charset=utf-8";
    if (q.path == "/own") {
      r.content_type = "text/html; charset=utf-8";
      r.headers.emplace_back("Content-Security-Policy", "default-src 'none'");
    }
    if (q.path == "/cookies") {
      r.headers.emplace_back("Set-Cookie", "a=1; HttpOnly");
      r.headers.emplace_back("Set-Cookie", "b=2; HttpOnly");
    }
    return r;
  };
  HttpServer server("127.0.0.1", 0, handler, quiet_limits());
  const Reply plain = get(server.port(), "/plain"), page = get(server.port(), "/page"),
              own = get(server.port(), "/own");
  const Reply refused = send_body(server.port(), "PUT", "");
  for (const Reply* r : {&plain, &page, &own, &refused}) {
    EXPECT_EQ(r->header("X-Content-Type-Options"), "nosniff") << r->head;
    EXPECT_EQ(r->header("X-Frame-Options"), "DENY") << r->head;
    EXPECT_EQ(r->header("Referrer-Policy"), "no-referrer") << r->head;
    EXPECT_EQ(r->header("Strict-Transport-Security"), "") << r->head;  // not over plain HTTP
  }
  EXPECT_EQ(plain.header("Content-Security-Policy"), "");  // not HTML
  EXPECT_EQ(page.header("Content-Security-Policy"), kDefaultContentSecurityPolicy);
  EXPECT_NE(page.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(own.header("Content-Security-Policy"), "default-src 'none'");
  EXPECT_EQ(own.head.find("Content-Security-Policy", own.head.find("Content-Security-Policy") + 1), std::string::npos);
  // A header may repeat: both cookies are sent.
  const Reply cookies = get(server.port(), "/cookies");
  EXPECT_NE(cookies.head.find("\r\nSet-Cookie: a=1; HttpOnly\r\n"), std::string::npos) << cookies.head;
  EXPECT_NE(cookies.head.find("\r\nSet-Cookie: b=2; HttpOnly\r\n"), std::string::npos) << cookies.head;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(HttpServerSockets, AMismatchedCertificateAndKeyAreRefused) {
  const std::string dir = std::string(EB_SOURCE_DIR) + "/tests/data/tls/";
  ServerTls tls{read_text(dir + "cert.pem"), read_text(dir + "other_key.pem")};
  ASSERT_FALSE(tls.cert_pem.empty());
  try {
    HttpServer server("127.0.0.1", 0, echo, quiet_limits(), tls);
    FAIL() << "started with a key that is not the certificate's";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
  }
  EXPECT_THROW(HttpServer("127.0.0.1", 0, echo, quiet_limits(), ServerTls{tls.cert_pem, ""}), UsageError);
  // The matching pair starts, and says so.
  tls.key_pem = read_text(dir + "key.pem");
  HttpServer server("127.0.0.1", 0, echo, quiet_limits(), tls);
  EXPECT_TRUE(server.tls());
  // Plain HTTP to the TLS port gets no HTTP answer.
  EXPECT_EQ(get(server.port(), "/").status, 0);
}

}  // namespace
}  // namespace eb::app::serve
