// Help and command-line errors in the user's language (the catalogue of app/table/messages.hpp), and "did you mean"
// for a mistyped command or option.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "app/table/lang.hpp"

namespace eb::app {

// CLI11's help layout with every description, group name, label and footer line looked up in the catalogue. One
// formatter is shared by the whole command tree (set on the top-level app before the commands are added); its
// language is set once the command line is parsed (--lang may follow --help).
class LocalizedFormatter final : public CLI::Formatter {
 public:
  explicit LocalizedFormatter(Lang lang) { set_lang(lang); }
  void set_lang(Lang lang);

  std::string make_group(std::string group, bool is_positional, std::vector<const CLI::Option*> opts) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_subcommands(const CLI::App* app, CLI::AppFormatMode mode) const override;
  std::string make_subcommand(const CLI::App* sub) const override;
  std::string make_footer(const CLI::App* app) const override;
  std::string make_option_desc(const CLI::Option* opt) const override;
  // The option's line with the description column aligned by display width (a Chinese character takes two
  // columns and three bytes; CLI11 pads by bytes).
  std::string make_option(const CLI::Option* opt, bool is_positional) const override;

 private:
  Lang lang_ = Lang::zh;
};

// The candidates closest to `typed`: within 2 edits (insert, delete, change, swap of neighbours), or starting with
// `typed` (at least 2 characters); the nearest first, at most 3. Empty when none is close.
std::vector<std::string> did_you_mean(std::string_view typed, const std::vector<std::string>& candidates);

// The message for a failed parse of `root`: CLI11's text in `lang`, a suggestion for the first mistyped command or
// option (from the commands and options of the deepest command given, and the options of those above it), and where
// to find help.
std::string parse_failure_message(const CLI::App& root, const CLI::Error& error, Lang lang);

}  // namespace eb::app
