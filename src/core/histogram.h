// A log-linear histogram of non-negative integer values (HdrHistogram's
// layout): values below 128 are counted exactly, larger ones in buckets 1/64
// of a power of two wide, so any reported value is within 0.79% of a value
// that was recorded. Memory is fixed (about 30 KiB) whatever the count, and
// recording is a few instructions with no allocation: it sits on the hot path
// of the simulator and the load generator. Count, sum, min and max are exact.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace stackplan {

class Histogram {
 public:
  static constexpr int kSubBucketBits = 7;
  static constexpr int kHalf = 1 << (kSubBucketBits - 1);  // 64
  static constexpr int kBuckets = (64 - kSubBucketBits + 1) * kHalf + kHalf;

  Histogram() : counts_(kBuckets, 0) {}

  void record(uint64_t value) { record_n(value, 1); }
  void record_n(uint64_t value, uint64_t n) {
    counts_[index_of(value)] += n;
    count_ += n;
    sum_ += static_cast<double>(value) * static_cast<double>(n);
    if (value < min_) min_ = value;
    if (value > max_) max_ = value;
  }
  // Adds another histogram's counts (per-thread histograms merged at the end).
  void merge(const Histogram& other);
  void reset();

  uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0; }
  uint64_t min() const { return count_ ? min_ : 0; }
  uint64_t max() const { return max_; }
  // The value at quantile q in [0, 1]: the smallest recorded value v such that
  // at least q of the values are <= v, reported as its bucket's midpoint and
  // clamped to [min, max]. q = 0 gives min, q = 1 gives max.
  uint64_t quantile(double q) const;

  // Visits (representative value, count) for each non-empty bucket in
  // ascending order, for renderers that need the whole distribution.
  template <typename F>
  void for_each_bucket(F&& f) const {
    for (int i = 0; i < kBuckets; ++i)
      if (counts_[i]) f(midpoint_of(i), counts_[i]);
  }

  static int index_of(uint64_t v) {
    if (v < static_cast<uint64_t>(2 * kHalf)) return static_cast<int>(v);
    int msb = 63 - __builtin_clzll(v);
    int shift = msb - (kSubBucketBits - 1);
    return (shift + 1) * kHalf + static_cast<int>(v >> shift) - kHalf;
  }
  static uint64_t lowest_of(int index);
  static uint64_t midpoint_of(int index);

 private:
  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  double sum_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
};

}  // namespace stackplan
