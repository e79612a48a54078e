#include <gtest/gtest.h>

#include "core/utf8.hpp"

namespace eb {

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ASCII, long enough for the word loop"));
  EXPECT_TRUE(is_valid_utf8("呼和浩特 ≤ 𝔘 é"));
  EXPECT_EQ(find_invalid_utf8("abcdefghij\xFFxyz"), 10u);
  EXPECT_EQ(find_invalid_utf8("ab\xC3"), 2u);               // cut sequence
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);             // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);         // overlong
  EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80"), 1u);        // surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);     // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("ok \xC4\xE3\xBA\xC3"), 3u);  // 你好 in GBK
}

TEST(Utf8, RecognisesGbk) {
  const std::string gbk = "\xBA\xF4\xCA\xD0\xD2\xBB\xBC\xE0";  // 呼市一监
  EXPECT_TRUE(looks_like_gbk(gbk, 0));
  EXPECT_FALSE(looks_like_gbk("\xFF\xFF", 0));
  EXPECT_FALSE(looks_like_gbk("\x80", 0));
}

TEST(Utf8, QuotesInputSafely) {
  EXPECT_EQ(quote_input("站点"), "站点");
  EXPECT_EQ(quote_input("a\xFF"
                        "b"),
            "a\\xFFb");
  EXPECT_EQ(quote_input("a\nb\tc"), "a\\x0Ab\tc");
  const std::string big(50'000'000, 'x');
  const std::string q = quote_input(big);
  EXPECT_LT(q.size(), 120u);
  EXPECT_NE(q.find("(50000000 bytes)"), std::string::npos);
  // Cut at a character boundary: no half of 测 is left.
  const std::string cut = quote_input("测测测", 4);
  EXPECT_TRUE(is_valid_utf8(cut));
  EXPECT_EQ(cut.substr(0, 3), "测");
}

TEST(Utf8, EscapesMessagesAsAWhole) {
  EXPECT_EQ(escape_invalid_utf8("line 1\n\xC4\xE3 name"), "line 1\n\\xC4\\xE3 name");
  EXPECT_TRUE(is_valid_utf8(escape_invalid_utf8(std::string(100, '\xFF'))));
  EXPECT_LT(escape_invalid_utf8(std::string(1 << 20, 'x'), 1000).size(), 1100u);
}

}  // namespace eb
