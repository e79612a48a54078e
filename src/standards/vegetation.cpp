#include "standards/vegetation.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

double ndvi(double red, double nir) {
  const double sum = nir + red;
  if (std::isnan(sum) || sum == 0) return std::numeric_limits<double>::quiet_NaN();
  return (nir - red) / sum;
}

double fvc_raw(double ndvi, double ndvi_soil, double ndvi_veg) {
  if (std::isnan(ndvi) || !(ndvi_veg > ndvi_soil)) return std::numeric_limits<double>::quiet_NaN();
  return (ndvi - ndvi_soil) / (ndvi_veg - ndvi_soil);
}

double fvc(double ndvi, double ndvi_soil, double ndvi_veg) {
  const double raw = fvc_raw(ndvi, ndvi_soil, ndvi_veg);
  if (std::isnan(raw)) return raw;
  return raw < 0 ? 0.0 : (raw > 1 ? 1.0 : raw);
}

std::optional<int> GradeScheme::classify(double value) const {
  if (std::isnan(value)) return std::nullopt;
  for (const Grade& g : grades) {
    if (value >= g.lower && value < g.upper) return g.code;
  }
  return std::nullopt;  // unreachable for a contiguous scheme from -inf to +inf
}

const Grade* GradeScheme::find(int code) const {
  for (const Grade& g : grades) {
    if (g.code == code) return &g;
  }
  return nullptr;
}

namespace {
const std::map<std::string, GradeScheme, std::less<>>& schemes() {
  static const auto all = [] {
    std::map<std::string, GradeScheme, std::less<>> out;
    const DataTable& t = DataTable::get("fvc_grades.csv");
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (std::size_t r = 0; r < t.size(); ++r) {
      GradeScheme& s = out[t.at(r, "scheme")];
      s.id = t.at(r, "scheme");
      if (s.source.empty()) s.source = t.at(r, "source");
      Grade g;
      g.code = static_cast<int>(t.number(r, "code"));
      g.lower = t.at(r, "lower").empty() ? -inf : t.number(r, "lower");
      g.upper = t.at(r, "upper").empty() ? inf : t.number(r, "upper");
      g.name_zh = t.at(r, "name_zh");
      g.name_en = t.at(r, "name_en");
      s.grades.push_back(g);
    }
    for (const auto& [id, s] : out) {
      // A scheme must tile the whole line: a broken embedded table is a build defect.
      if (s.grades.front().lower != -inf || s.grades.back().upper != inf)
        throw std::logic_error("fvc_grades.csv: scheme " + id + " does not cover -inf..+inf");
      for (std::size_t i = 1; i < s.grades.size(); ++i) {
        if (s.grades[i].lower != s.grades[i - 1].upper)
          throw std::logic_error("fvc_grades.csv: scheme " + id + " has a gap or overlap");
      }
    }
    return out;
  }();
  return all;
}
}  // namespace

const GradeScheme& fvc_grade_scheme(std::string_view id) {
  const auto& all = schemes();
  const auto it = all.find(id);
  if (it == all.end()) {
    std::string known;
    for (const auto& [name, s] : all) known += (known.empty() ? "" : ", ") + name;
    throw std::invalid_argument("unknown grading scheme \"" + std::string(id) + "\" (known: " + known + ")");
  }
  return it->second;
}

std::vector<std::string> fvc_grade_scheme_ids() {
  std::vector<std::string> out;
  for (const auto& [id, s] : schemes()) out.push_back(id);
  return out;
}

}  // namespace eb::standards
