// Surface-water runs shared by the water commands and the assessment: section classes of a period from the stored
// samples, with a stated rule for values below the detection limit.
#pragma once

#include <vector>

#include "core/period.hpp"
#include "engine/water/assessment.hpp"
#include "io/water_samples.hpp"
#include "store/water_store.hpp"
#include "store/workspace.hpp"

namespace eb::app {

// The value a sample enters the means with: as measured, or for "<DL" half the limit, the limit or zero.
double below_detection_value(const store::StoredSampleValue& v, io::BelowDetection rule);

// Every section with samples in the period, classed from the period means of its samples.
std::vector<engine::water::SectionAssessment> assess_sections(store::Workspace& ws, const Period& period,
                                                              io::BelowDetection rule);

}  // namespace eb::app
