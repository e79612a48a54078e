// Tabular results written as an aligned table (people), CSV (Excel, pandas) or JSON (programs).
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "app/table/lang.hpp"

namespace eb::app {

enum class Format { table, csv, json };

struct Column {
  std::string key;       // machine name: CSV header and JSON key, the same in every language
  std::string label_zh;  // table header
  std::string label_en;
  int decimals = -1;  // for real numbers: fixed decimals; -1 = shortest exact form
};

struct Cell {
  std::variant<std::monostate, std::string, std::int64_t, double> value;
  Cell() = default;
  Cell(std::string s) : value(std::move(s)) {}
  Cell(const char* s) : value(std::string(s)) {}
  Cell(std::int64_t v) : value(v) {}
  Cell(int v) : value(static_cast<std::int64_t>(v)) {}
  Cell(std::size_t v) : value(static_cast<std::int64_t>(v)) {}
  Cell(double v) : value(v) {}
  template <class T>
  Cell(const std::optional<T>& o) {
    if (o) *this = Cell(*o);
  }
};

// The workspace layer whose features a table's rows describe, for writing the rows as a map layer
// (app/layers: `-o result.gpkg|.geojson`).
enum class GeometryLayer {
  unit,       // admin_unit: GB/T 2260 codes of leagues, banners, the region
  station,    // station: air stations, water sections, groundwater and drinking-water points
  project,    // project: restoration projects of the ledger
  soil_site,  // soil_site: construction-land sites (their location)
};
// How a table's rows join to geometry: the column holding the code of a feature of `layer`. Set by the run's view
// function, which knows what its rows are; a table without it is not a map layer.
struct GeometryJoin {
  GeometryLayer layer = GeometryLayer::unit;
  std::string key_column;  // Column::key of the code
};

struct Table {
  std::string title_zh, title_en;  // shown above the table in table format
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  std::optional<GeometryJoin> geometry;  // rows as features of a workspace layer; none: attributes only
  void add(std::vector<Cell> row) { rows.push_back(std::move(row)); }
};

// Display width of UTF-8 text in a terminal (CJK characters take two cells).
std::size_t display_width(std::string_view s);

void write_table(std::ostream& out, const Table& t, Format f, Lang lang);

// CSV rows written as they come, for results too large to hold as a Table: the header on construction.
// Rows are formatted into a buffer and handed to the stream in blocks (a million rows are a million small
// stream writes otherwise); the rest goes out when the CsvRowStream is destroyed.
class CsvRowStream {
 public:
  CsvRowStream(std::ostream& out, std::vector<Column> columns);
  ~CsvRowStream();
  CsvRowStream(const CsvRowStream&) = delete;
  CsvRowStream& operator=(const CsvRowStream&) = delete;
  void write(const std::vector<Cell>& row);

 private:
  void flush();
  std::ostream& out_;
  std::vector<Column> columns_;
  std::string buffer_;
};
// Several tables as one document: tables one after another, or a JSON object keyed by `keys`.
void write_document(std::ostream& out, const std::vector<std::pair<std::string, Table>>& parts, Format f, Lang lang);

// A result as people and programs see it, in one language: its tables and its notes (counts, warnings, the rule
// that was applied). Made by a run's pure view function; the CLI writes the tables to its output and the notes to
// stderr, the API answers with the first table (or a named part) and the notes.
struct Document {
  std::vector<std::pair<std::string, Table>> parts;
  bool keyed = false;  // one JSON object of the parts by key (write_document); otherwise each part by write_table
  std::vector<std::string> notes;

  Document() = default;
  explicit Document(Table t) { parts.emplace_back(std::string(), std::move(t)); }
  // The part of that key; nullptr when there is none.
  const Table* find(std::string_view key) const;
  void note(std::string text) { notes.push_back(std::move(text)); }
};
// The tables of `doc` as the CLI prints them (notes are the face's business).
void write_tables(std::ostream& out, const Document& doc, Format f, Lang lang);

std::string format_cell(const Cell& c, const Column& col);
// A CSV field: quoted when it holds a comma, quote or line break, and, when it starts with = + - @ or a tab or
// carriage return, prefixed with ' so that Excel and LibreOffice show it as text instead of running it as a
// formula (OWASP "CSV injection"). Numbers are written as they are: `number` cells (real and integer values) and
// text that is a plain decimal number (-3.5, +2, 1e-3).
std::string csv_field(const std::string& text, bool number);
// The one way JSON is turned into text (CLI --format json, the API, files the demo writes): bytes of stored text
// that are not UTF-8 come out as U+FFFD instead of failing (nlohmann's type_error.316). indent -1: compact.
std::string json_text(const nlohmann::json& j, int indent = -1);
std::string json_text(const nlohmann::ordered_json& j, int indent = -1);
// The rows as `--format json` writes them: an array of objects keyed by column key.
nlohmann::ordered_json table_json(const Table& t);

}  // namespace eb::app
