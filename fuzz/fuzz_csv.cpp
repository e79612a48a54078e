// The CSV splitter and the number parsers every importer runs on each field.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/csv.hpp"
#include "core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  eb::CsvReader reader(text, "fuzz.csv");
  std::size_t last_line = 0;
  for (;;) {
    try {
      if (!reader.next()) break;
    } catch (const eb::Error&) {
      break;  // an over-long line, an open quote at the end, a truncated last record: typed refusals
    }
    // Lines only move forward and a record's raw text lies inside the input.
    if (reader.line() < last_line) __builtin_trap();
    last_line = reader.line();
    if (reader.raw().data() < text.data() || reader.raw().data() + reader.raw().size() > text.data() + text.size())
      __builtin_trap();
    for (const std::string_view field : reader.fields()) {
      const std::string_view trimmed = eb::trim(field);
      (void)eb::is_missing(trimmed);
      const auto general = eb::parse_number(trimmed);
      double plain = 0;
      // The fast path must agree with the general parser wherever it accepts a field.
      if (eb::parse_plain_decimal(trimmed, plain) && general && *general != plain) __builtin_trap();
    }
  }
  return 0;
}
