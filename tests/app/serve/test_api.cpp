// The API object's own logic that needs no workspace: the air year the dashboard (and warm()) shows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/serve/api.hpp"

namespace eb::app::serve {
namespace {

// A region-level air assessment answer as /api/v1/air/assessment gives it, built afresh on every call (a
// temporary, like the answer warm() parses), with the PM2.5 annual mean valid or not.
json region_answer(bool pm25_valid) {
  json rows = json::array();
  rows.push_back({{"pollutant", "SO2"}, {"statistic", "mean"}, {"valid", "yes"}});
  rows.push_back({{"pollutant", "PM2.5"}, {"statistic", "mean"}, {"valid", pm25_valid ? "yes" : "no"}});
  return json{{"title", "region"}, {"rows", rows}};
}

TEST(DashboardAirYear, ChosenYearWithAirDataIsShown) {
  const json years = {{"air", {2021, 2022, 2023}}};
  int asked = 0;
  EXPECT_EQ(dashboard_air_year(years, 2023,
                               [&](const std::string&) {
                                 ++asked;
                                 return region_answer(true);
                               }),
            "2023");
  EXPECT_EQ(asked, 0);  // no assessment is computed when the chosen year has data
}

// The path that read freed memory: the chosen year has no air data, so earlier years' answers (temporaries) are
// searched for a whole year. Under the sanitizer build the old loop was a heap-use-after-free report.
TEST(DashboardAirYear, LatestEarlierWholeYearWhenTheChosenYearHasNoAir) {
  const json years = {{"air", {2020, 2021, 2022}}, {"water", {2024}}};
  std::vector<std::string> asked;
  const auto region = [&](const std::string& year) {
    asked.push_back(year);
    return region_answer(year == "2021");  // 2022 is a partial year
  };
  EXPECT_EQ(dashboard_air_year(years, 2024, region), "2021");
  EXPECT_EQ(asked, (std::vector<std::string>{"2022", "2021"}));
}

TEST(DashboardAirYear, LatestEarlierYearWhenNoneIsWhole) {
  const json years = {{"air", {2020, 2021}}};
  EXPECT_EQ(dashboard_air_year(years, 2023, [](const std::string&) { return region_answer(false); }), "2021");
  // An answer without rows (a failed request) or with rows of another shape counts as not whole.
  EXPECT_EQ(dashboard_air_year(years, 2023, [](const std::string&) { return json::object(); }), "2021");
  EXPECT_EQ(dashboard_air_year(years, 2023,
                               [](const std::string&) {
                                 return json{{"rows", {1, "x", nullptr}}};
                               }),
            "2021");
}

TEST(DashboardAirYear, NoAirYearAtOrBeforeTheChosenOne) {
  EXPECT_EQ(dashboard_air_year(json{{"air", {2025}}}, 2023, [](const std::string&) { return region_answer(true); }),
            "");
  EXPECT_EQ(dashboard_air_year(json::object(), 2023, [](const std::string&) { return region_answer(true); }), "");
}

}  // namespace
}  // namespace eb::app::serve
