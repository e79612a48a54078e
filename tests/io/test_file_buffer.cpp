#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "support/test_paths.hpp"

namespace eb::io {

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(FileBuffer, InflatesGzipTransparently) {
  FileBuffer gz(test::demo_path("air/beijing_multisite/PRSA_Data_Dongsi_20130301-20170228.csv.gz"));
  EXPECT_GT(gz.text().size(), gz.file_size() * 2);
  EXPECT_EQ(gz.text().substr(0, 10), "\"No\",\"year");
}

TEST(FileBuffer, MissingFileNamesThePath) {
  try {
    FileBuffer f("/nonexistent/x.csv");
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.csv"), std::string::npos);
  }
}

}  // namespace eb::io
