#include <gtest/gtest.h>

#include "app/report/bulletin_tables.hpp"

namespace eb::app::report {

namespace {

Span cell(std::string text) { return {std::move(text), 0, false}; }

}  // namespace

TEST(ReportBulletinTables, PerUnitTablesCarryCodesAndNumbers) {
  Bulletin b;
  Section air{"air", "1. Air", false, {}};
  TableBlock cities;
  cities.caption = "Table 1-2";
  cities.header = {"City", "PM2.5", "Index", "Days"};
  cities.numeric = {false, true, true, true};
  cities.rows = {{cell("Hohhot"), cell("31"), cell("4.12"), cell("365/366")},
                 {cell("Baotou"), cell("–"), cell("4.50*"), cell("300/366")}};
  cities.unit_codes = {"150100", "150200"};
  TableBlock region;
  region.caption = "Table 1-1";
  region.header = {"Item", "Item"};
  region.rows = {{cell("PM2.5"), cell("")}};
  air.blocks = {Paragraph{}, cities, region};
  b.sections.push_back(std::move(air));

  const auto tables = bulletin_tables(b);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].first, "air_1");
  const Table& t = tables[0].second;
  EXPECT_EQ(t.title_en, "Table 1-2");
  ASSERT_TRUE(t.geometry.has_value());
  EXPECT_EQ(t.geometry->layer, GeometryLayer::unit);
  EXPECT_EQ(t.geometry->key_column, "code");
  ASSERT_EQ(t.columns.size(), 5u);
  EXPECT_EQ(t.columns[0].key, "code");
  EXPECT_EQ(std::get<std::string>(t.rows[1][0].value), "150200");
  // PM2.5: numbers, the dash none; the index holds a starred figure, so it stays text; "365/366" is text.
  EXPECT_EQ(std::get<std::int64_t>(t.rows[0][2].value), 31);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[1][2].value));
  EXPECT_EQ(std::get<std::string>(t.rows[0][3].value), "4.12");
  EXPECT_EQ(std::get<std::string>(t.rows[1][4].value), "300/366");

  // Not per unit: no join, no code column; repeated headers get distinct keys.
  const Table& r = tables[1].second;
  EXPECT_EQ(tables[1].first, "air_2");
  EXPECT_FALSE(r.geometry.has_value());
  ASSERT_EQ(r.columns.size(), 2u);
  EXPECT_EQ(r.columns[0].key, "Item");
  EXPECT_EQ(r.columns[1].key, "Item_2");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(r.rows[0][1].value));
}

}  // namespace eb::app::report
