// soil site classify as a run: samples to site conclusions (the worst sample), ratios, the land class rules.
#include <gtest/gtest.h>

#include "app/runs/soil/construction.hpp"
#include "core/error.hpp"

namespace eb::app::runs {
namespace {

io::SoilSiteSamples file(const std::string& text) {
  auto f = io::read_soil_site_samples(text, "t.csv");
  EXPECT_TRUE(f.rejections.empty());
  return f;
}

const std::string kSamples =
    "site,sample,depth_m,item,value\n"
    "DK01,S1,0.5,As,20\n"         // at class 1 screening: meets it
    "DK01,S2,1.0,As,60.06\n"      // above class 1 screening and class 2 screening (60)
    "DK01,S2,1.0,BaP,1.5\n"       // class 1: 2.73x screening; class 2: at screening
    "DK02,S1,0.2,Pb,2500\n"       // class 1 above control (800); class 2 at control
    "DK02,S2,0.2,toluene,1201\n"  // screening = control = 1200 for both: above control
    "DK03,S1,0.2,Cd,<30\n";       // a detection limit above class 1 screening (20)

TEST(SoilSiteClassify, Class1SitesTakeTheirWorstSample) {
  SoilSiteClassifyRequest req;
  req.files.push_back(file(kSamples));
  req.land_class = 1;
  const auto r = run_soil_site_classify(req);
  ASSERT_EQ(r.sites.size(), 3u);
  const auto& dk01 = r.sites[0];
  EXPECT_EQ(dk01.risk, standards::SiteRisk::above_screening);
  EXPECT_EQ(dk01.samples, 2u);
  EXPECT_EQ(dk01.samples_above_screening, 1u);
  ASSERT_EQ(dk01.exceeding.size(), 2u);
  EXPECT_EQ(dk01.exceeding[0].item->code, "As");  // 60.06 / 20 = 3.003 before BaP's 1.5 / 0.55 = 2.727
  EXPECT_DOUBLE_EQ(dk01.exceeding[0].max_screening_ratio, 60.06 / 20);
  EXPECT_EQ(dk01.exceeding[1].item->code, "BaP");
  EXPECT_EQ(dk01.background_items, std::vector<std::string>{"As"});
  EXPECT_EQ(r.sites[1].risk, standards::SiteRisk::above_control);
  EXPECT_EQ(r.sites[1].samples_above_control, 2u);
  EXPECT_EQ(r.sites[2].risk, standards::SiteRisk::at_or_below_screening);
  EXPECT_EQ(r.sites[2].limit_above_screening, 1u);
  EXPECT_FALSE(dk01.land_class_by_default);
}

TEST(SoilSiteClassify, Class2SitesAtTheirValuesMeetThem) {
  SoilSiteClassifyRequest req;
  req.files.push_back(file(kSamples));
  req.land_class = 2;
  const auto r = run_soil_site_classify(req);
  EXPECT_EQ(r.sites[0].risk, standards::SiteRisk::above_screening);  // As 60.06 > 60; BaP 1.5 meets 1.5
  ASSERT_EQ(r.sites[0].exceeding.size(), 1u);
  EXPECT_EQ(r.sites[1].risk, standards::SiteRisk::above_control);  // toluene above 1200
  EXPECT_EQ(r.sites[1].samples_above_control, 1u);                 // Pb 2500 meets the class 2 control value
  EXPECT_EQ(r.sites[2].limit_above_screening, 0u);                 // <30 meets class 2 screening 65
}

TEST(SoilSiteClassify, NoLandClassMeansClass1AndIsSaid) {
  SoilSiteClassifyRequest req;
  req.files.push_back(file(kSamples));
  const auto r = run_soil_site_classify(req);
  EXPECT_TRUE(r.sites[0].land_class_by_default);
  EXPECT_EQ(r.sites[0].land_class, 1);
  const Document doc = soil_site_classify_document(r, SoilSiteTable::site, Lang::en);
  bool said = false;
  for (const auto& n : doc.notes) said = said || n.find("5.3.1") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(SoilSiteClassify, AGivenClassMustAgreeWithTheFile) {
  SoilSiteClassifyRequest req;
  req.files.push_back(file("site,sample,land_class,As\nDK01,S1,2,10\n"));
  req.land_class = 1;
  EXPECT_THROW(run_soil_site_classify(req), InputError);
  req.land_class.reset();
  EXPECT_EQ(run_soil_site_classify(req).sites[0].land_class, 2);
}

TEST(SoilSiteClassify, ItemTableCarriesEveryValueWithRatios) {
  SoilSiteClassifyRequest req;
  req.files.push_back(file(kSamples));
  req.land_class = 1;
  const Document doc = soil_site_classify_document(run_soil_site_classify(req), SoilSiteTable::item, Lang::en);
  const Table& t = doc.parts.front().second;
  ASSERT_EQ(t.rows.size(), 6u);
  EXPECT_EQ(std::get<std::string>(t.rows[3][12].value), "above_control");  // Pb 2500 on class 1 land
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[3][10].value), 2500.0 / 400);
  EXPECT_EQ(std::get<std::string>(t.rows[5][6].value), "<30");
}

}  // namespace
}  // namespace eb::app::runs
