#include "app/runs/run_env.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"

#ifndef ECOBARRIER_DATA_DIR
#define ECOBARRIER_DATA_DIR "data"
#endif

namespace eb::app::runs {

std::int64_t RunEnv::memory_limit_bytes() const {
  if (memory_limit > 0) return memory_limit;
  return static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<std::int64_t>(sysconf(_SC_PAGE_SIZE)) / 2;
}

void RunEnv::check_cancel() const {
  if (cancel && cancel->load(std::memory_order_relaxed)) throw Interrupted("interrupted; nothing was written");
}

Step::Step(const RunEnv& env, std::string_view label_zh, std::string_view label_en, std::size_t total)
    : cancel_(env.cancel) {
  env.check_cancel();
  if (env.progress) task_ = env.progress->begin(label_zh, label_en, total);
}

void Step::throw_interrupted() { throw Interrupted("interrupted; nothing was written"); }

Step::~Step() { finish(); }

void Step::finish() {
  if (task_) task_->finish();
}

std::string data_dir() {
  if (const char* env = std::getenv("ECOBARRIER_DATA_DIR"); env && *env) return env;
  // An installed tree (cmake --install): PREFIX/bin/ecobarrier finds PREFIX/share/ecobarrier/data, wherever the
  // prefix was moved to; a binary in the build tree has none there and uses the source tree's data.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "ecobarrier" / "data";
    if (std::filesystem::is_directory(installed / "reference", ec)) return installed.string();
  }
  return ECOBARRIER_DATA_DIR;
}

void throw_problems(const std::string& file, const std::vector<std::string>& problems, std::string_view what) {
  std::string msg = fmt::format("{} record(s) rejected in {}; {}\n", problems.size(), file, what);
  for (std::size_t i = 0; i < problems.size() && i < 20; ++i) msg += "  " + problems[i] + "\n";
  if (problems.size() > 20) msg += fmt::format("  ... and {} more\n", problems.size() - 20);
  throw InputError(msg);
}

void throw_rejections(const std::string& file, const std::vector<io::Rejection>& rejections, std::string_view what) {
  std::vector<std::string> problems;
  for (const auto& r : rejections) problems.push_back(fmt::format("{}:{}:{}: {}", file, r.line, r.column, r.reason));
  throw_problems(file, problems, what);
}

}  // namespace eb::app::runs
