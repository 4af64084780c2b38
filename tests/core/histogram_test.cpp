#include "core/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/rng.h"

namespace stackplan {
namespace {

TEST(Histogram, SmallValuesAreExact) {
  Histogram h;
  for (uint64_t v = 1; v <= 100; ++v) h.record(v);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_EQ(h.max(), 100u);
  EXPECT_EQ(h.quantile(0.5), 50u);
  EXPECT_EQ(h.quantile(0.99), 99u);
  EXPECT_DOUBLE_EQ(h.mean(), 50.5);
}

TEST(Histogram, RelativeErrorUnderOnePercentAcrossScales) {
  // Values from 1 microsecond to 10 minutes in nanoseconds, log-uniform.
  Rng rng(11);
  std::vector<uint64_t> values;
  Histogram h;
  for (int i = 0; i < 100000; ++i) {
    double exponent = 3 + rng.uniform() * (std::log10(600e9) - 3);
    auto v = static_cast<uint64_t>(std::pow(10, exponent));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999}) {
    auto exact = values[static_cast<size_t>(std::ceil(q * values.size())) - 1];
    double err = std::abs(static_cast<double>(h.quantile(q)) - static_cast<double>(exact)) /
                 static_cast<double>(exact);
    EXPECT_LT(err, 0.01) << "q=" << q;
  }
}

TEST(Histogram, BucketsAreContiguous) {
  for (int i = 1; i < Histogram::kBuckets - 1; ++i) {
    uint64_t lo = Histogram::lowest_of(i);
    EXPECT_EQ(Histogram::index_of(lo), i);
    EXPECT_EQ(Histogram::index_of(lo - 1), i - 1);
  }
}

TEST(Histogram, MergeEqualsRecordingEverything) {
  Histogram a, b, all;
  for (uint64_t v = 0; v < 5000; v += 7) {
    (v % 2 ? a : b).record(v * 1000);
    all.record(v * 1000);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_EQ(a.min(), all.min());
  EXPECT_EQ(a.max(), all.max());
  for (double q : {0.1, 0.5, 0.99}) EXPECT_EQ(a.quantile(q), all.quantile(q));
}

TEST(Histogram, EmptyIsZero) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.quantile(0.5), 0u);
  EXPECT_EQ(h.min(), 0u);
}

}  // namespace
}  // namespace stackplan
