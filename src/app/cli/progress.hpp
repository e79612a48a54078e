// A progress bar on stderr, drawn only when stderr is a terminal (silent when piped or redirected).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "app/runs/run_env.hpp"
#include "app/table/lang.hpp"

namespace eb::app {

class Progress {
 public:
  // `enabled` false makes every call a no-op; by default, enabled when stderr is a terminal.
  Progress(std::string label, std::size_t total, bool enabled = stderr_is_terminal());
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::size_t done);
  void set_total(std::size_t total) { total_ = total; }
  void finish();

  static bool stderr_is_terminal();

 private:
  void draw(bool final);
  std::string label_;
  std::size_t total_;
  std::size_t done_ = 0;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// The progress of runs drawn as bars on stderr, labelled in the command's language.
class TerminalProgress final : public runs::ProgressSink {
 public:
  explicit TerminalProgress(Lang lang) : lang_(lang) {}
  std::unique_ptr<runs::ProgressTask> begin(std::string_view label_zh, std::string_view label_en,
                                            std::size_t total) override;

 private:
  Lang lang_;
};

}  // namespace eb::app
