// A small air-quality workspace for the runs' tests: the real league boundaries of Inner Mongolia, three stations
// (two in Hohhot 150100, one in Baotou 150200) and three days of hand-written hourly values, 2019-01-01..03.
#pragma once

#include <string>

namespace eb::test {

// Hourly values of every station and pollutant (constant over the hours unless said otherwise):
//   1001A (Hohhot): PM2.5 day 1: 10 + hour, day 2: 40, day 3: 61; PM10 70, SO2 10, NO2 20, CO 1.0, O3 80
//   1002A (Hohhot): PM2.5 day 1: 20, day 2: 30, day 3: none;      PM10 90, SO2 20, NO2 40, CO 1.4, O3 100
//   2001A (Baotou): PM2.5 20;                                      PM10 60, SO2 30, NO2 20, CO 0.8, O3 70
// Writes the workspace at `path`.
void make_air_workspace(const std::string& path);

// The same kind of file as a CNEMC daily download (date,hour,type,<station codes>) of the given rows.
std::string cnemc_wide_text(const std::string& header_codes, const std::string& rows);

}  // namespace eb::test
