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
@media print {
  @page { size: A4; margin: 16mm 14mm 18mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-before: page; page-break-before: always; }
  h2.first { break-before: auto; page-break-before: auto; }
  a, a.fig { color: inherit; text-decoration: none; border-bottom: none; }
  table, figure, .banner { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  figure svg { max-width: 100%; max-height: 120mm; }
  nav.toc { display: none; }
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

std::string render_html(const Bulletin& b) {
  std::string out;
  out += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n", html_escape(b.lang));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", html_escape(b.title), kCss);
  out += fmt::format("<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n", html_escape(b.title),
                     html_escape(b.subtitle));
  if (!b.synthetic_banner.empty()) {
    out += fmt::format("<div class=\"banner\" role=\"note\"><strong>{}</strong>{}\n<ul>\n",
                       html_escape(b.labels.synthetic_banner_title), badge(b.labels));
    for (const auto& line : b.synthetic_banner) out += "<li>" + html_escape(line) + "</li>\n";
    out += "</ul></div>\n";
  }
  for (const auto& p : b.intro)
    out += fmt::format("<p{}>{}</p>\n", p.aside ? " class=\"aside\"" : "", spans_html(p.spans));
  out += fmt::format("<nav class=\"toc\"><strong>{}</strong><ol>\n", html_escape(b.labels.contents));
  for (const auto& s : b.sections)
    out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", html_escape(s.id), html_escape(s.title));
  out += fmt::format("<li><a href=\"#notes\">{}</a></li>\n</ol></nav>\n</header>\n<main>\n",
                     html_escape(b.labels.notes_title));
  bool first = true;
  for (const auto& s : b.sections) {
    out += fmt::format("<section>\n<h2 id=\"{}\"{}>{}{}</h2>\n", html_escape(s.id), first ? " class=\"first\"" : "",
                       html_escape(s.title), s.synthetic ? badge(b.labels) : "");
    first = false;
    for (const auto& block : s.blocks) {
      if (const auto* p = std::get_if<Paragraph>(&block)) {
        out += fmt::format("<p{}>{}</p>\n", p->aside ? " class=\"aside\"" : "", spans_html(p->spans));
      } else if (const auto* t = std::get_if<TableBlock>(&block)) {
        out += fmt::format("<table>\n<caption>{}{}</caption>\n<thead><tr>", html_escape(t->caption),
                           t->synthetic ? badge(b.labels) : "");
        for (const auto& h : t->header) out += "<th>" + html_escape(h) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& row : t->rows) {
          out += "<tr>";
          for (std::size_t c = 0; c < row.size(); ++c) {
            const bool num = c < t->numeric.size() && t->numeric[c];
            out += fmt::format("<td{}>{}</td>", num ? " class=\"num\"" : "", spans_html({row[c]}));
          }
          out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
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
  std::string out = fmt::format("# {}\n\n{}\n\n", markdown_escape(b.title), markdown_escape(b.subtitle));
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
