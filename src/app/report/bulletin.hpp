// The yearly ecological bulletin as a document: sections of sentences, tables and charts whose numbers point to
// provenance notes, rendered as one self-contained HTML page (inline CSS and SVG, nothing fetched) or as Markdown
// with footnotes. The document holds text already in one language; the command that fills it chooses the words.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace eb::app::report {

// A run of text; `note` > 0 links it to provenance note `note` (1-based), so a figure carries its own source.
struct Span {
  std::string text;
  int note = 0;
  bool strong = false;
};

struct Paragraph {
  std::vector<Span> spans;
  bool aside = false;    // a remark (missing data, method) set apart from the findings
  bool heading = false;  // a sub-heading inside a section: printed together with what follows it
};

struct TableBlock {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<Span>> rows;
  std::vector<bool> numeric;  // per column: right-aligned
  bool synthetic = false;     // show the SYNTHETIC badge in the caption
  // Per row: the code of the administrative unit the row is about, when every row is about one (the GeoPackage
  // edition joins such a table to the units' geometry); empty otherwise.
  std::vector<std::string> unit_codes;
};

struct Figure {
  std::string svg;      // inline <svg> element
  std::string caption;  // also the Markdown stand-in for the chart
  bool synthetic = false;
};

using Block = std::variant<Paragraph, TableBlock, Figure>;

struct Section {
  std::string id, title;
  bool synthetic = false;
  std::vector<Block> blocks;
};

// Where a figure comes from: the inputs that entered it, the rule or edition it was computed under, and the
// command that reproduces it.
struct Note {
  std::string inputs, rule, command;
};

struct Labels {
  std::string synthetic_badge = "SYNTHETIC";
  std::string synthetic_banner_title;
  std::string contents, notes_title, inputs, rule, command, chart_omitted;
  std::string issuer, issued_on;  // the cover's "issued by" and "date" labels
};

// The cover page: who issues the bulletin and when. `issuer_note` says where a default issuer came from.
struct Cover {
  std::string issuer, issuer_note, issued_on;
};

struct Bulletin {
  std::string lang;  // html lang attribute: zh-CN or en
  std::string title, subtitle;
  Cover cover;
  std::vector<Paragraph> intro;
  std::vector<std::string> synthetic_banner;  // sections resting on SYNTHETIC data; empty: no banner
  std::vector<Section> sections;
  std::vector<Note> notes;
  Labels labels;

  // Adds a note and returns its number for Span::note.
  int add_note(Note n) {
    notes.push_back(std::move(n));
    return static_cast<int>(notes.size());
  }
};

// Builds a paragraph span by span: text, then figures linked to their notes.
class ParagraphBuilder {
 public:
  ParagraphBuilder& text(std::string s) {
    p_.spans.push_back({std::move(s), 0, false});
    return *this;
  }
  ParagraphBuilder& figure(std::string s, int note) {
    p_.spans.push_back({std::move(s), note, true});
    return *this;
  }
  ParagraphBuilder& aside() {
    p_.aside = true;
    return *this;
  }
  Paragraph done() { return std::move(p_); }

 private:
  Paragraph p_;
};

// &, <, >, " and ' as entities: text and attribute values alike.
std::string html_escape(std::string_view s);
// | and line breaks escaped for Markdown table cells and inline text.
std::string markdown_escape(std::string_view s);
// The id of note n in HTML ("p12").
std::string note_id(int n);

// The edition printed to PDF: the contents list shows the page of each section (by section id, from a first
// printing); a section missing from `pages` gets a blank of the same width, so both printings lay out alike.
struct PrintEdition {
  std::map<std::string, int> pages;
};

// The HTML page; with `print`, the PDF edition (contents with page numbers, no screen-only navigation).
std::string render_html(const Bulletin& b, const PrintEdition* print = nullptr);
std::string render_markdown(const Bulletin& b);

}  // namespace eb::app::report
