// Reading an input file: gzip and one-file zip detection and inflation with their size and ratio bounds, GBK/GB18030
// conversion and the text checks (UTF-8, line length, blank files) that run before any reader sees the text. The
// bytes are put in an anonymous in-memory file and read through its /proc path, as the importers read a path. The
// first byte picks the options; the inflation bound is small so that a bomb is found quickly.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "io/file_buffer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  eb::io::ReadOptions options;
  options.text = (data[0] & 1) == 0;
  options.encoding = static_cast<eb::io::TextEncoding>((data[0] >> 1) % 3);
  options.max_inflated = std::uint64_t{4} << 20;
  const int fd = memfd_create("fuzz_input", 0);
  if (fd < 0) return 0;
  std::size_t written = 0;
  while (written < size - 1) {
    const ssize_t n = write(fd, data + 1 + written, size - 1 - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  try {
    const eb::io::FileBuffer file("/proc/self/fd/" + std::to_string(fd), options);
    // Whatever is accepted as text is valid UTF-8 (the readers rely on it).
    if (options.text) eb::io::check_text(file.text(), "fuzz");
  } catch (const eb::Error&) {
  }
  close(fd);
  return 0;
}
