// Period assessment of surface water (环办〔2011〕22号): section classes from the period means of their
// samples, and the status of a river, basin or unit from its sections (class shares with >= 5 sections,
// otherwise the mean concentrations as one section).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "standards/gb3838.hpp"

namespace eb::engine::water {

struct SectionAssessment {
  std::string code;
  standards::Waterbody waterbody = standards::Waterbody::river;
  std::optional<int> target_class;
  std::map<std::string, std::pair<double, int>> means;  // item -> (period mean, samples)
  standards::SectionResult result;                      // class from the means (0: no routine item)
  std::optional<standards::TrophicState> trophic;       // lakes with trophic parameters
  std::optional<bool> target_met;                       // class no worse than the target
};

// `values`: every value of the section's samples in the period (item, value), detection-limit rule applied.
SectionAssessment assess_section(const std::string& code, standards::Waterbody waterbody,
                                 std::optional<int> target_class, const std::vector<standards::ItemValue>& values);

struct GroupAssessment {
  int sections = 0;                // sections with a class
  std::array<int, 6> per_class{};  // sections in I..V, worse than V
  bool by_proportions = false;     // >= 5 sections
  int cls = 0;                     // with fewer than 5 sections: the class of the mean concentrations
  std::string status_zh, status_en;
  double share_i_iii = 0, share_worse_v = 0;  // percent of sections
  int with_target = 0, target_met = 0;
};
GroupAssessment assess_group(const std::vector<const SectionAssessment*>& sections);

}  // namespace eb::engine::water
