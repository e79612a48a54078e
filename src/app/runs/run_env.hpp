// What a use-case run may take from the face that calls it: limits, output layout and a place to report progress.
// Runs print nothing and read no globals; a face (CLI, API, bulletin) fills a RunEnv and renders the typed result.
#pragma once

#include <atomic>
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

// The cells (width x height) a raster job's grid may have by default: Inner Mongolia's bounding box at 30 m is
// about 4.5e9 cells in an equal-area projection and 6.3e9 on a geographic grid (its area, 1.18e6 km², is 1.3e9
// cells), so the whole province runs; a 200000 x 200000 raster (4e10) is refused before it is read.
inline constexpr std::int64_t kDefaultMaxPixels = 10'000'000'000;

struct RunEnv {
  std::int64_t memory_limit = 0;  // bytes a raster job may hold; 0: half the physical memory
  std::int64_t max_pixels = 0;    // cells a raster job's grid may have; 0: kDefaultMaxPixels
  io::RasterLayout raster_layout = io::RasterLayout::tiled;
  ProgressSink* progress = nullptr;
  // Set (by a signal handler of the face, or by a caller's thread) to ask a long run to stop: every Step checks it
  // when it reports progress (between raster blocks) and throws Interrupted; outputs under their final names are
  // never half written (io::RasterWriter writes to .part), imports roll back.
  const std::atomic<bool>* cancel = nullptr;
  io::TextEncoding encoding = io::TextEncoding::utf8;  // --encoding: what input text files are written in

  std::int64_t memory_limit_bytes() const;

  std::int64_t max_pixels_or_default() const { return max_pixels > 0 ? max_pixels : kDefaultMaxPixels; }
  // Throws Interrupted when cancellation was asked for.
  void check_cancel() const;
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
  // Reports progress; throws Interrupted when the run's cancellation was asked for.
  void update(std::size_t done) {
    if (cancel_ && cancel_->load(std::memory_order_relaxed)) throw_interrupted();
    if (task_) task_->update(done);
  }
  void finish();
  // For engine callbacks that report (done, total) rows.
  auto rows() {
    return [this](int done, int) { update(static_cast<std::size_t>(done)); };
  }

 private:
  [[noreturn]] static void throw_interrupted();
  std::unique_ptr<ProgressTask> task_;
  const std::atomic<bool>* cancel_ = nullptr;
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
