// A progress bar on stderr, drawn only when stderr is a terminal (silent when piped or redirected).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

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

}  // namespace eb::app
