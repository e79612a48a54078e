// A whole input file in memory: read with read(2) (never mapped, so a file truncated or rewritten while it is read
// cannot crash the reader), inflated when gzip-compressed (or, for text, when it is a zip archive of one file, stored
// or deflated), and for text checked before any reader sees it.
// Regular files, FIFOs, character devices and "-" (standard input) are read to their end; all within bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace eb::io {

// The most bytes read from one file or stream: 4 GiB.
inline constexpr std::uint64_t kMaxInputBytes = std::uint64_t{4} << 30;
// The most bytes a gzip input or a zip member may inflate to: 4 GiB.
inline constexpr std::uint64_t kMaxInflatedBytes = std::uint64_t{4} << 30;
// Past its first kInflateRatioGrace output bytes, a gzip input or zip member may not inflate more than
// kMaxInflateRatio times the compressed bytes consumed so far (monitoring CSV compresses 5-30:1; a decompression
// bomb about 1030:1).
inline constexpr std::uint64_t kMaxInflateRatio = 1000;
inline constexpr std::uint64_t kInflateRatioGrace = std::uint64_t{1} << 20;

// The character encodings a text input may be read in (--encoding); converted to UTF-8 as it is read.
enum class TextEncoding { utf8, gbk, gb18030 };
// "utf-8"/"utf8", "gbk" (also "cp936"), "gb18030" (any case); nothing for anything else.
std::optional<TextEncoding> parse_text_encoding(std::string_view name);
std::string_view text_encoding_name(TextEncoding e);

struct ReadOptions {
  // Text inputs (every CSV a reader takes) are converted from `encoding` to UTF-8 and refused (InputError naming
  // file:line:column) when they are not valid UTF-8, have a line longer than kMaxRecordBytes (core/csv.hpp) or hold no
  // non-blank line. Binary inputs are kept as read.
  bool text = true;
  TextEncoding encoding = TextEncoding::utf8;
  std::uint64_t max_bytes = kMaxInputBytes;
  std::uint64_t max_inflated = kMaxInflatedBytes;
};

class FileBuffer {
 public:
  // Throws IoError naming the path when it cannot be opened or read (a directory, a socket, over max_bytes), and
  // InputError for corrupt or oversized gzip data, for a zip archive that is not one stored or deflated file
  // (several files, encrypted, another method, zip64, corrupt) and, for text, the checks above.
  explicit FileBuffer(const std::string& path, const ReadOptions& options = {});
  FileBuffer(const FileBuffer&) = delete;
  FileBuffer& operator=(const FileBuffer&) = delete;

  std::string_view text() const { return data_; }
  const std::string& path() const { return path_; }
  // Bytes read from the file or stream (compressed size for gzip, before any conversion).
  std::size_t file_size() const { return file_size_; }

 private:
  std::string path_;
  std::string data_;
  std::size_t file_size_ = 0;
};

// Refuses text that is not valid UTF-8 or has a line longer than kMaxRecordBytes: InputError naming `name`:line:column
// (column = the CSV field, with its header name and the byte offset of the bad byte in it), listing at most 20 lines
// and a hint when the bytes read as GBK/GB18030.
void check_text(std::string_view text, const std::string& name);

// Whether bytes start like a zip archive (a local file header, or the end record of an empty archive).
bool is_zip_archive(std::string_view bytes);
// The name of the one file a zip archive holds (what FileBuffer would read from it); InputError naming `path` for an
// archive of several files, none, or a corrupt central directory.
std::string zip_member_name(std::string_view zip, const std::string& path);

// Hex SHA-256 of a byte string: identifies an imported file in the workspace.
std::string sha256_hex(std::string_view bytes);
// The same of bytes given in pieces (a table's rows as they stream past).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  // The hex digest of everything given; the hasher starts afresh.
  std::string hex();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace eb::io
