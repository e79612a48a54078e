// `water assess`: the period assessment of surface water (环办〔2011〕22号) by section, river, basin, league/city,
// banner/county or the whole region, over a set of sections (national, provincial, all), with each group's
// membership, a like-for-like change against a baseline period and a stated rule for values below the detection
// limit (docs/water.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/table/table.hpp"
#include "core/period.hpp"
#include "engine/water/assessment.hpp"
#include "io/water_samples.hpp"

namespace eb::app::runs {

enum class WaterAssessLevel { section, river, basin, unit, county, region };
// section, river, basin, unit, county or region; UsageError for any other name (the CLI's message).
WaterAssessLevel water_assess_level(std::string_view name);

struct WaterAssessRequest {
  std::string workspace;
  Period period;
  WaterAssessLevel level = WaterAssessLevel::section;
  std::optional<Period> baseline;  // for the section's baseline class and the groups' changes in points
  io::BelowDetection below_detection = io::BelowDetection::half_limit;
  std::string set = "all";  // a set of data/standards/water_section_sets.csv: national, provincial, all
};
// The request of the command's option values, or a UsageError naming the bad one (--period, --baseline,
// --below-dl, --set, in that order); `baseline` empty: none.
WaterAssessRequest water_assess_request(const std::string& workspace, const std::string& period,
                                        const std::string& level, const std::string& baseline,
                                        const std::string& below_detection, const std::string& set = "all");

// One section with samples in the period.
struct WaterAssessSection {
  engine::water::SectionAssessment assessment;  // code, waterbody, period means, class, trophic state, target met
  std::string name, river, basin;
  std::string control_level;     // as imported
  std::string assessment_level;  // national, provincial or other (data/standards/water_assessment_levels.csv)
  std::optional<std::string> league_code, county_code;
  int samples = 0;                    // the most samples of any one item
  std::optional<int> baseline_class;  // its class in the baseline period, when it had one
};
// One river, basin, league/city, banner/county or the region: every group with at least one section of the set in
// the workspace, whether or not it has samples in the period.
struct WaterAssessGroup {
  std::string key;                       // river or basin name, unit or county code, region code; empty: not stated
  engine::water::Membership members;     // expected, with samples, with a class in the period
  engine::water::GroupAssessment group;  // over members.valid: per-class counts, method, status, shares, targets
  bool complete() const { return members.complete(); }
  // With a baseline: the membership there, the group over its own sections with a class (when it had any), and the
  // change on the sections with a class in both periods.
  std::optional<engine::water::Membership> baseline_members;
  std::optional<engine::water::GroupAssessment> baseline;
  std::optional<engine::water::GroupChange> change;
  std::optional<double> change_i_iii_pp() const;    // like for like: share in I-III now less then, in points
  std::optional<double> change_worse_v_pp() const;  // share worse than V now less then
};
struct WaterAssessResult {
  Period period;
  std::optional<Period> baseline;
  WaterAssessLevel level = WaterAssessLevel::section;
  io::BelowDetection below_detection = io::BelowDetection::half_limit;
  std::string set = "all";
  int sections_in_set = 0;                   // sections of the workspace in the set
  int sections_outside_set = 0;              // left out by the set
  std::vector<WaterAssessSection> sections;  // every level: the sections of the set assessed in the period
  std::vector<WaterAssessGroup> groups;      // every level but section: by key, ascending
};
WaterAssessResult run_water_assess(const WaterAssessRequest& req);
Document water_assess_document(const WaterAssessResult& r, Lang lang);

}  // namespace eb::app::runs
