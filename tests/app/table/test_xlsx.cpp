#include <gtest/gtest.h>

#include "app/table/xlsx.hpp"

namespace eb::app {

TEST(Xlsx, SheetNamesAreWhatExcelAccepts) {
  std::vector<std::string> taken{"说明"};
  EXPECT_EQ(xlsx_sheet_name("a/b:c[d]*?\\", "x", taken), "a_b_c_d____");
  // 31 characters, counted as characters, not bytes; a long title without its qualifiers in parentheses.
  const std::string long_title = "环境空气质量评价（2016；GB 3095-2012，HJ 663-2013）附表";
  EXPECT_EQ(xlsx_sheet_name(long_title, "x", taken), "环境空气质量评价");
  const std::string long_name = "Ambient air quality assessment of the leagues and cities";
  EXPECT_EQ(xlsx_sheet_name(long_name, "x", taken), "Ambient air quality assessment");
  EXPECT_EQ(xlsx_sheet_name("short (kept whole)", "x", taken), "short (kept whole)");
  // Unique without regard to case; the suffix keeps the name within 31 characters.
  EXPECT_EQ(xlsx_sheet_name("A_B_C_D____", "x", taken), "A_B_C_D____(2)");
  EXPECT_EQ(xlsx_sheet_name(long_title, "x", taken), "环境空气质量评价(2)");
  EXPECT_EQ(xlsx_sheet_name(long_name, "x", taken), "Ambient air quality assessme(2)");
  EXPECT_EQ(xlsx_sheet_name("说明", "x", taken), "说明(2)");
  EXPECT_EQ(xlsx_sheet_name("''", "结果", taken), "结果");
  EXPECT_EQ(xlsx_sheet_name("", "结果", taken), "结果(2)");
  EXPECT_EQ(taken.size(), 11u);
}

TEST(Xlsx, WorkbookIsAZipArchive) {
  Table t;
  t.title_en = "Shares";
  t.columns = {{"code", "代码", "code"}, {"pct", "比例", "share", 1}};
  t.add({"150100", 96.25});
  t.add({"=cmd()", Cell()});  // text, never a formula
  Document doc(t);
  doc.note("SYNTHETIC data");
  const std::string bytes = xlsx_workbook(doc, Lang::en, "ecobarrier test");
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  // The parts' names are stored uncompressed in the archive's directory.
  EXPECT_NE(bytes.find("xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_NE(bytes.find("xl/worksheets/sheet2.xml"), std::string::npos);
}

}  // namespace eb::app
