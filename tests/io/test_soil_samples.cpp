// Farmland soil samples in the wide layout: headers in English or Chinese, below-detection values kept as
// written, and every bad cell named by line and column.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/soil_samples.hpp"

namespace eb::io {
namespace {

TEST(SoilSamples, WideLayoutWithBelowDetectionValues) {
  const auto s = read_soil_samples(
      "sample,pH,land_use,Cd,Hg,As,Pb,Cr,Cu,Ni,Zn,BaP,note\n"
      "S1,8.1,other,0.21,<0.002,12,30,70,25,35,80,ND,ok\n"
      "S2,6.0,paddy,0.45,0.3,0.5L,,90,30,40,90,0.1,\n",
      "s.csv");
  EXPECT_EQ(s.items, (std::vector<std::string>{"Cd", "Hg", "As", "Pb", "Cr", "Cu", "Ni", "Zn", "BaP"}));
  EXPECT_EQ(s.ignored_columns, (std::vector<std::string>{"note"}));
  ASSERT_EQ(s.samples.size(), 2u);
  EXPECT_TRUE(s.rejections.empty());
  EXPECT_EQ(s.below_detection, 3u);
  EXPECT_EQ(s.missing, 1u);
  const SoilSample& a = s.samples[0];
  EXPECT_EQ(a.sample, "S1");
  EXPECT_EQ(a.ph, 8.1);
  EXPECT_EQ(a.use, standards::FarmlandUse::other);
  ASSERT_EQ(a.values.size(), 9u);
  EXPECT_EQ(a.values[1].item, "Hg");
  EXPECT_TRUE(a.values[1].below_detection);
  EXPECT_EQ(a.values[1].value, 0.002);
  EXPECT_EQ(a.values[1].text, "<0.002");
  EXPECT_TRUE(a.values[8].below_detection);  // ND: no limit
  EXPECT_EQ(a.values[8].value, 0.0);
  EXPECT_TRUE(s.samples[1].values[2].below_detection);
  EXPECT_EQ(s.samples[1].values[2].value, 0.5);
  EXPECT_EQ(s.samples[1].values.size(), 8u);  // Pb missing
}

TEST(SoilSamples, ChineseHeadersAndUnits) {
  const auto s = read_soil_samples(
      "样品编号,土壤pH,土地利用类型,采样日期,镉(mg/kg),汞（mg/kg）,六六六总量\n"
      "T1,7.9,水田,2024-06-01,0.3,0.1,0.01\n",
      "t.csv");
  ASSERT_EQ(s.samples.size(), 1u);
  EXPECT_EQ(s.items, (std::vector<std::string>{"Cd", "Hg", "HCH"}));
  EXPECT_EQ(s.samples[0].use, standards::FarmlandUse::paddy);
  EXPECT_EQ(s.samples[0].date, "2024-06-01");
  EXPECT_THROW(read_soil_samples("sample,pH,land_use,Cd(µg/kg)\nA,7,other,1\n", "u.csv"), InputError);
}

TEST(SoilSamples, BadCellsAreRejectedWithLineAndColumn) {
  const auto s = read_soil_samples(
      "sample,pH,land_use,Cd,Pb\n"
      "A,7.0,other,0.2,30\n"
      "B,15,other,0.2,30\n"    // pH out of 0..14
      "C,7.0,forest,0.2,30\n"  // land use
      "D,7.0,other,-0.2,30\n"  // negative
      "E,7.0,other,0.2,abc\n"  // not a number
      "A,7.0,other,0.2,30\n",  // duplicate id
      "bad.csv");
  EXPECT_EQ(s.samples.size(), 1u);
  ASSERT_EQ(s.rejections.size(), 5u);
  EXPECT_EQ(s.rejections[0].line, 3u);
  EXPECT_EQ(s.rejections[0].column, 2u);
  EXPECT_EQ(s.rejections[1].column, 3u);
  EXPECT_EQ(s.rejections[2].column, 4u);
  EXPECT_EQ(s.rejections[3].column, 5u);
  EXPECT_NE(s.rejections[4].reason.find("given twice"), std::string::npos);
}

TEST(SoilSamples, HeaderWithoutTheRequiredColumnsIsRefused) {
  EXPECT_THROW(read_soil_samples("sample,Cd\nA,0.1\n", "h.csv"), InputError);
  EXPECT_THROW(read_soil_samples("sample,pH,land_use,Fe\nA,7,other,1\n", "h.csv"), InputError);
  EXPECT_THROW(read_soil_samples("sample,pH,land_use,Cd,镉\nA,7,other,1,1\n", "h.csv"), InputError);
}

}  // namespace
}  // namespace eb::io
