#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <future>
#include <thread>

#include "app/serve/http_server.hpp"

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

Reply get(std::uint16_t port, const std::string& target, const std::string& host = "127.0.0.1",
          const char* source = nullptr) {
  const auto t0 = std::chrono::steady_clock::now();
  const int fd = connect_to(port, source);
  const std::string request = "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
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

}  // namespace
}  // namespace eb::app::serve
