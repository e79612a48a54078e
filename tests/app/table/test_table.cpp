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
