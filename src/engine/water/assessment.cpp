#include "engine/water/assessment.hpp"

namespace eb::engine::water {

SectionAssessment assess_section(const std::string& code, standards::Waterbody waterbody,
                                 std::optional<int> target_class, const std::vector<standards::ItemValue>& values) {
  SectionAssessment a;
  a.code = code;
  a.waterbody = waterbody;
  a.target_class = target_class;
  std::map<std::string, std::pair<double, int>> sums;
  for (const auto& v : values) {
    auto& s = sums[v.item];
    s.first += v.value;
    ++s.second;
  }
  std::vector<standards::ItemValue> means;
  for (const auto& [item, s] : sums) {
    a.means[item] = {s.first / s.second, s.second};
    means.push_back({item, s.first / s.second});
  }
  a.result = standards::classify_section(means, waterbody);
  if (waterbody == standards::Waterbody::lake) a.trophic = standards::trophic_state(means);
  if (target_class && a.result.cls > 0) a.target_met = a.result.cls <= *target_class;
  return a;
}

GroupAssessment assess_group(const std::vector<const SectionAssessment*>& sections) {
  GroupAssessment g;
  std::vector<const SectionAssessment*> classed;
  for (const auto* s : sections)
    if (s->result.cls > 0) classed.push_back(s);
  g.sections = static_cast<int>(classed.size());
  if (classed.empty()) return g;
  for (const auto* s : classed) {
    ++g.per_class[static_cast<std::size_t>(s->result.cls - 1)];
    if (s->target_met) {
      ++g.with_target;
      g.target_met += *s->target_met ? 1 : 0;
    }
  }
  const standards::RiverStatus shares = standards::river_status(g.per_class);
  g.share_i_iii = shares.share_i_iii;
  g.share_worse_v = shares.share_worse_v;
  if (g.sections >= standards::kMinSectionsForProportions) {
    g.by_proportions = true;
    g.status_zh = shares.status_zh;
    g.status_en = shares.status_en;
    return g;
  }
  // Fewer than five sections: the mean of the sections' period means, item by item, as one section.
  std::map<std::string, std::pair<double, int>> sums;
  bool all_lakes = true;
  for (const auto* s : classed) {
    all_lakes &= s->waterbody == standards::Waterbody::lake;
    for (const auto& [item, m] : s->means) {
      sums[item].first += m.first;
      ++sums[item].second;
    }
  }
  std::vector<standards::ItemValue> means;
  for (const auto& [item, s] : sums) means.push_back({item, s.first / s.second});
  g.cls = standards::classify_section(means, all_lakes ? standards::Waterbody::lake : standards::Waterbody::river).cls;
  g.status_zh = std::string(standards::water_status(g.cls, true));
  g.status_en = std::string(standards::water_status(g.cls, false));
  return g;
}

}  // namespace eb::engine::water
