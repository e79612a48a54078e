#include "standards/review_rules.hpp"

#include <stdexcept>
#include <vector>

#include "core/csv.hpp"
#include "standards/tables.hpp"

namespace eb::standards {

std::string_view severity_name(ReviewSeverity s) { return s == ReviewSeverity::invalidate ? "invalidate" : "suspect"; }

namespace {
std::string key_of(std::string_view rule, std::string_view parameter, std::string_view setting) {
  std::string k(rule);
  k += '|';
  k += parameter;
  k += '|';
  k += setting;
  return k;
}
}  // namespace

ReviewRules ReviewRules::parse(std::string_view csv_text, const std::string& name) {
  ReviewRules r;
  r.name_ = name;
  CsvReader csv(csv_text, name);
  if (!csv.next() || csv.size() < 5 || trim(csv[0]) != "rule" || trim(csv[1]) != "parameter" ||
      trim(csv[2]) != "setting" || trim(csv[3]) != "value" || trim(csv[4]) != "severity")
    throw std::invalid_argument(name + ":1: header must start rule,parameter,setting,value,severity");
  while (csv.next()) {
    const auto fail = [&](const std::string& why) {
      throw std::invalid_argument(name + ":" + std::to_string(csv.line()) + ": " + why);
    };
    if (csv.size() < 5) fail("fewer than 5 fields");
    const std::string rule(trim(csv[0])), parameter(trim(csv[1])), setting(trim(csv[2])), severity(trim(csv[4]));
    ReviewSetting s;
    const auto v = parse_number(trim(csv[3]));
    if (!v) fail("value \"" + std::string(csv[3]) + "\" is not a number");
    s.value = *v;
    if (severity == "invalidate")
      s.severity = ReviewSeverity::invalidate;
    else if (severity == "suspect")
      s.severity = ReviewSeverity::suspect;
    else
      fail("severity \"" + severity + "\" is not invalidate or suspect");
    if (!r.settings_.emplace(key_of(rule, parameter, setting), s).second)
      fail("duplicate " + rule + " " + parameter + " " + setting);
    if (rule == "device_flag" && s.value != 0) r.flags_[parameter][setting] = s.severity;
  }
  return r;
}

const ReviewRules& ReviewRules::bundled() {
  static const ReviewRules rules = parse(DataTable::text("review_rules.csv"), "review_rules.csv");
  return rules;
}

std::optional<ReviewSetting> ReviewRules::find(std::string_view rule, std::string_view parameter,
                                               std::string_view setting, std::string_view wildcard) const {
  if (auto it = settings_.find(key_of(rule, parameter, setting)); it != settings_.end()) return it->second;
  if (auto it = settings_.find(key_of(rule, wildcard, setting)); it != settings_.end()) return it->second;
  return std::nullopt;
}

ReviewSetting ReviewRules::get(std::string_view rule, std::string_view parameter, std::string_view setting,
                               std::string_view wildcard) const {
  if (const auto s = find(rule, parameter, setting, wildcard)) return *s;
  throw std::logic_error(name_ + ": no " + std::string(rule) + " " + std::string(setting) + " for " +
                         std::string(parameter));
}

const std::map<std::string, ReviewSeverity>& ReviewRules::device_flags(std::string_view wildcard) const {
  static const std::map<std::string, ReviewSeverity> kNone;
  const auto it = flags_.find(std::string(wildcard));
  return it == flags_.end() ? kNone : it->second;
}

}  // namespace eb::standards
