#include "core/distribution.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/histogram.h"
#include "support/files.h"
#include "support/must.h"

namespace stackplan {
namespace {

double sample_mean(const Distribution& d, int n, uint64_t seed = 1) {
  Rng rng(seed);
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += d.sample(rng).seconds_f();
  return sum / n;
}

TEST(Distribution, ParsesEveryForm) {
  EXPECT_EQ(Distribution::parse("3s")->kind(), Distribution::Kind::kConstant);
  EXPECT_EQ(Distribution::parse("constant(3s)")->kind(), Distribution::Kind::kConstant);
  EXPECT_EQ(Distribution::parse("uniform(100ms, 500ms)")->kind(), Distribution::Kind::kUniform);
  EXPECT_EQ(Distribution::parse("exponential(10ms)")->kind(), Distribution::Kind::kExponential);
  EXPECT_EQ(Distribution::parse("lognormal(mean=3s, p99=8s)")->kind(),
            Distribution::Kind::kLognormal);
  EXPECT_EQ(Distribution::parse("lognormal(p99=8s, mean=3s)")->mean().ns(),
            Distribution::parse("lognormal(3s, 8s)")->mean().ns());
}

TEST(Distribution, ErrorsSayWhatWasExpected) {
  auto r = Distribution::parse("fast");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("uniform(100ms, 500ms)"), std::string::npos);
  EXPECT_FALSE(Distribution::parse("uniform(500ms, 100ms)").ok());
  EXPECT_FALSE(Distribution::parse("uniform(100ms)").ok());
  EXPECT_FALSE(Distribution::parse("lognormal(mean=3s, p99=2s)").ok());
  EXPECT_FALSE(Distribution::parse("lognormal(mean=1s, p99=100s)").ok());
  EXPECT_FALSE(Distribution::parse("empirical(/nonexistent/file)").ok());
  EXPECT_FALSE(Distribution::parse("gamma(1s)").ok());
}

TEST(Distribution, SampleMeansMatch) {
  EXPECT_DOUBLE_EQ(sample_mean(*Distribution::parse("3s"), 10), 3.0);
  EXPECT_NEAR(sample_mean(*Distribution::parse("uniform(100ms, 500ms)"), 200000), 0.3, 0.002);
  EXPECT_NEAR(sample_mean(*Distribution::parse("exponential(10ms)"), 200000), 0.010, 0.0001);
  EXPECT_NEAR(sample_mean(*Distribution::parse("lognormal(mean=3s, p99=8s)"), 400000), 3.0, 0.03);
}

TEST(Distribution, LognormalHasTheRequestedP99) {
  auto d = *Distribution::parse("lognormal(mean=3s, p99=8s)");
  Rng rng(7);
  Histogram h;
  for (int i = 0; i < 400000; ++i) h.record(static_cast<uint64_t>(d.sample(rng).ns()));
  EXPECT_NEAR(static_cast<double>(h.quantile(0.99)) / 1e9, 8.0, 0.15);
}

TEST(Distribution, EmpiricalResamplesTheFile) {
  test::TempDir dir;
  // Bare numbers are milliseconds.
  std::string path = dir.write("samples.txt", "# payment times\n2s\n4s\n3000\n");
  auto d = test::must(Distribution::parse("empirical(" + path + ")"));
  EXPECT_EQ(d.mean(), Duration::seconds(3));
  Rng rng(3);
  for (int i = 0; i < 100; ++i) {
    auto s = d.sample(rng);
    EXPECT_TRUE(s == Duration::seconds(2) || s == Duration::seconds(3) ||
                s == Duration::seconds(4));
  }
}

TEST(Distribution, SameSeedSameSamples) {
  auto d = *Distribution::parse("exponential(10ms)");
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    auto x = d.sample(a);
    EXPECT_EQ(x, d.sample(b));
    differs |= x != d.sample(c);
  }
  EXPECT_TRUE(differs);
}

TEST(Distribution, EmpiricalFromADirectoryIsAnError) {
  test::TempDir dir;
  std::filesystem::create_directory(dir.file("samples"));
  EXPECT_EQ(test::error_of(Distribution::parse("empirical(samples)", dir.path())),
            "empirical: " + dir.file("samples") + ": is a directory, expected a file");
}

TEST(Distribution, UnboundedTailsAreClampedToTheLongestDuration) {
  auto exponential = Distribution::exponential(Duration::longest());
  auto lognormal =
      *Distribution::lognormal(Duration::longest() - Duration::seconds(86400), Duration::longest());
  Rng rng(7);
  for (int i = 0; i < 10000; ++i) {
    for (const auto& d : {exponential, lognormal}) {
      auto x = d.sample(rng);
      EXPECT_GE(x, Duration());
      EXPECT_LE(x, Duration::longest());
    }
  }
}

TEST(Distribution, LargestParameterIsWhatTheDefinitionNames) {
  EXPECT_EQ(Distribution::parse("uniform(1s, 5s)")->largest_parameter(), Duration::seconds(5));
  EXPECT_EQ(Distribution::parse("exponential(2s)")->largest_parameter(), Duration::seconds(2));
  auto p99 = Distribution::parse("lognormal(mean=3s, p99=8s)")->largest_parameter();
  EXPECT_NEAR(p99.seconds_f(), 8, 1e-6);
}

TEST(Distribution, EmpiricalMillisecondsBeyondTheLimitAreRefused) {
  test::TempDir dir;
  std::string path = dir.write("huge_samples.txt", "1e300\n");
  std::string message = test::error_of(Distribution::parse("empirical(" + path + ")"));
  EXPECT_NE(message.find("longer than the limit of 36500d"), std::string::npos) << message;
}

}  // namespace
}  // namespace stackplan
