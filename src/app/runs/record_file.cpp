#include "app/runs/record_file.hpp"

#include <fmt/format.h>

#include <algorithm>

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

void RecordFile::fail_field(const std::string&, const std::string& why) { fail(why); }

void RecordFile::refuse_if_failed() const {
  if (!problems_.empty()) throw_problems(path_, problems_);
}

JsonRecord::JsonRecord(const nlohmann::json& record, const std::vector<std::string>& required,
                       const std::vector<std::string>& optional) {
  if (!record.is_object()) throw FieldError("record", "record: a JSON object of the record's fields");
  const auto known = [&](const std::string& f) {
    return std::find(required.begin(), required.end(), f) != required.end() ||
           std::find(optional.begin(), optional.end(), f) != optional.end();
  };
  for (const auto& [field, value] : record.items()) {
    if (!known(field)) {
      std::string fields;
      for (const auto* list : {&required, &optional})
        for (const auto& f : *list) fields += (fields.empty() ? "" : ", ") + f;
      throw FieldError(field, fmt::format("{}: not a field of this record ({})", field, fields));
    }
    if (value.is_string()) {
      values_[field] = std::string(trim(value.get_ref<const std::string&>()));
    } else if (value.is_number()) {
      values_[field] = value.dump();
    } else if (!value.is_null()) {
      throw FieldError(field, fmt::format("{}: a text or a number", field));
    }
  }
  for (const auto& f : required)
    if (!record.contains(f) || record.at(f).is_null()) throw FieldError(f, fmt::format("{}: missing", f));
}

std::string JsonRecord::operator[](const std::string& field) const {
  const auto it = values_.find(field);
  return it == values_.end() ? std::string() : it->second;
}

void JsonRecord::fail_field(const std::string& field, const std::string& why) { problems_.emplace_back(field, why); }

void JsonRecord::refuse_if_failed() const {
  if (problems_.empty()) return;
  std::string message;
  for (const auto& p : problems_) message += (message.empty() ? "" : "; ") + p.second;
  throw FieldError(problems_.front().first, message);
}

}  // namespace eb::app::runs
