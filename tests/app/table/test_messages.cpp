// The message catalogue (data/messages.csv): well formed, both languages, templates that carry their pieces over.
#include <gtest/gtest.h>

#include <set>

#include "app/table/messages.hpp"

namespace eb::app {
namespace {

bool has_chinese(const std::string& s) {
  // CJK Unified Ideographs are three UTF-8 bytes starting E4..E9.
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0xE4 && static_cast<unsigned char>(c) <= 0xE9) return true;
  return false;
}

TEST(Messages, EveryEntryHasBothLanguages) {
  const auto& entries = message_catalogue();
  ASSERT_GT(entries.size(), 100u);
  std::set<std::string> keys;
  for (const CatalogueEntry& e : entries) {
    EXPECT_FALSE(e.en.empty()) << "messages.csv:" << e.line;
    EXPECT_TRUE(has_chinese(e.zh)) << "messages.csv:" << e.line << ": the Chinese of \"" << e.en << "\" has no Chinese";
    EXPECT_NE(e.en, e.zh) << "messages.csv:" << e.line;
    EXPECT_TRUE(keys.insert(e.en).second) << "messages.csv:" << e.line << ": duplicate";
  }
}

TEST(Messages, EnglishIsTheKeyItself) {
  EXPECT_EQ(translate(Lang::en, "Workspace"), "Workspace");
  EXPECT_EQ(translate(Lang::zh, "Workspace"), "工作空间");
  EXPECT_EQ(translate(Lang::zh, "a text nobody wrote"), "a text nobody wrote");
}

TEST(Messages, TemplatesCarryTheirPieces) {
  EXPECT_TRUE(template_matches("{}: expected stations, outlets or all", "x: expected stations, outlets or all"));
  EXPECT_FALSE(template_matches("{}: expected stations, outlets or all", ": expected stations, outlets or all"));
  EXPECT_FALSE(template_matches("{} is required", "is required"));
  // A name before a space has no spaces: another layer's sentence is not CLI11's "--x is required".
  EXPECT_FALSE(template_matches("{} is required", "x.csv:1:1: column sample is required"));
  EXPECT_EQ(translate_message(Lang::zh, "x.csv:1:1: column sample is required"),
            "x.csv:1:1: column sample is required");
  EXPECT_EQ(translate_message(Lang::zh, "--period is required"), "需要 --period");
  EXPECT_EQ(translate_message(Lang::en, "--period is required"), "--period is required");
  // Every line on its own; indentation kept; unknown lines kept.
  EXPECT_EQ(translate_message(Lang::zh, "--period is required\n  --lang is required\nsomething else"),
            "需要 --period\n  需要 --lang\nsomething else");
}

TEST(Messages, AWrappedMessageIsTranslatedInside) {
  // "did you mean" around CLI11's "not expected": both parts in Chinese.
  const std::string zh = translate_message(Lang::zh, "--formt: did you mean --format?");
  EXPECT_NE(zh.find("--format"), std::string::npos);
  EXPECT_TRUE(has_chinese(zh)) << zh;
}

}  // namespace
}  // namespace eb::app
