// A CSV file of records read by column name, collecting "file:line: reason" problems so that a whole file is
// refused at once (nothing stored) when any record is bad. Used by the imports whose input is plain CSV.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "io/file_buffer.hpp"

namespace eb::app::runs {

class RecordFile {
 public:
  // Reads the file as text (io/file_buffer.hpp: converted from options.encoding, checked as UTF-8, line length, not
  // empty, not cut short). Throws InputError for an empty file or a missing required column (line 1).
  RecordFile(const std::string& path, const std::vector<std::string>& required, const io::ReadOptions& options = {});
  bool next() { return csv_.next(); }
  // The trimmed field of the current record; "" when the column is absent or the record is short.
  std::string operator[](const std::string& column) const;
  void fail(const std::string& why);  // a problem of the current record
  // A problem of one field of the current record: "file:line:column: reason" (column: the field's 1-based number).
  void fail(const std::string& column, const std::string& why);
  std::size_t line() const { return csv_.line(); }  // 1-based line of the current record
  std::size_t failures() const { return problems_.size(); }
  // Throws InputError listing the problems (throw_problems) when there are any.
  void refuse_if_failed() const;

 private:
  std::string path_;
  io::FileBuffer file_;
  CsvReader csv_;
  std::map<std::string, std::size_t> at_;
  std::vector<std::string> problems_;
};

}  // namespace eb::app::runs
