// The message catalogue (data/messages.csv, compiled into the binary): the Chinese of every English text the command
// line shows (help, parse errors, errors; progress bars are named in both languages by the runs themselves). The
// English text in the code is the key, so ~30 command files keep readable literals and the translation happens once, at
// output time. Keys with `{}` are templates for messages built with fmt::format or concatenation: each `{}` matches
// text (a name without spaces when a space follows it), carried over into the Chinese in order (or by `{0}`, `{1}`
// when the Chinese needs another order).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/table/lang.hpp"

namespace eb::app {

struct CatalogueEntry {
  std::string en, zh;
  bool is_template = false;  // the key holds `{}`
  std::size_t line = 0;      // in data/messages.csv, for the completeness test's messages
};

// Every entry of the catalogue, in file order. Throws InputError naming messages.csv:line for a malformed catalogue
// (a missing column, an empty side, a duplicate key, a placeholder count that differs between the two languages).
const std::vector<CatalogueEntry>& message_catalogue();

// The text in `lang`: under Lang::en the text itself; under Lang::zh the catalogue's Chinese of the exact key, or the
// text itself when there is none. For help texts (fixed strings).
std::string translate(Lang lang, std::string_view en);

// An error message in `lang`: each line is looked up as an exact key, then against the templates (the
// first whose pattern matches the whole line wins), and kept as it is when nothing matches. Text in a placeholder is
// translated again when it is itself a catalogue message (an error wrapped in another's context).
std::string translate_message(Lang lang, std::string_view text);

// Whether the template `en_template` (with `{}`) matches the whole of `text`. Exposed for the tests.
bool template_matches(std::string_view en_template, std::string_view text);

}  // namespace eb::app
