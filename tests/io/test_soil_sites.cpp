// Construction-land sample files: long and wide layouts, below-detection values kept, µg/kg converted exactly,
// every bad cell named by line and column, items outside GB 36600 listed.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/soil_sites.hpp"

namespace eb::io {
namespace {

TEST(SoilSites, LongLayoutGroupsSamplesAndKeepsBelowDetection) {
  const auto f = read_soil_site_samples(
      "site,sample,depth_m,item,value,unit\n"
      "DK01,S1,0.5,As,25,mg/kg\n"
      "DK01,S1,0.5,苯并(a)芘,<0.1,mg/kg\n"
      "DK01,S1,0.5,\"1,2-二氯乙烷\",520,µg/kg\n"
      "DK01,S2,1.5,Cd,0.3L,mg/kg\n"
      "DK01,S2,1.5,Zn,80,mg/kg\n"
      "DK02,S1,,Hg,ND,mg/kg\n",
      "a.csv");
  EXPECT_TRUE(f.rejections.empty());
  EXPECT_EQ(f.layout, "soil-site-long");
  ASSERT_EQ(f.samples.size(), 3u);
  const auto& s1 = f.samples[0];
  EXPECT_EQ(s1.site, "DK01");
  EXPECT_EQ(s1.depth_m, 0.5);
  ASSERT_EQ(s1.values.size(), 3u);
  EXPECT_EQ(s1.values[1].item->code, "BaP");
  EXPECT_TRUE(s1.values[1].below_detection);
  EXPECT_EQ(s1.values[1].value, 0.1);
  EXPECT_EQ(s1.values[2].item->code, "12DCA");
  EXPECT_EQ(s1.values[2].value, 0.52);  // 520 µg/kg is exactly the class 1 screening value 0.52 mg/kg
  EXPECT_TRUE(f.samples[1].values[0].below_detection);
  EXPECT_EQ(f.samples[1].values[0].value, 0.3);
  EXPECT_TRUE(f.samples[2].values[0].below_detection);
  EXPECT_EQ(f.samples[2].values[0].value, 0.0);  // ND without a limit
  EXPECT_FALSE(f.samples[2].depth_m);
  EXPECT_EQ(f.below_detection, 3u);
  EXPECT_EQ(f.not_in_standard, std::vector<std::string>{"Zn"});
  EXPECT_EQ(f.values_not_in_standard, 1u);
}

TEST(SoilSites, WideLayoutWithPlannedUse) {
  const auto f = read_soil_site_samples(
      "地块,样品,深度,planned_use,砷,Pb,pH\n"
      "DK01,S1,0.2,A33,19,400,7.1\n"
      "DK01,S2,0.2,A33,21,,7.3\n",
      "w.csv");
  EXPECT_TRUE(f.rejections.empty());
  EXPECT_EQ(f.layout, "soil-site-wide");
  ASSERT_EQ(f.samples.size(), 2u);
  EXPECT_EQ(f.samples[0].land_class, 1);
  EXPECT_EQ(f.samples[0].values.size(), 2u);
  EXPECT_EQ(f.samples[1].values.size(), 1u);  // an empty cell is not measured
  EXPECT_EQ(f.not_in_standard, std::vector<std::string>{"pH"});
  EXPECT_EQ(f.values_not_in_standard, 2u);
}

TEST(SoilSites, EveryBadCellIsRejectedWithLineAndColumn) {
  const auto f = read_soil_site_samples(
      "site,sample,depth_m,land_class,As,Pb\n"
      "DK01,S1,0.5,1,abc,30\n"
      "DK01,S2,x,1,-1,30\n"
      "DK01,S3,0.5,2,1,1\n"
      "DK02,S1,0.5,3,1,1\n"
      ",S1,0.5,1,1,1\n",
      "bad.csv");
  ASSERT_EQ(f.rejections.size(), 6u);
  EXPECT_EQ(f.rejections[0].line, 2u);
  EXPECT_EQ(f.rejections[0].column, 5u);
  EXPECT_EQ(f.rejections[1].line, 3u);
  EXPECT_EQ(f.rejections[1].column, 3u);  // depth
  EXPECT_EQ(f.rejections[2].column, 5u);  // negative As
  EXPECT_NE(f.rejections[3].reason.find("class 1 land on line 2"), std::string::npos);
  EXPECT_EQ(f.rejections[4].column, 4u);  // land class 3
  EXPECT_EQ(f.rejections[5].reason, "no site");
}

TEST(SoilSites, ADuplicateValueIsRejected) {
  const auto f = read_soil_site_samples(
      "site,sample,item,value\n"
      "DK01,S1,As,25\n"
      "DK01,S1,砷,26\n",
      "dup.csv");
  ASSERT_EQ(f.rejections.size(), 1u);
  EXPECT_EQ(f.rejections[0].line, 3u);
  EXPECT_NE(f.rejections[0].reason.find("already given on line 2"), std::string::npos);
}

TEST(SoilSites, HeadersItCannotUseAreErrors) {
  EXPECT_THROW(read_soil_site_samples("sample,As\nS1,1\n", "h.csv"), InputError);              // no site
  EXPECT_THROW(read_soil_site_samples("site,sample,pH\nA,S1,7\n", "h.csv"), InputError);       // no item column
  EXPECT_THROW(read_soil_site_samples("site,sample,As,砷\nA,S1,1,1\n", "h.csv"), InputError);  // As twice
  EXPECT_THROW(read_soil_site_samples("site,sample,item\nA,S1,As\n", "h.csv"), InputError);    // no value
  EXPECT_THROW(read_soil_site_samples("", "h.csv"), InputError);
  const auto f = read_soil_site_samples("site,sample,item,value,unit\nA,S1,As,1,g/kg\n", "u.csv");
  ASSERT_EQ(f.rejections.size(), 1u);
  EXPECT_EQ(f.rejections[0].column, 5u);
  const auto big =
      read_soil_site_samples("site,sample,item,value,unit\nA,S1,Pb,2000000,mg/kg\nA,S1,Cd,2e6,µg/kg\n", "b.csv");
  ASSERT_EQ(big.rejections.size(), 1u);  // 2e6 µg/kg is 2000 mg/kg: possible
  EXPECT_NE(big.rejections[0].reason.find("more than the whole sample"), std::string::npos);
  ASSERT_EQ(big.samples.at(0).values.size(), 1u);
  EXPECT_EQ(big.samples[0].values[0].value, 2000.0);  // the unit's power of ten joins the text's own exponent
}

}  // namespace
}  // namespace eb::io
