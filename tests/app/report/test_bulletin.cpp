#include <gtest/gtest.h>

#include "app/report/bulletin.hpp"

namespace eb::app::report {

namespace {

Bulletin sample() {
  Bulletin b;
  b.lang = "en";
  b.title = "Bulletin <2023>";
  b.subtitle = "from ws.gpkg";
  b.labels.notes_title = "Notes";
  b.labels.inputs = "Inputs:";
  b.labels.rule = "Rule:";
  b.labels.command = "Reproduce:";
  b.labels.chart_omitted = "Chart in the HTML edition";
  b.synthetic_banner = {"2. Water is SYNTHETIC"};
  const int n = b.add_note({"workspace ws.gpkg", "GB 3838-2002", "ecobarrier water assess ws.gpkg --period 2023"});
  Section s{"water", "2. Water", true, {}};
  s.blocks.push_back(ParagraphBuilder().text("I-III: ").figure("50.0%", n).text(".").done());
  s.blocks.push_back(
      TableBlock{"Table | 1", {"Unit", "Share"}, {{{"A|B", 0, false}, {"50.0", n, false}}}, {false, true}, true, {}});
  s.blocks.push_back(Figure{"<svg></svg>", "Figure 1", false});
  b.sections.push_back(std::move(s));
  return b;
}

}  // namespace

TEST(ReportBulletin, EscapesHtml) {
  EXPECT_EQ(html_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(markdown_escape("a|b\nc"), "a\\|b c");
  EXPECT_EQ(note_id(12), "p12");
}

TEST(ReportBulletin, HtmlLinksFiguresToNotesAndIsSelfContained) {
  const std::string h = render_html(sample());
  EXPECT_NE(h.find("<a class=\"fig\" href=\"#p1\"><strong>50.0%</strong></a>"), std::string::npos);
  EXPECT_NE(h.find("<li id=\"p1\">"), std::string::npos);
  EXPECT_NE(h.find("<h2 id=\"water\""), std::string::npos);
  EXPECT_NE(h.find("href=\"#water\""), std::string::npos);
  EXPECT_NE(h.find("Bulletin &lt;2023&gt;"), std::string::npos);
  EXPECT_NE(h.find("class=\"banner\""), std::string::npos);
  EXPECT_NE(h.find("@media print"), std::string::npos);
  EXPECT_NE(h.find("<svg></svg>"), std::string::npos);
  EXPECT_EQ(h.find("http"), std::string::npos);
  EXPECT_EQ(h.find("<script"), std::string::npos);
}

TEST(ReportBulletin, MarkdownUsesFootnotesAndLeavesChartsOut) {
  const std::string m = render_markdown(sample());
  EXPECT_NE(m.find("**50.0%**[^1]"), std::string::npos);
  EXPECT_NE(m.find("[^1]: Inputs: workspace ws.gpkg"), std::string::npos);
  EXPECT_NE(m.find("`ecobarrier water assess ws.gpkg --period 2023`"), std::string::npos);
  EXPECT_NE(m.find("| A\\|B | 50.0[^1] |"), std::string::npos);
  EXPECT_NE(m.find("| --- | ---: |"), std::string::npos);
  EXPECT_NE(m.find("*Chart in the HTML edition: Figure 1*"), std::string::npos);
  EXPECT_NE(m.find("> - 2. Water is SYNTHETIC"), std::string::npos);
  EXPECT_EQ(m.find("<svg"), std::string::npos);
}

}  // namespace eb::app::report

namespace eb::app::report {

TEST(ReportBulletin, CoverNamesIssuerAndDateInBothEditions) {
  Bulletin b = sample();
  b.cover = {"Department of Ecology & Environment", "", "2024-06-05"};
  b.labels.issuer = "Issued by: ";
  b.labels.issued_on = "Date: ";
  const std::string h = render_html(b);
  EXPECT_NE(h.find("<header class=\"cover\">\n<h1>Bulletin &lt;2023&gt;</h1>"), std::string::npos);
  EXPECT_NE(h.find("<p class=\"issue\">Issued by: Department of Ecology &amp; Environment</p>"), std::string::npos);
  EXPECT_NE(h.find("<p class=\"issue\">Date: 2024-06-05</p>"), std::string::npos);
  const std::string md = render_markdown(b);
  EXPECT_NE(md.find("Issued by: Department of Ecology & Environment  \nDate: 2024-06-05\n"), std::string::npos);
}

TEST(ReportBulletin, PrintEditionNumbersTheContents) {
  const Bulletin b = sample();
  // The screen edition and the first printing: the page column is blank.
  const PrintEdition first_printing;
  for (const std::string& h : {render_html(b), render_html(b, &first_printing)})
    EXPECT_NE(h.find("<span class=\"t\">2. Water</span><span class=\"dots\"></span><span class=\"pg\"></span>"),
              std::string::npos);
  EXPECT_EQ(render_html(b).find("<body class=\"print\">"), std::string::npos);
  PrintEdition printed{{{"water", 3}, {"notes", 5}}};
  const std::string h = render_html(b, &printed);
  EXPECT_NE(h.find("<body class=\"print\">"), std::string::npos);
  EXPECT_NE(h.find("<a href=\"#water\"><span class=\"t\">2. Water</span><span class=\"dots\"></span><span "
                   "class=\"pg\">3</span></a>"),
            std::string::npos);
  EXPECT_NE(h.find("<span class=\"t\">Notes</span><span class=\"dots\"></span><span class=\"pg\">5</span>"),
            std::string::npos);
  // Page numbers at the foot of every page but the cover.
  EXPECT_NE(h.find("@bottom-center { content: counter(page) \" / \" counter(pages)"), std::string::npos);
  EXPECT_NE(h.find("@page cover { @bottom-center { content: none; } }"), std::string::npos);
}

TEST(ReportBulletin, WideTablesGoLandscapeAndShortNamesNeverWrap) {
  Bulletin b = sample();
  TableBlock wide;
  wide.caption = "Ledger";
  for (int c = 0; c < 12; ++c) wide.header.push_back("c" + std::to_string(c));
  wide.numeric.assign(12, false);
  wide.numeric[1] = true;
  std::vector<Span> row(12, Span{"呼和浩特市", 0, false});
  row[2].text = "一个很长很长很长的企业名称有限责任公司";  // 19 characters: may wrap
  wide.rows.push_back(row);
  b.sections.front().blocks.push_back(wide);
  const std::string h = render_html(b);
  EXPECT_NE(h.find("<div class=\"wide\">\n<table class=\"many\">\n<caption>Ledger</caption>"), std::string::npos);
  EXPECT_NE(h.find("</tbody>\n</table>\n</div>\n"), std::string::npos);
  EXPECT_NE(h.find("<tr><td class=\"nw\">呼和浩特市</td><td class=\"num\">呼和浩特市</td><td>一个很长"),
            std::string::npos);
  // A two-column table: neither landscape nor smaller type.
  EXPECT_NE(h.find("<table>\n<caption>Table | 1"), std::string::npos);
}

}  // namespace eb::app::report
