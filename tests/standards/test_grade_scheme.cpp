#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "standards/grade_scheme.hpp"
#include "standards/vegetation.hpp"

namespace eb::standards {
namespace {

TEST(GradeScheme, DefaultDesertificationSchemeBoundsAreLowerInclusive) {
  const GradeScheme& s = grade_scheme(kDefaultFvcScheme);
  EXPECT_EQ(s.id, "desertification_fvc5");
  EXPECT_EQ(s.quantity, "fvc");
  ASSERT_EQ(s.grades.size(), 5u);
  EXPECT_EQ(s.classify(0.0), 1);
  EXPECT_EQ(s.classify(0.0999), 1);
  EXPECT_EQ(s.classify(0.1), 2);
  EXPECT_EQ(s.classify(0.3), 3);
  EXPECT_EQ(s.classify(0.5), 4);
  EXPECT_EQ(s.classify(0.7), 5);
  EXPECT_EQ(s.classify(1.0), 5);
  EXPECT_FALSE(s.classify(NAN).has_value());
  EXPECT_EQ(s.find(1)->name_zh, "极重度");
  EXPECT_NE(s.source.find("no national standard"), std::string::npos);
}

TEST(GradeScheme, RseiGradesFollowXu) {
  const GradeScheme& s = grade_scheme("rsei5");
  EXPECT_EQ(s.quantity, "rsei");
  EXPECT_EQ(s.classify(0.0), 1);
  EXPECT_EQ(s.classify(0.19999), 1);
  EXPECT_EQ(s.classify(0.2), 2);
  EXPECT_EQ(s.classify(0.6), 4);
  EXPECT_EQ(s.classify(0.8), 5);
  EXPECT_EQ(s.classify(1.0), 5);  // [0.8, 1] is 优
  EXPECT_EQ(s.find(5)->name_zh, "优");
  EXPECT_EQ(s.find(3)->name_en, "moderate");
}

TEST(GradeScheme, UnknownSchemeNamesTheKnownOnes) {
  try {
    grade_scheme("gbt24255");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("desertification_fvc5"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("rsei5"), std::string::npos);
  }
}

TEST(GradeScheme, FromBreaks) {
  const GradeScheme s = scheme_from_breaks({0.1, 0.25, 0.5});
  ASSERT_EQ(s.grades.size(), 4u);
  EXPECT_EQ(s.classify(-5), 1);
  EXPECT_EQ(s.classify(0.1), 2);
  EXPECT_EQ(s.classify(0.3), 3);
  EXPECT_EQ(s.classify(7), 4);
  EXPECT_EQ(s.grades[1].name_en, "[0.1, 0.25)");
  EXPECT_EQ(s.grades[0].name_en, "[, 0.1)");
  EXPECT_THROW(scheme_from_breaks({}), std::invalid_argument);
  EXPECT_THROW(scheme_from_breaks({0.5, 0.5}), std::invalid_argument);
  EXPECT_THROW(scheme_from_breaks({0.5, 0.2}), std::invalid_argument);
  EXPECT_THROW(scheme_from_breaks({NAN}), std::invalid_argument);
}

}  // namespace
}  // namespace eb::standards
