// Change between two classified epochs (e.g. FVC grades of two years): the transition matrix of classes with
// the area of every transition, overall or per zone (cells weighted by the exact coverage fraction), and the
// per-pixel change code.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <vector>

#include "engine/raster/coverage.hpp"
#include "engine/raster/raster_source.hpp"

namespace eb::engine::raster {

class TransitionMatrix {
 public:
  static constexpr int kMaxClass = 254;  // class codes 0..254 (255 is nodata in Byte rasters)

  struct Entry {
    int from = 0;
    int to = 0;
    std::int64_t cells = 0;  // cells touched
    double weight = 0;       // Σ coverage fraction (= cells for whole-raster matrices)
    double area_m2 = 0;      // Σ fraction x cell area
  };

  // `n` cells of one row: class codes of both epochs, validity, coverage fractions (null: all 1) and the row's
  // cell area. Returns the index of the first cell whose value is not a class code (an integer 0..254), or -1.
  int add_cells(const double* from, const double* to, const std::uint8_t* valid_from, const std::uint8_t* valid_to,
                const double* fractions, int n, double cell_area_m2);
  int add_row(const double* from, const double* to, const std::uint8_t* valid_from, const std::uint8_t* valid_to, int n,
              double cell_area_m2) {
    return add_cells(from, to, valid_from, valid_to, nullptr, n, cell_area_m2);
  }
  // The transitions that occur, by `from` then `to`.
  std::vector<Entry> entries() const;

 private:
  void grow(int side);
  // Dense over the codes seen so far (side x side), grown on demand: class rasters use a few small codes, so a
  // matrix per zone stays tiny.
  int side_ = 0;
  std::vector<std::int64_t> cells_;
  std::vector<double> weight_, area_;
};

// A value that is not a class code, with its grid position.
struct NotAClassCode : std::invalid_argument {
  NotAClassCode(int row, int col, double from, double to);
  int row, col;
  double from, to;
};

// The transition matrix of every zone, reading both rasters once (engine/raster/zone_traversal). `row_area_m2`
// has one cell area per grid row. Throws NotAClassCode.
std::vector<TransitionMatrix> zonal_transitions(RasterSource& before, RasterSource& after,
                                                std::span<const ZoneCoverage> zones,
                                                std::span<const double> row_area_m2,
                                                const std::function<void(int, int)>& on_progress = {});

// Per-pixel change code from * 10 + to, for class codes 0..9 (so 2 -> 4 is 24); -1 otherwise.
inline int change_code(int from, int to) {
  return (from >= 0 && from <= 9 && to >= 0 && to <= 9) ? from * 10 + to : -1;
}

}  // namespace eb::engine::raster
