// Sampling a live service's Prometheus /metrics while a load test runs, and
// after it while the backlog drains: the measurements `stackplan calibrate`
// fits the model from.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "calibrate/prometheus.h"
#include "core/duration.h"
#include "core/status.h"
#include "load/url.h"

namespace stackplan::calibrate {

// One scrape taken `at` after the sampler started.
struct TimedScrape {
  Duration at;
  Scrape scrape;
};

// Scrapes kept by default: ten hours at one a second.
inline constexpr size_t kDefaultMaxScrapes = 36'000;
// The shortest interval between scrapes: a shorter one would measure the
// scraping more than the service.
inline constexpr Duration kMinSampleInterval = Duration::milliseconds(10);

// "http://host:port/path", as the URL appears in messages.
std::string url_text(const load::Url& url);

// A blocking HTTP/1.1 GET of plain HTTP (127.0.0.1 or any host the user
// gives), meant for /metrics: the body of a 200 answer (chunked or not).
// Errors name the URL: refused or unreachable, no complete answer within
// `timeout` (connecting, sending and receiving together; a host name's lookup
// is the system resolver's and not bounded by it), a status other than 200,
// a body over kMaxScrapeBytes, an answer that is not HTTP.
Result<std::string> http_get(const load::Url& url, Duration timeout);

// Whether a TCP connection to the URL's host and port opens within
// `timeout`: the check before a load run, so an unreachable service is an
// error at once rather than after a whole run of refused connections.
Status check_reachable(const load::Url& url, Duration timeout);

// One scrape now, for the pre-flight check ("is this a Prometheus endpoint at
// all?"): http_get then parse_prometheus_text; an answer with no sample at
// all is an error too (an empty page is not a service's metrics).
Result<Scrape> scrape_once(const load::Url& url, Duration timeout);

// Scrapes `url` every `interval` (at least kMinSampleInterval) on its own
// thread from start() until stop(). A failed scrape (unreachable, timeout,
// not the text format) is counted, its message kept if it is the first, and
// sampling goes on. A scrape slower than the interval makes the sampler skip
// the ticks it missed rather than scrape back to back. At most `max_scrapes`
// are kept: past that the older ones stay, new ones are not added, and
// truncated() says so.
class MetricsSampler {
 public:
  MetricsSampler(load::Url url, Duration interval, Duration timeout,
                 size_t max_scrapes = kDefaultMaxScrapes);
  ~MetricsSampler();  // stops
  MetricsSampler(const MetricsSampler&) = delete;
  MetricsSampler& operator=(const MetricsSampler&) = delete;

  // Starts the sampling thread; the first scrape is taken at once. `at` is
  // measured from the first start(). Does nothing when already sampling.
  void start();
  void stop();  // joins (a scrape in progress ends first: at most `timeout`); idempotent

  // Stops the sampling thread if it runs, then scrapes on the calling thread
  // at the same interval until `done(latest scrape)` is true or `limit` has
  // passed (measured from this call): used after the load run to wait for
  // the backlog to drain. Every scrape is kept as the thread's are (and
  // `done` still sees the latest once the limit on kept scrapes is reached).
  // Returns whether `done` became true.
  bool sample_until(const std::function<bool(const Scrape&)>& done, Duration limit);

  std::vector<TimedScrape> scrapes() const;  // copy, in time order
  uint64_t failed_scrapes() const;
  std::string first_error() const;  // "" when no scrape failed
  bool truncated() const;
  const load::Url& url() const { return url_; }
  Duration interval() const { return interval_; }

 private:
  using Clock = std::chrono::steady_clock;
  void run();
  // Scrapes once and records the outcome; the scrape when it succeeded.
  std::optional<Scrape> scrape_and_record();

  const load::Url url_;
  const Duration interval_, timeout_;
  const size_t max_scrapes_;
  std::optional<Clock::time_point> origin_;  // the first start() or sample_until()

  mutable std::mutex mu_;  // guards everything below
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<TimedScrape> scrapes_;
  uint64_t failed_ = 0;
  std::string first_error_;
  bool truncated_ = false;
  std::thread thread_;  // started and joined only by the owner's thread
};

}  // namespace stackplan::calibrate
