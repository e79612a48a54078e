// `water assess`: the period assessment of surface water (环办〔2011〕22号) by section, river, basin, league/city
// or the whole region, with a baseline period and a stated rule for values below the detection limit
// (docs/water.md).
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

enum class WaterAssessLevel { section, river, basin, unit, region };
// section, river, basin, unit; any other name is the whole region (the CLI checks the choice, the API does not).
WaterAssessLevel water_assess_level(std::string_view name);

struct WaterAssessRequest {
  std::string workspace;
  Period period;
  WaterAssessLevel level = WaterAssessLevel::section;
  std::optional<Period> baseline;  // for the section's baseline class and the groups' changes in points
  io::BelowDetection below_detection = io::BelowDetection::half_limit;
};
// The request of the command's option values, or a UsageError naming the bad one (--period, --baseline,
// --below-dl, in that order); `baseline` empty: none.
WaterAssessRequest water_assess_request(const std::string& workspace, const std::string& period,
                                        const std::string& level, const std::string& baseline,
                                        const std::string& below_detection);

// One section with samples in the period.
struct WaterAssessSection {
  engine::water::SectionAssessment assessment;  // code, waterbody, period means, class, trophic state, target met
  std::string name, river, basin;
  std::optional<std::string> league_code;
  int samples = 0;                    // the most samples of any one item
  std::optional<int> baseline_class;  // its class in the baseline period, when it had one
};
// One river, basin, league/city or the region.
struct WaterAssessGroup {
  std::string key;                       // river or basin name, unit code, region code; empty: not stated
  std::vector<std::string> sections;     // codes of the sections that entered, in the workspace's order
  engine::water::GroupAssessment group;  // sections with a class, per-class counts, method, status, shares, targets
  // The same group in the baseline period, when it had sections with a class there.
  std::optional<engine::water::GroupAssessment> baseline;
  std::optional<double> change_i_iii_pp() const;    // share in I-III now less then, in percentage points
  std::optional<double> change_worse_v_pp() const;  // share worse than V now less then
};
struct WaterAssessResult {
  Period period;
  std::optional<Period> baseline;
  WaterAssessLevel level = WaterAssessLevel::section;
  io::BelowDetection below_detection = io::BelowDetection::half_limit;
  std::vector<WaterAssessSection> sections;  // every level: the sections assessed in the period
  std::vector<WaterAssessGroup> groups;      // every level but section: by key, ascending
};
WaterAssessResult run_water_assess(const WaterAssessRequest& req);
Document water_assess_document(const WaterAssessResult& r, Lang lang);

}  // namespace eb::app::runs
