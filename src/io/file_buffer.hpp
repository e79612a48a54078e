// A whole input file in memory: memory-mapped when plain, inflated when gzip-compressed (".gz").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace eb::io {

class FileBuffer {
 public:
  // Throws IoError naming the path when it cannot be opened or decompressed.
  explicit FileBuffer(const std::string& path);
  ~FileBuffer();
  FileBuffer(const FileBuffer&) = delete;
  FileBuffer& operator=(const FileBuffer&) = delete;

  std::string_view text() const { return {data_, size_}; }
  const std::string& path() const { return path_; }
  // Size of the file on disk (compressed size for .gz).
  std::size_t file_size() const { return file_size_; }

 private:
  std::string path_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t file_size_ = 0;
  void* mapping_ = nullptr;
  std::vector<char> inflated_;
};

// Hex SHA-256 of a byte string: identifies an imported file in the workspace.
std::string sha256_hex(std::string_view bytes);

}  // namespace eb::io
