// A service's /metrics answer (the Prometheus text format), as `stackplan
// calibrate` reads it: parsed, every histogram family in it read, its
// quantiles and the window against itself computed, then saved as a metrics
// log and read back. Any bytes give samples or an error; a scrape that
// parsed must survive the log's round trip with every sample.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "calibrate/metrics_log.h"
#include "calibrate/prometheus.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stackplan::calibrate;
  constexpr std::string_view kBucketSuffix = "_bucket";
  constexpr double kQuantiles[] = {0, 0.5, 0.99, 1};
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto scrape = parse_prometheus_text(text, "fuzz");
  if (!scrape) {
    (void)scrape.error().message();
    return 0;
  }
  std::set<std::string> families;
  for (const auto& sample : scrape->samples) {
    const std::string& name = sample.name;
    if (name.size() > kBucketSuffix.size() && name.ends_with(kBucketSuffix))
      families.insert(name.substr(0, name.size() - kBucketSuffix.size()));
    (void)scrape->value(name, sample.labels);
  }
  for (const auto& family : families) {
    auto found = histogram(*scrape, family);
    if (!found || !*found) continue;
    const HistogramSnapshot& h = **found;
    for (double q : kQuantiles) (void)h.quantile(q);
    (void)h.mean();
    (void)h.minus(h).quantile(0.5);
  }
  MetricsLog log;
  log.source = "fuzz";
  log.interval = stackplan::Duration::seconds(1);
  log.scrapes.push_back({stackplan::Duration(), *scrape});
  auto back = read_metrics_log(write_metrics_log(log), "fuzz.log");
  if (!back || back->scrapes.size() != 1 ||
      back->scrapes[0].scrape.samples.size() != scrape->samples.size())
    std::abort();  // a parsed scrape that its own log cannot hold
  return 0;
}
