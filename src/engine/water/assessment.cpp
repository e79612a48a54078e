#include "engine/water/assessment.hpp"

#include <set>

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

std::vector<std::string> Membership::missing() const {
  const std::set<std::string> with_class(valid.begin(), valid.end());
  std::vector<std::string> out;
  for (const auto& code : expected)
    if (!with_class.count(code)) out.push_back(code);
  return out;
}

Membership membership(const std::vector<std::string>& expected, const std::vector<const SectionAssessment*>& assessed) {
  std::set<std::string> present, valid;
  for (const auto* s : assessed) {
    present.insert(s->code);
    if (s->result.cls > 0) valid.insert(s->code);
  }
  Membership m;
  m.expected = expected;
  for (const auto& code : expected) {
    if (present.count(code)) m.present.push_back(code);
    if (valid.count(code)) m.valid.push_back(code);
  }
  return m;
}

std::optional<double> GroupChange::change_i_iii_pp() const {
  if (!now || !then) return std::nullopt;
  return now->share_i_iii - then->share_i_iii;
}

std::optional<double> GroupChange::change_worse_v_pp() const {
  if (!now || !then) return std::nullopt;
  return now->share_worse_v - then->share_worse_v;
}

GroupChange compare_group(const std::vector<const SectionAssessment*>& now,
                          const std::vector<const SectionAssessment*>& then) {
  std::set<std::string> then_valid, now_valid;
  for (const auto* s : then)
    if (s->result.cls > 0) then_valid.insert(s->code);
  std::vector<const SectionAssessment*> now_common, then_common;
  GroupChange c;
  for (const auto* s : now) {
    if (s->result.cls <= 0) continue;
    now_valid.insert(s->code);
    if (!then_valid.count(s->code)) continue;
    c.common.push_back(s->code);
    now_common.push_back(s);
  }
  for (const auto* s : then)
    if (s->result.cls > 0 && now_valid.count(s->code)) then_common.push_back(s);
  c.like_for_like = !now_valid.empty() && now_valid == then_valid;
  if (!c.common.empty()) {
    c.now = assess_group(now_common);
    c.then = assess_group(then_common);
  }
  return c;
}

}  // namespace eb::engine::water
