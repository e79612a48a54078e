#include <gtest/gtest.h>

#include "standards/uscc.hpp"

using namespace eb::standards;

TEST(Uscc, PublishedCodesAreValid) {
  // GB 32100-2015's example and codes of listed companies.
  for (const char* code : {"91350100M000100Y43", "91110000802100433B", "91440300708461136T", "914403001922038216"})
    EXPECT_TRUE(is_valid_uscc(code)) << code;
}

TEST(Uscc, RefusesWrongCheckLengthAndAlphabet) {
  EXPECT_FALSE(is_valid_uscc("91350100M000100Y44"));  // check character changed
  EXPECT_FALSE(is_valid_uscc("91350100M000100Y4"));   // 17 characters
  EXPECT_FALSE(is_valid_uscc("91350100I000100Y43"));  // I is not in the alphabet
  EXPECT_FALSE(is_valid_uscc("91350100m000100Y43"));  // lower case
  EXPECT_EQ(uscc_check_char("91350100M000100Y4"), '3');
  EXPECT_FALSE(uscc_check_char("91350100O000100Y4"));
}
