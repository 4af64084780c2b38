#include "load/locust_times.h"

#include <algorithm>
#include <cmath>

namespace stackplan::load {

int64_t LocustRoundedTimes::round_like_locust(double ms) {
  if (ms < 100) return std::llround(ms);
  if (ms < 1000) return std::llround(ms / 10) * 10;
  if (ms < 10000) return std::llround(ms / 100) * 100;
  return std::llround(ms / 1000) * 1000;
}

int LocustRoundedTimes::slot_of(double ms) {
  int64_t key = round_like_locust(ms);
  int64_t slot;
  if (key <= 100) {
    slot = key;
  } else if (key <= 1000) {
    slot = 100 + (key - 100) / 10;
  } else if (key <= 10000) {
    slot = 190 + (key - 1000) / 100;
  } else {
    slot = 280 + (key - 10000) / 1000;
  }
  return static_cast<int>(std::min<int64_t>(slot, kSlots - 1));
}

int64_t LocustRoundedTimes::key_of(int slot) {
  if (slot <= 100) return slot;
  if (slot <= 190) return 100 + (slot - 100) * 10;
  if (slot <= 280) return 1000 + (slot - 190) * 100;
  return 10000 + static_cast<int64_t>(slot - 280) * 1000;
}

void LocustRoundedTimes::merge(const LocustRoundedTimes& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  total_ += other.total_;
}

}  // namespace stackplan::load
