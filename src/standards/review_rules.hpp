// The parameters of the automatic data-review checks (data/standards/review_rules.csv; sources in its source
// column and data/standards/README.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace eb::standards {

enum class ReviewSeverity { invalidate, suspect };
std::string_view severity_name(ReviewSeverity s);

struct ReviewSetting {
  double value = 0;
  ReviewSeverity severity = ReviewSeverity::suspect;
};

class ReviewRules {
 public:
  // The bundled table.
  static const ReviewRules& bundled();
  // Parses a table in the same layout (rule,parameter,setting,value,severity,source,note); throws
  // std::invalid_argument naming the line on a bad row.
  static ReviewRules parse(std::string_view csv_text, const std::string& name);

  // The wildcard rows of each kind of subject: `*` for ambient stations, `outlet:*` for pollution-source
  // outlets (whose parameters are HJ 212 codes). A subject's rows never fall back to the other's.
  static constexpr std::string_view kStationWildcard = "*";
  static constexpr std::string_view kOutletWildcard = "outlet:*";

  // The setting of a rule for a parameter, falling back to the rule's `wildcard` row; nullopt when neither exists.
  std::optional<ReviewSetting> find(std::string_view rule, std::string_view parameter, std::string_view setting,
                                    std::string_view wildcard = kStationWildcard) const;
  // Like find, but a missing setting is a defect of the table (std::logic_error).
  ReviewSetting get(std::string_view rule, std::string_view parameter, std::string_view setting,
                    std::string_view wildcard = kStationWildcard) const;
  // The device flags with a severity (rule device_flag, value 1) of the wildcard's subjects.
  const std::map<std::string, ReviewSeverity>& device_flags(std::string_view wildcard = kStationWildcard) const;

 private:
  std::map<std::string, ReviewSetting> settings_;                       // "rule|parameter|setting"
  std::map<std::string, std::map<std::string, ReviewSeverity>> flags_;  // by the row's parameter (wildcard)
  std::string name_;
};

}  // namespace eb::standards
