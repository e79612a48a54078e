// The per-cell work of `raster ndvi` and `raster fvc` as tight loops over one row at a time: NDVI from red/NIR,
// FVC by the dimidiate pixel model, the grade of a contiguous scheme, and the area of every grade and the
// area-weighted FVC sum. Rows are independent, so callers run them on any number of threads and merge the sums.
// The formulas are those of standards/vegetation (tested equal there); the kernel exists for speed.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "standards/grade_scheme.hpp"

namespace eb::engine::raster {

// Grades of a contiguous scheme as sorted lower bounds: the grade of v is codes[number of bounds <= v].
class GradeLookup {
 public:
  explicit GradeLookup(const standards::GradeScheme& scheme);
  int classify(double v) const {
    int k = 0;
    for (double b : bounds_) k += v >= b;  // branch-free; schemes have a handful of classes
    return codes_[static_cast<std::size_t>(k)];
  }
  const std::vector<double>& bounds() const { return bounds_; }
  const std::vector<int>& codes() const { return codes_; }
  bool consecutive() const { return consecutive_; }  // codes c, c+1, c+2, ...

 private:
  std::vector<double> bounds_;  // lower bounds of grades 2..n
  std::vector<int> codes_;
  bool consecutive_ = true;
};

// Per-grade areas (codes 0..254) and the area-weighted FVC sum over the cells graded; mergeable across threads.
struct CoverSums {
  std::array<double, 255> grade_area_m2{};
  double fvc_area_sum = 0;  // Σ FVC x cell area
  double area_m2 = 0;       // Σ cell area of graded cells
  std::int64_t cells = 0;
  void merge(const CoverSums& other);
};

struct FvcParameters {
  double ndvi_soil = 0;
  double ndvi_veg = 1;
};

// NDVI of `n` cells; ok[i] = both bands valid and NIR + red != 0 (NaN otherwise).
void ndvi_row(const double* red, const double* nir, const std::uint8_t* valid_red, const std::uint8_t* valid_nir,
              std::size_t n, double* ndvi, std::uint8_t* ok);

// FVC (clipped to 0..1) and grade of the `n` cells with use[i] != 0 (and NDVI not NaN), adding each cell's
// `cell_area_m2` to `sums`. `fvc` and `grade` of the other cells are unspecified (writers mask them).
void fvc_row(const double* ndvi, const std::uint8_t* use, std::size_t n, const FvcParameters& p,
             const GradeLookup& grades, double cell_area_m2, double* fvc, double* grade, CoverSums& sums);

}  // namespace eb::engine::raster
