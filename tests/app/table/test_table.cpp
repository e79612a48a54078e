#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

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

TEST(Output, TableCaptureTakesTablesInsteadOfWritingThemOnItsThreadOnly) {
  std::ostringstream out;
  {
    TableCapture outer;
    write_table(out, sample(), Format::csv, Lang::zh);
    {
      TableCapture inner;  // the innermost capture receives
      write_document(out, {{"a", sample()}, {"b", sample()}}, Format::json, Lang::en);
      ASSERT_EQ(inner.tables.size(), 2u);
      EXPECT_EQ(inner.tables[1].first, "b");
    }
    std::thread other([&] {
      std::ostringstream elsewhere;
      write_table(elsewhere, sample(), Format::csv, Lang::zh);  // another thread is not captured
      EXPECT_FALSE(elsewhere.str().empty());
    });
    other.join();
    ASSERT_EQ(outer.tables.size(), 1u);
    EXPECT_EQ(outer.tables[0].first, "");
    EXPECT_EQ(outer.tables[0].second.rows.size(), 2u);
    EXPECT_EQ(table_json(outer.tables[0].second)[0]["code"], "150100");
  }
  EXPECT_TRUE(out.str().empty());
  write_table(out, sample(), Format::csv, Lang::zh);  // no capture left: written again
  EXPECT_FALSE(out.str().empty());
}

}  // namespace eb::app
