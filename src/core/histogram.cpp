#include "core/histogram.h"

#include <algorithm>
#include <cmath>

namespace stackplan {

uint64_t Histogram::lowest_of(int index) {
  if (index < 2 * kHalf) return static_cast<uint64_t>(index);
  int shift = index / kHalf - 1;
  uint64_t sub = static_cast<uint64_t>(index % kHalf + kHalf);
  return sub << shift;
}

uint64_t Histogram::midpoint_of(int index) {
  if (index < 2 * kHalf) return static_cast<uint64_t>(index);
  int shift = index / kHalf - 1;
  return lowest_of(index) + ((uint64_t{1} << shift) >> 1);
}

void Histogram::merge(const Histogram& other) {
  for (int i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void Histogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  sum_ = 0;
  min_ = UINT64_MAX;
  max_ = 0;
}

uint64_t Histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  if (q <= 0) return min();
  if (q >= 1) return max_;
  auto rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_)));
  if (rank == 0) rank = 1;
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::clamp(midpoint_of(i), min(), max_);
  }
  return max_;
}

}  // namespace stackplan
