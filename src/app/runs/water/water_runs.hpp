// Surface-water pieces shared by the water runs, the assessment and the bulletin: section classes of a period
// from the stored samples, with a stated rule for values below the detection limit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/period.hpp"
#include "engine/water/assessment.hpp"
#include "io/water_samples.hpp"
#include "store/water_store.hpp"
#include "store/workspace.hpp"

namespace eb::app::runs {

// The value a sample enters the means with: as measured, or for "<DL" half the limit, the limit or zero.
double below_detection_value(const store::StoredSampleValue& v, io::BelowDetection rule);

// Every section with samples in the period, classed from the period means of its samples.
std::vector<engine::water::SectionAssessment> assess_sections(store::Workspace& ws, const Period& period,
                                                              io::BelowDetection rule);

// The option value that names a detection-limit rule: half, limit or zero.
std::string_view water_below_detection_name(io::BelowDetection rule);
// A --below-dl value, or a UsageError.
io::BelowDetection water_below_detection_option(const std::string& text);
// A --period (or --baseline) value of the water commands, or a UsageError naming the option.
Period water_period_option(const std::string& text, std::string_view option);

// The main pollutants as written in reports: up to three items worse than class III with their multiples
// ("NH3N:1.50|COD:0.75").
std::string water_main_pollutants(const standards::SectionResult& r);

}  // namespace eb::app::runs
