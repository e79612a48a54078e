#include "io/layout_support.hpp"

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/utf8.hpp"
#include "standards/plausibility.hpp"

namespace eb::io::detail {

void reject(std::vector<Rejection>& out, const CellContext& c, std::string_view raw, std::string reason) {
  Rejection r;
  r.line = c.line;
  r.column = c.column;
  r.station = std::string(c.station);
  r.time = format_beijing_iso(c.time);
  r.parameter = c.parameter ? std::string(c.parameter->code) : std::string();
  r.raw = std::string(raw);
  r.reason = std::move(reason);
  out.push_back(std::move(r));
}

void reject_line(std::vector<Rejection>& out, std::uint32_t line, std::uint32_t column, std::string_view raw,
                 std::string reason) {
  Rejection r;
  r.line = line;
  r.column = column;
  r.raw = std::string(raw);
  r.reason = std::move(reason);
  out.push_back(std::move(r));
}

CellResult parse_measurement(ObservationBatch& b, const CellContext& c, std::string_view text, double factor,
                             double& out) {
  if (is_missing(text)) {
    ++b.missing;
    return CellResult::missing;
  }
  const auto v = parse_number(text);
  if (!v) {
    reject(b.rejections, c, text, fmt::format("unparsable number \"{}\"", quote_input(text)));
    return CellResult::rejected;
  }
  if (*v < 0 && c.parameter && c.parameter->non_negative) {
    reject(b.rejections, c, text, fmt::format("negative {} {} is impossible", c.parameter->code, text));
    return CellResult::rejected;
  }
  out = *v * factor;
  if (c.parameter) {
    if (auto why = standards::implausible_value(*c.parameter, out, c.averaging)) {
      reject(b.rejections, c, text, std::move(*why));
      return CellResult::rejected;
    }
  }
  return CellResult::value;
}

std::string header_error(const std::string& file, std::uint32_t line, std::uint32_t column, std::string_view what) {
  return fmt::format("{}:{}:{}: {}", file, line, column, what);
}

}  // namespace eb::io::detail
