// Change between two classified epochs (e.g. FVC grades of two years): the transition matrix of classes with
// the area of every transition, and the per-pixel change code.
#pragma once

#include <cstdint>
#include <vector>

namespace eb::engine::raster {

class TransitionMatrix {
 public:
  static constexpr int kMaxClass = 254;  // class codes 0..254 (255 is nodata in Byte rasters)

  struct Entry {
    int from = 0;
    int to = 0;
    std::int64_t cells = 0;
    double area_m2 = 0;
  };

  TransitionMatrix();
  // One row's cells: class codes of both epochs, validity, and the row's cell area. Returns the index of the
  // first cell whose value is not a class code (an integer 0..254), or -1 when all are.
  int add_row(const double* from, const double* to, const std::uint8_t* valid_from, const std::uint8_t* valid_to, int n,
              double cell_area_m2);
  // The transitions that occur, by `from` then `to`.
  std::vector<Entry> entries() const;

 private:
  std::vector<std::int64_t> cells_;  // (kMaxClass + 1)^2
  std::vector<double> area_;
};

// Per-pixel change code from * 10 + to, for class codes 0..9 (so 2 -> 4 is 24); nullopt-like -1 otherwise.
inline int change_code(int from, int to) {
  return (from >= 0 && from <= 9 && to >= 0 && to <= 9) ? from * 10 + to : -1;
}

}  // namespace eb::engine::raster
