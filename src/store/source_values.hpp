// Reading what the HJ 212 receiver stored as the hourly series the source engine judges (engine/source): per
// outlet, the hourly data (CN 2061) of a period with the O2 and the flow of each hour joined to every
// concentration. Rules (docs/sources.md):
// - concentration: the hour's Avg of each pollutant (the measured value; a device's own ZsAvg is not used, the
//   conversion to reference O2 is made by the engine from the measured O2);
// - O2: the Avg of a19001 of the same hour; flow: the Cou of a00000 (gas) or w00000 (water) of the same hour,
//   the volume that passed in that hour (m³), never an Avg flow times hours;
// - HJ 212-2005 codes (01, S01, B02, 011, B01, ...) are read as their HJ 212-2017 codes;
// - device flags are kept on the concentration; an O2 or flow whose own flag excludes it (F, M, S, D, C, B or
//   unknown) is left out (NaN) and counted, so that hour's conversion or load is undefined, never guessed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/source/hourly.hpp"
#include "store/workspace.hpp"

namespace eb::store {

struct OutletHourly {
  std::int64_t fid = 0;
  std::string enterprise_id, enterprise_name, outlet_id, outlet_name, kind, mn, standard;  // kind: gas | water
  std::optional<std::string> unit_code;  // deepest administrative unit containing the outlet
  double lon = 0, lat = 0;
  std::vector<engine::source::HourlyValue> values;  // one per pollutant and hour, in hour order
  int hours = 0;                                    // distinct hours with any hourly value
  int o2_left_out = 0;                              // hours whose O2 was sent with a flag that excludes it
  int flow_left_out = 0;                            // hours whose flow was sent with a flag that excludes it
  int off_hour = 0;                                 // hourly values stamped off the whole hour (left out)
  int duplicates = 0;  // a value sent under both its 2005 and its 2017 code for one hour (the 2017 one kept)
};

// Outlets of the registry (all, or those named by `outlets`: "enterprise_id/outlet_id", an outlet id or an MN),
// each with its hourly values in [begin, end) (Beijing time as epoch seconds). Outlets without data are listed
// with no values. Sorted by enterprise and outlet id. Reads source_value with SELECT only.
std::vector<OutletHourly> load_outlet_hours(Workspace& ws, std::int64_t begin, std::int64_t end,
                                            const std::vector<std::string>& outlets = {});
// The same, one outlet at a time: `each` gets the outlet with its values, which are dropped after it returns (the
// runs use this so that memory holds one outlet's period of hourly data, whatever the number of outlets).
void for_each_outlet_hours(Workspace& ws, std::int64_t begin, std::int64_t end, const std::vector<std::string>& outlets,
                           const std::function<void(OutletHourly&)>& each);

}  // namespace eb::store
