// A final output file that no reader, and no killed run, ever sees half-written: the bytes go to "NAME.part",
// which is flushed to disk (fsync) and renamed to NAME on commit, so NAME holds either its old content or the whole
// new one. A "NAME.part" left by a run that was killed (kill -9, power loss) is removed before writing. Every writer
// of a final output uses it: the CLI's -o, quarantine files, the bulletin's files, raster outputs (RasterWriter,
// which lets GDAL write the .part and publishes it here).
#pragma once

#include <fstream>
#include <memory>
#include <string>
#include <string_view>

namespace eb::io {

class AtomicFile {
 public:
  // Removes a stale "path.part" and opens it for writing. A path that exists and is not a regular file (a device
  // such as /dev/stdout, a FIFO) is written in place: there is nothing to rename.
  explicit AtomicFile(std::string path);
  ~AtomicFile();  // not committed: the .part is removed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  const std::string& path() const { return path_; }
  // Flushes, fsyncs and renames the .part to the final name (and fsyncs the folder, so the rename survives a power
  // loss). IoError "PATH: cannot write (disk full?)" when any byte failed; the .part is then removed.
  void commit();
  // Removes the .part without publishing it (what the destructor does).
  void discard();

  // The whole of `content` as `path`.
  static void write(const std::string& path, std::string_view content);
  // "path.part".
  static std::string part_of(const std::string& path);
  // Removes `part` when it is a regular file (a stale one from a killed run); anything else is left alone.
  static void remove_stale(const std::string& part);
  // Publishes a finished `part` written by someone else (GDAL): fsync, rename to `path`, fsync of the folder.
  static void publish(const std::string& part, const std::string& path);
  // Whether `path` exists and is not a regular file (written in place).
  static bool is_stream(const std::string& path);

 private:
  std::string path_, part_;  // part_ == path_ when written in place
  std::ofstream out_;
  bool done_ = false;
};

}  // namespace eb::io
