#include "io/file_buffer.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "core/error.hpp"

namespace eb::io {

namespace {
bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && std::string_view(s).substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

FileBuffer::FileBuffer(const std::string& path) : path_(path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw IoError(path + ": not a regular file");
  }
  file_size_ = static_cast<std::size_t>(st.st_size);
  if (file_size_ > 0) {
    mapping_ = ::mmap(nullptr, file_size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapping_ == MAP_FAILED) {
      mapping_ = nullptr;
      ::close(fd);
      throw IoError(path + ": cannot map: " + std::strerror(errno));
    }
    ::madvise(mapping_, file_size_, MADV_SEQUENTIAL);
  }
  ::close(fd);
  data_ = static_cast<const char*>(mapping_);
  size_ = file_size_;

  const bool gzip = ends_with(path, ".gz") && size_ >= 2 && static_cast<unsigned char>(data_[0]) == 0x1f &&
                    static_cast<unsigned char>(data_[1]) == 0x8b;
  if (!gzip) return;
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) throw IoError(path + ": cannot start gzip decoder");
  inflated_.resize(std::max<std::size_t>(size_ * 4, 1 << 16));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data_));
  zs.avail_in = static_cast<uInt>(size_);
  int rc = Z_OK;
  std::size_t out = 0;
  while (rc != Z_STREAM_END) {
    if (out == inflated_.size()) inflated_.resize(inflated_.size() * 2);
    zs.next_out = reinterpret_cast<Bytef*>(inflated_.data() + out);
    zs.avail_out = static_cast<uInt>(inflated_.size() - out);
    rc = inflate(&zs, Z_NO_FLUSH);
    out = inflated_.size() - zs.avail_out;
    if (rc == Z_STREAM_END && zs.avail_in > 0) {
      // Concatenated gzip members: continue with the next one.
      inflateReset(&zs);
      rc = Z_OK;
    }
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      inflateEnd(&zs);
      throw IoError(path + ": corrupt gzip data");
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      inflateEnd(&zs);
      throw IoError(path + ": truncated gzip data");
    }
  }
  inflateEnd(&zs);
  inflated_.resize(out);
  data_ = inflated_.data();
  size_ = out;
}

FileBuffer::~FileBuffer() {
  if (mapping_) ::munmap(mapping_, file_size_);
}

namespace {
// FIPS 180-4 SHA-256; small and dependency-free (the only use is naming imported files).
struct Sha256 {
  std::array<std::uint32_t, 8> h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
  void block(const unsigned char* p) {
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = (std::uint32_t(p[4 * i]) << 24) | (std::uint32_t(p[4 * i + 1]) << 16) |
             (std::uint32_t(p[4 * i + 2]) << 8) | std::uint32_t(p[4 * i + 3]);
    for (int i = 16; i < 64; ++i) {
      const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      const std::uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const std::uint32_t ch = (e & f) ^ (~e & g);
      const std::uint32_t t1 = hh + S1 + ch + k[i] + w[i];
      const std::uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      const std::uint32_t t2 = S0 + maj;
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
};
}  // namespace

std::string sha256_hex(std::string_view bytes) {
  Sha256 s;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) s.block(p + i);
  unsigned char tail[128] = {};
  const std::size_t rem = n - i;
  std::memcpy(tail, p + i, rem);
  tail[rem] = 0x80;
  const std::size_t len = rem + 1 + 8 <= 64 ? 64 : 128;
  const std::uint64_t bits = static_cast<std::uint64_t>(n) * 8;
  for (int b = 0; b < 8; ++b) tail[len - 1 - b] = static_cast<unsigned char>(bits >> (8 * b));
  s.block(tail);
  if (len == 128) s.block(tail + 64);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::uint32_t v : s.h)
    for (int b = 28; b >= 0; b -= 4) out += kHex[(v >> b) & 0xf];
  return out;
}

}  // namespace eb::io
