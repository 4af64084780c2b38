#include "report/locust_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace stackplan::report {
namespace {

constexpr int kTypeWidth = 8;
constexpr int kNameWidth = 80;  // Locust's STATS_NAME_WIDTH off a terminal
constexpr int kSummaryNameWidth = kNameWidth - kTypeWidth + 4;  // 76

// Locust's statistics for one row, from the histogram.
struct LocustNumbers {
  double avg = 0, min = 0, max = 0, median = 0;
  std::vector<double> percentiles;
};

LocustNumbers locust_numbers(const LocustRow& row, LocustMode mode) {
  LocustNumbers n;
  const Histogram* h = row.latency_ns;
  if (!h || h->count() == 0) {
    n.percentiles.assign(locust_percentiles().size(), 0);
    return n;
  }
  n.avg = h->mean() / 1e6;
  n.min = static_cast<double>(h->min()) / 1e6;
  n.max = static_cast<double>(h->max()) / 1e6;
  if (mode == LocustMode::kExact) {
    n.median = static_cast<double>(h->quantile(0.5)) / 1e6;
    for (double p : locust_percentiles())
      n.percentiles.push_back(static_cast<double>(h->quantile(p)) / 1e6);
    return n;
  }
  std::map<int64_t, uint64_t> rounded;  // Locust's response_times dict
  if (row.locust_times) {
    row.locust_times->for_each([&](int64_t ms, uint64_t count) { rounded[ms] += count; });
  } else {
    h->for_each_bucket([&](uint64_t value_ns, uint64_t count) {
      rounded[load::LocustRoundedTimes::round_like_locust(static_cast<double>(value_ns) / 1e6)] +=
          count;
    });
  }
  const uint64_t total = h->count();
  // median_from_dict, clamped to [min, max] as StatsEntry.median_response_time does.
  double pos = (static_cast<double>(total) - 1) / 2;
  for (const auto& [ms, count] : rounded) {
    n.median = static_cast<double>(ms);
    if (pos < static_cast<double>(count)) break;
    pos -= static_cast<double>(count);
  }
  n.median = std::clamp(n.median, n.min, n.max);
  // calculate_response_time_percentile: not clamped, so it can exceed the max.
  for (double p : locust_percentiles()) {
    auto wanted = static_cast<uint64_t>(static_cast<double>(total) * p);
    uint64_t processed = 0;
    double value = 0;
    for (auto it = rounded.rbegin(); it != rounded.rend(); ++it) {
      processed += it->second;
      if (total - processed <= wanted) {
        value = static_cast<double>(it->first);
        break;
      }
    }
    n.percentiles.push_back(value);
  }
  return n;
}

// A millisecond value in a column of the given width.
std::string cell(double ms, int width, LocustMode mode) {
  if (mode == LocustMode::kLocust) return fmt::format("{:>{}}", static_cast<int64_t>(ms), width);
  if (ms < 100) return fmt::format("{:>{}.2f}", ms, width);
  if (ms < 1000) return fmt::format("{:>{}.1f}", ms, width);
  return fmt::format("{:>{}.0f}", ms, width);
}

std::string type_label(const LocustRow& row, bool summary_table) {
  // Locust writes "GET " in the first table and "GET" in the second; both pad to 8.
  if (row.method.empty()) return "";
  return summary_table ? row.method + " " : row.method;
}

std::string summary_line(const LocustRow& row, double seconds, LocustMode mode) {
  LocustNumbers n = locust_numbers(row, mode);
  double fail_ratio = row.requests
                          ? static_cast<double>(row.failures) / static_cast<double>(row.requests)
                          : (row.failures ? 1.0 : 0.0);
  double rps = seconds > 0 ? static_cast<double>(row.requests) / seconds : 0;
  double fps = seconds > 0 ? static_cast<double>(row.failures) / seconds : 0;
  std::string fails = fmt::format("{}({:.2f}%)", row.failures, fail_ratio * 100);
  return fmt::format("{:<{}} {:<{}} {:>7} {:>12} |{} {} {}{} | {:>7.2f} {:>11.2f}",
                     type_label(row, true), kTypeWidth, row.name, kSummaryNameWidth, row.requests,
                     fails, cell(n.avg, 7, mode), cell(n.min, 7, mode), cell(n.max, 7, mode),
                     cell(n.median, 7, mode), rps, fps);
}

std::string percentile_line(const LocustRow& row, LocustMode mode) {
  LocustNumbers n = locust_numbers(row, mode);
  std::string line = fmt::format("{:<{}} {:<{}} {}", type_label(row, false), kTypeWidth, row.name,
                                 kNameWidth, cell(n.percentiles[0], 8, mode));
  for (size_t i = 1; i < n.percentiles.size(); ++i) line += " " + cell(n.percentiles[i], 6, mode);
  line += fmt::format(" {:>6}", row.requests);
  return line;
}

}  // namespace

LocustRow row_from_request_name(const std::string& request_name) {
  LocustRow row;
  auto space = request_name.find(' ');
  if (space != std::string::npos && space > 0 && space < kTypeWidth) {
    row.method = request_name.substr(0, space);
    row.name = request_name.substr(space + 1);
  } else {
    row.name = request_name;
  }
  return row;
}

const std::vector<double>& locust_percentiles() {
  static const std::vector<double> kPercentiles = {0.50, 0.66, 0.75,  0.80,   0.90, 0.95,
                                                   0.98, 0.99, 0.999, 0.9999, 1.0};
  return kPercentiles;
}

std::string locust_tables(std::vector<LocustRow> rows, const LocustRow& total,
                          const LocustOptions& options, const std::vector<LocustError>& errors) {
  const LocustMode mode = options.mode;
  std::stable_sort(rows.begin(), rows.end(), [](const LocustRow& a, const LocustRow& b) {
    return std::tie(a.name, a.method) < std::tie(b.name, b.method);
  });
  const double seconds = options.measured_time.seconds_f();
  std::string out;
  out += fmt::format("{:<{}} {:<{}} {:>7} {:>12} |{:>7} {:>7} {:>7}{:>7} | {:>7} {:>11}\n", "Type",
                     kTypeWidth, "Name", kSummaryNameWidth, "# reqs", "# fails", "Avg", "Min",
                     "Max", "Med", "req/s", "failures/s");
  std::string separator = fmt::format(
      "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}\n", std::string(8, '-'), std::string(kSummaryNameWidth, '-'),
      std::string(7, '-'), std::string(13, '-'), std::string(7, '-'), std::string(7, '-'),
      std::string(7, '-'), std::string(7, '-'), std::string(8, '-'), std::string(11, '-'));
  out += separator;
  for (const auto& row : rows) out += summary_line(row, seconds, mode) + "\n";
  out += separator;
  out += summary_line(total, seconds, mode) + "\n\n";

  out += "Response time percentiles (approximated)\n";
  std::string header =
      fmt::format("{:<{}} {:<{}} {:>8}", "Type", kTypeWidth, "Name", kNameWidth, "50%");
  for (const char* label :
       {"66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%", "# reqs"})
    header += fmt::format(" {:>6}", label);
  out += header + "\n";
  std::string pseparator =
      std::string(kTypeWidth, '-') + "|" + std::string(kNameWidth, '-') + "|" + std::string(8, '-');
  for (size_t i = 0; i < locust_percentiles().size(); ++i) pseparator += "|" + std::string(6, '-');
  pseparator += "\n";
  out += pseparator;
  for (const auto& row : rows)
    if (row.latency_ns && row.latency_ns->count()) out += percentile_line(row, mode) + "\n";
  out += pseparator;
  if (total.latency_ns && total.latency_ns->count()) out += percentile_line(total, mode) + "\n";
  out += "\n";

  if (!errors.empty()) {
    out += "Error report\n";
    out += fmt::format("{:<18} {:<100}\n", "# occurrences", "Error");
    std::string eseparator =
        std::string(18, '-') + "|" + std::string(80 + kNameWidth - 19, '-') + "\n";
    out += eseparator;
    for (const auto& e : errors)
      out += fmt::format("{:<18} {:<100}\n", e.occurrences,
                         (e.method.empty() ? "" : e.method + " ") + e.name + ": " + e.error);
    out += eseparator + "\n";
  }
  return out;
}

}  // namespace stackplan::report
