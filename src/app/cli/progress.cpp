#include "app/cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace eb::app {

bool Progress::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

Progress::Progress(std::string label, std::size_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { finish(); }

void Progress::update(std::size_t done) {
  done_ = done;
  if (!enabled_ || finished_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;  // at most 10 redraws a second
  last_draw_ = now;
  draw(false);
}

void Progress::finish() {
  if (!enabled_ || finished_) return;
  done_ = total_;
  draw(true);
  std::fputc('\n', stderr);
  finished_ = true;
}

void Progress::draw(bool) {
  constexpr int kWidth = 30;
  const double frac = total_ ? std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_)) : 1.0;
  const int filled = static_cast<int>(frac * kWidth);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kWidth - filled), '.');
  std::fputs(fmt::format("\r{} [{}] {:3.0f}%  {:.1f} s", label_, bar, frac * 100, secs).c_str(), stderr);
  std::fflush(stderr);
}

namespace {

class BarTask final : public runs::ProgressTask {
 public:
  BarTask(std::string label, std::size_t total) : bar_(std::move(label), total) {}
  void update(std::size_t done) override { bar_.update(done); }
  void finish() override { bar_.finish(); }

 private:
  Progress bar_;
};

}  // namespace

std::unique_ptr<runs::ProgressTask> TerminalProgress::begin(std::string_view label_zh, std::string_view label_en,
                                                            std::size_t total) {
  return std::make_unique<BarTask>(tr(lang_, label_zh, label_en), total);
}

}  // namespace eb::app
