// Emission standards of stationary sources as data: limits per standard, source category and pollutant
// (data/standards/emission_limits.csv), the HJ 212 pollutant codes (hj212_codes.csv) and the HJ 212 data flags
// (hj212_flags.csv); and the conversion of a measured concentration to the standard's reference oxygen.
// Sources, confidence and the rules the standards leave open: docs/sources_emission.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"

namespace eb::standards {

// One pollutant code of HJ 212-2017 Appendix B (and the HJ 212-2005 code where one is known).
struct Hj212Code {
  std::string code;       // HJ 212-2017: a34013, a21026, w01018, ...
  std::string code_2005;  // HJ 212-2005: 01, 02, 011, ... (empty when not known)
  std::string medium;     // "gas" or "water"
  std::string kind;       // pollutant, oxygen, flow, state, ph, activity
  std::string name_zh, name_en;
  std::string unit;       // mg/m³, mg/L, Bq/L, %, m³/h, ... (empty for pH)
  std::string parameter;  // the code in parameters.csv, where the same quantity has one
  // A mass concentration whose load (flow x concentration) is meaningful: kind pollutant, unit mg/m³ or mg/L.
  bool has_load() const { return kind == "pollutant" && (unit == "mg/m³" || unit == "mg/L"); }
};

// The code by its 2017 or its 2005 form; nullptr if unknown.
const Hj212Code* hj212_code(std::string_view code);
const std::vector<Hj212Code>& hj212_codes();

// HJ 212-2017 data flags (N, F, M, S, D, C, T, B) and whether a value so flagged counts for exceedances and loads.
enum class FlagUse { valid, excluded, unknown };
FlagUse hj212_flag_use(char flag);  // '\0' (no flag sent) counts as N

// One row of the limits table.
struct EmissionLimit {
  std::string standard;       // gb13223-2011, gb13271-2014, ule-2015, gb16297-1996, gb8978-1996
  std::string category;       // coal_boiler_new, class1_existing, ... ("*": every category of the standard)
  std::string pollutant;      // HJ 212-2017 code
  std::optional<double> low;  // lower bound of a range limit (pH 6~9); nothing for a maximum
  double high = 0;            // the maximum allowed concentration (0 with a note: "not detected")
  std::string unit;
  std::optional<double> ref_o2;  // reference O2 in %, where the standard converts to one
  CivilDate in_force_from;
  bool special = false;  // 特别排放限值
  std::string note, source;

  // A value exceeds when it is above the maximum or below the range's lower bound; a value at the limit meets it.
  bool exceeded_by(double value) const { return value > high || (low && value < *low); }
};

// The emission-limits table, validated.
class EmissionStandards {
 public:
  // The table compiled into the program (data/standards/emission_limits.csv).
  static const EmissionStandards& builtin();
  // Parses and validates a table in the same format; throws std::invalid_argument naming `name`, the line and
  // the column of the first error (unknown pollutant code, non-numeric or negative limit, low above the limit,
  // reference O2 outside [0, 21), bad date, special not yes/no, duplicate row, missing column).
  static EmissionStandards parse(std::string_view csv_text, std::string_view name);

  // "GB 13223-2011", "gb13223-2011", "GB13223—2011" -> "gb13223-2011": lower case, no spaces, tabs or
  // underscores, em and en dashes as hyphens.
  static std::string normalize_standard(std::string_view text);

  // The limit in force on `day` for a source of `category` under `standard` (either spelling), `pollutant`
  // (2017 or 2005 code). `special`: the special emission limits (特别排放限值) apply to the source; where the
  // standard has no special row for the pollutant the general limit applies. A row of the exact category wins
  // over a "*" row; among rows in force the latest `in_force_from` wins. Nothing when no row is in force.
  std::optional<EmissionLimit> limit(std::string_view standard, std::string_view category, std::string_view pollutant,
                                     const CivilDate& day, bool special = false) const;

  // The standard that applies to an outlet, as a registry writes it: "STANDARD:CATEGORY" or
  // "STANDARD:CATEGORY:special" ("GB 13223-2011:coal_boiler_existing", "gb13271-2014:gas_boiler_new:special");
  // the category may be left out where the standard has only one ("ule-2015"). Throws std::invalid_argument
  // naming the unknown standard or category and listing the known ones.
  struct OutletStandard {
    std::string standard, category;
    bool special = false;
  };
  OutletStandard parse_outlet_standard(std::string_view text) const;

  bool has_standard(std::string_view standard) const;
  bool has_category(std::string_view standard, std::string_view category) const;  // "*" is not one
  std::vector<std::string> standards() const;
  std::vector<std::string> categories(std::string_view standard) const;  // without "*"
  const std::vector<EmissionLimit>& rows() const { return rows_; }

 private:
  std::vector<EmissionLimit> rows_;
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_key_;  // standard + '|' + pollutant -> rows
};

// Conversion to the reference oxygen content (GB 13223-2011 5.2, GB 13271-2014 5.2, HJ 75-2017):
//   C_ref = C_measured x (21 - O2_ref) / (21 - O2_measured), O2 in % by volume of dry flue gas.
// NaN (undefined) when the measured O2 is missing (NaN), not below 21 %, or negative, when O2_ref is outside
// [0, 21), or when the concentration is NaN.
inline constexpr double kAirOxygenPct = 21.0;
double to_reference_o2(double measured, double o2_measured_pct, double o2_ref_pct);

// The excess-air coefficient alpha = 21 / (21 - O2) (NaN where to_reference_o2 is undefined), and the older
// excess-air form of the conversion (GB 13271-2001: C = C' x alpha' / alpha_ref, with alpha_ref 1.8 for coal and
// 1.2 for oil and gas). With alpha' = 21 / (21 - O2') the two forms agree when alpha_ref = 21 / (21 - O2_ref);
// the 2001 coefficients correspond to 9.33 % and 3.5 % O2.
double excess_air_coefficient(double o2_pct);
double to_reference_excess_air(double measured, double alpha_measured, double alpha_ref);

}  // namespace eb::standards
