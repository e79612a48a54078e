// The bulletin being written (app/report): its language, workspace, the workspace's units, input sources and
// series spans, the document so far, and the wording shared by every section (units' names, the command that
// reproduces a figure, the "no data for the year" paragraphs, number formatting).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/report/bulletin.hpp"
#include "app/report/charts.hpp"
#include "app/table/lang.hpp"
#include "core/civil_time.hpp"
#include "store/admin_store.hpp"
#include "store/summary_store.hpp"
#include "store/workspace.hpp"

namespace eb::app::report {

// `v` with `decimals` fixed decimals.
std::string fixed(double v, int decimals);
// Thousands separators for areas and counts (1,234,567), which people read in bulletins.
std::string grouped(double v, int decimals = 0);
// `s` as one word of a POSIX shell command line (quoted when it needs to be).
std::string shell_word(const std::string& s);
// A figure as a table would show it: NaN (no value) as nothing, or as 0 where the bulletin writes 0 for it.
std::optional<double> finite(std::optional<double> v);
double finite_or_zero(double v);
// The Beijing-time calendar year of an instant.
int year_of(EpochSeconds t);

struct Report {
  Lang l = Lang::zh;
  bool zh = true;
  std::string ws_path, registry;  // registry empty: none (no assessment scores)
  // Where the bulletin is written: the paths it prints are relative to it (shown_path); empty: the workspace's
  // folder (the API's bulletin).
  std::string out_dir;
  int year = 0;
  store::Workspace* ws = nullptr;
  std::map<std::string, store::AdminUnit> units;
  std::vector<store::InputSource> sources;
  std::vector<store::KindSpan> spans;
  std::vector<store::UnitGeometry> leagues;  // level 2, for the maps
  Bulletin doc;
  std::vector<std::string> synthetic;  // the banner's lines: the parts that rest on SYNTHETIC data
  std::string map_note;                // under every map (map_note_text); empty: the schematic-boundaries default
  std::vector<Paragraph> summary;      // the summary's headline paragraphs, in the order of the sections

  std::string t(std::string_view z, std::string_view e) const { return tr(l, z, e); }
  // A unit's name in the bulletin's language (its code when the workspace lacks it).
  std::string name(const std::string& code) const;
  std::string command(const std::string& args) const { return "ecobarrier " + args; }
  std::string ws_arg() const { return shell_word(shown_path(ws_path)); }
  std::string ws_label() const { return t("工作空间 ", "workspace ") + shown_path(ws_path); }
  // A file as the bulletin prints it: a relative path or a database URI as given; an absolute path (no build or
  // home folders in a published document) as data/... when it is ecobarrier's bundled data, else relative to the
  // bulletin's folder.
  std::string shown_path(const std::string& path) const;
  // An input's source as recorded at import: an absolute path by its file name (it was read on the importing
  // machine, and a published document names no build or home folders), anything else as recorded.
  static std::string recorded_source(const std::string& source);
  // Adds a section's headline paragraph (its figures keep their notes) to the summary, led by the section's name.
  void summarise(std::string_view name_zh, std::string_view name_en, const Paragraph& headline);
  // A paragraph saying that `what` has no data for the bulletin's year and which year is shown instead.
  Paragraph fallback(std::string_view what_zh, std::string_view what_en, int shown) const;
  // A paragraph saying that `what` has no data for the bulletin's year or any earlier one.
  Paragraph none(std::string_view what_zh, std::string_view what_en) const;
  // " (2022 data)" after a section's title when it shows another year than the bulletin's; else empty.
  std::string year_heading(int shown) const;
  // A sub-heading inside a section.
  static Paragraph heading(std::string text) { return Paragraph{{{std::move(text), 0, true}}, false, true}; }
};

// The leagues and cities for a map, with the value and its label of those in `values` (by unit code); those in
// `partial` hold a value from part of the period only (drawn hollow).
std::vector<MapUnit> map_units(const Report& r, const std::map<std::string, std::pair<double, std::string>>& values,
                               const std::set<std::string>& partial = {});

}  // namespace eb::app::report
