#include "app/table/messages.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "core/csv.hpp"
#include "core/error.hpp"

namespace eb::embedded {
std::string_view messages_file(std::string_view name);  // generated from data/messages.csv (cmake/EmbedFiles.cmake)
}

namespace eb::app {

namespace {

constexpr std::string_view kCatalogueName = "messages.csv";

std::size_t count_key_placeholders(std::string_view en) {
  std::size_t n = 0;
  for (std::size_t at = en.find("{}"); at != std::string_view::npos; at = en.find("{}", at + 2)) ++n;
  return n;
}

// One placeholder of a Chinese text at `at`: `{}` (next in order) or `{N}`; its length, or 0 when there is none.
std::size_t placeholder_at(std::string_view zh, std::size_t at, int& index) {
  if (zh[at] != '{') return 0;
  std::size_t end = at + 1;
  int n = -1;
  while (end < zh.size() && zh[end] >= '0' && zh[end] <= '9') {
    n = (n < 0 ? 0 : n * 10) + (zh[end] - '0');
    ++end;
  }
  if (end >= zh.size() || zh[end] != '}') return 0;
  index = n;  // -1: in order
  return end - at + 1;
}

// The Chinese of a template with the captured pieces put in.
std::string fill(std::string_view zh, const std::vector<std::string>& pieces) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t at = 0; at < zh.size();) {
    int index = -1;
    if (const std::size_t len = placeholder_at(zh, at, index)) {
      const std::size_t i = index < 0 ? next++ : static_cast<std::size_t>(index);
      if (i < pieces.size()) out += pieces[i];
      at += len;
    } else {
      out += zh[at++];
    }
  }
  return out;
}

// `text` against the template's literal pieces (split at `{}`): the start and the end must match exactly and the
// pieces between are found left to right, each placeholder taking the shortest text that lets the next piece follow.
// A placeholder followed by a space stands for a name (an option, a path, a value): it takes no spaces, so that
// "{} is required" matches CLI11's "--period is required" and not "x.csv:1:1: column sample is required".
bool fits(std::string_view piece, std::string_view literal_after) {
  return !literal_after.starts_with(' ') || piece.find(' ') == std::string_view::npos;
}

bool match(std::string_view en_template, std::string_view text, std::vector<std::string>* captures) {
  std::vector<std::string_view> literals;
  std::size_t from = 0;
  for (std::size_t at = en_template.find("{}"); at != std::string_view::npos; at = en_template.find("{}", from)) {
    literals.push_back(en_template.substr(from, at - from));
    from = at + 2;
  }
  literals.push_back(en_template.substr(from));
  if (literals.size() == 1) return en_template == text;
  const std::string_view first = literals.front(), last = literals.back();
  if (text.size() < first.size() + last.size() || !text.starts_with(first) || !text.ends_with(last)) return false;
  std::string_view rest = text.substr(first.size(), text.size() - first.size() - last.size());
  for (std::size_t i = 1; i + 1 < literals.size(); ++i) {
    // A placeholder takes at least one character: "{}: {}" must not match ": x" with an empty first piece.
    const std::size_t at = literals[i].empty() ? 1 : rest.find(literals[i], 1);
    if (at == std::string_view::npos || at > rest.size() || !fits(rest.substr(0, at), literals[i])) return false;
    if (captures) captures->emplace_back(rest.substr(0, at));
    rest = rest.substr(at + literals[i].size());
  }
  if (rest.empty() || !fits(rest, last)) return false;
  if (captures) captures->emplace_back(rest);
  return true;
}

struct Catalogue {
  std::vector<CatalogueEntry> entries;
  std::unordered_map<std::string, std::size_t> exact;  // en -> index in entries
  std::vector<std::size_t> templates;                  // indices, in file order
};

const Catalogue& catalogue() {
  static const Catalogue loaded = [] {
    Catalogue c;
    const std::string_view text = embedded::messages_file(kCatalogueName);
    CsvReader csv(text, kCatalogueName);
    const auto fail = [&](const std::string& why) {
      return InputError(fmt::format("{}:{}: {}", kCatalogueName, csv.line(), why));
    };
    if (!csv.next() || csv.size() != 2 || csv[0] != "en" || csv[1] != "zh") throw fail("expected the header en,zh");
    while (csv.next()) {
      if (csv.size() != 2) throw fail(fmt::format("expected 2 columns (en,zh), got {}", csv.size()));
      CatalogueEntry e{std::string(csv[0]), std::string(csv[1]), false, csv.line()};
      if (e.en.empty() || e.zh.empty()) throw fail("both the English and the Chinese text are needed");
      const std::size_t placeholders = count_key_placeholders(e.en);
      e.is_template = placeholders > 0;
      std::size_t in_zh = 0;
      for (std::size_t at = 0; at < e.zh.size(); ++at) {
        int index = -1;
        if (placeholder_at(e.zh, at, index)) {
          if (index >= static_cast<int>(placeholders)) throw fail(fmt::format("{{{}}} has no piece in the key", index));
          ++in_zh;
        }
      }
      if (in_zh != placeholders)
        throw fail(fmt::format("the key has {} placeholders {{}}, the Chinese {}", placeholders, in_zh));
      if (!c.exact.emplace(e.en, c.entries.size()).second) throw fail("duplicate key \"" + e.en + "\"");
      if (e.is_template) c.templates.push_back(c.entries.size());
      c.entries.push_back(std::move(e));
    }
    return c;
  }();
  return loaded;
}

std::string translate_line(std::string_view line, int depth) {
  const Catalogue& c = catalogue();
  // Indentation (lists of problems under a headline) stays as it is.
  const std::size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos) return std::string(line);
  const std::string_view body = line.substr(indent);
  const std::string prefix(line.substr(0, indent));
  if (const auto it = c.exact.find(std::string(body)); it != c.exact.end()) return prefix + c.entries[it->second].zh;
  for (const std::size_t i : c.templates) {
    std::vector<std::string> pieces;
    if (!match(c.entries[i].en, body, &pieces)) continue;
    if (depth < 2)
      for (auto& piece : pieces) piece = translate_line(piece, depth + 1);
    return prefix + fill(c.entries[i].zh, pieces);
  }
  return std::string(line);
}

}  // namespace

const std::vector<CatalogueEntry>& message_catalogue() { return catalogue().entries; }

std::string translate(Lang lang, std::string_view en) {
  if (lang == Lang::en || en.empty()) return std::string(en);
  const Catalogue& c = catalogue();
  const auto it = c.exact.find(std::string(en));
  return it == c.exact.end() ? std::string(en) : c.entries[it->second].zh;
}

std::string translate_message(Lang lang, std::string_view text) {
  if (lang == Lang::en) return std::string(text);
  std::string out;
  for (std::size_t from = 0;;) {
    const std::size_t end = text.find('\n', from);
    out += translate_line(text.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from), 0);
    if (end == std::string_view::npos) break;
    out += '\n';
    from = end + 1;
  }
  return out;
}

bool template_matches(std::string_view en_template, std::string_view text) { return match(en_template, text, nullptr); }

}  // namespace eb::app
