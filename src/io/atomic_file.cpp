#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"

namespace eb::io {

namespace {

// fsync of a file or folder by name; false with errno when it cannot be opened or synced.
bool sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return ok;
}

}  // namespace

std::string AtomicFile::part_of(const std::string& path) { return path + ".part"; }

bool AtomicFile::is_stream(const std::string& path) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  return !ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st);
}

void AtomicFile::remove_stale(const std::string& part) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(std::filesystem::symlink_status(part, ec))) std::filesystem::remove(part, ec);
}

void AtomicFile::publish(const std::string& part, const std::string& path) {
  if (!sync_path(part, O_RDONLY))
    throw IoError(fmt::format("{}: cannot write: {} ({})", path, std::strerror(errno), part));
  std::error_code ec;
  std::filesystem::rename(part, path, ec);
  if (ec) throw IoError(fmt::format("{}: cannot write: {}", path, ec.message()));
  // The rename is durable once the folder is synced; a folder that cannot be opened (no read permission) has
  // still received the rename, so this is not an error.
  const auto folder = std::filesystem::path(path).parent_path();
  sync_path(folder.empty() ? std::string(".") : folder.string(), O_RDONLY | O_DIRECTORY);
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  part_ = is_stream(path_) ? path_ : part_of(path_);
  if (part_ != path_) remove_stale(part_);
  out_.open(part_, std::ios::binary | std::ios::trunc);
  if (!out_) throw IoError(fmt::format("{}: cannot write: {}", path_, std::strerror(errno)));
}

AtomicFile::~AtomicFile() {
  if (!done_) discard();
}

void AtomicFile::discard() {
  done_ = true;
  out_.close();
  if (part_ == path_) return;
  std::error_code ec;
  std::filesystem::remove(part_, ec);
}

void AtomicFile::commit() {
  out_.flush();
  out_.close();
  if (out_.fail()) {
    discard();
    throw IoError(path_ + ": cannot write (disk full?)");
  }
  done_ = true;
  if (part_ == path_) return;
  try {
    publish(part_, path_);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(part_, ec);
    throw;
  }
}

void AtomicFile::write(const std::string& path, std::string_view content) {
  AtomicFile f(path);
  f.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  f.commit();
}

}  // namespace eb::io
