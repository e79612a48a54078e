#include "app/table/xlsx.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "core/error.hpp"

namespace eb::app {

namespace {

// The UTF-8 code points of `s`, each as its bytes.
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    out.push_back(s.substr(i, std::min(len, s.size() - i)));
    i += len;
  }
  return out;
}

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The first `n` code points of `s`.
std::string first_code_points(std::string_view s, std::size_t n) {
  std::string out;
  const auto cps = code_points(s);
  for (std::size_t i = 0; i < std::min(n, cps.size()); ++i) out += cps[i];
  return out;
}

// Excel's number format for `decimals` fixed decimals: "0", "0.0", "0.00", ...
std::string number_format(int decimals) { return decimals <= 0 ? "0" : "0." + std::string(decimals, '0'); }

// A temporary file libxlsxwriter writes (it takes a file name, not a buffer), removed when this goes.
class TemporaryFile {
 public:
  TemporaryFile() {
    const std::string pattern = (std::filesystem::temp_directory_path() / "ecobarrier-XXXXXX.xlsx").string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkstemps(name.data(), 5);
    if (fd < 0) throw IoError(pattern + ": cannot create a temporary file for the workbook");
    ::close(fd);
    path_ = name.data();
  }
  ~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct WorkbookCloser {
  void operator()(lxw_workbook* wb) const {
    if (wb) workbook_close(wb);
  }
};

class WorkbookWriter {
 public:
  WorkbookWriter(const std::string& path, Lang lang) : lang_(lang) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;  // autofilter and column widths are set after the rows
    workbook_.reset(workbook_new_opt(path.c_str(), &options));
    if (!workbook_) throw IoError(path + ": cannot create the workbook");
    header_ = workbook_add_format(workbook_.get());
    format_set_bold(header_);
    format_set_bottom(header_, LXW_BORDER_THIN);
    format_set_bg_color(header_, 0xDDEBF7);
    format_set_text_wrap(header_);
    format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
    integer_ = workbook_add_format(workbook_.get());
    format_set_num_format(integer_, "0");
  }

  void add_table(const std::string& sheet_name, const Table& t) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook_.get(), sheet_name.c_str());
    if (!ws) throw IoError(fmt::format("workbook: sheet name \"{}\" refused", sheet_name));
    std::vector<std::size_t> width(t.columns.size(), 0);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const std::string& header = lang_ == Lang::zh ? t.columns[c].label_zh : t.columns[c].label_en;
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header.c_str(), header_);
      width[c] = display_width(header);
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const Column& col = t.columns[c];
        const Cell& cell = c < t.rows[r].size() ? t.rows[r][c] : Cell();
        const auto column = static_cast<lxw_col_t>(c);
        std::visit(
            [&](const auto& v) {
              using T = std::decay_t<decltype(v)>;
              if constexpr (std::is_same_v<T, std::string>) {
                worksheet_write_string(ws, row, column, v.c_str(), nullptr);  // never a formula
              } else if constexpr (std::is_same_v<T, std::int64_t>) {
                worksheet_write_number(ws, row, column, static_cast<double>(v), integer_);
              } else if constexpr (std::is_same_v<T, double>) {
                // The value as the table shows it (rounded to the column's decimals, as CSV and JSON have it),
                // shown with those decimals.
                const double shown = col.decimals >= 0 ? std::stod(format_cell(cell, col)) : v;
                worksheet_write_number(ws, row, column, shown, decimals_format(col.decimals));
              }
            },
            cell.value);
        width[c] = std::max(width[c], display_width(format_cell(cell, col)));
      }
    }
    for (std::size_t c = 0; c < width.size(); ++c) {
      // Excel's column width is in characters of the default font; a CJK character takes about two.
      const double chars = std::clamp<double>(static_cast<double>(width[c]) + 2, 6, 60);
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), chars, nullptr);
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (!t.columns.empty())
      worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(t.rows.size()),
                           static_cast<lxw_col_t>(t.columns.size() - 1));
  }

  // The notes sheet: one line of text a row in column A.
  void add_lines(const std::string& sheet_name, const std::vector<std::string>& lines) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook_.get(), sheet_name.c_str());
    if (!ws) throw IoError(fmt::format("workbook: sheet name \"{}\" refused", sheet_name));
    std::size_t widest = 10;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!lines[i].empty())
        worksheet_write_string(ws, static_cast<lxw_row_t>(i), 0, lines[i].c_str(), i == 0 ? header_ : nullptr);
      widest = std::max(widest, display_width(lines[i]));
    }
    worksheet_set_column(ws, 0, 0, std::min<double>(static_cast<double>(widest) + 2, 120), nullptr);
  }

  void set_title(const std::string& title) {
    lxw_doc_properties properties{};
    title_ = title;
    properties.title = title_.data();
    workbook_set_properties(workbook_.get(), &properties);
  }

  void close(const std::string& path) {
    const lxw_error error = workbook_close(workbook_.release());
    if (error != LXW_NO_ERROR)
      throw IoError(fmt::format("{}: cannot write the workbook: {}", path, lxw_strerror(error)));
  }

 private:
  lxw_format* decimals_format(int decimals) {
    if (decimals < 0) return nullptr;  // General: the shortest exact form
    auto& f = by_decimals_[decimals];
    if (!f) {
      f = workbook_add_format(workbook_.get());
      format_set_num_format(f, number_format(decimals).c_str());
    }
    return f;
  }

  Lang lang_;
  std::unique_ptr<lxw_workbook, WorkbookCloser> workbook_;
  lxw_format* header_ = nullptr;
  lxw_format* integer_ = nullptr;
  std::map<int, lxw_format*> by_decimals_;
  std::string title_;
};

// Notes as lines: a note may hold several.
void add_note_lines(std::vector<std::string>& lines, const std::string& note) {
  std::istringstream in(note);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
}

}  // namespace

std::string xlsx_sheet_name(std::string_view wanted, std::string_view fallback, std::vector<std::string>& taken) {
  // A long title loses its qualifiers in parentheses first ("环境空气质量评价（2016；...）"): a name cut at 31
  // characters mid-word reads worse, and the whole title is on the notes sheet.
  if (code_points(wanted).size() > 31)
    for (std::string_view open : {"（", " (", "("})
      if (const auto at = wanted.find(open); at != std::string_view::npos && at > 0) {
        wanted = wanted.substr(0, at);
        break;
      }
  std::string name;
  for (std::string_view cp : code_points(wanted))
    name += cp.size() == 1 && std::string_view("[]:*?/\\").find(cp[0]) != std::string_view::npos ? std::string_view("_")
                                                                                                 : cp;
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  name = first_code_points(name, 31);
  while (!name.empty() && (name.back() == '\'' || name.back() == ' ')) name.pop_back();
  if (name.empty()) name = std::string(fallback);
  const auto is_taken = [&](const std::string& n) {
    return std::any_of(taken.begin(), taken.end(),
                       [&](const std::string& t) { return ascii_lower(t) == ascii_lower(n); });
  };
  std::string unique = name;
  for (int i = 2; is_taken(unique); ++i) {
    const std::string suffix = fmt::format("({})", i);
    unique = first_code_points(name, 31 - suffix.size()) + suffix;
  }
  taken.push_back(unique);
  return unique;
}

std::string xlsx_workbook(const Document& doc, Lang lang, std::string_view produced_by) {
  const TemporaryFile file;
  WorkbookWriter writer(file.path(), lang);
  std::vector<std::string> taken;
  const std::string notes_name = tr(lang, "说明", "notes");
  taken.push_back(notes_name);  // kept for the last sheet
  std::vector<std::string> lines{tr(lang, "ecobarrier 生态安全屏障监测评估系统", "ecobarrier")};
  if (!produced_by.empty()) lines.push_back(tr(lang, "生成命令：", "Produced by: ") + std::string(produced_by));
  lines.emplace_back();
  std::string first_title;
  for (const auto& [key, table] : doc.parts) {
    const std::string& title = lang == Lang::zh ? table.title_zh : table.title_en;
    if (first_title.empty()) first_title = title;
    const std::string sheet = xlsx_sheet_name(title.empty() ? key : title, tr(lang, "结果", "result"), taken);
    writer.add_table(sheet, table);
    lines.push_back(fmt::format("{}{}{}", sheet, tr(lang, "：", ": "), title.empty() ? key : title));
  }
  if (doc.parts.empty()) writer.add_table(xlsx_sheet_name({}, tr(lang, "结果", "result"), taken), Table{});
  if (!doc.notes.empty()) {
    lines.emplace_back();
    lines.push_back(tr(lang, "说明：", "Notes:"));
    for (const auto& n : doc.notes) add_note_lines(lines, n);
  }
  writer.add_lines(notes_name, lines);
  writer.set_title(first_title);
  writer.close(file.path());
  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) throw IoError(file.path() + ": cannot read the workbook back");
  return bytes.str();
}

}  // namespace eb::app
