// The registry readers fed from text: station lists, water sections and water samples.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "io/station_list.hpp"
#include "io/water_samples.hpp"
#include "io/water_sections.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    switch (data[0] % 3) {
      case 0:
        (void)eb::io::read_station_list(text, "fuzz.csv");
        break;
      case 1:
        (void)eb::io::read_water_sections(text, "fuzz.csv");
        break;
      default:
        (void)eb::io::read_water_samples(text, "fuzz.csv", eb::io::BelowDetection::half_limit);
        break;
    }
  } catch (const eb::Error&) {
  }
  return 0;
}
