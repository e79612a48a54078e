#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "core/csv.hpp"
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

TEST(Sha256, InPiecesAsAtOnce) {
  // Pieces of every size from 0 to 130 bytes cross the 64-byte blocks at every offset.
  std::string all;
  Sha256 pieces;
  for (std::size_t n = 0; n <= 130; ++n) {
    const std::string piece(n, static_cast<char>('a' + n % 26));
    pieces.update(piece);
    all += piece;
  }
  EXPECT_EQ(pieces.hex(), sha256_hex(all));
  // hex() starts afresh.
  pieces.update("abc");
  EXPECT_EQ(pieces.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
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

namespace {

std::string scratch(const std::string& name, std::string_view bytes) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("eb_fb_" + std::to_string(::getpid()) + name)).string();
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

std::string gzip_of(std::string_view bytes) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, bytes.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string raw_deflate_of(std::string_view bytes) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, bytes.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

struct ZipEntry {
  std::string name, bytes;
  std::uint16_t method = 8;  // 0 stored, 8 deflate; anything else is written stored but labelled so
  std::uint16_t flags = 0;
};

// A zip archive as PKWARE's APPNOTE lays it out: local headers with the data, the central directory, its end.
std::string zip_of(const std::vector<ZipEntry>& entries) {
  const auto put = [](std::string& out, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  std::string zip, directory;
  for (const auto& e : entries) {
    const std::string data = e.method == 8 ? raw_deflate_of(e.bytes) : e.bytes;
    const auto crc = static_cast<std::uint32_t>(
        crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(e.bytes.data()), e.bytes.size()));
    const auto offset = static_cast<std::uint32_t>(zip.size());
    for (std::string* h : {&zip, &directory}) {
      const bool local = h == &zip;
      put(*h, local ? 0x04034b50 : 0x02014b50, 4);
      if (!local) put(*h, 20, 2);  // made by
      put(*h, 20, 2);              // needed
      put(*h, e.flags, 2);
      put(*h, e.method, 2);
      put(*h, 0, 4);  // time, date
      put(*h, crc, 4);
      put(*h, static_cast<std::uint32_t>(data.size()), 4);
      put(*h, static_cast<std::uint32_t>(e.bytes.size()), 4);
      put(*h, static_cast<std::uint32_t>(e.name.size()), 2);
      put(*h, 0, 2);  // extra
      if (!local) {
        put(*h, 0, 2);  // comment
        put(*h, 0, 2);  // disk
        put(*h, 0, 2);  // internal attributes
        put(*h, 0, 4);  // external attributes
        put(*h, offset, 4);
      }
      *h += e.name;
    }
    zip += data;
  }
  const auto directory_at = static_cast<std::uint32_t>(zip.size());
  zip += directory;
  put(zip, 0x06054b50, 4);
  put(zip, 0, 4);
  put(zip, static_cast<std::uint32_t>(entries.size()), 2);
  put(zip, static_cast<std::uint32_t>(entries.size()), 2);
  put(zip, static_cast<std::uint32_t>(directory.size()), 4);
  put(zip, directory_at, 4);
  put(zip, 0, 2);
  return zip;
}

template <class E>
std::string refusal(const std::string& path, const ReadOptions& options = {}) {
  try {
    FileBuffer f(path, options);
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << path << " was accepted";
  return {};
}

}  // namespace

TEST(FileBuffer, RefusesADirectory) {
  EXPECT_NE(refusal<IoError>(std::filesystem::temp_directory_path().string()).find("is a directory"),
            std::string::npos);
}

TEST(FileBuffer, RefusesTextWithoutRecords) {
  EXPECT_NE(refusal<InputError>(scratch("empty.csv", "")).find("empty file"), std::string::npos);
  EXPECT_NE(refusal<InputError>(scratch("cr.csv", "\r\r\r")).find("no records"), std::string::npos);
  EXPECT_NE(refusal<InputError>(scratch("ws.csv", "\xEF\xBB\xBF \n\t\r\n")).find("no records"), std::string::npos);
  ReadOptions binary;
  binary.text = false;
  EXPECT_EQ(FileBuffer(scratch("empty.bin", ""), binary).text(), "");
}

TEST(FileBuffer, NamesLineFieldAndByteOfInvalidUtf8) {
  const std::string path = scratch("bad.csv", "code,name\n1090A,ok\n1091A,ab\xFFz\n");
  const std::string m = refusal<InputError>(path);
  EXPECT_NE(m.find(path + ":3:2: invalid UTF-8 byte \\xFF at byte 3 of field 2 (\"name\"): \"ab\\xFFz\""),
            std::string::npos)
      << m;
  EXPECT_EQ(m.find('\xFF'), std::string::npos);  // never echoed
}

TEST(FileBuffer, HintsAtGbkAndConvertsIt) {
  const std::string gbk = "code,name\n1090A,\xBA\xF4\xCA\xD0\xD2\xBB\xBC\xE0\n";  // 呼市一监
  const std::string path = scratch("gbk.csv", gbk);
  EXPECT_NE(refusal<InputError>(path).find("--encoding gbk"), std::string::npos);
  for (const auto e : {TextEncoding::gbk, TextEncoding::gb18030}) {
    ReadOptions o;
    o.encoding = e;
    EXPECT_EQ(FileBuffer(path, o).text(), "code,name\n1090A,呼市一监\n");
  }
  ReadOptions o;
  o.encoding = TextEncoding::gbk;
  const std::string m = refusal<InputError>(scratch("notgbk.csv", "a\nb\n\x81\x20\n"), o);
  EXPECT_NE(m.find(":3: not valid GBK"), std::string::npos) << m;
  EXPECT_EQ(parse_text_encoding("GB18030"), TextEncoding::gb18030);
  EXPECT_EQ(parse_text_encoding("utf-8"), TextEncoding::utf8);
  EXPECT_FALSE(parse_text_encoding("latin1"));
}

TEST(FileBuffer, ListsAtMostTwentyBadLines) {
  std::string text = "a,b\n";
  for (int i = 0; i < 1000; ++i) text += "1,\xC4\xE3\n";
  const std::string m = refusal<InputError>(scratch("many.csv", text));
  EXPECT_NE(m.find("... and 980 more line(s)"), std::string::npos) << m.substr(0, 300);
  EXPECT_LT(m.size(), 4000u);
}

TEST(FileBuffer, RefusesALineOverTheLimitWithoutQuotingIt) {
  const std::string path = scratch("long.csv", "a,b\n1,2\n3," + std::string(kMaxRecordBytes + 1, '\xFF') + "\n");
  const std::string m = refusal<InputError>(path);
  EXPECT_NE(m.find(path + ":3: line longer than 1048576 bytes"), std::string::npos) << m.substr(0, 200);
  EXPECT_LT(m.size(), 300u);
}

TEST(FileBuffer, BoundsInflatedSizeAndRatio) {
  const std::string bomb = scratch("bomb.csv.gz", gzip_of(std::string(64 << 20, '\0')));
  EXPECT_NE(refusal<InputError>(bomb).find("decompression bomb"), std::string::npos);
  std::string varied;
  for (std::uint64_t i = 0; varied.size() < (4u << 20); ++i) varied += std::to_string(i * 7919 % 100003) + ",";
  varied += "\n";
  const std::string path = scratch("big.csv.gz", gzip_of(varied));
  ReadOptions small;
  small.max_inflated = 1 << 20;
  EXPECT_NE(refusal<InputError>(path, small).find("inflates to more than 1048576 bytes"), std::string::npos);
  ReadOptions binary;
  binary.text = false;
  EXPECT_EQ(FileBuffer(path, binary).text(), varied);
  ReadOptions tiny;
  tiny.max_bytes = 100;
  EXPECT_NE(refusal<IoError>(path, tiny).find("larger than 100 bytes"), std::string::npos);
  const std::string gz = gzip_of("a,b\n1,2\n");
  EXPECT_NE(refusal<InputError>(scratch("cut.csv.gz", gz.substr(0, gz.size() - 6))).find("truncated gzip"),
            std::string::npos);
}

TEST(FileBuffer, ReadsTheOneFileOfAZipArchive) {
  const std::string csv = "code,name\n1090A,呼市一监\n";
  for (std::uint16_t method : {0, 8}) {
    const std::string path = scratch("one.zip", zip_of({{"data/", "", 0}, {"data/x.csv", csv, method}}));
    EXPECT_EQ(FileBuffer(path).text(), csv) << "method " << method;
  }
  // macOS's Finder adds resource forks under __MACOSX/: not a second file.
  EXPECT_EQ(FileBuffer(scratch("mac.zip", zip_of({{"x.csv", csv}, {"__MACOSX/._x.csv", "meta"}}))).text(), csv);
  // The member's text is checked like any text input.
  const std::string bad = scratch("bad.zip", zip_of({{"x.csv", "code,name\n1090A,ab\xFFz\n"}}));
  EXPECT_NE(refusal<InputError>(bad).find(bad + ":2:2: invalid UTF-8 byte"), std::string::npos);
  // A binary input (a layer file, hashed as it is) is kept as read.
  ReadOptions binary;
  binary.text = false;
  const std::string zip = zip_of({{"x.csv", csv}});
  EXPECT_EQ(FileBuffer(scratch("bin.zip", zip), binary).text(), zip);
}

TEST(FileBuffer, RefusesZipArchivesItCannotReadAsOneFile) {
  const std::string csv = "a,b\n1,2\n";
  const auto refused = [](const std::string& name, const std::string& bytes) {
    return refusal<InputError>(scratch(name, bytes));
  };
  EXPECT_NE(refused("two.zip", zip_of({{"a.csv", csv}, {"b.csv", csv}}))
                .find("the zip archive holds 2 files (a.csv, b.csv); an input is one file"),
            std::string::npos);
  EXPECT_NE(refused("none.zip", zip_of({{"dir/", "", 0}})).find("holds no file"), std::string::npos);
  EXPECT_NE(refused("empty.zip", zip_of({})).find("holds no file"), std::string::npos);
  EXPECT_NE(refused("enc.zip", zip_of({{"a.csv", csv, 8, 1}})).find("zip member a.csv is encrypted"),
            std::string::npos);
  EXPECT_NE(refused("bz.zip", zip_of({{"a.csv", csv, 12}})).find("compressed with bzip2, which is not supported"),
            std::string::npos);
  const std::string whole = zip_of({{"a.csv", csv}});
  EXPECT_NE(refused("cut.zip", whole.substr(0, whole.size() - 10)).find("not a complete zip archive"),
            std::string::npos);
  std::string flipped = whole;
  flipped[30 + 5 + 2] ^= 0x55;  // a byte of the deflated data
  const std::string m = refused("flip.zip", flipped);
  EXPECT_TRUE(m.find("corrupt zip member a.csv") != std::string::npos ||
              m.find("truncated zip member a.csv") != std::string::npos)
      << m;
}

TEST(FileBuffer, BoundsAZipMemberLikeGzip) {
  const std::string bomb = scratch("bomb.zip", zip_of({{"bomb.csv", std::string(64 << 20, '\0')}}));
  const std::string m = refusal<InputError>(bomb);
  EXPECT_NE(m.find("zip member bomb.csv inflates more than 1000:1"), std::string::npos) << m;
  EXPECT_NE(m.find("decompression bomb"), std::string::npos);
  std::string varied;
  for (std::uint64_t i = 0; varied.size() < (2u << 20); ++i)
    varied += std::to_string(i * 7919 % 100003) + (i % 16 == 15 ? "\n" : ",");  // short lines: a text input
  varied += "\n";
  ReadOptions small;
  small.max_inflated = 1 << 20;
  for (std::uint16_t method : {0, 8})
    EXPECT_NE(refusal<InputError>(scratch("big.zip", zip_of({{"big.csv", varied, method}})), small)
                  .find("zip member big.csv inflates to 2097"),
              std::string::npos)
        << method;
  EXPECT_EQ(FileBuffer(scratch("big.zip", zip_of({{"big.csv", varied}}))).text(), varied);
}

TEST(FileBuffer, ReadsAFifoToItsEnd) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("eb_fb_fifo" + std::to_string(::getpid()))).string();
  std::remove(path.c_str());
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  std::thread writer([&] {
    std::ofstream out(path, std::ios::binary);
    out << "a,b\n";
    out.flush();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (int i = 0; i < 20000; ++i) out << i << "," << i << "\n";
  });
  const FileBuffer f(path);
  writer.join();
  EXPECT_EQ(f.text().substr(0, 8), "a,b\n0,0\n");
  EXPECT_TRUE(f.text().ends_with("19999,19999\n"));
  std::remove(path.c_str());
}

}  // namespace eb::io
