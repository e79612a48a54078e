// The message catalogue is complete for the command line: every help text of every command and option, every usage
// error the CLI throws, and no entry that nothing uses; and "did you mean" for mistyped words.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "app/cli/cli.hpp"
#include "app/cli/context.hpp"
#include "app/cli/help.hpp"
#include "app/table/messages.hpp"

namespace eb::app {
namespace {

namespace fs = std::filesystem;

// Every text `ecobarrier ... --help` shows from the code: descriptions of commands and options, option groups and
// command groups, named with where they stand.
std::vector<std::pair<std::string, std::string>> help_texts(const CLI::App& app, const std::string& path) {
  std::vector<std::pair<std::string, std::string>> texts;
  if (!app.get_description().empty()) texts.emplace_back(path, app.get_description());
  for (const CLI::Option* opt : app.get_options()) {
    if (!opt->get_description().empty()) texts.emplace_back(path + " " + opt->get_name(), opt->get_description());
    if (!opt->get_group().empty()) texts.emplace_back(path + " " + opt->get_name() + " (group)", opt->get_group());
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (!sub->get_group().empty()) texts.emplace_back(path + " " + sub->get_name() + " (group)", sub->get_group());
    const auto below = help_texts(*sub, path + " " + sub->get_name());
    texts.insert(texts.end(), below.begin(), below.end());
  }
  return texts;
}

TEST(CliHelp, EveryHelpTextHasChinese) {
  Context ctx;
  CLI::App app;
  build_cli(app, ctx);
  std::set<std::string> missing;
  std::string where;
  for (const auto& [path, text] : help_texts(app, "ecobarrier")) {
    if (translate(Lang::zh, text) != text) continue;
    if (missing.insert(text).second) where += path + ": \"" + text + "\"\n";
  }
  EXPECT_TRUE(missing.empty()) << missing.size() << " help texts without Chinese in data/messages.csv:\n" << where;
}

TEST(CliHelp, HelpIsChineseUnderZh) {
  Context ctx;
  ctx.lang_name = "zh";
  CLI::App app;
  build_cli(app, ctx);
  std::vector<std::string> args{"--help"};  // CLI11 parses a reversed vector
  try {
    app.parse(args);
    FAIL() << "--help did not call for help";
  } catch (const CLI::CallForHelp& e) {
    std::ostringstream out, err;
    std::dynamic_pointer_cast<LocalizedFormatter>(app.get_formatter())->set_lang(Lang::zh);
    app.exit(e, out, err);
    EXPECT_NE(out.str().find("用法"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("子命令"), std::string::npos) << out.str();
    EXPECT_EQ(out.str().find("Output format"), std::string::npos) << out.str();
  }
}

// String literals of C++ sources, adjacent ones joined ("a" "b" is "ab"), escapes undone: what the program can print.
std::string literals_of(const std::string& code) {
  std::string all;
  std::size_t i = 0;
  bool joined = false;  // the last literal may continue
  while (i < code.size()) {
    const char c = code[i];
    if (c == '/' && i + 1 < code.size() && code[i + 1] == '/') {
      i = code.find('\n', i);
      if (i == std::string::npos) break;
    } else if (c == '/' && i + 1 < code.size() && code[i + 1] == '*') {
      i = code.find("*/", i + 2);
      if (i == std::string::npos) break;
      i += 2;
    } else if (c == '\'') {
      // a character literal: '"' must not open a string
      i += code[i + 1] == '\\' ? 4 : 3;
      joined = false;
    } else if (c == '"') {
      if (!joined) all += '\x01';
      for (++i; i < code.size() && code[i] != '"'; ++i) {
        if (code[i] == '\\' && i + 1 < code.size()) {
          ++i;
          all += code[i] == 'n' ? '\n' : code[i] == 't' ? '\t' : code[i];
        } else {
          all += code[i];
        }
      }
      ++i;
      joined = true;
    } else {
      if (!std::isspace(static_cast<unsigned char>(c))) joined = false;
      ++i;
    }
  }
  return all;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Literals of the program's sources and of CLI11 (whose own words — "Usage", its parse errors — are translated too).
const std::string& program_literals() {
  static const std::string all = [] {
    std::string text;
    std::vector<fs::path> roots{fs::path(EB_SOURCE_DIR) / "src"};
    for (const std::string& dir : {std::string(EB_CLI11_INCLUDE), std::string("/usr/include")})
      if (!dir.empty() && fs::exists(fs::path(dir) / "CLI")) {
        roots.push_back(fs::path(dir) / "CLI");
        break;
      }
    for (const fs::path& root : roots)
      for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.path().extension() == ".cpp" || entry.path().extension() == ".hpp")
          text += literals_of(read_text(entry.path()));
    return text;
  }();
  return all;
}

// The fixed pieces of a catalogue key (split at `{}`), without the spaces around them.
std::vector<std::string> fixed_pieces(std::string_view key) {
  std::vector<std::string> pieces;
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = key.find("{}", from);
    std::string_view piece = key.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from);
    while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
    if (!piece.empty()) pieces.emplace_back(piece);
    if (at == std::string_view::npos) break;
    from = at + 2;
  }
  return pieces;
}

// Texts composed at run time from pieces no single literal holds: CLI11's "A subcommand" + " is required", and the C
// library's strerror() texts that end file errors.
const std::set<std::string> kComposedElsewhere{"A subcommand is required", "No such file or directory",
                                               "Permission denied"};

// The parts of a text that a program glues together: split at `{}`, ": " and "; " (name + ": " + message; a help
// text listing entries of a registry), without the spaces around them.
std::vector<std::string> glued_parts(std::string_view key) {
  std::vector<std::string> parts;
  for (const std::string& piece : fixed_pieces(key)) {
    std::size_t from = 0;
    for (;;) {
      const std::size_t colon = piece.find(": ", from), semicolon = piece.find("; ", from);
      const std::size_t at = std::min(colon, semicolon);
      std::string part = piece.substr(from, at == std::string::npos ? std::string::npos : at - from);
      while (!part.empty() && part.front() == ' ') part.erase(part.begin());
      while (!part.empty() && part.back() == ' ') part.pop_back();
      if (!part.empty()) parts.push_back(part);
      if (at == std::string::npos) break;
      from = at + 2;
    }
  }
  return parts;
}

TEST(CliHelp, EveryCatalogueEntryIsUsed) {
  const std::string& literals = program_literals();
  ASSERT_NE(literals.find("The following argument was not expected: "), std::string::npos)
      << "CLI11's headers not found; their texts are part of the catalogue";
  std::string unused;
  for (const CatalogueEntry& e : message_catalogue()) {
    if (kComposedElsewhere.contains(e.en)) continue;
    // A footer line or a line of a multi-line text is a piece of a longer literal.
    for (const std::string& part : glued_parts(e.en))
      if (literals.find(part) == std::string::npos) {
        unused += "messages.csv:" + std::to_string(e.line) + ": \"" + part + "\"\n";
        break;
      }
  }
  EXPECT_TRUE(unused.empty()) << "catalogue entries no source prints:\n" << unused;
}

// Every `throw UsageError(...)` of the command line has its message in the catalogue: each literal of the statement
// is a fixed piece of one key.
TEST(CliHelp, EveryUsageErrorHasChinese) {
  std::string missing;
  std::size_t errors = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(EB_SOURCE_DIR) / "src" / "app" / "cli")) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string code = read_text(entry.path());
    for (std::size_t at = code.find("throw UsageError("); at != std::string::npos;
         at = code.find("throw UsageError(", at + 1)) {
      ++errors;
      const std::size_t end = code.find(");", at);
      const std::string statement = code.substr(at, end - at);
      std::vector<std::string> pieces;
      for (const std::string& literal : [&] {
             std::vector<std::string> out;
             std::stringstream split(literals_of(statement));
             for (std::string s; std::getline(split, s, '\x01');)
               if (!s.empty()) out.push_back(s);
             return out;
           }())
        for (const std::string& piece : fixed_pieces(literal))
          if (piece.size() >= 3) pieces.push_back(piece);  // ", " or "\"" joins are not the message
      // Each piece in some key: a message may be assembled from a template and words put into it.
      const bool found = std::all_of(pieces.begin(), pieces.end(), [&](const std::string& p) {
        return std::any_of(message_catalogue().begin(), message_catalogue().end(),
                           [&](const CatalogueEntry& e) { return e.en.find(p) != std::string::npos; });
      });
      if (!found && !pieces.empty())
        missing += entry.path().filename().string() + ": " + statement.substr(0, 120) + "\n";
    }
  }
  EXPECT_GT(errors, 10u) << "the scan found too few throws to be scanning the CLI";
  EXPECT_TRUE(missing.empty()) << "usage errors without a catalogue entry:\n" << missing;
}

TEST(CliHelp, DidYouMeanFindsNearWords) {
  const std::vector<std::string> commands{"summary", "station", "soil", "serve", "unit", "water"};
  EXPECT_EQ(did_you_mean("sumary", commands), std::vector<std::string>{"summary"});
  EXPECT_EQ(did_you_mean("summray", commands), std::vector<std::string>{"summary"});  // swapped letters
  EXPECT_EQ(did_you_mean("stat", commands), std::vector<std::string>{"station"});     // a prefix
  EXPECT_EQ(did_you_mean("watre", commands), std::vector<std::string>{"water"});
  EXPECT_TRUE(did_you_mean("import", commands).empty());
  EXPECT_TRUE(did_you_mean("x", commands).empty());
  const std::vector<std::string> options{"--format", "--lang", "--output", "-o", "--period"};
  EXPECT_EQ(did_you_mean("--formt", options), std::vector<std::string>{"--format"});
  EXPECT_EQ(did_you_mean("--perod", options), std::vector<std::string>{"--period"});
  EXPECT_TRUE(did_you_mean("--unknown-thing", options).empty());
}

TEST(CliHelp, ParseErrorSuggestsInBothLanguages) {
  for (const Lang lang : {Lang::en, Lang::zh}) {
    Context ctx;
    ctx.lang_name = lang == Lang::en ? "en" : "zh";
    CLI::App app;
    build_cli(app, ctx);
    std::vector<std::string> args{"ws.gpkg", "sumary"};  // reversed: ecobarrier sumary ws.gpkg
    try {
      app.parse(args);
      FAIL() << "a mistyped command parsed";
    } catch (const CLI::ParseError& e) {
      const std::string message = parse_failure_message(app, e, lang);
      EXPECT_NE(message.find("summary"), std::string::npos) << message;
      EXPECT_EQ(message.find("did you mean") != std::string::npos, lang == Lang::en) << message;
    }
  }
}

}  // namespace
}  // namespace eb::app
