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
