// Period assessment of surface water (环办〔2011〕22号): section classes from the period means of their
// samples, and the status of a river, basin or unit from its sections (class shares with >= 5 sections,
// otherwise the mean concentrations as one section).
#pragma once

#include <array>
#include <cstddef>
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

// Who a group is made of in one period (docs/water.md, "Membership"): the sections it should have (its sections
// in the workspace, within the chosen set), those with samples in the period, and those with a class. Codes in
// the order the expected list gives them.
struct Membership {
  std::vector<std::string> expected, present, valid;
  bool complete() const { return valid.size() == expected.size(); }
  std::vector<std::string> missing() const;  // expected without a class, in order
};
// `assessed`: the sections assessed in the period (any group); only the expected ones count.
Membership membership(const std::vector<std::string>& expected, const std::vector<const SectionAssessment*>& assessed);

// A group's change against a baseline, like for like: the shares of both periods computed over the sections with
// a class in both ("common"), so that a section added, dropped or without samples in one period never moves the
// change. `like_for_like`: the sections with a class are the same in both periods (the change is then the plain
// difference of the groups' shares).
struct GroupChange {
  std::vector<std::string> common;  // codes with a class in both periods, in the order of `now`
  bool like_for_like = false;
  std::optional<GroupAssessment> now, then;         // over the common sections; none when there is no common section
  std::optional<double> change_i_iii_pp() const;    // share in I-III now less then, percentage points
  std::optional<double> change_worse_v_pp() const;  // share worse than V now less then
};
// `now`, `then`: the group's sections assessed in each period (those without a class are left out).
GroupChange compare_group(const std::vector<const SectionAssessment*>& now,
                          const std::vector<const SectionAssessment*>& then);

}  // namespace eb::engine::water
