// Grading schemes: a quantity (FVC, RSEI, ...) cut into contiguous classes [lower, upper). The schemes are data
// (data/standards/grade_schemes.csv) with their source; none of them is a national standard (docs/raster.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

struct Grade {
  int code = 0;
  double lower = 0;  // inclusive; -inf for the first grade
  double upper = 0;  // exclusive; +inf for the last grade
  std::string name_zh, name_en;
};

struct GradeScheme {
  std::string id;
  std::string quantity;  // what it grades: "fvc", "rsei", or "custom" for --breaks
  std::string source;
  std::vector<Grade> grades;  // ascending, contiguous, from -inf to +inf
  // The grade whose [lower, upper) holds `value`; nullopt for NaN.
  std::optional<int> classify(double value) const;
  const Grade* find(int code) const;
};

// Throws std::invalid_argument naming the known schemes when `id` is not one of them.
const GradeScheme& grade_scheme(std::string_view id);
std::vector<std::string> grade_scheme_ids();

// An ad-hoc scheme from ascending breaks b1 < b2 < ... < bn: codes 1..n+1 for (-inf,b1), [b1,b2), ..., [bn,+inf).
// Throws std::invalid_argument for no breaks, more than 254 classes, or breaks that are not strictly ascending.
GradeScheme scheme_from_breaks(const std::vector<double>& breaks);

}  // namespace eb::standards
