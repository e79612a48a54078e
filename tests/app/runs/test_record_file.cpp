// One record by field name from either a CSV file or a submitted JSON object: the same reader sees the same text,
// and a JSON record's problems come back as FieldError naming the field.
#include <gtest/gtest.h>

#include <fstream>

#include "app/runs/record_file.hpp"
#include "core/error.hpp"
#include "support/test_paths.hpp"

namespace eb::app::runs {
namespace {

// What a reader of the imports does: reads fields and reports a problem of one.
void read_year(RecordSource& r) {
  if (r["year"] != "2024") r.fail_field("year", "year \"" + r["year"] + "\"");
}

TEST(RecordSource, CsvAndJsonRecordsReadAlike) {
  test::TempPath csv("values.csv");
  std::ofstream(csv.str()) << "indicator,year,value\n pm25 ,2024,21.5\npm25,2023,\n";
  RecordFile rows(csv.str(), {"indicator", "year"});
  ASSERT_TRUE(rows.next());
  JsonRecord json(nlohmann::json{{"indicator", " pm25 "}, {"year", 2024}, {"value", 21.5}, {"source", nullptr}},
                  {"indicator", "year"}, {"value", "source"});
  for (RecordSource* r : {static_cast<RecordSource*>(&rows), static_cast<RecordSource*>(&json)}) {
    EXPECT_EQ((*r)["indicator"], "pm25");
    EXPECT_EQ((*r)["year"], "2024");
    EXPECT_EQ((*r)["value"], "21.5");
    EXPECT_EQ((*r)["source"], "");
    read_year(*r);
    EXPECT_EQ(r->failures(), 0u);
    EXPECT_NO_THROW(r->refuse_if_failed());
  }
  // The second row's problem: "file:line: reason" for the file, the field for the record.
  ASSERT_TRUE(rows.next());
  read_year(rows);
  try {
    rows.refuse_if_failed();
    FAIL() << "a bad row was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(csv.str() + ":3: year \"2023\""), std::string::npos) << e.what();
  }
  JsonRecord bad(nlohmann::json{{"indicator", "pm25"}, {"year", "2023"}}, {"indicator", "year"}, {});
  read_year(bad);
  try {
    bad.refuse_if_failed();
    FAIL() << "a bad record was accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "year");
    EXPECT_EQ(std::string(e.what()), "year \"2023\"");
  }
}

TEST(RecordSource, JsonRecordsOfTheWrongShapeNameTheField) {
  const auto field_of = [](const nlohmann::json& record) {
    try {
      JsonRecord r(record, {"indicator", "year"}, {"value"});
    } catch (const FieldError& e) {
      return e.field();
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(field_of({{"indicator", "pm25"}, {"year", 2024}}), "(accepted)");
  EXPECT_EQ(field_of({{"indicator", "pm25"}}), "year");                                       // required
  EXPECT_EQ(field_of({{"indicator", "pm25"}, {"year", nullptr}}), "year");                    // required
  EXPECT_EQ(field_of({{"indicator", "pm25"}, {"year", 2024}, {"colour", "red"}}), "colour");  // unknown
  EXPECT_EQ(field_of({{"indicator", "pm25"}, {"year", 2024}, {"value", true}}), "value");     // no text
  EXPECT_EQ(field_of({{"indicator", {{"id", "pm25"}}}, {"year", 2024}}), "indicator");        // no text
  EXPECT_EQ(field_of(nlohmann::json::array({"pm25", 2024})), "record");
}

}  // namespace
}  // namespace eb::app::runs
