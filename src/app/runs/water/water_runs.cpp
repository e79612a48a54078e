#include "app/runs/water/water_runs.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace eb::app::runs {

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

std::string_view water_below_detection_name(io::BelowDetection rule) {
  switch (rule) {
    case io::BelowDetection::half_limit:
      return "half";
    case io::BelowDetection::limit:
      return "limit";
    case io::BelowDetection::zero:
      return "zero";
  }
  return "half";
}

io::BelowDetection water_below_detection_option(const std::string& text) {
  const auto rule = io::parse_below_detection(text);
  if (!rule) throw UsageError("--below-dl: expected half, limit or zero, got " + text);
  return *rule;
}

Period water_period_option(const std::string& text, std::string_view option) {
  const auto p = parse_period(text);
  if (!p) throw UsageError(fmt::format("{}: expected 2019, 2019-03, 2019Q1 or FROM..TO, got {}", option, text));
  return *p;
}

std::string water_main_pollutants(const standards::SectionResult& r) {
  std::string out;
  for (std::size_t i = 0; i < r.worse_than_iii.size() && i < 3; ++i)
    out += fmt::format("{}{}:{:.2f}", out.empty() ? "" : "|", r.worse_than_iii[i].item, r.worse_than_iii[i].times);
  return out;
}

}  // namespace eb::app::runs
