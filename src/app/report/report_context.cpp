#include "app/report/report_context.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "app/runs/run_env.hpp"

namespace eb::app::report {

std::string fixed(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

std::string grouped(double v, int decimals) {
  std::string s = fixed(std::fabs(v), decimals);
  const auto dot = s.find('.');
  std::string head = s.substr(0, dot), tail = dot == std::string::npos ? "" : s.substr(dot);
  std::string out;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (i && (head.size() - i) % 3 == 0) out += ',';
    out += head[i];
  }
  // No "-0": a negative value that rounds to zero is written without its sign.
  return (v < 0 && std::fabs(v) >= 0.5 * std::pow(10.0, -decimals) ? "-" : "") + out + tail;
}

std::string shell_word(const std::string& s) {
  if (s.find_first_of(" \t'\"$`\\|&;<>()*?") == std::string::npos && !s.empty()) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::optional<double> finite(std::optional<double> v) { return v && !std::isnan(*v) ? v : std::nullopt; }

double finite_or_zero(double v) { return std::isnan(v) ? 0.0 : v; }

int year_of(EpochSeconds t) { return epoch_to_beijing(t).date.year; }

std::string Report::name(const std::string& code) const {
  const auto it = units.find(code);
  if (it == units.end()) return code;
  return zh || it->second.name_en.empty() ? it->second.name_zh : it->second.name_en;
}

std::string Report::shown_path(const std::string& path) const {
  namespace fs = std::filesystem;
  // A relative path stays as the user gave it (it names no folder of this machine, and the reproduce commands run
  // from where the report ran); a database URI stays as it is.
  if (path.empty() || fs::path(path).is_relative() || path.find("://") != std::string::npos) return path;
  std::error_code ec;
  const fs::path file = fs::weakly_canonical(path, ec);
  if (ec) return path;
  const fs::path data = fs::weakly_canonical(runs::data_dir(), ec);
  if (!ec) {
    const fs::path in_data = file.lexically_relative(data);
    if (!in_data.empty() && *in_data.begin() != "..") return (fs::path("data") / in_data).generic_string();
  }
  const fs::path base = out_dir.empty() ? file.parent_path() : fs::weakly_canonical(fs::absolute(out_dir), ec);
  if (ec) return path;
  const fs::path relative = file.lexically_relative(base);
  return relative.empty() ? path : relative.generic_string();
}

std::string Report::recorded_source(const std::string& source) {
  if (source.empty() || source.front() != '/') return source;
  return std::filesystem::path(source).filename().string();
}

void Report::summarise(std::string_view name_zh, std::string_view name_en, const Paragraph& headline) {
  Paragraph p;
  // The space after the English label is outside the bold run: Markdown's "**x **" is not bold.
  p.spans.push_back({zh ? fmt::format("{}：", name_zh) : fmt::format("{}:", name_en), 0, true});
  if (!zh) p.spans.push_back({" ", 0, false});
  p.spans.insert(p.spans.end(), headline.spans.begin(), headline.spans.end());
  summary.push_back(std::move(p));
}

Paragraph Report::fallback(std::string_view what_zh, std::string_view what_en, int shown) const {
  return ParagraphBuilder()
      .text(zh ? fmt::format("工作空间没有 {} 年的{}；有数据的最近年份为 {} 年，以下按 {} 年列出。", year, what_zh,
                             shown, shown)
               : fmt::format("The workspace has no {} for {}; the latest year with data is {}, shown below.", what_en,
                             year, shown))
      .aside()
      .done();
}

Paragraph Report::none(std::string_view what_zh, std::string_view what_en) const {
  return ParagraphBuilder()
      .text(zh ? fmt::format("工作空间没有 {} 年及以前的{}，本节无数字。", year, what_zh)
               : fmt::format("The workspace has no {} for {} or any earlier year; this section has no figures.",
                             what_en, year))
      .aside()
      .done();
}

std::string Report::year_heading(int shown) const {
  if (shown == year) return "";
  return zh ? fmt::format("（{} 年数据）", shown) : fmt::format(" ({} data)", shown);
}

std::vector<MapUnit> map_units(const Report& r, const std::map<std::string, std::pair<double, std::string>>& values,
                               const std::set<std::string>& partial) {
  std::vector<MapUnit> out;
  for (const auto& g : r.leagues) {
    MapUnit m;
    m.code = g.unit.code;
    m.name = r.name(g.unit.code);
    m.wkb = g.wkb;
    if (const auto it = values.find(g.unit.code); it != values.end()) {
      m.value = it->second.first;
      m.value_text = it->second.second;
      m.partial = partial.count(g.unit.code) > 0;
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace eb::app::report
