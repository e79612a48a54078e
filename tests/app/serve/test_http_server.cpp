#include <gtest/gtest.h>
#include <zlib.h>

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
