#include "app/water/water_runs.hpp"

namespace eb::app {

double below_detection_value(const store::StoredSampleValue& v, io::BelowDetection rule) {
  if (!v.below_detection) return v.value;
  return rule == io::BelowDetection::half_limit ? v.value / 2 : rule == io::BelowDetection::limit ? v.value : 0.0;
}

std::vector<engine::water::SectionAssessment> assess_sections(store::Workspace& ws, const Period& period,
                                                              io::BelowDetection rule) {
  const auto samples = store::load_water_samples(ws, period);
  std::vector<engine::water::SectionAssessment> out;
  for (const auto& s : store::water_sections(ws)) {
    const auto it = samples.find(s.code);
    if (it == samples.end()) continue;
    std::vector<standards::ItemValue> values;
    for (const auto& v : it->second) values.push_back({v.item, below_detection_value(v, rule)});
    out.push_back(engine::water::assess_section(s.code, s.waterbody, s.target_class, values));
  }
  return out;
}

}  // namespace eb::app
