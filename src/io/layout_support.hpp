// Helpers shared by the observation layout readers (not part of the io interface).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/observation_batch.hpp"

namespace eb::io::detail {

// Where a cell is and what it should hold, for the rejection message.
struct CellContext {
  std::uint32_t line;
  std::uint16_t column;
  std::string_view station;
  EpochSeconds time;  // formatted only when a rejection is written
  const ParameterInfo* parameter;
  std::string_view averaging = {};  // averaging code for messages ("1h"), empty when not known here
};

void reject(std::vector<Rejection>& out, const CellContext& c, std::string_view raw, std::string reason);
void reject_line(std::vector<Rejection>& out, std::uint32_t line, std::uint32_t column, std::string_view raw,
                 std::string reason);

enum class CellResult { value, missing, rejected };
// Parses a measurement cell: missing markers are skipped; text that is not a number, negative values of
// non-negative quantities and values outside the parameter's plausible range (standards/plausibility.hpp, checked
// in the canonical unit) are rejected. `factor` converts to the canonical unit.
CellResult parse_measurement(ObservationBatch& b, const CellContext& c, std::string_view text, double factor,
                             double& out);

std::string header_error(const std::string& file, std::uint32_t line, std::uint32_t column, std::string_view what);

}  // namespace eb::io::detail
