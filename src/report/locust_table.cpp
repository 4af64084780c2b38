#include "report/locust_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace stackplan::report {
namespace {

constexpr std::array<double, 11> kPercentiles = {0.5,  0.66, 0.75,  0.8,    0.9, 0.95,
                                                 0.98, 0.99, 0.999, 0.9999, 1.0};
constexpr std::array<const char*, 11> kPercentileLabels = {
    "50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%"};

// Response times (ms) with their counts, rounded as Locust would or not.
std::map<double, uint64_t> response_times(const Histogram& h, bool rounding) {
  std::map<double, uint64_t> out;
  h.for_each_bucket([&](uint64_t ns, uint64_t count) {
    double ms = static_cast<double>(ns) / 1e6;
    out[rounding ? locust_round_ms(ms) : ms] += count;
  });
  return out;
}

// Locust's calculate_response_time_percentile over a {ms: count} map.
double locust_percentile(const std::map<double, uint64_t>& times, uint64_t total, double p) {
  auto wanted = static_cast<uint64_t>(static_cast<double>(total) * p);
  uint64_t processed = 0;
  for (auto it = times.rbegin(); it != times.rend(); ++it) {
    processed += it->second;
    if (total - processed <= wanted) return it->first;
  }
  return 0;
}

struct Row {
  std::string method, name;
  uint64_t requests = 0, failures = 0;
  double avg = 0, min = 0, max = 0, median = 0;
  std::array<double, 11> pct{};
};

Row make_row(const std::string& method, const std::string& name, uint64_t requests,
             uint64_t failures, const Histogram& h, bool rounding) {
  Row r{method, name, requests, failures};
  if (h.count() == 0) return r;
  r.avg = h.mean() / 1e6;
  r.min = static_cast<double>(h.min()) / 1e6;
  r.max = static_cast<double>(h.max()) / 1e6;
  if (rounding) {
    auto times = response_times(h, true);
    for (size_t i = 0; i < kPercentiles.size(); ++i)
      r.pct[i] = locust_percentile(times, h.count(), kPercentiles[i]);
    r.median = std::clamp(r.pct[0], r.min, r.max);  // Locust clamps its median
  } else {
    for (size_t i = 0; i < kPercentiles.size(); ++i)
      r.pct[i] = static_cast<double>(h.quantile(kPercentiles[i])) / 1e6;
    r.median = r.pct[0];
  }
  return r;
}

// Python's "%d" of a float truncates toward zero.
long long trunc(double v) { return static_cast<long long>(v); }

std::string stats_line(const Row& r, double seconds) {
  double ratio = r.requests ? static_cast<double>(r.failures) / static_cast<double>(r.requests) : 0;
  std::string fails = fmt::format("{}({:.2f}%)", r.failures, ratio * 100);
  double rps = seconds > 0 ? static_cast<double>(r.requests) / seconds : 0;
  double fps = seconds > 0 ? static_cast<double>(r.failures) / seconds : 0;
  return fmt::format("{:<8} {:<76} {:>7} {:>12} |{:>7} {:>7} {:>7}{:>7} | {:>7.2f} {:>11.2f}\n",
                     r.method, r.name, r.requests, fails, trunc(r.avg), trunc(r.min), trunc(r.max),
                     trunc(r.median), rps, fps);
}

std::string percentile_line(const Row& r) {
  std::string line = fmt::format("{:<8} {:<80} {:>8}", r.method, r.name, trunc(r.pct[0]));
  for (size_t i = 1; i < r.pct.size(); ++i) line += fmt::format(" {:>6}", trunc(r.pct[i]));
  line += fmt::format(" {:>6}\n", r.requests);
  return line;
}

}  // namespace

double locust_round_ms(double ms) {
  if (ms < 100) return std::round(ms);
  if (ms < 1000) return std::round(ms / 10) * 10;
  if (ms < 10000) return std::round(ms / 100) * 100;
  return std::round(ms / 1000) * 1000;
}

LocustEntry entry_from_request_name(const std::string& request_name) {
  LocustEntry e;
  auto space = request_name.find(' ');
  if (space != std::string::npos && space > 0 && space < 8) {
    e.method = request_name.substr(0, space);
    e.name = request_name.substr(space + 1);
  } else {
    e.name = request_name;
  }
  return e;
}

std::string locust_summary(const std::vector<LocustEntry>& entries, const LocustOptions& options) {
  bool rounding = options.locust_rounding;
  double seconds = options.measured_time.seconds_f();
  Histogram all;
  uint64_t requests = 0, failures = 0;
  std::vector<Row> rows;
  for (const auto& e : entries) {
    static const Histogram kEmpty;
    const Histogram& h = e.latency_ns ? *e.latency_ns : kEmpty;
    rows.push_back(make_row(e.method, e.name, e.requests, e.failures, h, rounding));
    all.merge(h);
    requests += e.requests;
    failures += e.failures;
  }
  Row total = make_row("", "Aggregated", requests, failures, all, rounding);

  std::string out =
      fmt::format("{:<8} {:<76} {:>7} {:>12} |{:>7} {:>7} {:>7}{:>7} | {:>7} {:>11}\n", "Type",
                  "Name", "# reqs", "# fails", "Avg", "Min", "Max", "Med", "req/s", "failures/s");
  std::string sep = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}\n", std::string(8, '-'),
                                std::string(76, '-'), std::string(7, '-'), std::string(13, '-'),
                                std::string(7, '-'), std::string(7, '-'), std::string(7, '-'),
                                std::string(7, '-'), std::string(8, '-'), std::string(11, '-'));
  out += sep;
  for (const auto& r : rows) out += stats_line(r, seconds);
  out += sep;
  out += stats_line(total, seconds);
  out += "\nResponse time percentiles (approximated)\n";
  out += fmt::format("{:<8} {:<80} {:>8}", "Type", "Name", kPercentileLabels[0]);
  for (size_t i = 1; i < kPercentileLabels.size(); ++i)
    out += fmt::format(" {:>6}", kPercentileLabels[i]);
  out += fmt::format(" {:>6}\n", "# reqs");
  std::string psep = std::string(8, '-') + "|" + std::string(80, '-') + "|" + std::string(8, '-');
  for (size_t i = 1; i <= kPercentileLabels.size(); ++i) psep += "|" + std::string(6, '-');
  psep += "\n";
  out += psep;
  for (const auto& r : rows)
    if (r.requests) out += percentile_line(r);
  out += psep;
  if (requests) out += percentile_line(total);
  return out;
}

}  // namespace stackplan::report
