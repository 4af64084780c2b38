#include "report/sim_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/money.h"
#include "core/text_width.h"
#include "core/units.h"
#include "report/latency_json.h"
#include "report/locust_table.h"

namespace stackplan::report {
namespace {

// The targets table's "actual" column is at least this wide, so single runs
// line up as they always have; longer texts widen it.
constexpr size_t kTargetActualWidth = 24;

std::string dur_ns(uint64_t ns) {
  return format_duration(Duration::nanoseconds(static_cast<int64_t>(ns)));
}

std::string count(uint64_t n) { return group_thousands(n); }

}  // namespace

std::string sim_text(const Scenario& scenario, const sim::SimResult& r,
                     const std::vector<sim::TargetCheck>& targets, const TextOptions& options) {
  std::string out =
      wrap_paragraph("", fmt::format("stackplan simulate: {} (seed {})", r.scenario, r.seed), 2) +
      "\n";
  // One request type, so the Aggregated row holds the same figures.
  LocustRow row = row_from_request_name(r.requests.name);
  row.requests = r.requests.requests;
  row.failures = r.requests.failures;
  row.latency_ns = &r.requests.latency_ns;
  LocustRow total{"", "Aggregated", row.requests, row.failures, row.latency_ns};
  out += locust_tables(
      {row}, total,
      locust_options(options.locust_mode == LocustMode::kLocust, r.requests.measured_time));

  const auto& o = r.orders;
  out += "Orders (accepted -> paid)\n";
  out += fmt::format("  accepted {}  completed {}  abandoned {}  failed {}\n", count(o.accepted),
                     count(o.completed), count(o.abandoned), count(o.failed));
  out += fmt::format("  duplicates {}  dead-lettered {}  redeliveries {}\n", count(o.duplicates),
                     count(o.dead_lettered), count(o.redeliveries));
  if (o.duplicates_refused)
    out += fmt::format("  duplicate copies refused by the idempotent dependency: {}\n",
                       count(o.duplicates_refused));
  if (o.latency_ns.count()) {
    const auto& h = o.latency_ns;
    out += fmt::format("  latency: avg {}  p50 {}  p95 {}  p99 {}  max {}\n",
                       dur_ns(static_cast<uint64_t>(h.mean())), dur_ns(h.quantile(0.5)),
                       dur_ns(h.quantile(0.95)), dur_ns(h.quantile(0.99)), dur_ns(h.max()));
  }

  if (scenario.architecture.kind == Architecture::Kind::kAsync) {
    const auto& q = r.queue;
    out += "\nQueue\n";
    out += fmt::format("  peak visible {} at {}; peak in flight {}\n", count(q.peak_visible),
                       format_duration(q.peak_visible_at), count(q.peak_in_flight));
    out += fmt::format("  backlog when traffic stopped: {} (visible + in flight)\n",
                       count(q.backlog_at_traffic_end));
  }
  if (scenario.architecture.kind != Architecture::Kind::kSync) {
    const auto& q = r.queue;
    out += q.drained
               ? fmt::format("  drained {} after traffic stopped\n", format_duration(q.drain_time))
               : fmt::format("  NOT drained {} after traffic stopped ({})\n",
                             format_duration(q.drain_time), r.complete ? "drain_limit" : "stopped");
  }

  const auto& res = r.resources;
  out += "\nResources\n";
  for (const auto& [tier, seconds] : res.task_seconds)
    out += fmt::format("  task-seconds {}: {:.1f}\n", tier, seconds);
  if (scenario.architecture.kind == Architecture::Kind::kAsync)
    out += fmt::format("  peak worker processes {}; queue requests {}; messages {}\n",
                       res.peak_workers, count(res.queue_requests), count(res.messages));
  if (scenario.architecture.kind == Architecture::Kind::kServerless)
    out += fmt::format(
        "  invocations {}  cold starts {}  throttles {}  peak instances {}\n"
        "  billed {:.3f} s  GB-seconds {:.3f}\n",
        count(res.function_invocations), count(res.cold_starts), count(res.throttles),
        res.peak_instances, static_cast<double>(res.function_billed_ms) / 1000,
        res.function_gb_seconds);
  out += fmt::format("  simulated {} ({} events)\n", format_duration(r.simulated_time),
                     count(r.events));

  out += targets_text(targets, "Targets");
  return out;
}

std::string targets_text(const std::vector<sim::TargetCheck>& targets, const std::string& heading) {
  if (targets.empty()) return "";
  size_t actual_width = kTargetActualWidth;
  for (const auto& t : targets) actual_width = std::max(actual_width, t.actual.size());
  std::string out = "\n" + heading + "\n";
  for (const auto& t : targets)
    out += fmt::format("  {:<18} <= {:<10} {:<{}} {}\n", t.name, t.limit, t.actual, actual_width,
                       t.met ? "met" : "MISSED");
  return out;
}

nlohmann::json targets_json(const std::vector<sim::TargetCheck>& targets) {
  auto j = nlohmann::json::array();
  for (const auto& t : targets)
    j.push_back({{"name", t.name}, {"limit", t.limit}, {"actual", t.actual}, {"met", t.met}});
  return j;
}

nlohmann::json sim_json(const sim::SimResult& r, const std::vector<sim::TargetCheck>& targets) {
  nlohmann::json j;
  j["scenario"] = r.scenario;
  j["seed"] = r.seed;
  j["traffic_seconds"] = r.traffic_time.seconds_f();
  j["simulated_seconds"] = r.simulated_time.seconds_f();
  j["events"] = r.events;
  j["requests"] = r.requests.requests;
  j["failures"] = r.requests.failures;
  j["rps"] = r.requests.rps();
  j["latency_ms"] = latency_json(r.requests.latency_ns);
  const auto& o = r.orders;
  j["orders"] = {{"accepted", o.accepted},
                 {"completed", o.completed},
                 {"abandoned", o.abandoned},
                 {"failed", o.failed},
                 {"duplicates", o.duplicates},
                 {"dead_lettered", o.dead_lettered},
                 {"redeliveries", o.redeliveries},
                 {"duplicates_refused", o.duplicates_refused},
                 {"latency_ms", latency_json(o.latency_ns)}};
  const auto& q = r.queue;
  j["queue"] = {{"peak_visible", q.peak_visible},
                {"peak_visible_at_seconds", q.peak_visible_at.seconds_f()},
                {"peak_in_flight", q.peak_in_flight},
                {"backlog_at_traffic_end", q.backlog_at_traffic_end},
                {"drained", q.drained},
                {"drain_seconds", q.drain_time.seconds_f()}};
  const auto& res = r.resources;
  j["resources"] = {{"task_seconds", res.task_seconds},
                    {"peak_workers", res.peak_workers},
                    {"function_invocations", res.function_invocations},
                    {"function_gb_seconds", res.function_gb_seconds},
                    {"function_billed_ms", res.function_billed_ms},
                    {"cold_starts", res.cold_starts},
                    {"throttles", res.throttles},
                    {"peak_instances", res.peak_instances},
                    {"queue_requests", res.queue_requests},
                    {"messages", res.messages}};
  j["targets"] = targets_json(targets);
  // Only when the run recorded it (--json, --timeseries, --html on one run).
  if (!r.timeline.empty()) {
    auto& rows = j["timeline"] = nlohmann::json::array();
    for (const auto& row : r.timeline)
      rows.push_back({{"second", row.second},
                      {"arrivals", row.arrivals},
                      {"completions", row.completions},
                      {"visible", row.visible},
                      {"in_flight", row.in_flight},
                      {"active_workers", row.active_workers}});
  }
  return j;
}

std::string timeline_csv(const sim::SimResult& r) {
  std::string out = "second,arrivals,completions,visible,in_flight,active_workers\n";
  for (const auto& row : r.timeline)
    out += fmt::format("{},{},{},{},{},{}\n", row.second, row.arrivals, row.completions,
                       row.visible, row.in_flight, row.active_workers);
  return out;
}

}  // namespace stackplan::report
