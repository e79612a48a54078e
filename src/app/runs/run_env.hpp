// What a use-case run may take from the face that calls it: limits, output layout and a place to report progress.
// Runs print nothing and read no globals; a face (CLI, API, bulletin) fills a RunEnv and renders the typed result.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/file_buffer.hpp"
#include "io/observation_batch.hpp"
#include "io/raster_writer.hpp"

namespace eb::app::runs {

// One long step of a run (a pass over a raster, a file being read): its progress as done of total.
class ProgressTask {
 public:
  virtual ~ProgressTask() = default;
  virtual void update(std::size_t done) = 0;
  virtual void finish() = 0;
};

// Where a run reports its long steps. The CLI draws a bar on a terminal; other faces pass none.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // The step's name in both languages (the sink shows the one its face speaks).
  virtual std::unique_ptr<ProgressTask> begin(std::string_view label_zh, std::string_view label_en,
                                              std::size_t total) = 0;
};

struct RunEnv {
  std::int64_t memory_limit = 0;  // bytes a raster job may hold; 0: half the physical memory
  io::RasterLayout raster_layout = io::RasterLayout::tiled;
  ProgressSink* progress = nullptr;
  io::TextEncoding encoding = io::TextEncoding::utf8;  // --encoding: what input text files are written in

  std::int64_t memory_limit_bytes() const;
  // How a run reads its text inputs: converted from `encoding`, checked (io/file_buffer.hpp).
  io::ReadOptions text_input() const {
    io::ReadOptions o;
    o.encoding = encoding;
    return o;
  }
};

// A step's progress, or nothing when the face takes none; finished when it goes out of scope.
class Step {
 public:
  Step(const RunEnv& env, std::string_view label_zh, std::string_view label_en, std::size_t total);
  ~Step();
  Step(const Step&) = delete;
  Step& operator=(const Step&) = delete;
  void update(std::size_t done) {
    if (task_) task_->update(done);
  }
  void finish();
  // For engine callbacks that report (done, total) rows.
  auto rows() {
    return [this](int done, int) { update(static_cast<std::size_t>(done)); };
  }

 private:
  std::unique_ptr<ProgressTask> task_;
};

// Directory of bundled data (reference tables, the demo data and registry): $ECOBARRIER_DATA_DIR, else
// share/ecobarrier/data of an installed tree beside the binary, else the source tree's data/ (build-time path).
std::string data_dir();

// Refuses a file with rejected records: InputError listing the first 20 as file:line:column: reason, and how many
// more. `what` ends the first line ("nothing was imported").
// The same for problems already written as "place: reason" lines (file:line, or file: feature N).
[[noreturn]] void throw_problems(const std::string& file, const std::vector<std::string>& problems,
                                 std::string_view what = "nothing was imported");
[[noreturn]] void throw_rejections(const std::string& file, const std::vector<io::Rejection>& rejections,
                                   std::string_view what);

}  // namespace eb::app::runs
