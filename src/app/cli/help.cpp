#include "app/cli/help.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "app/table/messages.hpp"

namespace eb::app {

namespace {

// Terminal columns of UTF-8 text: East Asian wide characters (CJK, fullwidth forms, Hangul) take two.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    const bool wide = (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                      (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
    width += wide ? 2 : 1;
    i += length;
  }
  return width;
}

}  // namespace

void LocalizedFormatter::set_lang(Lang lang) {
  lang_ = lang;
  // CLI11's own words in the usage line and the option lists.
  for (const char* label :
       {"Usage", "OPTIONS", "SUBCOMMAND", "SUBCOMMANDS", "Positionals", "REQUIRED", "Needs", "Excludes", "Env"})
    this->label(label, translate(lang, label));
}

std::string LocalizedFormatter::make_group(std::string group, bool is_positional,
                                           std::vector<const CLI::Option*> opts) const {
  return Formatter::make_group(translate(lang_, group), is_positional, std::move(opts));
}

std::string LocalizedFormatter::make_description(const CLI::App* app) const {
  const std::string description = translate(lang_, app->get_description());
  return description.empty() ? std::string() : description + "\n";
}

std::string LocalizedFormatter::make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const {
  // The group headings ("Subcommands") are written by the base class between its lists.
  std::string text = Formatter::make_subcommands(app, mode);
  std::vector<std::string> groups;
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; }))
    if (!sub->get_group().empty() && std::find(groups.begin(), groups.end(), sub->get_group()) == groups.end())
      groups.push_back(sub->get_group());
  for (const std::string& group : groups) {
    const std::string heading = "\n" + group + ":\n";
    const std::string localized = "\n" + translate(lang_, group) + ":\n";
    for (std::size_t at = text.find(heading); at != std::string::npos; at = text.find(heading, at + localized.size()))
      text.replace(at, heading.size(), localized);
  }
  return text;
}

std::string LocalizedFormatter::make_subcommand(const CLI::App* sub) const {
  std::stringstream out;
  CLI::detail::format_help(out, sub->get_display_name(true), translate(lang_, sub->get_description()),
                           get_column_width());
  return out.str();
}

std::string LocalizedFormatter::make_footer(const CLI::App* app) const {
  // Footers are examples and notes: each line is looked up on its own, so command lines stay as they are.
  const std::string footer = app->get_footer();
  return footer.empty() ? std::string() : translate_message(lang_, footer) + "\n";
}

std::string LocalizedFormatter::make_option_desc(const CLI::Option* opt) const {
  return translate(lang_, opt->get_description());
}

std::string LocalizedFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
  // As CLI::detail::format_help: the name in the first column, the description after it or on the next line.
  const std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
  const std::string description = make_option_desc(opt);
  const std::size_t column = get_column_width();
  const std::string indent(column, ' ');
  std::string line = name;
  const std::size_t width = display_width(name);
  if (!description.empty()) {
    line += width >= column ? "\n" + indent : std::string(column - width, ' ');
    for (const char c : description) {
      line += c;
      if (c == '\n') line += indent;
    }
  }
  return line + "\n";
}

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbouring characters.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The names an option may be typed as: --long and -s.
std::vector<std::string> option_spellings(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& name : opt->get_lnames()) names.push_back("--" + name);
    for (const std::string& name : opt->get_snames()) names.push_back("-" + name);
  }
  return names;
}

}  // namespace

std::vector<std::string> did_you_mean(std::string_view typed, const std::vector<std::string>& candidates) {
  constexpr std::size_t kMaxEdits = 2;
  constexpr std::size_t kMaxShown = 3;
  std::vector<std::pair<std::size_t, std::string>> close;
  // Dashes are not letters: "--p" is not a prefix worth suggesting for, "--pe" is.
  const std::string_view letters = typed.substr(std::min(typed.find_first_not_of('-'), typed.size()));
  for (const std::string& candidate : candidates) {
    if (candidate == typed) continue;
    std::size_t score = edit_distance(typed, candidate);
    if (letters.size() >= 2 && candidate.starts_with(typed)) score = std::min<std::size_t>(score, 1);
    // A short word is not close to everything of its length: at most one edit for three letters or fewer.
    if (score <= std::min(kMaxEdits, std::max<std::size_t>(letters.size(), 2) - 1) &&
        std::none_of(close.begin(), close.end(), [&](const auto& c) { return c.second == candidate; }))
      close.emplace_back(score, candidate);
  }
  std::stable_sort(close.begin(), close.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> names;
  for (std::size_t i = 0; i < close.size() && i < kMaxShown; ++i) names.push_back(close[i].second);
  return names;
}

std::string parse_failure_message(const CLI::App& root, const CLI::Error& error, Lang lang) {
  // The chain of commands given (ecobarrier water section import): options of every level apply (fall through).
  std::vector<const CLI::App*> chain{&root};
  for (;;) {
    const auto given = chain.back()->get_subcommands();
    if (given.empty()) break;
    chain.push_back(given.front());
  }
  const CLI::App& deepest = *chain.back();
  std::vector<std::string> commands;
  for (const CLI::App* sub : deepest.get_subcommands([](const CLI::App*) { return true; }))
    if (!sub->get_name().empty()) commands.push_back(sub->get_name());
  std::vector<std::string> options;
  for (const CLI::App* level : chain) {
    const auto names = option_spellings(*level);
    options.insert(options.end(), names.begin(), names.end());
  }

  std::string message = std::string(error.what()) + "\n";
  for (const std::string& word : root.remaining(true)) {
    const bool is_option = word.starts_with("-") && word.size() > 1;
    // --name=value: the name is what was mistyped.
    const std::string typed = is_option ? word.substr(0, word.find('=')) : word;
    const auto close = did_you_mean(typed, is_option ? options : commands);
    if (close.empty()) continue;
    std::string names;
    for (const std::string& name : close) names += (names.empty() ? "" : ", ") + name;
    message += fmt::format("{}: did you mean {}?\n", typed, names);
    break;
  }
  const std::string help = deepest.get_name().empty() || &deepest == &root
                               ? std::string("ecobarrier --help")
                               : fmt::format("ecobarrier {} --help", [&] {
                                   std::string path;
                                   for (std::size_t i = 1; i < chain.size(); ++i)
                                     path += (i > 1 ? " " : "") + chain[i]->get_name();
                                   return path;
                                 }());
  message += fmt::format("For more information, run: {}\n", help);
  return translate_message(lang, message);
}

}  // namespace eb::app
