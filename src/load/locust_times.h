// Response times as Locust 2.x keeps them, recorded by the load generator so
// that `--locust-compatible` tables (src/report/locust_table.h) reproduce
// Locust's own percentiles rather than approximations of them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace stackplan::load {

// Response times rounded as Locust 2.x keeps them (to 1 ms below 100 ms,
// 10 ms below 1 s, 100 ms below 10 s, 1 s above, up to an hour), counted
// exactly: the Locust-mode percentiles are then Locust's own. Fixed size (31 KB).
class LocustRoundedTimes {
 public:
  static constexpr int kSlots = 100 + 1 + 90 + 90 + 3590;

  void record(uint64_t ns) { record_n(ns, 1); }
  void record_n(uint64_t ns, uint64_t n) {
    counts_[static_cast<std::size_t>(slot_of(static_cast<double>(ns) / 1e6))] += n;
    total_ += n;
  }
  void merge(const LocustRoundedTimes& other);
  uint64_t count() const { return total_; }
  // Visits (rounded milliseconds, count) in ascending order.
  template <typename F>
  void for_each(F&& f) const {
    for (int i = 0; i < kSlots; ++i)
      if (counts_[static_cast<std::size_t>(i)]) f(key_of(i), counts_[static_cast<std::size_t>(i)]);
  }
  // Locust's rounding of one response time in milliseconds: two significant
  // digits above 100 ms (147 -> 150, 3432 -> 3400, 58760 -> 59000).
  static int64_t round_like_locust(double ms);

 private:
  static int slot_of(double ms);
  static int64_t key_of(int slot);
  std::array<uint64_t, kSlots> counts_{};
  uint64_t total_ = 0;
};

}  // namespace stackplan::load
