#include "engine/water/class_kernel.hpp"

#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string>

namespace eb::engine::water {

ClassKernel::ClassKernel(std::string_view item, standards::Waterbody waterbody) {
  const auto limits = standards::item_limits(item, waterbody);
  if (!limits) throw std::out_of_range("no GB 3838 limits for " + std::string(item));
  rule_ = limits->rule == "range" ? Rule::range : limits->rule == "min" ? Rule::at_least : Rule::at_most;
  for (std::size_t k = 0; k < 5; ++k) t_[k] = limits->limit[k];
  lo_ = limits->lo;
  hi_ = limits->hi;
}

namespace {

#if defined(__SSE2__)
// Narrows sixteen classes computed two at a time as 64-bit lanes (values 0..6) to sixteen bytes.
template <class Two>
inline __m128i sixteen(Two two, const double* p) {
  const __m128i lo = _mm_packs_epi32(_mm_packs_epi32(two(p), two(p + 2)), _mm_packs_epi32(two(p + 4), two(p + 6)));
  const __m128i hi =
      _mm_packs_epi32(_mm_packs_epi32(two(p + 8), two(p + 10)), _mm_packs_epi32(two(p + 12), two(p + 14)));
  return _mm_packus_epi16(lo, hi);
}

// Sixteen classes at a time for the "at most" / "at least" rules: compare two doubles per instruction against
// the five limits, count, zero where NaN, then narrow 64-bit counts to bytes (0..6 fit every step).
template <bool kAtLeast>
std::size_t sse2_classes(const double* v, std::size_t n, const double* t, std::uint8_t* out, bool running_max) {
  __m128d limit[5];
  for (int k = 0; k < 5; ++k) limit[k] = _mm_set1_pd(t[k]);
  const __m128i one = _mm_set1_epi64x(1);
  auto two = [&](const double* p) {
    const __m128d x = _mm_loadu_pd(p);
    __m128i count = one;
    for (int k = 0; k < 5; ++k) {
      const __m128d m = kAtLeast ? _mm_cmplt_pd(x, limit[k]) : _mm_cmpgt_pd(x, limit[k]);
      count = _mm_sub_epi64(count, _mm_castpd_si128(m));  // a true comparison is -1
    }
    return _mm_and_si128(count, _mm_castpd_si128(_mm_cmpord_pd(x, x)));  // NaN -> 0
  };
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m128i bytes = sixteen(two, v + i);
    auto* dst = reinterpret_cast<__m128i*>(out + i);
    if (running_max) bytes = _mm_max_epu8(bytes, _mm_loadu_si128(dst));
    _mm_storeu_si128(dst, bytes);
  }
  return i;  // the caller finishes the tail
}
#endif

// One loop per rule, free of branches, so that the compiler can vectorise it; NaN (missing) gives class 0
// because every comparison with NaN is false.
template <class Store>
void run(int rule, const double* t, double lo, double hi, std::span<const double> values, Store store,
         std::size_t start = 0) {
  const std::size_t n = values.size();
  const double* v = values.data();
  if (rule == 0) {  // at most: one class worse per limit exceeded (equal to a shared limit keeps the better)
    for (std::size_t i = start; i < n; ++i) {
      const double x = v[i];
      const int c = 1 + (x > t[0]) + (x > t[1]) + (x > t[2]) + (x > t[3]) + (x > t[4]);
      store(i, static_cast<std::uint8_t>(x == x ? c : 0));
    }
  } else if (rule == 1) {  // at least (DO)
    for (std::size_t i = start; i < n; ++i) {
      const double x = v[i];
      const int c = 1 + (x < t[0]) + (x < t[1]) + (x < t[2]) + (x < t[3]) + (x < t[4]);
      store(i, static_cast<std::uint8_t>(x == x ? c : 0));
    }
  } else {  // range (pH)
    for (std::size_t i = 0; i < n; ++i) {
      const double x = v[i];
      store(i, static_cast<std::uint8_t>(x == x ? ((x >= lo && x <= hi) ? 1 : 6) : 0));
    }
  }
}

// Where SSE2 is there (every x86-64), the bulk of an "at most"/"at least" column goes through it; the rest,
// and every other machine, through the portable loop.
std::size_t bulk(int rule, const double* t, std::span<const double> values, std::uint8_t* out, bool running_max) {
#if defined(__SSE2__)
  if (rule == 0) return sse2_classes<false>(values.data(), values.size(), t, out, running_max);
  if (rule == 1) return sse2_classes<true>(values.data(), values.size(), t, out, running_max);
#else
  (void)rule, (void)t, (void)values, (void)out, (void)running_max;
#endif
  return 0;
}

}  // namespace

void ClassKernel::classify(std::span<const double> values, std::span<std::uint8_t> classes) const {
  std::uint8_t* out = classes.data();
  const int rule = static_cast<int>(rule_);
  const std::size_t done = bulk(rule, t_, values, out, false);
  run(
      rule, t_, lo_, hi_, values, [out](std::size_t i, std::uint8_t c) { out[i] = c; }, done);
}

void ClassKernel::classify_max(std::span<const double> values, std::span<std::uint8_t> running_max) const {
  std::uint8_t* out = running_max.data();
  const int rule = static_cast<int>(rule_);
  const std::size_t done = bulk(rule, t_, values, out, true);
  run(
      rule, t_, lo_, hi_, values, [out](std::size_t i, std::uint8_t c) { out[i] = c > out[i] ? c : out[i]; }, done);
}

void ClassKernel::section_classes(std::span<const ClassKernel> kernels, std::span<const double* const> columns,
                                  std::size_t n, std::span<std::uint8_t> out) {
  std::size_t done = 0;
#if defined(__SSE2__)
  const __m128i one = _mm_set1_epi64x(1), five = _mm_set1_epi64x(5), six = _mm_set1_epi64x(6);
  for (; done + 16 <= n; done += 16) {
    __m128i worst = _mm_setzero_si128();
    for (std::size_t k = 0; k < kernels.size(); ++k) {
      const ClassKernel& kk = kernels[k];
      const double* p = columns[k] + done;
      __m128i bytes;
      if (kk.rule_ == Rule::range) {
        const __m128d lo = _mm_set1_pd(kk.lo_), hi = _mm_set1_pd(kk.hi_);
        bytes = sixteen(
            [&](const double* q) {
              const __m128d x = _mm_loadu_pd(q);
              const __m128i in = _mm_castpd_si128(_mm_and_pd(_mm_cmpge_pd(x, lo), _mm_cmple_pd(x, hi)));
              return _mm_and_si128(_mm_sub_epi64(six, _mm_and_si128(five, in)), _mm_castpd_si128(_mm_cmpord_pd(x, x)));
            },
            p);
      } else {
        const bool at_least = kk.rule_ == Rule::at_least;
        __m128d limit[5];
        for (int j = 0; j < 5; ++j) limit[j] = _mm_set1_pd(kk.t_[j]);
        bytes = sixteen(
            [&](const double* q) {
              const __m128d x = _mm_loadu_pd(q);
              __m128i count = one;
              for (int j = 0; j < 5; ++j)
                count = _mm_sub_epi64(
                    count, _mm_castpd_si128(at_least ? _mm_cmplt_pd(x, limit[j]) : _mm_cmpgt_pd(x, limit[j])));
              return _mm_and_si128(count, _mm_castpd_si128(_mm_cmpord_pd(x, x)));
            },
            p);
      }
      worst = _mm_max_epu8(worst, bytes);
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out.data() + done), worst);
  }
#endif
  // The tail (and machines without SSE2): item by item.
  for (std::size_t i = done; i < n; ++i) out[i] = 0;
  for (std::size_t k = 0; k < kernels.size(); ++k)
    kernels[k].classify_max(std::span<const double>(columns[k] + done, n - done), out.subspan(done));
}

}  // namespace eb::engine::water
