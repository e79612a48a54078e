#include "standards/grade_scheme.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include "standards/tables.hpp"

namespace eb::standards {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// Throws std::logic_error (`what` names the table) unless the grades tile the whole line.
void require_contiguous(const GradeScheme& s, const std::string& what) {
  if (s.grades.empty() || s.grades.front().lower != -kInf || s.grades.back().upper != kInf)
    throw std::logic_error(what + ": scheme " + s.id + " does not cover -inf..+inf");
  for (std::size_t i = 1; i < s.grades.size(); ++i) {
    if (s.grades[i].lower != s.grades[i - 1].upper)
      throw std::logic_error(what + ": scheme " + s.id + " has a gap or overlap");
  }
}

const std::map<std::string, GradeScheme, std::less<>>& schemes() {
  static const auto all = [] {
    std::map<std::string, GradeScheme, std::less<>> out;
    const DataTable& t = DataTable::get("grade_schemes.csv");
    for (std::size_t r = 0; r < t.size(); ++r) {
      GradeScheme& s = out[t.at(r, "scheme")];
      s.id = t.at(r, "scheme");
      s.quantity = t.at(r, "quantity");
      if (s.source.empty()) s.source = t.at(r, "source");
      Grade g;
      g.code = static_cast<int>(t.number(r, "code"));
      g.lower = t.at(r, "lower").empty() ? -kInf : t.number(r, "lower");
      g.upper = t.at(r, "upper").empty() ? kInf : t.number(r, "upper");
      g.name_zh = t.at(r, "name_zh");
      g.name_en = t.at(r, "name_en");
      s.grades.push_back(g);
    }
    // A broken embedded table is a build defect.
    for (const auto& [id, s] : out) require_contiguous(s, "grade_schemes.csv");
    return out;
  }();
  return all;
}
}  // namespace

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

const GradeScheme& grade_scheme(std::string_view id) {
  const auto& all = schemes();
  const auto it = all.find(id);
  if (it == all.end()) {
    std::string known;
    for (const auto& [name, s] : all) known += (known.empty() ? "" : ", ") + name;
    throw std::invalid_argument("unknown grading scheme \"" + std::string(id) + "\" (known: " + known + ")");
  }
  return it->second;
}

std::vector<std::string> grade_scheme_ids() {
  std::vector<std::string> out;
  for (const auto& [id, s] : schemes()) out.push_back(id);
  return out;
}

GradeScheme scheme_from_breaks(const std::vector<double>& breaks) {
  if (breaks.empty()) throw std::invalid_argument("give at least one break");
  if (breaks.size() > 253) throw std::invalid_argument("at most 253 breaks (class codes 1..254)");
  GradeScheme s;
  s.id = "breaks";
  s.quantity = "custom";
  s.source = "given breaks";
  const auto bound = [](double v) {
    std::ostringstream out;
    if (!std::isinf(v)) out << v;
    return out.str();
  };
  double lower = -kInf;
  for (std::size_t i = 0; i <= breaks.size(); ++i) {
    const double upper = i < breaks.size() ? breaks[i] : kInf;
    if (i < breaks.size() && !std::isfinite(upper)) throw std::invalid_argument("breaks must be finite numbers");
    if (!(upper > lower)) throw std::invalid_argument("breaks must be strictly ascending");
    Grade g;
    g.code = static_cast<int>(i) + 1;
    g.lower = lower;
    g.upper = upper;
    g.name_en = g.name_zh = "[" + bound(lower) + ", " + bound(upper) + ")";
    s.grades.push_back(g);
    lower = upper;
  }
  return s;
}

}  // namespace eb::standards
