#include "sim/targets.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "core/money.h"
#include "core/units.h"

namespace stackplan::sim {
namespace {

// What a target's figure is: nanoseconds, a fraction of orders, or a count.
enum class Unit { kDuration, kFraction, kCount };

// One target's figure in one run, or nothing when the run cannot give it
// (then `missing` says why).
struct Measure {
  std::string name;
  double limit = 0;
  Unit unit = Unit::kDuration;
  std::optional<double> value;
  std::string missing;       // for one run: "not drained in 24h 00m"
  std::string missing_kind;  // across runs: "not drained"
};

std::string show(const Measure& m, double v) {
  switch (m.unit) {
    case Unit::kDuration:
      return format_duration(Duration::clamped_delay_ns(v));
    case Unit::kFraction:
      return fmt::format("{:.2f}%", v * 100);
    case Unit::kCount:
      // A count averaged over runs may be fractional ("mean 0.33").
      return v == std::floor(v) ? group_thousands(static_cast<uint64_t>(v))
                                : fmt::format("{:.2f}", v);
  }
  return "";
}

std::vector<Measure> measure(const Targets& t, const SimResult& r) {
  std::vector<Measure> out;
  auto latency = [&](const char* name, const std::optional<Duration>& limit, const Histogram& h,
                     double q) {
    if (!limit) return;
    Measure m{name,     static_cast<double>(limit->ns()), Unit::kDuration, std::nullopt, "no data",
              "no data"};
    if (h.count() > 0) m.value = static_cast<double>(h.quantile(q));
    out.push_back(m);
  };
  latency("accept_p95", t.accept_p95, r.requests.latency_ns, 0.95);
  latency("accept_p99", t.accept_p99, r.requests.latency_ns, 0.99);
  latency("order_p95", t.order_p95, r.orders.latency_ns, 0.95);
  if (t.drain_after_peak) {
    Measure m{"drain_after_peak", static_cast<double>(t.drain_after_peak->ns()), Unit::kDuration,
              std::nullopt,
              // A run stopped early (Ctrl-C) never reached its drain.
              r.complete ? "not drained in " + format_duration(r.queue.drain_time)
                         : std::string("stopped before drain"),
              "not drained"};
    if (r.queue.drained) m.value = static_cast<double>(r.queue.drain_time.ns());
    out.push_back(m);
  }
  if (t.max_abandoned_fraction) {
    uint64_t offered = r.orders.accepted + r.orders.abandoned;
    double fraction = offered ? static_cast<double>(r.orders.abandoned) / offered : 0;
    out.push_back({"max_abandoned", *t.max_abandoned_fraction, Unit::kFraction, fraction, "", ""});
  }
  if (t.max_backlog) {
    // The two peaks may fall at different moments, so their sum bounds the
    // orders waiting at once from above: a met target is met for sure.
    const uint64_t backlog = r.queue.peak_visible + r.queue.peak_in_flight;
    out.push_back({"max_backlog", static_cast<double>(*t.max_backlog), Unit::kCount,
                   static_cast<double>(backlog), "", ""});
  }
  if (t.max_lost_fraction) {
    const uint64_t lost = r.orders.abandoned + r.orders.failed + r.orders.dead_lettered;
    // Every offered order is accepted or abandoned, and ends paid or lost;
    // an order refused without being accepted (a throttled synchronous
    // function) shows only in the second count, so the larger one is the
    // number offered.
    const uint64_t offered =
        std::max(r.orders.accepted + r.orders.abandoned, r.orders.completed + lost);
    const double fraction = offered ? static_cast<double>(lost) / static_cast<double>(offered) : 0;
    out.push_back({"max_lost", *t.max_lost_fraction, Unit::kFraction, fraction, "", ""});
  }
  if (t.max_duplicates) {
    out.push_back({"max_duplicates", static_cast<double>(*t.max_duplicates), Unit::kCount,
                   static_cast<double>(r.orders.duplicates), "", ""});
  }
  return out;
}

bool met(const Measure& m) { return m.value && *m.value <= m.limit; }

}  // namespace

std::vector<TargetCheck> check_targets(const Targets& t, const SimResult& r) {
  std::vector<TargetCheck> out;
  for (const auto& m : measure(t, r))
    out.push_back({m.name, show(m, m.limit), m.value ? show(m, *m.value) : m.missing, met(m),
                   m.limit, m.value});
  return out;
}

std::vector<TargetCheck> check_targets(const Targets& t, const std::vector<SimResult>& runs) {
  std::vector<std::vector<Measure>> per_run;
  for (const auto& r : runs) per_run.push_back(measure(t, r));
  std::vector<TargetCheck> out;
  if (per_run.empty()) return out;
  for (size_t i = 0; i < per_run.front().size(); ++i) {
    const Measure& first = per_run.front()[i];
    double sum = 0;
    size_t with_value = 0, missed = 0;
    for (const auto& run : per_run) {
      const Measure& m = run[i];
      if (m.value) {
        sum += *m.value;
        ++with_value;
      }
      if (!met(m)) ++missed;
    }
    std::string actual;
    bool ok = false;
    std::optional<double> mean_value;
    if (with_value < per_run.size()) {
      actual = fmt::format("{} in {} of {} runs", first.missing_kind, per_run.size() - with_value,
                           per_run.size());
    } else {
      double mean = sum / static_cast<double>(with_value);
      mean_value = mean;
      ok = mean <= first.limit;
      actual = fmt::format("mean {}", show(first, mean));
    }
    actual += fmt::format(", missed in {} of {} runs", missed, per_run.size());
    out.push_back({first.name, show(first, first.limit), actual, ok, first.limit, mean_value});
  }
  return out;
}

}  // namespace stackplan::sim
