// Every observation layout's reader (CNEMC wide, long table, UCI Beijing, aqistudy daily, water samples) and
// header detection. The first byte picks the layout so that one corpus exercises them all.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "io/observation_layouts.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& layouts = eb::io::observation_layouts();
  const auto& layout = layouts[data[0] % layouts.size()];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    (void)eb::io::detect_layout(text);
    const eb::io::ObservationBatch batch = layout.read(text, "fuzz.csv", {});
    (void)batch;
  } catch (const eb::Error&) {
    // a typed refusal (file:line:column) is a correct answer to bad input
  }
  return 0;
}
