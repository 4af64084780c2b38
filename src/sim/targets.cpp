#include "sim/targets.h"

#include <fmt/format.h>

#include "core/units.h"

namespace stackplan::sim {

std::vector<TargetCheck> check_targets(const Targets& t, const SimResult& r) {
  std::vector<TargetCheck> out;
  auto latency = [&](const char* name, const std::optional<Duration>& limit, const Histogram& h,
                     double q) {
    if (!limit) return;
    if (h.count() == 0) {
      out.push_back({name, format_duration(*limit), "no data", false});
      return;
    }
    auto actual = Duration::nanoseconds(static_cast<int64_t>(h.quantile(q)));
    out.push_back({name, format_duration(*limit), format_duration(actual), actual <= *limit});
  };
  latency("accept_p95", t.accept_p95, r.requests.latency_ns, 0.95);
  latency("accept_p99", t.accept_p99, r.requests.latency_ns, 0.99);
  latency("order_p95", t.order_p95, r.orders.latency_ns, 0.95);
  if (t.drain_after_peak) {
    std::string actual = r.queue.drained ? format_duration(r.queue.drain_time)
                                         : "not drained in " + format_duration(r.queue.drain_time);
    out.push_back({"drain_after_peak", format_duration(*t.drain_after_peak), actual,
                   r.queue.drained && r.queue.drain_time <= *t.drain_after_peak});
  }
  if (t.max_abandoned_fraction) {
    uint64_t offered = r.orders.accepted + r.orders.abandoned;
    double fraction = offered ? static_cast<double>(r.orders.abandoned) / offered : 0;
    out.push_back({"max_abandoned", fmt::format("{:.2f}%", *t.max_abandoned_fraction * 100),
                   fmt::format("{:.2f}%", fraction * 100), fraction <= *t.max_abandoned_fraction});
  }
  return out;
}

}  // namespace stackplan::sim
