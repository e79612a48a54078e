// Plausibility rules (data/standards/plausibility.csv): physical ranges per parameter, coordinates, areas of use.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "standards/parameters.hpp"
#include "standards/plausibility.hpp"

namespace eb::standards {

TEST(Plausibility, EveryParameterHasARangeThatHoldsItsEverydayValues) {
  for (const ParameterInfo& p : parameters()) {
    const PlausibleRange& r = plausible_range(p);
    EXPECT_LT(r.min, r.max) << p.code;
    if (p.non_negative) {
      EXPECT_GE(r.min, 0) << p.code;  // the range never admits an impossible negative
    }
  }
  // Real values, including extreme but genuine ones, pass.
  EXPECT_FALSE(implausible_value(*find_parameter("PM10"), 9000, "1h"));  // a dust-storm hour
  EXPECT_FALSE(implausible_value(*find_parameter("PM2.5"), 0));
  EXPECT_FALSE(implausible_value(*find_parameter("CO"), 150));
  EXPECT_FALSE(implausible_value(*find_parameter("TEMP"), -52.3));
  EXPECT_FALSE(implausible_value(*find_parameter("pH"), 14));
  EXPECT_FALSE(implausible_value(*find_parameter("DO"), 22.5));
  EXPECT_FALSE(implausible_value(*find_parameter("fecal_coliform"), 2.4e9));
}

TEST(Plausibility, RefusesImpossibleValuesNamingTheRule) {
  const auto why = implausible_value(*find_parameter("PM2.5"), 1e308, "1h");
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "PM2.5 1h 1e+308 µg/m³ outside plausible range 0–10000 µg/m³ (data/standards/plausibility.csv)");
  EXPECT_TRUE(implausible_value(*find_parameter("pH"), 14.5));
  EXPECT_TRUE(implausible_value(*find_parameter("TEMP"), -273.15));
  EXPECT_TRUE(implausible_value(*find_parameter("PRES"), 10));
  EXPECT_TRUE(implausible_value(*find_parameter("SO2"), -1));
  EXPECT_TRUE(implausible_value(*find_parameter("AQI"), 1e9));
}

TEST(Plausibility, NonFiniteValuesAreAlwaysRefused) {
  for (const ParameterInfo& p : parameters()) {
    EXPECT_TRUE(implausible_value(p, std::numeric_limits<double>::quiet_NaN())) << p.code;
    EXPECT_TRUE(implausible_value(p, std::numeric_limits<double>::infinity())) << p.code;
    EXPECT_TRUE(implausible_value(p, -std::numeric_limits<double>::infinity())) << p.code;
  }
}

TEST(Plausibility, CoordinatesMustBeGeographicDegrees) {
  EXPECT_FALSE(implausible_lonlat(111.65, 40.82));  // Hohhot
  EXPECT_FALSE(implausible_lonlat(-180, -90));
  const auto lat = implausible_lonlat(111.65, 100);
  ASSERT_TRUE(lat);
  EXPECT_NE(lat->find("latitude 100 outside -90–90"), std::string::npos) << *lat;
  EXPECT_TRUE(implausible_lonlat(1e308, 40));
  EXPECT_TRUE(implausible_lonlat(-1e308, 40));
  EXPECT_TRUE(implausible_lonlat(std::nan(""), 40));
}

TEST(Plausibility, ExtentsOutsideTheAreaOfUseByMoreThanTheMarginAreRefused) {
  const GeoBox cgcs2000{73.62, 16.7, 134.77, 53.56};  // EPSG:4490's area of use (China)
  const GeoBox hohhot{111.6, 40.8, 111.7, 40.9};
  EXPECT_FALSE(outside_area_of_use(hohhot, cgcs2000, "China Geodetic Coordinate System 2000"));
  EXPECT_TRUE(outside_area_of_use({-10, 40, -9, 41}, cgcs2000, "CGCS2000"));  // Portugal in a China-only CRS
  // The margin: Inner Mongolia (97-126°E) held in UTM zone 49N (108-114°E) is accepted.
  const GeoBox utm49n{108, 0, 114, 84};
  EXPECT_FALSE(outside_area_of_use({97.2, 37.4, 126.1, 53.3}, utm49n, "WGS 84 / UTM zone 49N"));
  EXPECT_GE(area_of_use_margin(), 12.0);
  // A polygon with ±1e308 corners (it would contain every point) is refused against any area, the globe included.
  const auto why = outside_area_of_use({-1e308, -1e308, 1e308, 1e308}, kWholeGlobe, "WGS 84");
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("longitude -1e+308"), std::string::npos) << *why;
  EXPECT_FALSE(outside_area_of_use({-180, -90, 180, 90}, kWholeGlobe, "WGS 84"));
  // An area across the antimeridian (west > east).
  const GeoBox fiji{176, -20, -178, -12};
  EXPECT_FALSE(outside_area_of_use({178, -18, 179, -17}, fiji, "Fiji 1986"));
  EXPECT_FALSE(outside_area_of_use({-179, -18, -179, -17}, fiji, "Fiji 1986"));
  EXPECT_TRUE(outside_area_of_use({100, -18, 101, -17}, fiji, "Fiji 1986"));
}

}  // namespace eb::standards
