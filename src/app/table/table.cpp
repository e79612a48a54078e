#include "app/table/table.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace eb::app {

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp;
    int len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c >> 5) == 6) {
      cp = c & 0x1f;
      len = 2;
    } else if ((c >> 4) == 14) {
      cp = c & 0x0f;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (int k = 1; k < len && i + static_cast<std::size_t>(k) < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3f);
    i += static_cast<std::size_t>(len);
    const bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
                      (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                      (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
                      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

std::string format_cell(const Cell& c, const Column& col) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return "";
        else if constexpr (std::is_same_v<T, std::string>)
          return v;
        else if constexpr (std::is_same_v<T, std::int64_t>)
          return std::to_string(v);
        else
          return col.decimals >= 0 ? fmt::format("{:.{}f}", v, col.decimals) : fmt::format("{}", v);
      },
      c.value);
}

namespace {

// A plain decimal number written as text ("-3.5", "+2", "1e-3"): a spreadsheet reads it as the number it is.
bool plain_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - from;
  };
  std::size_t n = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    n += digits();
  }
  if (n == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

}  // namespace

std::string csv_field(const std::string& text, bool number) {
  const bool formula = !number && !plain_number(text) && !text.empty() &&
                       std::string_view("=+-@\t\r").find(text.front()) != std::string::npos;
  const std::string s = formula ? "'" + text : text;
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string json_text(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_text(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::ordered_json table_json(const Table& t) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& row : t.rows) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const Column& col = t.columns[i];
      const Cell& c = i < row.size() ? row[i] : Cell();
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              obj[col.key] = nullptr;
            else if constexpr (std::is_same_v<T, double>)
              obj[col.key] = col.decimals >= 0 ? std::stod(format_cell(c, col)) : v;
            else
              obj[col.key] = v;
          },
          c.value);
    }
    arr.push_back(std::move(obj));
  }
  return arr;
}

namespace {

bool numeric(const Cell& c) {
  return std::holds_alternative<std::int64_t>(c.value) || std::holds_alternative<double>(c.value);
}

void write_aligned(std::ostream& out, const Table& t, Lang lang) {
  const std::string& title = lang == Lang::zh ? t.title_zh : t.title_en;
  if (!title.empty()) out << title << "\n";
  std::vector<std::vector<std::string>> text(t.rows.size());
  std::vector<std::size_t> width(t.columns.size());
  std::vector<bool> right(t.columns.size(), false);
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    width[i] = display_width(lang == Lang::zh ? t.columns[i].label_zh : t.columns[i].label_en);
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const Cell& c = i < t.rows[r].size() ? t.rows[r][i] : Cell();
      text[r].push_back(format_cell(c, t.columns[i]));
      width[i] = std::max(width[i], display_width(text[r].back()));
      if (numeric(c)) right[i] = true;
    }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::size_t pad = width[i] - display_width(cells[i]);
      if (i) s += "  ";
      if (right[i])
        s += std::string(pad, ' ') + cells[i];
      else
        s += cells[i] + (i + 1 < cells.size() ? std::string(pad, ' ') : "");
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out << s << "\n";
  };
  std::vector<std::string> head;
  for (const auto& c : t.columns) head.push_back(lang == Lang::zh ? c.label_zh : c.label_en);
  line(head);
  std::vector<std::string> rule;
  for (std::size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& r : text) line(r);
}

}  // namespace

void write_table(std::ostream& out, const Table& t, Format f, Lang lang) {
  switch (f) {
    case Format::table:
      write_aligned(out, t, lang);
      break;
    case Format::json:
      out << json_text(table_json(t), 2) << "\n";
      break;
    case Format::csv: {
      CsvRowStream stream(out, t.columns);
      for (const auto& row : t.rows) stream.write(row);
      break;
    }
  }
}

void write_document(std::ostream& out, const std::vector<std::pair<std::string, Table>>& parts, Format f, Lang lang) {
  if (f == Format::json) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    for (const auto& [key, t] : parts) doc[key] = table_json(t);
    out << json_text(doc, 2) << "\n";
    return;
  }
  bool first = true;
  for (const auto& [key, t] : parts) {
    if (!first) out << "\n";
    first = false;
    write_table(out, t, f, lang);
  }
}

const Table* Document::find(std::string_view key) const {
  for (const auto& [k, t] : parts)
    if (k == key) return &t;
  return nullptr;
}

void write_tables(std::ostream& out, const Document& doc, Format f, Lang lang) {
  if (doc.keyed) {
    write_document(out, doc.parts, f, lang);
    return;
  }
  for (const auto& [key, t] : doc.parts) write_table(out, t, f, lang);
}

CsvRowStream::CsvRowStream(std::ostream& out, std::vector<Column> columns) : out_(out), columns_(std::move(columns)) {
  for (std::size_t i = 0; i < columns_.size(); ++i) buffer_ += (i ? "," : "") + csv_field(columns_[i].key, false);
  buffer_ += '\n';
}

CsvRowStream::~CsvRowStream() { flush(); }

void CsvRowStream::flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void CsvRowStream::write(const std::vector<Cell>& row) {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (i) buffer_ += ',';
    const Cell& c = i < row.size() ? row[i] : Cell();
    buffer_ += csv_field(format_cell(c, columns_[i]), numeric(c));
  }
  buffer_ += '\n';
  if (buffer_.size() >= (1u << 16)) flush();
}

}  // namespace eb::app
