// http_get and the sampler against a small HTTP server on 127.0.0.1: the
// answers a /metrics endpoint gives, the ways it fails, and sampling in time.
#include "calibrate/metrics_sampler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "support/http_test_server.h"
#include "support/loopback.h"
#include "support/must.h"

namespace stackplan::calibrate {
namespace {

using test::error_of;
using test::must;
using test::TestServer;
using test::TestServerConfig;
using Clock = std::chrono::steady_clock;

constexpr Duration kTimeout = Duration::seconds(5);
constexpr std::string_view kPage = "# TYPE q gauge\nq{state=\"visible\"} 3\nup 1\n";

TestServerConfig serving(std::string body) {
  TestServerConfig config;
  config.body = std::move(body);
  return config;
}

// Polls `condition` until it holds (true) or 10 s pass (false): the tests
// wait for what they check, not for a time a loaded machine may not meet.
template <typename Condition>
bool eventually(Condition condition) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

load::Url url_of(const TestServer& server) { return must(load::parse_url(server.url("/metrics"))); }

TEST(HttpGet, ReturnsTheBodyOfA200) {
  TestServer plain(serving(std::string(kPage)));
  EXPECT_EQ(must(http_get(url_of(plain), kTimeout)), kPage);
  TestServerConfig chunked = serving(std::string(kPage));
  chunked.chunked = true;
  TestServer chunked_server(chunked);
  EXPECT_EQ(must(http_get(url_of(chunked_server), kTimeout)), kPage);
}

TEST(HttpGet, RefusedConnectionNamesTheUrl) {
  const std::string url = "http://127.0.0.1:" + std::to_string(test::unused_port()) + "/metrics";
  std::string error = error_of(http_get(must(load::parse_url(url)), kTimeout));
  EXPECT_EQ(error.rfind(url + ": cannot connect to 127.0.0.1:", 0), 0u) << error;
  EXPECT_NE(error.find("refused"), std::string::npos) << error;
}

TEST(HttpGet, AnswerOtherThan200IsAnError) {
  TestServerConfig config = serving("no such page");
  config.status = 404;
  TestServer server(config);
  EXPECT_EQ(error_of(http_get(url_of(server), kTimeout)),
            server.url("/metrics") + ": answered HTTP 404, expected 200");
}

TEST(HttpGet, ServerThatNeverAnswersTimesOut) {
  TestServerConfig config;
  config.misbehaviour = TestServerConfig::Misbehaviour::kNeverAnswer;
  TestServer server(config);
  const auto started = Clock::now();
  EXPECT_EQ(error_of(http_get(url_of(server), Duration::milliseconds(200))),
            server.url("/metrics") + ": no complete answer within 0.2 s (timeout)");
  const auto took = Clock::now() - started;
  EXPECT_GE(took, std::chrono::milliseconds(190));
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(HttpGet, BodyOverTheScrapeBoundIsAnError) {
  const std::string expected = ": the answer is larger than the 4 MiB a scrape may have";
  TestServer server(serving(std::string(kMaxScrapeBytes + 1, 'x')));
  EXPECT_EQ(error_of(http_get(url_of(server), kTimeout)), server.url("/metrics") + expected);
  TestServerConfig chunked = serving(std::string(kMaxScrapeBytes + 1, 'x'));
  chunked.chunked = true;
  TestServer chunked_server(chunked);
  EXPECT_EQ(error_of(http_get(url_of(chunked_server), kTimeout)),
            chunked_server.url("/metrics") + expected);
  TestServer at_bound(serving(std::string(kMaxScrapeBytes, 'x')));
  EXPECT_EQ(must(http_get(url_of(at_bound), kTimeout)).size(), kMaxScrapeBytes);
}

TEST(HttpGet, AnswerThatIsNotHttpIsAnError) {
  TestServerConfig config;
  config.raw_response = "SSH-2.0-OpenSSH_9.2\r\n\r\n";
  TestServer server(config);
  std::string error = error_of(http_get(url_of(server), kTimeout));
  EXPECT_EQ(error.rfind(server.url("/metrics") + ": the answer is not HTTP (", 0), 0u) << error;
}

TEST(HttpGet, ConnectionResetBeforeTheAnswerIsAnError) {
  TestServerConfig config;
  config.misbehaviour = TestServerConfig::Misbehaviour::kResetAfterRequest;
  TestServer server(config);
  EXPECT_EQ(error_of(http_get(url_of(server), kTimeout)),
            server.url("/metrics") + ": reading the answer failed (Connection reset by peer)");
}

TEST(ScrapeOnce, ParsesOrSaysWhyItIsNotPrometheus) {
  TestServer metrics(serving(std::string(kPage)));
  EXPECT_EQ(must(scrape_once(url_of(metrics), kTimeout)).value("q", {{"state", "visible"}}), 3);
  TestServer empty(serving(""));
  EXPECT_EQ(
      error_of(scrape_once(url_of(empty), kTimeout)),
      empty.url("/metrics") + ": the answer has no metric in it (is it a Prometheus /metrics?)");
  TestServer html(serving("<html><body>hello</body></html>\n"));
  EXPECT_EQ(error_of(scrape_once(url_of(html), kTimeout)),
            html.url("/metrics") + ":1: expected a metric name");
}

TEST(MetricsSampler, ScrapesAtTheIntervalUntilStopped) {
  constexpr auto kInterval = std::chrono::milliseconds(20);
  TestServer server(serving(std::string(kPage)));
  MetricsSampler sampler(url_of(server), Duration::milliseconds(kInterval.count()), kTimeout);
  const auto started = Clock::now();
  sampler.start();
  ASSERT_TRUE(eventually([&] { return sampler.scrapes().size() >= 5; }));
  sampler.stop();
  sampler.stop();  // idempotent
  const auto elapsed = Clock::now() - started;
  auto scrapes = sampler.scrapes();
  // One at start() and one per tick after it; a loaded machine may skip
  // ticks, never add any.
  EXPECT_LE(scrapes.size(), static_cast<size_t>(elapsed / kInterval) + 1);
  EXPECT_EQ(sampler.failed_scrapes(), 0u);
  EXPECT_EQ(sampler.first_error(), "");
  EXPECT_FALSE(sampler.truncated());
  // Scrapes follow a 20 ms grid from start(): one woken late does not
  // shift the rest, and none comes before its tick.
  for (size_t i = 1; i < scrapes.size(); ++i) {
    EXPECT_GT(scrapes[i].at, scrapes[i - 1].at);
    EXPECT_GE(scrapes[i].at, Duration::milliseconds(kInterval.count()) * static_cast<int64_t>(i));
  }
  EXPECT_EQ(scrapes.back().scrape.value("up"), 1);
  std::this_thread::sleep_for(3 * kInterval);
  EXPECT_EQ(sampler.scrapes().size(), scrapes.size());  // stopped means stopped
}

TEST(MetricsSampler, FailedScrapesAreCountedAndSamplingGoesOn) {
  const std::string url = "http://127.0.0.1:" + std::to_string(test::unused_port()) + "/metrics";
  MetricsSampler sampler(must(load::parse_url(url)), Duration::milliseconds(20), kTimeout);
  sampler.start();
  EXPECT_TRUE(eventually([&] { return sampler.failed_scrapes() >= 3; }));
  sampler.stop();
  EXPECT_EQ(sampler.first_error().rfind(url + ": cannot connect", 0), 0u) << sampler.first_error();
  EXPECT_TRUE(sampler.scrapes().empty());

  TestServer not_metrics(serving("<html>\n"));
  MetricsSampler html(url_of(not_metrics), Duration::milliseconds(20), kTimeout);
  html.start();
  EXPECT_TRUE(eventually([&] { return html.failed_scrapes() >= 2; }));
  html.stop();
  EXPECT_EQ(html.first_error(), not_metrics.url("/metrics") + ":1: expected a metric name");
}

TEST(MetricsSampler, KeepsAtMostMaxScrapesAndSaysSo) {
  TestServer server(serving(std::string(kPage)));
  MetricsSampler sampler(url_of(server), Duration::milliseconds(10), kTimeout, 3);
  sampler.start();
  ASSERT_TRUE(eventually([&] { return sampler.scrapes().size() == 3; }));
  const auto first_three = sampler.scrapes();
  EXPECT_TRUE(eventually([&] { return sampler.truncated(); }));
  sampler.stop();
  auto scrapes = sampler.scrapes();
  ASSERT_EQ(scrapes.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(scrapes[i].at, first_three[i].at);  // the oldest kept
}

TEST(MetricsSampler, SampleUntilStopsWhenDone) {
  TestServer server(serving(std::string(kPage)));
  MetricsSampler sampler(url_of(server), Duration::milliseconds(20), kTimeout);
  sampler.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(70));
  int calls = 0;
  const size_t before = sampler.scrapes().size();
  bool drained = sampler.sample_until(
      [&](const Scrape& s) {
        return s.value("q", {{"state", "visible"}}) == 3 && ++calls == 3;
      },
      Duration::seconds(10));
  EXPECT_TRUE(drained);
  EXPECT_EQ(calls, 3);
  auto scrapes = sampler.scrapes();
  EXPECT_GE(scrapes.size(), before + 3);  // the thread's, then the three sample_until took
  for (size_t i = 1; i < scrapes.size(); ++i) EXPECT_GT(scrapes[i].at, scrapes[i - 1].at);
}

TEST(MetricsSampler, SampleUntilGivesUpAtTheLimit) {
  TestServer server(serving(std::string(kPage)));
  MetricsSampler sampler(url_of(server), Duration::milliseconds(20), kTimeout);
  const auto started = Clock::now();
  bool drained =
      sampler.sample_until([](const Scrape&) { return false; }, Duration::milliseconds(200));
  const auto took = Clock::now() - started;
  EXPECT_FALSE(drained);
  // It gives up when the next tick would be past the limit: within one interval of it.
  EXPECT_GE(took, std::chrono::milliseconds(180));
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_GE(sampler.scrapes().size(), 1u);
  EXPECT_LE(sampler.scrapes().size(), 11u);  // at 0, 20, ..., 200 ms
}

}  // namespace
}  // namespace stackplan::calibrate
