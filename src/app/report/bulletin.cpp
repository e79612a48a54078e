#include "app/report/bulletin.hpp"

#include <fmt/format.h>

namespace eb::app::report {

namespace {

// Everything the page needs is here: no web fonts, no scripts, no external style sheets, so the file opens the
// same offline, in an archive or as an e-mail attachment. Noto Sans CJK SC first: the Chinese glyphs most
// government PCs and Linux print servers have.
constexpr std::string_view kCss = R"css(
:root { --ink: #1d2733; --muted: #5b6673; --rule: #d5dbe1; --accent: #1f6f8b; --syn: #b3261e; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue",
       Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 1.5rem; line-height: 1.6; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; color: var(--accent); }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
p { margin: .5rem 0; }
p.aside { color: var(--muted); font-size: .93rem; border-left: 3px solid var(--rule); padding-left: .6rem; }
a.fig { color: inherit; text-decoration: none; border-bottom: 1px dotted var(--accent); }
a.fig strong { font-weight: 600; }
.badge { display: inline-block; background: var(--syn); color: #fff; font-size: .7rem; font-weight: 700;
         letter-spacing: .04em; padding: .05rem .4rem; border-radius: .2rem; vertical-align: middle; margin-left: .4rem; }
.banner { border: 2px solid var(--syn); background: #fdf1f0; padding: .6rem .9rem; margin: 1rem 0; }
.banner strong { color: var(--syn); }
.banner ul { margin: .3rem 0 0 1.2rem; padding: 0; }
nav.toc ol { columns: 2; margin: .3rem 0 0 1.2rem; padding: 0; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #eef3f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .88rem; }
ol.notes { font-size: .85rem; padding-left: 2.2rem; }
ol.notes li { margin-bottom: .45rem; }
ol.notes li:target { background: #fff7d6; }
ol.notes code { font-size: .82rem; background: #f3f5f7; padding: 0 .2rem; word-break: break-all; }
.k { color: var(--muted); }
header .issue { color: var(--muted); margin: 0 0 .2rem; }
nav.toc .pg, nav.toc .dots { display: none; }
table.many { font-size: .8rem; }
td.nw, th.nw { white-space: nowrap; }
@media print {
  /* Page numbers in the bottom margin of every page but the cover (CSS margin boxes, Chromium 131 and later). */
  @page { size: A4; margin: 16mm 14mm 18mm;
          @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #5b6673; } }
  @page cover { @bottom-center { content: none; } }
  /* Tables of twelve or more columns get a landscape page, so that no column is squeezed to one character. */
  @page wide { size: A4 landscape; margin: 14mm 16mm 16mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  header.cover { page: cover; min-height: 245mm; display: flex; flex-direction: column; justify-content: center;
                 text-align: center; break-after: page; page-break-after: always; }
  header.cover h1 { font-size: 24pt; margin-bottom: 1rem; }
  header.cover .issue { font-size: 13pt; color: var(--ink); }
  header.cover .subtitle { margin-top: 3rem; font-size: 9pt; }
  /* Sections follow each other on the page; headings, captions and sub-headings stay with what follows. */
  h2 { margin-top: 1.6rem; }
  h2, h3, p.sub, caption { break-after: avoid; page-break-after: avoid; }
  a, a.fig { color: inherit; text-decoration: none; border-bottom: none; }
  figure, .banner, tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  div.wide { page: wide; }
  figure svg { max-width: 100%; max-height: 120mm; }
  nav.toc { display: none; }
  body.print nav.toc { display: block; break-after: avoid; }
  body.print nav.toc ol { columns: 1; list-style: none; margin: .5rem 0 1rem; }
  body.print nav.toc li { margin: .15rem 0; }
  body.print nav.toc a { display: flex; align-items: baseline; }
  body.print nav.toc .dots { display: block; flex: 1; border-bottom: 1px dotted var(--muted); margin: 0 .4rem; }
  body.print nav.toc .pg { display: block; min-width: 2.2em; text-align: right; }
  ol.notes { font-size: 8.5pt; line-height: 1.45; }
  ol.notes li { margin-bottom: .25rem; }
  ol.notes li:target { background: none; }
}
)css";

std::string spans_html(const std::vector<Span>& spans) {
  std::string out;
  for (const auto& s : spans) {
    std::string t = html_escape(s.text);
    if (s.strong) t = "<strong>" + t + "</strong>";
    if (s.note > 0) t = fmt::format("<a class=\"fig\" href=\"#{}\">{}</a>", note_id(s.note), t);
    out += t;
  }
  return out;
}

std::string spans_markdown(const std::vector<Span>& spans) {
  std::string out;
  for (const auto& s : spans) {
    std::string t = markdown_escape(s.text);
    if (s.strong && !t.empty()) t = "**" + t + "**";
    if (s.note > 0) t += fmt::format("[^{}]", s.note);
    out += t;
  }
  return out;
}

// Code points of UTF-8 text (continuation bytes are not counted).
std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Columns whose every cell is short (names of leagues, cities and counties, classes, statuses) never wrap: a
// squeezed table would otherwise break a Chinese name one character per line.
constexpr std::size_t kShortCell = 12;
std::vector<bool> short_columns(const TableBlock& t) {
  std::vector<bool> out(t.header.size(), true);
  for (const auto& row : t.rows)
    for (std::size_t c = 0; c < row.size() && c < out.size(); ++c)
      if (code_points(row[c].text) > kShortCell) out[c] = false;
  return out;
}

// From this many columns a table is printed on a landscape page (a page of its own: a named page starts a new one,
// so only tables that cannot fit portrait get it); from kManyColumns in a smaller type.
constexpr std::size_t kWideColumns = 12, kManyColumns = 7;

std::string badge(const Labels& l) { return "<span class=\"badge\">" + html_escape(l.synthetic_badge) + "</span>"; }

}  // namespace

std::string note_id(int n) { return fmt::format("p{}", n); }

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string render_html(const Bulletin& b, const PrintEdition* print) {
  std::string out;
  out += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n", html_escape(b.lang));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body{}>\n", html_escape(b.title), kCss,
                     print ? " class=\"print\"" : "");
  // The cover: on screen the page's heading, in print a page of its own without a page number.
  out += fmt::format("<header class=\"cover\">\n<h1>{}</h1>\n", html_escape(b.title));
  if (!b.cover.issuer.empty())
    out += fmt::format("<p class=\"issue\">{}{}</p>\n", html_escape(b.labels.issuer), html_escape(b.cover.issuer));
  if (!b.cover.issued_on.empty())
    out +=
        fmt::format("<p class=\"issue\">{}{}</p>\n", html_escape(b.labels.issued_on), html_escape(b.cover.issued_on));
  out += fmt::format("<p class=\"subtitle\">{}</p>\n", html_escape(b.subtitle));
  if (!b.cover.issuer_note.empty())
    out += fmt::format("<p class=\"subtitle\">{}</p>\n", html_escape(b.cover.issuer_note));
  out += "</header>\n";
  out += fmt::format("<nav class=\"toc\"><strong>{}</strong><ol>\n", html_escape(b.labels.contents));
  const auto toc_entry = [&](const std::string& id, const std::string& title) {
    std::string page;
    if (print)
      if (const auto it = print->pages.find(id); it != print->pages.end()) page = std::to_string(it->second);
    return fmt::format(
        "<li><a href=\"#{}\"><span class=\"t\">{}</span><span class=\"dots\"></span><span "
        "class=\"pg\">{}</span></a></li>\n",
        html_escape(id), html_escape(title), page);
  };
  for (const auto& s : b.sections) out += toc_entry(s.id, s.title);
  out += toc_entry("notes", b.labels.notes_title);
  out += "</ol></nav>\n";
  if (!b.synthetic_banner.empty()) {
    out += fmt::format("<div class=\"banner\" role=\"note\"><strong>{}</strong>{}\n<ul>\n",
                       html_escape(b.labels.synthetic_banner_title), badge(b.labels));
    for (const auto& line : b.synthetic_banner) out += "<li>" + html_escape(line) + "</li>\n";
    out += "</ul></div>\n";
  }
  for (const auto& p : b.intro)
    out += fmt::format("<p{}>{}</p>\n", p.aside ? " class=\"aside\"" : "", spans_html(p.spans));
  out += "<main>\n";
  for (const auto& s : b.sections) {
    out += fmt::format("<section>\n<h2 id=\"{}\">{}{}</h2>\n", html_escape(s.id), html_escape(s.title),
                       s.synthetic ? badge(b.labels) : "");
    for (const auto& block : s.blocks) {
      if (const auto* p = std::get_if<Paragraph>(&block)) {
        const char* cls = p->heading ? " class=\"sub\"" : p->aside ? " class=\"aside\"" : "";
        out += fmt::format("<p{}>{}</p>\n", cls, spans_html(p->spans));
      } else if (const auto* t = std::get_if<TableBlock>(&block)) {
        const bool wide = t->header.size() >= kWideColumns;
        const std::vector<bool> no_wrap = short_columns(*t);
        out += fmt::format("{}<table{}>\n<caption>{}{}</caption>\n<thead><tr>", wide ? "<div class=\"wide\">\n" : "",
                           t->header.size() >= kManyColumns ? " class=\"many\"" : "", html_escape(t->caption),
                           t->synthetic ? badge(b.labels) : "");
        for (const auto& h : t->header) out += "<th>" + html_escape(h) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& row : t->rows) {
          out += "<tr>";
          for (std::size_t c = 0; c < row.size(); ++c) {
            const bool num = c < t->numeric.size() && t->numeric[c];
            const bool nw = !num && c < no_wrap.size() && no_wrap[c];
            out += fmt::format("<td{}>{}</td>",
                               num  ? " class=\"num\""
                               : nw ? " class=\"nw\""
                                    : "",
                               spans_html({row[c]}));
          }
          out += "</tr>\n";
        }
        out += fmt::format("</tbody>\n</table>\n{}", wide ? "</div>\n" : "");
      } else if (const auto* f = std::get_if<Figure>(&block)) {
        out += fmt::format("<figure>\n{}\n<figcaption>{}{}</figcaption>\n</figure>\n", f->svg, html_escape(f->caption),
                           f->synthetic ? badge(b.labels) : "");
      }
    }
    out += "</section>\n";
  }
  out += fmt::format("<section>\n<h2 id=\"notes\">{}</h2>\n<ol class=\"notes\">\n", html_escape(b.labels.notes_title));
  for (std::size_t i = 0; i < b.notes.size(); ++i) {
    const Note& n = b.notes[i];
    out += fmt::format("<li id=\"{}\"><span class=\"k\">{}</span> {}<br><span class=\"k\">{}</span> {}<br>",
                       note_id(static_cast<int>(i + 1)), html_escape(b.labels.inputs), html_escape(n.inputs),
                       html_escape(b.labels.rule), html_escape(n.rule));
    out += fmt::format("<span class=\"k\">{}</span> <code>{}</code></li>\n", html_escape(b.labels.command),
                       html_escape(n.command));
  }
  out += "</ol>\n</section>\n</main>\n</body>\n</html>\n";
  return out;
}

std::string render_markdown(const Bulletin& b) {
  std::string out = fmt::format("# {}\n\n", markdown_escape(b.title));
  if (!b.cover.issuer.empty())
    out += fmt::format("{}{}  \n", markdown_escape(b.labels.issuer), markdown_escape(b.cover.issuer));
  if (!b.cover.issued_on.empty())
    out += fmt::format("{}{}\n\n", markdown_escape(b.labels.issued_on), markdown_escape(b.cover.issued_on));
  out.append(markdown_escape(b.subtitle)).append("\n\n");
  if (!b.cover.issuer_note.empty()) out.append(markdown_escape(b.cover.issuer_note)).append("\n\n");
  if (!b.synthetic_banner.empty()) {
    out += fmt::format("> **{} — {}**\n>\n", markdown_escape(b.labels.synthetic_badge),
                       markdown_escape(b.labels.synthetic_banner_title));
    for (const auto& line : b.synthetic_banner) out.append("> - ").append(markdown_escape(line)).append("\n");
    out += "\n";
  }
  // Pieces are joined with fmt or append: GCC 12 warns falsely (-Wrestrict, bug 105329) on "literal" + string&&.
  const std::string tag = fmt::format(" `{}`", b.labels.synthetic_badge);
  for (const auto& p : b.intro) out += fmt::format("{}{}\n\n", p.aside ? "> " : "", spans_markdown(p.spans));
  for (const auto& s : b.sections) {
    out += fmt::format("## {}{}\n\n", markdown_escape(s.title), s.synthetic ? tag : "");
    for (const auto& block : s.blocks) {
      if (const auto* p = std::get_if<Paragraph>(&block)) {
        out += fmt::format("{}{}\n\n", p->aside ? "> " : "", spans_markdown(p->spans));
      } else if (const auto* t = std::get_if<TableBlock>(&block)) {
        out += fmt::format("**{}**{}\n\n|", markdown_escape(t->caption), t->synthetic ? tag : "");
        for (const auto& h : t->header) out.append(" ").append(markdown_escape(h)).append(" |");
        out += "\n|";
        for (std::size_t c = 0; c < t->header.size(); ++c)
          out += c < t->numeric.size() && t->numeric[c] ? " ---: |" : " --- |";
        out += "\n";
        for (const auto& row : t->rows) {
          out += "|";
          for (const auto& cell : row) out.append(" ").append(spans_markdown({cell})).append(" |");
          out += "\n";
        }
        out += "\n";
      } else if (const auto* f = std::get_if<Figure>(&block)) {
        out += fmt::format("*{}: {}*{}\n\n", markdown_escape(b.labels.chart_omitted), markdown_escape(f->caption),
                           f->synthetic ? tag : "");
      }
    }
  }
  out += fmt::format("## {}\n\n", markdown_escape(b.labels.notes_title));
  for (std::size_t i = 0; i < b.notes.size(); ++i) {
    const Note& n = b.notes[i];
    out += fmt::format("[^{}]: {} {} — {} {} — {} `{}`\n", i + 1, markdown_escape(b.labels.inputs),
                       markdown_escape(n.inputs), markdown_escape(b.labels.rule), markdown_escape(n.rule),
                       markdown_escape(b.labels.command), n.command);
  }
  return out;
}

}  // namespace eb::app::report
