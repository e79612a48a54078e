#include <gtest/gtest.h>

#include "io/file_buffer.hpp"
#include "io/observation_layouts.hpp"
#include "support/test_paths.hpp"

namespace eb::io {

TEST(UciBeijing, RealFileCoIsConvertedToMilligrams) {
  FileBuffer file(test::demo_path("air/beijing_multisite/PRSA_Data_Dongsi_20130301-20170228.csv.gz"));
  const ObservationBatch b = read_uci_beijing(file.text(), file.path());
  EXPECT_TRUE(b.rejections.empty());
  EXPECT_EQ(b.rows_read, 35064u);  // 2013-03-01 ... 2017-02-28, hourly
  ASSERT_EQ(b.station_keys.size(), 1u);
  EXPECT_EQ(b.station_keys[0], "Dongsi");
  // First row: 2013-03-01 00:00, PM2.5 9, CO 300 µg/m³ -> 0.3 mg/m³.
  const EpochSeconds t0 = beijing_to_epoch({{2013, 3, 1}, 0, 0, 0});
  bool saw_co = false;
  for (std::size_t i = 0; i < b.size() && b.time(i) == t0; ++i)
    if (b.parameter_info(i).code == std::string_view("CO")) {
      EXPECT_DOUBLE_EQ(b.value(i), 0.3);
      saw_co = true;
    }
  EXPECT_TRUE(saw_co);
  EXPECT_GT(b.missing, 0u);  // "NA" cells are missing, not zero
}

TEST(UciBeijing, ImpossibleTimeRejectsTheRow) {
  const std::string text =
      "\"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",\"PM10\",\"SO2\",\"NO2\",\"CO\",\"O3\",\"TEMP\",\"PRES\","
      "\"DEWP\",\"RAIN\",\"wd\",\"WSPM\",\"station\"\n"
      "1,2013,2,30,0,9,9,3,17,300,89,-0.5,1024.5,-21.4,0,\"NNW\",5.7,\"Dongsi\"\n"
      "2,2013,3,1,1,4,NA,3,16,300,88,-0.7,1025.1,-22.1,0,\"NW\",3.9,\"Dongsi\"\n";
  const ObservationBatch b = read_observations(text, "u.csv", ObservationLayout::uci_beijing);
  ASSERT_EQ(b.rejections.size(), 1u);
  EXPECT_EQ(b.rejections[0].line, 2u);
  EXPECT_EQ(b.size(), 10u);  // 11 quantities, PM10 missing
  EXPECT_EQ(b.missing, 1u);
}

// Found by fuzz_observation_layouts: a year of 5.6e48 was converted to int before its range was checked.
TEST(UciBeijing, HugeTimeFieldIsRejectedNotConverted) {
  const std::string text =
      "\"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",\"PM10\",\"SO2\",\"NO2\",\"CO\",\"O3\",\"TEMP\",\"PRES\","
      "\"DEWP\",\"RAIN\",\"wd\",\"WSPM\",\"station\"\n"
      "1,5.55556e48,3,1,0,9,9,3,17,300,89,-0.5,1024.5,-21.4,0,\"NNW\",5.7,\"Dongsi\"\n";
  const ObservationBatch b = read_observations(text, "u.csv", ObservationLayout::uci_beijing);
  ASSERT_EQ(b.rejections.size(), 1u);
  EXPECT_EQ(b.rejections[0].line, 2u);
  EXPECT_EQ(b.size(), 0u);
}

}  // namespace eb::io
