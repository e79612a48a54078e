#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "app/table/table.hpp"

namespace eb::app {

namespace {
Table sample() {
  Table t;
  t.columns = {{"code", "代码", "code"}, {"name", "名称", "name"}, {"pct", "比例", "share", 1}};
  t.add({"150100", "呼和浩特市", 96.25});
  t.add({"150200", "a,\"b\"", Cell()});
  return t;
}
}  // namespace

TEST(Output, DisplayWidthCountsCjkAsTwo) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("呼和浩特市"), 10u);
  EXPECT_EQ(display_width("µg/m³"), 5u);
}

TEST(Output, TableAlignsChineseText) {
  std::ostringstream out;
  write_table(out, sample(), Format::table, Lang::zh);
  EXPECT_EQ(out.str(),
            "代码    名称        比例\n"
            "------  ----------  ----\n"
            "150100  呼和浩特市  96.2\n"
            "150200  a,\"b\"\n");
}

TEST(Output, CsvQuotesAndJsonTypes) {
  std::ostringstream csv;
  write_table(csv, sample(), Format::csv, Lang::zh);
  EXPECT_EQ(csv.str(), "code,name,pct\n150100,呼和浩特市,96.2\n150200,\"a,\"\"b\"\"\",\n");
  std::ostringstream json;
  write_table(json, sample(), Format::json, Lang::en);
  EXPECT_NE(json.str().find("\"pct\": 96.2"), std::string::npos) << json.str();
  EXPECT_NE(json.str().find("\"pct\": null"), std::string::npos) << json.str();
}

// OWASP CSV injection: a cell that a spreadsheet would run as a formula is written as text; numbers stay numbers.
TEST(Output, CsvCellsThatLookLikeFormulasAreWrittenAsText) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\",\"click\")", false), "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"");
  EXPECT_EQ(csv_field("+1+cmd|' /C calc'!A0", false), "'+1+cmd|' /C calc'!A0");
  EXPECT_EQ(csv_field("-2+3", false), "'-2+3");
  EXPECT_EQ(csv_field("@SUM(A1)", false), "'@SUM(A1)");
  EXPECT_EQ(csv_field("\t=1", false), "'\t=1");
  EXPECT_EQ(csv_field("\r=1", false), "\"'\r=1\"");
  EXPECT_EQ(csv_field("-", false), "'-");
  EXPECT_EQ(csv_field("a=b", false), "a=b");
  // Numbers, as cells or as text.
  EXPECT_EQ(csv_field("-3.5", true), "-3.5");
  EXPECT_EQ(csv_field("-3.5", false), "-3.5");
  EXPECT_EQ(csv_field("+2", false), "+2");
  EXPECT_EQ(csv_field("-1e-3", false), "-1e-3");
  EXPECT_EQ(csv_field("-.5", false), "-.5");
  EXPECT_EQ(csv_field("-1e", false), "'-1e");

  Table t;
  t.columns = {{"name", "名称", "name"}, {"delta", "变化", "change", 1}, {"n", "数", "n"}};
  t.add({"=1+2", -3.5, std::int64_t{-4}});
  t.add({"@cmd", Cell(), std::int64_t{5}});
  std::ostringstream csv;
  write_table(csv, t, Format::csv, Lang::en);
  EXPECT_EQ(csv.str(), "name,delta,n\n'=1+2,-3.5,-4\n'@cmd,,5\n");
  // Only CSV is escaped: JSON and the aligned table carry the text as it is.
  std::ostringstream json;
  write_table(json, t, Format::json, Lang::en);
  EXPECT_EQ(nlohmann::json::parse(json.str())[0]["name"], "=1+2");
}

// Stored text should always be UTF-8, but JSON output never fails on a bad byte: it becomes U+FFFD.
TEST(Output, JsonOfInvalidUtf8ReplacesTheBadBytes) {
  Table t;
  t.columns = {{"name", "名称", "name"}};
  t.add({std::string("ab\xff\xfe") + "c"});
  t.add({std::string("\xe5\x91")});  // a cut-off 呼
  std::ostringstream json;
  EXPECT_NO_THROW(write_table(json, t, Format::json, Lang::en));
  const auto parsed = nlohmann::json::parse(json.str());
  EXPECT_EQ(parsed[0]["name"],
            "ab\xEF\xBF\xBD\xEF\xBF\xBD"
            "c");
  EXPECT_EQ(parsed[1]["name"], "\xEF\xBF\xBD");
  const nlohmann::json j = {{"k", std::string("x\xc3")}};
  EXPECT_EQ(json_text(j), "{\"k\":\"x\xEF\xBF\xBD\"}");
  EXPECT_THROW((void)j.dump(), nlohmann::json::type_error);  // what json_text saves every face from
  Document d;
  d.keyed = true;
  d.parts = {{"a", t}};
  std::ostringstream doc;
  EXPECT_NO_THROW(write_tables(doc, d, Format::json, Lang::en));
}

TEST(Output, DocumentsWriteKeyedPartsAsOneObjectAndOthersOneByOne) {
  Document keyed;
  keyed.keyed = true;
  keyed.parts = {{"a", sample()}, {"b", sample()}};
  ASSERT_NE(keyed.find("b"), nullptr);
  EXPECT_EQ(keyed.find("c"), nullptr);
  std::ostringstream one;
  write_tables(one, keyed, Format::json, Lang::en);
  const auto doc = nlohmann::json::parse(one.str());
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["b"][0]["code"], "150100");
  EXPECT_EQ(doc["a"].size(), 2u);

  Document plain;
  plain.parts = {{"", sample()}, {"", sample()}};
  std::ostringstream csv;
  write_tables(csv, plain, Format::csv, Lang::zh);
  std::ostringstream twice;
  write_table(twice, sample(), Format::csv, Lang::zh);
  write_table(twice, sample(), Format::csv, Lang::zh);
  EXPECT_EQ(csv.str(), twice.str());
  plain.note("notes are the face's business");
  std::ostringstream again;
  write_tables(again, plain, Format::csv, Lang::zh);
  EXPECT_EQ(again.str(), twice.str());
}

}  // namespace eb::app
