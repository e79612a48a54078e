#include "engine/groundwater/class_kernel.hpp"

#include <stdexcept>
#include <string>

#include "standards/gb14848.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace eb::engine::groundwater {

ClassKernel::ClassKernel(std::string_view item) {
  const auto limits = standards::groundwater_limits(item);
  if (!limits) throw std::out_of_range("not a GB/T 14848 item: " + std::string(item));
  switch (limits->rule) {
    case standards::GroundwaterRule::at_most:
      rule_ = Rule::at_most;
      for (std::size_t k = 0; k < 4; ++k) t_[k] = limits->limit[k];
      break;
    case standards::GroundwaterRule::qualitative:  // 0 (无) -> I, anything above (有) -> V
      rule_ = Rule::at_most;
      break;
    case standards::GroundwaterRule::ph:
      rule_ = Rule::ph;
      for (std::size_t k = 0; k < 4; ++k) t_[k] = limits->limit[k];
      break;
  }
}

namespace {

// The portable loop, free of branches; NaN gives 0 because every comparison with NaN is false.
inline std::uint8_t class_at_most(double x, const double* t) {
  const int c = 1 + (x > t[0]) + (x > t[1]) + (x > t[2]) + (x > t[3]);
  return static_cast<std::uint8_t>(x == x ? c : 0);
}
inline std::uint8_t class_ph(double x, const double* t) {
  const int in3 = (x >= t[0]) & (x <= t[1]);
  const int in4 = (x >= t[2]) & (x <= t[3]);
  return static_cast<std::uint8_t>(x == x ? 5 - 3 * in3 - in4 : 0);
}

#if defined(__SSE2__)
// Sixteen classes computed two at a time as 64-bit lanes (values 0..5) narrowed to sixteen bytes.
template <class Two>
inline __m128i sixteen(Two two, const double* p) {
  const __m128i lo = _mm_packs_epi32(_mm_packs_epi32(two(p), two(p + 2)), _mm_packs_epi32(two(p + 4), two(p + 6)));
  const __m128i hi =
      _mm_packs_epi32(_mm_packs_epi32(two(p + 8), two(p + 10)), _mm_packs_epi32(two(p + 12), two(p + 14)));
  return _mm_packus_epi16(lo, hi);
}

// Sixteen classes of one item: a true comparison is -1 in its lane, so subtracting masks counts them.
inline __m128i sixteen_classes(bool ph, const double* t, const double* p) {
  const __m128d l0 = _mm_set1_pd(t[0]), l1 = _mm_set1_pd(t[1]), l2 = _mm_set1_pd(t[2]), l3 = _mm_set1_pd(t[3]);
  if (!ph) {
    const __m128i one = _mm_set1_epi64x(1);
    return sixteen(
        [&](const double* q) {
          const __m128d x = _mm_loadu_pd(q);
          __m128i c = _mm_sub_epi64(one, _mm_castpd_si128(_mm_cmpgt_pd(x, l0)));
          c = _mm_sub_epi64(c, _mm_castpd_si128(_mm_cmpgt_pd(x, l1)));
          c = _mm_sub_epi64(c, _mm_castpd_si128(_mm_cmpgt_pd(x, l2)));
          c = _mm_sub_epi64(c, _mm_castpd_si128(_mm_cmpgt_pd(x, l3)));
          return _mm_and_si128(c, _mm_castpd_si128(_mm_cmpord_pd(x, x)));  // NaN -> 0
        },
        p);
  }
  const __m128i five = _mm_set1_epi64x(5), three = _mm_set1_epi64x(3);
  return sixteen(
      [&](const double* q) {
        const __m128d x = _mm_loadu_pd(q);
        const __m128i in3 = _mm_castpd_si128(_mm_and_pd(_mm_cmpge_pd(x, l0), _mm_cmple_pd(x, l1)));
        const __m128i in4 = _mm_castpd_si128(_mm_and_pd(_mm_cmpge_pd(x, l2), _mm_cmple_pd(x, l3)));
        const __m128i c = _mm_add_epi64(_mm_sub_epi64(five, _mm_and_si128(in3, three)), in4);  // in4 is -1 or 0
        return _mm_and_si128(c, _mm_castpd_si128(_mm_cmpord_pd(x, x)));
      },
      p);
}
#endif

template <class Store>
void run(bool ph, const double* t, std::span<const double> values, std::size_t start, Store store) {
  const double* v = values.data();
  if (ph)
    for (std::size_t i = start; i < values.size(); ++i) store(i, class_ph(v[i], t));
  else
    for (std::size_t i = start; i < values.size(); ++i) store(i, class_at_most(v[i], t));
}

}  // namespace

void ClassKernel::classify(std::span<const double> values, std::span<std::uint8_t> classes) const {
  std::size_t done = 0;
  const bool ph = rule_ == Rule::ph;
#if defined(__SSE2__)
  for (; done + 16 <= values.size(); done += 16)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(classes.data() + done), sixteen_classes(ph, t_, values.data() + done));
#endif
  std::uint8_t* out = classes.data();
  run(ph, t_, values, done, [out](std::size_t i, std::uint8_t c) { out[i] = c; });
}

void ClassKernel::classify_max(std::span<const double> values, std::span<std::uint8_t> running_max) const {
  std::size_t done = 0;
  const bool ph = rule_ == Rule::ph;
  std::uint8_t* out = running_max.data();
#if defined(__SSE2__)
  for (; done + 16 <= values.size(); done += 16) {
    auto* dst = reinterpret_cast<__m128i*>(out + done);
    _mm_storeu_si128(dst, _mm_max_epu8(_mm_loadu_si128(dst), sixteen_classes(ph, t_, values.data() + done)));
  }
#endif
  run(ph, t_, values, done, [out](std::size_t i, std::uint8_t c) { out[i] = c > out[i] ? c : out[i]; });
}

void ClassKernel::sample_classes(std::span<const ClassKernel> kernels, std::span<const double* const> columns,
                                 std::size_t n, std::span<std::uint8_t> out) {
  std::size_t done = 0;
#if defined(__SSE2__)
  for (; done + 16 <= n; done += 16) {
    __m128i worst = _mm_setzero_si128();
    for (std::size_t k = 0; k < kernels.size(); ++k)
      worst = _mm_max_epu8(worst, sixteen_classes(kernels[k].rule_ == Rule::ph, kernels[k].t_, columns[k] + done));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out.data() + done), worst);
  }
#endif
  // The tail (and machines without SSE2): item by item.
  for (std::size_t i = done; i < n; ++i) out[i] = 0;
  for (std::size_t k = 0; k < kernels.size(); ++k)
    kernels[k].classify_max(std::span<const double>(columns[k] + done, n - done), out.subspan(done));
}

}  // namespace eb::engine::groundwater
