#include <gtest/gtest.h>

#include "app/serve/request_parsing.hpp"

namespace eb::app::serve {
namespace {

TEST(RequestParsing, Utf8IsCheckedByTheRfc) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("ascii"));
  EXPECT_TRUE(is_valid_utf8("呼和浩特市"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x8C\xB3"));  // U+1F333
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\x80"));              // a continuation byte alone
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE5\x91"));          // cut short
  EXPECT_FALSE(is_valid_utf8("\xBA\xF4\xBA\xCD"));  // 呼和 in GBK
}

TEST(RequestParsing, PercentDecoding) {
  EXPECT_EQ(percent_decode("a%20b+c", false), "a b+c");
  EXPECT_EQ(percent_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(percent_decode("%e5%91%BC", false), "呼");
  EXPECT_EQ(percent_decode("%2e%2E", false), "..");
  EXPECT_EQ(percent_decode("", false), "");
  EXPECT_FALSE(percent_decode("%", false));
  EXPECT_FALSE(percent_decode("%4", false));
  EXPECT_FALSE(percent_decode("a%g0", false));
  EXPECT_FALSE(percent_decode("100%", true));
}

TEST(RequestParsing, TargetsAreSplitAndDecoded) {
  const RequestTarget t = parse_request_target("/api/v1/units?level=2&lang=zh&name=%E5%91%BC+x&&flag&=v");
  EXPECT_TRUE(t.error.empty());
  EXPECT_EQ(t.path, "/api/v1/units");
  const std::vector<std::pair<std::string, std::string>> want = {
      {"level", "2"}, {"lang", "zh"}, {"name", "呼 x"}, {"flag", ""}, {"", "v"}};
  EXPECT_EQ(t.query, want);
  EXPECT_EQ(parse_request_target("/a%20b+c").path, "/a b+c");  // '+' is a space in the query only
  EXPECT_EQ(parse_request_target("/%2e%2e/%2E%2e/etc/passwd").path, "/../../etc/passwd");
  EXPECT_TRUE(parse_request_target("/?").query.empty());
  EXPECT_EQ(parse_request_target("/x?a=1=2").query.at(0).second, "1=2");
}

TEST(RequestParsing, BadTargetsAreRefusedWithACode) {
  for (const char* raw : {"/%ff", "/a?x=%ff", "/a?%C0%AF=1", "/a?x=%ED%A0%80", "/%00", "/a?x=%00", "/a?x=%", "/a%2",
                          "/a?x=%zz", "/a\xff", "/a?x=\xE5\x91"}) {
    const RequestTarget t = parse_request_target(raw);
    EXPECT_EQ(t.error_code, "bad_encoding") << raw;
    EXPECT_FALSE(t.error.empty()) << raw;
    EXPECT_TRUE(t.path.empty() && t.query.empty()) << raw;
  }
  for (const char* raw : {"", "*", "http://example.org/", "api/v1/meta"})
    EXPECT_EQ(parse_request_target(raw).error_code, "bad_request") << raw;
}

TEST(RequestParsing, HostHeaders) {
  EXPECT_EQ(host_of("Example.org:8080"), "example.org");
  EXPECT_EQ(host_of(" localhost "), "localhost");
  EXPECT_EQ(host_of("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(host_of("[::1]:80"), "[::1]");
  EXPECT_EQ(host_of(""), "");
  EXPECT_EQ(host_of(":80"), "");
  EXPECT_EQ(host_of("a:b"), "");
  EXPECT_EQ(host_of("[::1"), "");
  EXPECT_EQ(host_of("a b"), "");
  EXPECT_EQ(host_of("evil.example/x"), "");
  EXPECT_EQ(host_of("a:123456"), "");
}

TEST(RequestParsing, JsonMediaTypes) {
  for (const char* yes :
       {"application/json", "Application/JSON", " application/json ", "application/json;",
        "application/json; charset=utf-8", "application/json;charset=UTF-8", "application/json; charset=\"utf-8\""})
    EXPECT_TRUE(is_json_media_type(yes)) << yes;
  for (const char* no :
       {"", "text/json", "application/jsonx", "application/json5", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/json; charset=utf-16",
        "application/json; boundary=x", "application/json; charset", "json"})
    EXPECT_FALSE(is_json_media_type(no)) << no;
}

TEST(RequestParsing, HostsAreCheckedAgainstTheBindAddress) {
  const std::vector<std::string> none;
  // Bound to loopback: loopback names only (a DNS-rebinding page's host is refused).
  for (const char* ok : {"127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080"})
    EXPECT_TRUE(host_allowed(ok, "127.0.0.1", none)) << ok;
  for (const char* bad : {"evil.example:8080", "127.0.0.2", "", "x y"})
    EXPECT_FALSE(host_allowed(bad, "127.0.0.1", none)) << bad;
  EXPECT_TRUE(host_allowed("127.0.0.2:80", "127.0.0.2", none));
  // Bound to one address: that address, and the configured names.
  EXPECT_TRUE(host_allowed("192.168.1.5:8080", "192.168.1.5", none));
  EXPECT_FALSE(host_allowed("localhost", "192.168.1.5", none));
  EXPECT_FALSE(host_allowed("eco.example", "192.168.1.5", none));
  EXPECT_TRUE(host_allowed("Eco.Example:443", "192.168.1.5", {"eco.example"}));
  // Bound to every address: anything without a list; with one, the list and loopback names.
  EXPECT_TRUE(host_allowed("whatever.example", "0.0.0.0", none));
  EXPECT_FALSE(host_allowed("whatever.example", "0.0.0.0", {"eco.example"}));
  EXPECT_TRUE(host_allowed("eco.example", "0.0.0.0", {"eco.example"}));
  EXPECT_TRUE(host_allowed("localhost:8080", "0.0.0.0", {"eco.example"}));
  EXPECT_TRUE(host_allowed("anything", "127.0.0.1", {"*"}));
}

}  // namespace
}  // namespace eb::app::serve
