// Group membership and the like-for-like change of engine::water (docs/water.md, "Membership"): hand-built
// sections with a class, without one, and missing, checked against counts and shares computed by hand.
#include <gtest/gtest.h>

#include "engine/water/assessment.hpp"

namespace eb::engine::water {
namespace {

// A section with only a class (0: samples but no class).
SectionAssessment section(const std::string& code, int cls) {
  SectionAssessment s;
  s.code = code;
  s.result.cls = cls;
  return s;
}

TEST(WaterMembership, ExpectedPresentValidAndMissing) {
  const SectionAssessment a = section("A", 1), b = section("B", 0), z = section("Z", 3);
  // C expected without samples, B with samples but no class, Z assessed but not of this group.
  const Membership m = membership({"A", "B", "C"}, {&a, &b, &z});
  EXPECT_EQ(m.expected, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(m.present, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(m.valid, (std::vector<std::string>{"A"}));
  EXPECT_FALSE(m.complete());
  EXPECT_EQ(m.missing(), (std::vector<std::string>{"B", "C"}));
  EXPECT_TRUE(membership({"A"}, {&a}).complete());
  EXPECT_FALSE(membership({"C"}, {}).complete());  // a group with no data at all is never complete
}

TEST(WaterMembership, ChangeIsComputedOnTheCommonSections) {
  // Now: A I, B III, N (added) worse than V. Then: A I, B V, D (dropped) III.
  const SectionAssessment a1 = section("A", 1), b1 = section("B", 3), n1 = section("N", 6);
  const SectionAssessment a0 = section("A", 1), b0 = section("B", 5), d0 = section("D", 3);
  const GroupChange c = compare_group({&a1, &b1, &n1}, {&a0, &b0, &d0});
  EXPECT_EQ(c.common, (std::vector<std::string>{"A", "B"}));
  EXPECT_FALSE(c.like_for_like);
  ASSERT_TRUE(c.now && c.then);
  EXPECT_DOUBLE_EQ(c.now->share_i_iii, 100.0);  // A, B in I-III
  EXPECT_DOUBLE_EQ(c.then->share_i_iii, 50.0);  // A only
  EXPECT_DOUBLE_EQ(*c.change_i_iii_pp(), 50.0);
  EXPECT_DOUBLE_EQ(*c.change_worse_v_pp(), 0.0);  // N's worse-than-V does not enter
  // The plain difference would be 66.7 - 66.7 = 0 points: not what is reported.
  EXPECT_NEAR(assess_group({&a1, &b1, &n1}).share_i_iii - assess_group({&a0, &b0, &d0}).share_i_iii, 0.0, 1e-9);
}

TEST(WaterMembership, SameSectionsAreLikeForLikeAndNoCommonSectionGivesNoChange) {
  const SectionAssessment a1 = section("A", 2), b1 = section("B", 6), a0 = section("A", 4), b0 = section("B", 6);
  const GroupChange same = compare_group({&a1, &b1}, {&a0, &b0});
  EXPECT_TRUE(same.like_for_like);
  EXPECT_DOUBLE_EQ(*same.change_i_iii_pp(), 50.0);
  EXPECT_DOUBLE_EQ(*same.change_worse_v_pp(), 0.0);
  // A section without a class in one period is not common.
  const SectionAssessment b_unclassed = section("B", 0);
  const GroupChange partly = compare_group({&a1, &b_unclassed}, {&a0, &b0});
  EXPECT_EQ(partly.common, (std::vector<std::string>{"A"}));
  EXPECT_FALSE(partly.like_for_like);
  EXPECT_DOUBLE_EQ(*partly.change_i_iii_pp(), 100.0);
  const GroupChange none = compare_group({&a1}, {&b0});
  EXPECT_TRUE(none.common.empty());
  EXPECT_FALSE(none.like_for_like);
  EXPECT_FALSE(none.change_i_iii_pp());
  EXPECT_FALSE(compare_group({}, {}).like_for_like);
}

}  // namespace
}  // namespace eb::engine::water
