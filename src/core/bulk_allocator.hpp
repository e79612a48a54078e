// An allocator for large columns that are filled once, front to back (ingest batches).
// - Allocations of 4 MiB and more are mapped on 2 MiB boundaries with MADV_HUGEPAGE: filling 50 MB of
//   columns otherwise costs one page fault per 4 KiB, about a third of a whole CNEMC file parse.
// - resize() default-initialises (no zero fill), so a column can be sized to an upper bound and written
//   through data() without paying to clear memory that is overwritten anyway.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <utility>

namespace eb {

template <class T>
class BulkAllocator {
 public:
  using value_type = T;
  BulkAllocator() = default;
  template <class U>
  BulkAllocator(const BulkAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kLarge) {
      void* p = std::malloc(bytes ? bytes : 1);
      if (!p) throw std::bad_alloc();
      return static_cast<T*>(p);
    }
    const std::size_t len = round_up(bytes);
    // Over-map by one huge page, then trim to an aligned region.
    void* raw = ::mmap(nullptr, len + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const auto base = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (base + kHuge - 1) & ~(kHuge - 1);
    if (aligned > base) ::munmap(raw, aligned - base);
    const std::uintptr_t tail = aligned + len;
    const std::uintptr_t map_end = base + len + kHuge;
    if (map_end > tail) ::munmap(reinterpret_cast<void*>(tail), map_end - tail);
    ::madvise(reinterpret_cast<void*>(aligned), len, MADV_HUGEPAGE);
    return reinterpret_cast<T*>(aligned);
  }

  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kLarge) {
      std::free(p);
      return;
    }
    ::munmap(p, round_up(bytes));
  }

  // Default-initialise: no zero fill on resize().
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  template <class U>
  bool operator==(const BulkAllocator<U>&) const noexcept {
    return true;
  }

 private:
  static constexpr std::size_t kHuge = std::size_t{2} << 20;
  static constexpr std::size_t kLarge = std::size_t{4} << 20;
  static std::size_t round_up(std::size_t bytes) { return (bytes + kHuge - 1) & ~(kHuge - 1); }
};

}  // namespace eb
