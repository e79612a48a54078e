#include "app/runs/record_file.hpp"

#include <fmt/format.h>

#include "app/runs/run_env.hpp"
#include "core/error.hpp"

namespace eb::app::runs {

RecordFile::RecordFile(const std::string& path, const std::vector<std::string>& required,
                       const io::ReadOptions& options)
    : path_(path), file_(path, options), csv_(file_.text(), path) {
  if (!csv_.next()) throw InputError(path + ": empty file");
  for (std::size_t i = 0; i < csv_.size(); ++i) at_[std::string(trim(csv_[i]))] = i;
  for (const auto& c : required)
    if (!at_.count(c)) throw InputError(fmt::format("{}:1: no column \"{}\"", path, c));
}

std::string RecordFile::operator[](const std::string& column) const {
  const auto it = at_.find(column);
  return it == at_.end() || it->second >= csv_.size() ? std::string() : std::string(trim(csv_[it->second]));
}

void RecordFile::fail(const std::string& why) {
  problems_.push_back(fmt::format("{}:{}: {}", path_, csv_.line(), why));
}

void RecordFile::fail(const std::string& column, const std::string& why) {
  const auto it = at_.find(column);
  if (it == at_.end()) return fail(why);
  problems_.push_back(fmt::format("{}:{}:{}: {}", path_, csv_.line(), it->second + 1, why));
}

void RecordFile::refuse_if_failed() const {
  if (!problems_.empty()) throw_problems(path_, problems_);
}

}  // namespace eb::app::runs
