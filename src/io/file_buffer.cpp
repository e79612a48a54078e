#include "io/file_buffer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"

namespace eb::io {

std::optional<TextEncoding> parse_text_encoding(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n == "utf-8" || n == "utf8") return TextEncoding::utf8;
  if (n == "gbk" || n == "cp936") return TextEncoding::gbk;
  if (n == "gb18030") return TextEncoding::gb18030;
  return std::nullopt;
}

std::string_view text_encoding_name(TextEncoding e) {
  switch (e) {
    case TextEncoding::gbk:
      return "GBK";
    case TextEncoding::gb18030:
      return "GB18030";
    case TextEncoding::utf8:
      break;
  }
  return "UTF-8";
}

namespace {

struct Fd {
  int fd = -1;
  bool owned = true;
  ~Fd() {
    if (fd >= 0 && owned) ::close(fd);
  }
};

// Reads `fd` to its end into `out`, at most `max_bytes`; `expected` sizes the first allocation.
void read_all(int fd, const std::string& path, std::uint64_t max_bytes, std::size_t expected, std::string& out) {
  out.resize(std::max<std::size_t>(expected + 1, 1 << 16));
  std::size_t used = 0;
  for (;;) {
    if (used == out.size()) {
      if (out.size() > max_bytes) break;
      out.resize(std::min<std::uint64_t>(out.size() * 2, max_bytes + 1));
    }
    const ssize_t n = ::read(fd, out.data() + used, out.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > max_bytes)
    throw IoError(fmt::format("{}: larger than {} bytes, the most an input may hold", path, max_bytes));
  out.resize(used);
}

bool is_gzip(std::string_view s) {
  return s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0x1f && static_cast<unsigned char>(s[1]) == 0x8b;
}

// The data a compressed input holds, for messages: "gzip data" or "zip member NAME".
enum class Deflated { gzip, raw };

// Inflates gzip data (concatenated members too) or a raw deflate stream (a zip member), refusing more than `max_out`
// bytes or a ratio beyond kMaxInflateRatio past the first kInflateRatioGrace bytes. `what` names the data in
// messages ("gzip data", "zip member x.csv").
std::string inflate_bounded(std::string_view in, const std::string& path, std::uint64_t max_out, Deflated format,
                            const std::string& what) {
  z_stream zs{};
  // 15 + 32: zlib or gzip header detected; -15: no header (a zip member's deflate data).
  if (inflateInit2(&zs, format == Deflated::gzip ? 15 + 32 : -15) != Z_OK)
    throw IoError(path + ": cannot start the deflate decoder");
  struct End {
    z_stream* z;
    ~End() { inflateEnd(z); }
  } end{&zs};
  const auto too_big = [&] {
    return InputError(
        fmt::format("{}: {} inflates to more than {} bytes, the most an input may hold", path, what, max_out));
  };
  std::string out;
  out.resize(std::min<std::uint64_t>(std::max<std::size_t>(in.size() * 4, 1 << 16), max_out + 1));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  std::size_t in_left = in.size();
  std::size_t produced = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (produced == out.size()) {
      if (out.size() > max_out) throw too_big();
      out.resize(std::min<std::uint64_t>(out.size() * 2, max_out + 1));
    }
    const std::size_t chunk_in = std::min<std::size_t>(in_left, 1 << 20);
    const std::size_t chunk_out = std::min<std::size_t>(out.size() - produced, 1 << 20);
    zs.avail_in = static_cast<uInt>(chunk_in);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(chunk_out);
    rc = inflate(&zs, Z_NO_FLUSH);
    in_left -= chunk_in - zs.avail_in;
    produced += chunk_out - zs.avail_out;
    const std::uint64_t consumed = in.size() - in_left;
    if (produced > kInflateRatioGrace && produced > kMaxInflateRatio * consumed)
      throw InputError(
          fmt::format("{}: {} inflates more than {}:1 ({} bytes from the first {}): refused as a decompression bomb",
                      path, what, kMaxInflateRatio, produced, consumed));
    if (produced > max_out) throw too_big();
    if (rc == Z_STREAM_END && in_left > 0 && format == Deflated::gzip) {
      inflateReset(&zs);  // concatenated gzip members: continue with the next one
      rc = Z_OK;
    }
    if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR)
      throw InputError(fmt::format("{}: corrupt {}", path, what));
    if (rc == Z_BUF_ERROR && in_left == 0 && zs.avail_out > 0)
      throw InputError(fmt::format("{}: truncated {}", path, what));
    if (rc == Z_OK && in_left == 0 && zs.avail_out > 0) throw InputError(fmt::format("{}: truncated {}", path, what));
  }
  out.resize(produced);
  return out;
}

std::string inflate_gzip(std::string_view in, const std::string& path, std::uint64_t max_out) {
  return inflate_bounded(in, path, max_out, Deflated::gzip, "gzip data");
}

// ---- zip: one member, stored or deflated (PKWARE APPNOTE 6.3, sections 4.3.7, 4.3.12, 4.3.16) ----

bool is_zip(std::string_view s) {
  return s.size() >= 4 && s[0] == 'P' && s[1] == 'K' &&
         ((s[2] == '\x03' && s[3] == '\x04') || (s[2] == '\x05' && s[3] == '\x06'));
}

std::uint32_t le(std::string_view s, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
  return v;
}

struct ZipMember {
  std::string name;
  std::uint32_t flags = 0, method = 0, crc = 0, compressed = 0, size = 0, local_header = 0;
};

// What a compression method is called, for the message refusing it.
std::string zip_method_name(std::uint32_t method) {
  switch (method) {
    case 9:
      return "deflate64";
    case 12:
      return "bzip2";
    case 14:
      return "LZMA";
    case 93:
      return "zstd";
    case 95:
      return "xz";
    case 99:
      return "AES encryption";
    default:
      return fmt::format("method {}", method);
  }
}

// The single file of a zip archive: its central directory entry, and where the central directory starts. Folders
// and macOS's "__MACOSX/" metadata are not files; an archive holding none, or more than one, is refused (an input
// is one file).
std::pair<ZipMember, std::size_t> single_member(std::string_view zip, const std::string& path) {
  const auto bad = [&](const std::string& why) { return InputError(fmt::format("{}: {}", path, why)); };
  // The end-of-central-directory record: 22 bytes and a comment of at most 65535, at the end of the archive.
  constexpr std::size_t kEnd = 22;
  std::size_t end = std::string_view::npos;
  if (zip.size() >= kEnd)
    for (std::size_t at = zip.size() - kEnd;; --at) {
      if (le(zip, at, 4) == 0x06054b50 && at + kEnd + le(zip, at + 20, 2) == zip.size()) {
        end = at;
        break;
      }
      if (at == 0 || zip.size() - at > kEnd + 0xFFFF) break;
    }
  if (end == std::string_view::npos) throw bad("not a complete zip archive (no end of central directory: truncated?)");
  const std::uint32_t entries = le(zip, end + 10, 2), directory_size = le(zip, end + 12, 4),
                      directory_at = le(zip, end + 16, 4);
  if (le(zip, end + 4, 2) != 0 || le(zip, end + 6, 2) != 0)
    throw bad("a zip archive split over several files is not supported");
  if (entries == 0xFFFF || directory_size == 0xFFFFFFFF || directory_at == 0xFFFFFFFF)
    throw bad("a zip64 archive is not supported; compress the file with gzip instead");
  if (std::uint64_t{directory_at} + directory_size > end) throw bad("corrupt zip archive (central directory)");

  std::vector<ZipMember> files;
  std::size_t at = directory_at;
  for (std::uint32_t i = 0; i < entries; ++i) {
    if (at + 46 > end || le(zip, at, 4) != 0x02014b50) throw bad("corrupt zip archive (central directory)");
    ZipMember m;
    m.flags = le(zip, at + 8, 2);
    m.method = le(zip, at + 10, 2);
    m.crc = le(zip, at + 16, 4);
    m.compressed = le(zip, at + 20, 4);
    m.size = le(zip, at + 24, 4);
    const std::size_t name_len = le(zip, at + 28, 2), extra = le(zip, at + 30, 2), comment = le(zip, at + 32, 2);
    m.local_header = le(zip, at + 42, 4);
    if (at + 46 + name_len + extra + comment > end) throw bad("corrupt zip archive (central directory)");
    m.name = escape_invalid_utf8(zip.substr(at + 46, std::min<std::size_t>(name_len, 200)));
    at += 46 + name_len + extra + comment;
    if (m.name.ends_with("/") || m.name.starts_with("__MACOSX/")) continue;
    files.push_back(std::move(m));
  }
  if (files.empty()) throw bad("the zip archive holds no file");
  if (files.size() > 1) {
    std::string names;
    for (std::size_t i = 0; i < files.size() && i < 5; ++i) names += (i ? ", " : "") + files[i].name;
    if (files.size() > 5) names += ", …";
    throw bad(fmt::format("the zip archive holds {} files ({}); an input is one file: unzip it and give each file",
                          files.size(), names));
  }
  return {files.front(), directory_at};
}

// The single file of a zip archive, stored or deflated, inflated within the same bounds as gzip and checked against
// the size and CRC the archive gives.
std::string unzip_single(std::string_view zip, const std::string& path, std::uint64_t max_out) {
  const auto bad = [&](const std::string& why) { return InputError(fmt::format("{}: {}", path, why)); };
  const auto [m, directory_at] = single_member(zip, path);
  const std::string what = "zip member " + m.name;
  if (m.flags & 0x41) throw bad(fmt::format("{} is encrypted; decrypt it first", what));
  if (m.method != 0 && m.method != 8)
    throw bad(fmt::format("{} is compressed with {}, which is not supported (only deflate or none)", what,
                          zip_method_name(m.method)));
  if (m.compressed == 0xFFFFFFFF || m.size == 0xFFFFFFFF)
    throw bad(fmt::format("{} is a zip64 entry, which is not supported; compress the file with gzip instead", what));
  if (m.size > max_out)
    throw bad(fmt::format("{} inflates to {} bytes, more than {}, the most an input may hold", what, m.size, max_out));
  if (std::uint64_t{m.local_header} + 30 > zip.size() || le(zip, m.local_header, 4) != 0x04034b50)
    throw bad(fmt::format("corrupt zip archive (the local header of {})", m.name));
  const std::uint64_t data_at =
      std::uint64_t{m.local_header} + 30 + le(zip, m.local_header + 26, 2) + le(zip, m.local_header + 28, 2);
  if (data_at + m.compressed > directory_at) throw bad(fmt::format("truncated {}", what));
  const std::string_view data = zip.substr(static_cast<std::size_t>(data_at), m.compressed);
  std::string out = m.method == 0 ? std::string(data) : inflate_bounded(data, path, max_out, Deflated::raw, what);
  if (out.size() != m.size)
    throw bad(fmt::format("corrupt {} ({} bytes, the archive says {})", what, out.size(), m.size));
  const auto crc = crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(out.data()), out.size());
  if (crc != m.crc) throw bad(fmt::format("corrupt {} (CRC mismatch)", what));
  return out;
}

}  // namespace

bool is_zip_archive(std::string_view bytes) { return is_zip(bytes); }

std::string zip_member_name(std::string_view zip, const std::string& path) {
  return single_member(zip, path).first.name;
}

namespace {

// 1-based line of byte `at` and where that line starts.
std::pair<std::size_t, std::size_t> line_of(std::string_view text, std::size_t at) {
  std::size_t line = 1, start = 0;
  for (std::size_t i = 0; i < at; ++i)
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  return {line, start};
}

std::string convert_to_utf8(std::string_view in, TextEncoding from, const std::string& path) {
  iconv_t cd = ::iconv_open("UTF-8", std::string(text_encoding_name(from)).c_str());
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw IoError(fmt::format("{}: no converter from {} to UTF-8", path, text_encoding_name(from)));
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  while (src_left > 0) {
    if (::iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<std::size_t>(-1)) continue;
    const int err = errno;
    if (err == E2BIG) {
      const std::size_t used = out.size() - dst_left;
      out.resize(out.size() * 2);
      dst = out.data() + used;
      dst_left = out.size() - used;
      continue;
    }
    ::iconv_close(cd);
    const std::size_t at = in.size() - src_left;
    const auto [line, start] = line_of(in, at);
    throw InputError(fmt::format("{}:{}: not valid {} at byte {} of the line: \"{}\"", path, line,
                                 text_encoding_name(from), at - start + 1, quote_input(in.substr(at, 8), 8)));
  }
  ::iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

// The CSV field (0-based) holding byte `at` of the line starting at `start`, and where that field starts.
std::pair<std::size_t, std::size_t> field_of(std::string_view text, std::size_t start, std::size_t at) {
  std::size_t field = 0, field_start = start;
  bool quoted = false;
  for (std::size_t i = start; i < at; ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] == ',' && !quoted) {
      ++field;
      field_start = i + 1;
    }
  }
  return {field, field_start};
}

// The header's fields, for naming the column of a bad byte (empty when the header itself cannot be read).
std::vector<std::string> header_names(std::string_view text) {
  std::vector<std::string> names;
  const std::size_t nl = text.find('\n');
  const std::string_view first = text.substr(0, std::min(nl, kMaxRecordBytes));
  try {
    CsvReader csv(first);
    if (csv.next())
      for (const auto& f : csv.fields()) names.emplace_back(trim(f));
  } catch (const Error&) {
  }
  return names;
}

}  // namespace

void check_text(std::string_view text, const std::string& name) {
  std::vector<std::string> problems;
  std::size_t more = 0;
  bool gbk = false;
  std::vector<std::string> header;
  bool header_read = false;
  std::size_t line = 1;
  for (std::size_t start = 0; start < text.size(); ++line) {
    const char* nl = static_cast<const char*>(std::memchr(text.data() + start, '\n', text.size() - start));
    const std::size_t end = nl ? static_cast<std::size_t>(nl - text.data()) : text.size();
    if (end - start > kMaxRecordBytes) {
      if (problems.size() < 20) {
        problems.push_back(fmt::format("{}:{}: line longer than {} bytes", name, line, kMaxRecordBytes));
      } else {
        ++more;
      }
    } else if (const std::size_t bad = find_invalid_utf8(text.substr(start, end - start)); bad != std::string::npos) {
      if (problems.size() < 20) {
        const std::size_t at = start + bad;
        if (!header_read) {
          header = header_names(text);
          header_read = true;
        }
        const auto [field, field_start] = field_of(text, start, at);
        const std::string column = field < header.size() && is_valid_utf8(header[field]) && line > 1
                                       ? fmt::format(" (\"{}\")", quote_input(header[field], 40))
                                       : std::string();
        const std::size_t field_end = std::min(text.find(',', at), end);
        problems.push_back(fmt::format("{}:{}:{}: invalid UTF-8 byte \\x{:02X} at byte {} of field {}{}: \"{}\"", name,
                                       line, field + 1, static_cast<unsigned char>(text[at]), at - field_start + 1,
                                       field + 1, column,
                                       quote_input(text.substr(field_start, field_end - field_start))));
        gbk = gbk || looks_like_gbk(text, at);
      } else {
        ++more;
      }
    }
    start = end + 1;
  }
  if (problems.empty()) return;
  std::string msg = problems.size() == 1 && more == 0 ? problems.front() : fmt::format("{}: cannot be read", name);
  if (problems.size() > 1 || more > 0) {
    for (const auto& p : problems) msg += "\n  " + p;
    if (more > 0) msg += fmt::format("\n  ... and {} more line(s)", more);
  }
  if (gbk)
    msg += "\n  the file looks like GBK/GB18030 (Chinese Windows): convert with --encoding gbk (or --encoding gb18030)";
  else if (msg.find("invalid UTF-8") != std::string::npos)
    msg += "\n  the file is not UTF-8: give its encoding with --encoding gbk|gb18030, or re-save it as UTF-8";
  throw InputError(msg);
}

FileBuffer::FileBuffer(const std::string& path, const ReadOptions& options) : path_(path) {
  Fd fd;
  if (path == "-") {
    fd.fd = STDIN_FILENO;
    fd.owned = false;
  } else {
    fd.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd.fd < 0) throw IoError(path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0) throw IoError(path + ": cannot read: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw IoError(path + ": is a directory, not a file");
  std::size_t expected = 0;
  if (S_ISREG(st.st_mode)) {
    if (static_cast<std::uint64_t>(st.st_size) > options.max_bytes)
      throw IoError(fmt::format("{}: larger than {} bytes, the most an input may hold", path, options.max_bytes));
    expected = static_cast<std::size_t>(st.st_size);
  } else if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)) {
    throw IoError(path + ": not a regular file, FIFO or stream");
  }
  read_all(fd.fd, path, options.max_bytes, expected, data_);
  file_size_ = data_.size();
  if (is_gzip(data_)) data_ = inflate_gzip(data_, path, options.max_inflated);
  if (!options.text) return;  // a binary input (a layer file hashed as it is) is kept whole, a zip included
  if (is_zip(data_)) data_ = unzip_single(data_, path, options.max_inflated);

  if (options.encoding != TextEncoding::utf8) data_ = convert_to_utf8(data_, options.encoding, path);
  check_text(data_, path);
  std::string_view body = data_;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  if (body.empty()) throw InputError(path + ": empty file (no records)");
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw InputError(path + ": no records (only blank lines or carriage returns)");
}

namespace {
// FIPS 180-4 SHA-256's compression function; small and dependency-free.
struct Sha256Blocks {
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

struct Sha256::State {
  Sha256Blocks blocks;
  unsigned char pending[64] = {};
  std::size_t used = 0;
  std::uint64_t total = 0;
};

Sha256::Sha256() : state_(std::make_unique<State>()) {}
Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  State& s = *state_;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  s.total += n;
  if (s.used > 0) {
    const std::size_t take = std::min(n, sizeof s.pending - s.used);
    std::memcpy(s.pending + s.used, p, take);
    s.used += take;
    p += take;
    n -= take;
    if (s.used < sizeof s.pending) return;
    s.blocks.block(s.pending);
    s.used = 0;
  }
  for (; n >= 64; p += 64, n -= 64) s.blocks.block(p);
  std::memcpy(s.pending, p, n);
  s.used = n;
}

std::string Sha256::hex() {
  State& s = *state_;
  unsigned char tail[128] = {};
  std::memcpy(tail, s.pending, s.used);
  tail[s.used] = 0x80;
  const std::size_t len = s.used + 1 + 8 <= 64 ? 64 : 128;
  const std::uint64_t bits = s.total * 8;
  for (int b = 0; b < 8; ++b) tail[len - 1 - b] = static_cast<unsigned char>(bits >> (8 * b));
  s.blocks.block(tail);
  if (len == 128) s.blocks.block(tail + 64);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::uint32_t v : s.blocks.h)
    for (int b = 28; b >= 0; b -= 4) out += kHex[(v >> b) & 0xf];
  state_ = std::make_unique<State>();
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 s;
  s.update(bytes);
  return s.hex();
}

}  // namespace eb::io
