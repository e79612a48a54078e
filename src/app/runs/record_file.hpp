// Records read by field name, whichever way they arrive: the rows of a CSV file (RecordFile), or one record a
// client submitted as JSON (JsonRecord, app/runs/submission). The imports' readers take a RecordSource, so a record
// is checked by one piece of code with one set of messages whichever way it came (docs/api.md).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "io/file_buffer.hpp"

namespace eb::app::runs {

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // The trimmed text of a field of the current record; "" when the field is absent or empty.
  virtual std::string operator[](const std::string& field) const = 0;
  // A problem of the current record that concerns `field`; `why` is the whole reason as a reader writes it (it
  // names the field itself: "date: \"2023-02-30\" is not a date (YYYY-MM-DD)").
  virtual void fail_field(const std::string& field, const std::string& why) = 0;
  virtual std::size_t failures() const = 0;
  // Throws when there are problems: InputError listing them (a file), FieldError naming the field (a record).
  virtual void refuse_if_failed() const = 0;
};

// A CSV file of records read by column name, collecting "file:line: reason" problems so that a whole file is
// refused at once (nothing stored) when any record is bad. Used by the imports whose input is plain CSV.
class RecordFile : public RecordSource {
 public:
  // Reads the file as text (io/file_buffer.hpp: converted from options.encoding, checked as UTF-8, line length, not
  // empty, not cut short). Throws InputError for an empty file or a missing required column (line 1).
  RecordFile(const std::string& path, const std::vector<std::string>& required, const io::ReadOptions& options = {});
  bool next() { return csv_.next(); }
  // The trimmed field of the current record; "" when the column is absent or the record is short.
  std::string operator[](const std::string& column) const override;
  void fail(const std::string& why);  // a problem of the current record
  // A problem of one field of the current record: "file:line:column: reason" (column: the field's 1-based number).
  void fail(const std::string& column, const std::string& why);
  // "file:line: why" (the readers shared with JsonRecord report so, as the CSV imports always have).
  void fail_field(const std::string& field, const std::string& why) override;
  std::size_t line() const { return csv_.line(); }  // 1-based line of the current record
  std::size_t failures() const override { return problems_.size(); }
  // Throws InputError listing the problems (throw_problems) when there are any.
  void refuse_if_failed() const override;

 private:
  std::string path_;
  io::FileBuffer file_;
  CsvReader csv_;
  std::map<std::string, std::size_t> at_;
  std::vector<std::string> problems_;
};

// One record submitted as a JSON object whose members are the CSV import's columns. Values are strings, numbers
// (read as their JSON text: 12.5 is "12.5") or null (empty). Problems become FieldError(field, why), the reason
// word for word as the CSV import words it.
class JsonRecord : public RecordSource {
 public:
  // Throws FieldError for a `record` that is not an object ("record"), a member that is none of `fields` or not a
  // string, number or null, or a `required` field that is absent or null ("FIELD: missing").
  JsonRecord(const nlohmann::json& record, const std::vector<std::string>& required,
             const std::vector<std::string>& optional);
  std::string operator[](const std::string& field) const override;
  void fail_field(const std::string& field, const std::string& why) override;
  std::size_t failures() const override { return problems_.size(); }
  // FieldError naming the first bad field; the message lists every problem ("; " between them).
  void refuse_if_failed() const override;

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::pair<std::string, std::string>> problems_;  // (field, why)
};

}  // namespace eb::app::runs
