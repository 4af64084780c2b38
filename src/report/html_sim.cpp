// Report sections for what was run or measured: `simulate --json` (one run or
// replications) and `load --json`.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/money.h"
#include "core/units.h"
#include "report/html_sections.h"

namespace stackplan::report::html {
namespace {

using nlohmann::json;

// The percentiles every latency object holds, in the order the charts show them.
struct Percentile {
  const char* key;
  const char* label;
};
constexpr Percentile kPercentiles[] = {{"p50", "p50"}, {"p90", "p90"},    {"p95", "p95"},
                                       {"p99", "p99"}, {"p999", "p99.9"}, {"max", "max"}};

DocTable latency_table(const std::string& caption, const std::vector<std::string>& names,
                       const std::vector<const json*>& latencies) {
  DocTable t{caption, {"", "avg", "min"}, {}};
  for (const auto& p : kPercentiles) t.header.emplace_back(p.label);
  for (size_t i = 0; i < names.size(); ++i) {
    const json& l = *latencies[i];
    std::vector<std::string> row{names[i], ms(field(l, "avg")), ms(field(l, "min"))};
    for (const auto& p : kPercentiles) row.push_back(ms(field(l, p.key)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Latencies span milliseconds (an answer) to minutes (an order waiting in a
// queue): a logarithmic axis keeps both readable.
Chart latency_chart(const std::string& id, const std::vector<std::string>& names,
                    const std::vector<const json*>& latencies) {
  Chart c;
  c.id = id;
  c.title = "Latency percentiles";
  c.type = "bar";
  c.x.title = "percentile";
  c.y = {"latency (ms, log scale)", true};
  for (const auto& p : kPercentiles) c.labels.emplace_back(p.label);
  for (size_t i = 0; i < names.size(); ++i) {
    ChartSeries s = series(names[i]);
    for (const auto& p : kPercentiles) {
      double v = number(field(*latencies[i], p.key));
      s.data.push_back(v > 0 ? json(v) : json(nullptr));  // log scale: no zero
    }
    c.series.push_back(std::move(s));
  }
  return c;
}

// A line of a few thousand one-second points is a solid block at a laptop's
// width: longer runs are drawn in buckets of whole seconds.
constexpr size_t kMaxTimelinePoints = 300;

// Queue depth and throughput over simulated time, from `timeline` (one row
// per second): per bucket, the deepest queue and the mean rates.
void add_timeline_charts(DocSection& section, const json& timeline) {
  const size_t bucket = (timeline.size() + kMaxTimelinePoints - 1) / kMaxTimelinePoints;
  Chart queue;
  queue.id = "sim-queue";
  queue.title =
      bucket > 1 ? fmt::format("Queue depth over time (per {} s: deepest queue, mean rate)", bucket)
                 : std::string("Queue depth over time");
  queue.x.title = "simulated time (s)";
  queue.y.title = "queue depth (messages)";
  // In flight is bounded by the workers' slots, tens against a backlog of
  // thousands: on the left axis it would lie flat on zero.
  queue.y_right = ChartAxis{"in flight (msg), completions (/s)"};
  queue.series = {series("visible"), series("in flight", true), series("completions", true)};
  Chart throughput;
  throughput.id = "sim-throughput";
  throughput.title = bucket > 1 ? fmt::format("Throughput over time (mean per {} s)", bucket)
                                : std::string("Throughput over time");
  throughput.x.title = "simulated time (s)";
  throughput.y.title = "throughput (orders/s)";
  throughput.series = {series("accepted"), series("paid")};
  for (size_t from = 0; from < timeline.size(); from += bucket) {
    const size_t to = std::min(timeline.size(), from + bucket);
    double visible = 0, in_flight = 0, arrivals = 0, completions = 0;
    for (size_t i = from; i < to; ++i) {
      visible = std::max(visible, number(field(timeline[i], "visible")));
      in_flight = std::max(in_flight, number(field(timeline[i], "in_flight")));
      arrivals += number(field(timeline[i], "arrivals"));
      completions += number(field(timeline[i], "completions"));
    }
    const double seconds = static_cast<double>(to - from);
    const double t = number(field(timeline[from], "second"));
    auto at = [t](double y) { return json{{"x", t}, {"y", y}}; };
    queue.series[0].data.push_back(at(visible));
    queue.series[1].data.push_back(at(in_flight));
    queue.series[2].data.push_back(at(completions / seconds));
    throughput.series[0].data.push_back(at(arrivals / seconds));
    throughput.series[1].data.push_back(at(completions / seconds));
  }
  section.charts.push_back(std::move(queue));
  section.charts.push_back(std::move(throughput));
}

// Requests and latency per second of a load run, from its `timeline`. A run
// is seconds to minutes long: one point per second stays readable. The last
// row may cover part of a second (a 3.07 s run): its counts are divided by
// that part, so the line does not dive at the end of a steady run.
void add_load_timeline_charts(DocSection& section, const json& timeline, double run_seconds) {
  Chart throughput;
  throughput.id = "load-throughput-time";
  throughput.title = "Throughput over time";
  throughput.x.title = "time since start (s)";
  throughput.y.title = "throughput (requests/s)";
  throughput.y_right = ChartAxis{"active (users or connections)"};
  throughput.series = {series("requests"), series("failures"), series("active", true)};
  Chart latency;
  latency.id = "load-latency-time";
  latency.title = "Latency over time";
  latency.x.title = "time since start (s)";
  latency.y.title = "latency (ms)";
  latency.series = {series("p50"), series("p90"), series("p99"), series("max")};
  for (const json& row : timeline) {
    const double t = number(field(row, "second"));
    auto at = [t](const json& y) { return json{{"x", t}, {"y", number(y)}}; };
    const double covered = std::clamp(run_seconds - t, 0.0, 1.0);
    auto rate = [&](const json& n) {
      const double per_second = covered > 0 && covered < 1 ? number(n) / covered : number(n);
      return json{{"x", t}, {"y", per_second}};
    };
    throughput.series[0].data.push_back(rate(field(row, "requests")));
    throughput.series[1].data.push_back(rate(field(row, "failures")));
    throughput.series[2].data.push_back(at(field(row, "active")));
    int i = 0;
    for (const char* key : {"latency_p50_ms", "latency_p90_ms", "latency_p99_ms", "latency_max_ms"})
      latency.series[i++].data.push_back(at(field(row, key)));
  }
  section.charts.push_back(std::move(throughput));
  section.charts.push_back(std::move(latency));
}

DocTable targets_table(const json& targets) {
  DocTable t{"Targets", {"target", "limit", "actual", "met"}, {}};
  for (const json& row : targets)
    t.rows.push_back(
        {text_of(field(row, "name")), text_of(field(row, "limit")), text_of(field(row, "actual")),
         field(row, "met").is_boolean() && field(row, "met").get<bool>() ? "met" : "MISSED"});
  return t;
}

}  // namespace

const json& field(const json& doc, const char* key) {
  static const json kNull;
  return doc.is_object() && doc.contains(key) ? doc[key] : kNull;
}

double number(const json& value) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) {
    try {
      return std::stod(value.get<std::string>());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

// Counts and cents at or above this are not held by a uint64_t.
constexpr double kLargestCount = 18446744073709551616.0;

std::string count(const json& value) {
  const double v = number(value);
  // Beyond 2^64 (or not finite) the cast would be undefined: plain digits.
  if (!std::isfinite(v) || v < 0 || v >= kLargestCount || v != std::floor(v))
    return fixed(value, 2);
  return group_thousands(static_cast<uint64_t>(v));
}

std::string fixed(const json& value, int decimals) {
  return fmt::format("{:.{}f}", number(value), decimals);
}

std::string usd(const json& value) {
  const double v = number(value);
  if (!std::isfinite(v) || std::fabs(v) >= kLargestCount / 100) return fixed(value, 2);
  const double cents = std::round(std::fabs(v) * 100);
  const auto dollars = static_cast<uint64_t>(cents / 100);
  return fmt::format("{}${}.{:02d}", v < 0 ? "-" : "", group_thousands(dollars),
                     static_cast<int>(cents - static_cast<double>(dollars) * 100));
}

// Beyond a century a number of seconds is not a duration a report shows as one.
constexpr double kLongestSeconds = 100.0 * 365 * 24 * 3600;

std::string seconds(const json& value) {
  const double v = number(value);
  if (!std::isfinite(v) || std::fabs(v) > kLongestSeconds) return fixed(value, 1) + " s";
  return format_duration(Duration::from_seconds(v));
}

std::string text_of(const json& value, const std::string& absent) {
  if (value.is_string()) return value.get<std::string>();
  return value.is_null() ? absent : value.dump();
}

std::string ms(const json& value) {
  const double v = number(value);
  if (v >= 10'000) return seconds(json(v / 1000));
  return fmt::format("{:.{}f} ms", v, v < 100 ? 2 : (v < 1000 ? 1 : 0));
}

DocSection simulate_section(const json& sim, const std::string& explanation) {
  DocSection s;
  s.title = "Simulation: " + field(sim, "scenario").get<std::string>();
  const json& orders = field(sim, "orders");
  const json& queue = field(sim, "queue");
  const bool drained = field(queue, "drained").is_boolean() && field(queue, "drained").get<bool>();
  s.paragraphs.push_back(fmt::format(
      "Seed {}: traffic offered for {} s; {} requests answered ({} req/s), {} failed. {} orders "
      "accepted, {} paid, {} abandoned, {} failed. The queue peaked at {} visible messages at "
      "{} s with {} left when traffic stopped, and {}.",
      count(field(sim, "seed")), fixed(field(sim, "traffic_seconds"), 0),
      count(field(sim, "requests")), fixed(field(sim, "rps"), 2), count(field(sim, "failures")),
      count(field(orders, "accepted")), count(field(orders, "completed")),
      count(field(orders, "abandoned")), count(field(orders, "failed")),
      count(field(queue, "peak_visible")), fixed(field(queue, "peak_visible_at_seconds"), 1),
      count(field(queue, "backlog_at_traffic_end")),
      drained ? "drained " + seconds(field(queue, "drain_seconds")) + " after traffic stopped"
              : "had not drained at the drain limit"));
  if (const json& stopped = field(sim, "incomplete"); stopped.is_string())
    s.paragraphs.insert(s.paragraphs.begin(),
                        "Incomplete: " + stopped.get<std::string>() +
                            ". The figures below are those of the run so far.");
  s.preformatted = explanation;
  s.preformatted_title = "What the scenario means before it runs (stackplan explain)";
  if (field(sim, "timeline").is_array() && !field(sim, "timeline").empty())
    add_timeline_charts(s, field(sim, "timeline"));
  else
    s.paragraphs.emplace_back(
        "This result holds no per-second timeline (saved by an older stackplan): no charts over "
        "time.");
  const std::vector<std::string> names{"response (client)", "accepted to paid (order)"};
  const std::vector<const json*> latencies{&field(sim, "latency_ms"), &field(orders, "latency_ms")};
  s.charts.push_back(latency_chart("sim-latency", names, latencies));

  s.tables.push_back({"Request statistics",
                      {"Name", "# reqs", "# fails", "Avg", "Min", "Max", "Med", "req/s"},
                      {{"Aggregated", count(field(sim, "requests")), count(field(sim, "failures")),
                        ms(field(*latencies[0], "avg")), ms(field(*latencies[0], "min")),
                        ms(field(*latencies[0], "max")), ms(field(*latencies[0], "p50")),
                        fixed(field(sim, "rps"), 2)}}});
  s.tables.push_back(latency_table("Response time percentiles", names, latencies));
  DocTable o{"Orders",
             {"accepted", "completed", "abandoned", "failed", "duplicates", "dead-lettered",
              "redeliveries"},
             {{}}};
  for (const char* key : {"accepted", "completed", "abandoned", "failed", "duplicates",
                          "dead_lettered", "redeliveries"})
    o.rows[0].push_back(count(field(orders, key)));
  s.tables.push_back(std::move(o));
  s.tables.push_back(
      {"Queue",
       {"peak visible", "at", "peak in flight", "backlog at traffic end", "drained", "drain time"},
       {{count(field(queue, "peak_visible")),
         fixed(field(queue, "peak_visible_at_seconds"), 1) + " s",
         count(field(queue, "peak_in_flight")), count(field(queue, "backlog_at_traffic_end")),
         drained ? "yes" : "no", seconds(field(queue, "drain_seconds"))}}});
  DocTable r{"Resources", {"measure", "value"}, {}};
  const json& res = field(sim, "resources");
  if (field(res, "task_seconds").is_object())
    for (const auto& [tier, seconds] : res["task_seconds"].items())
      r.rows.push_back({"task-seconds (" + tier + ")", fixed(seconds, 1)});
  for (const char* key : {"peak_workers", "queue_requests", "messages", "function_invocations",
                          "cold_starts", "throttles", "peak_instances"})
    r.rows.push_back({key, count(field(res, key))});
  s.tables.push_back(std::move(r));
  if (!field(sim, "targets").empty()) s.tables.push_back(targets_table(field(sim, "targets")));
  return s;
}

DocSection replications_section(const json& sim) {
  DocSection s;
  s.title = fmt::format("Simulation: {} replications", count(field(sim, "replications")));
  if (const json& stopped = field(sim, "incomplete"); stopped.is_string())
    s.paragraphs.push_back("Incomplete: " + stopped.get<std::string>() +
                           ". The means are over the runs that finished.");
  s.paragraphs.emplace_back(
      "Means over the runs with 95% confidence half-widths; replications keep no per-second "
      "timeline, so there are no charts over time.");
  DocTable t{"Estimates", {"figure", "mean", "± 95%"}, {}};
  if (field(sim, "estimates").is_object())
    for (const auto& [name, e] : sim["estimates"].items())
      t.rows.push_back({name, fixed(field(e, "mean"), 3), fixed(field(e, "ci95_half_width"), 3)});
  s.tables.push_back(std::move(t));
  if (!field(sim, "targets").empty()) s.tables.push_back(targets_table(field(sim, "targets")));
  return s;
}

DocSection load_section(const json& load) {
  DocSection s;
  s.title = "Load test: " + field(load, "target").get<std::string>();
  s.paragraphs.push_back(
      fmt::format("{} model on {} event loop(s) for {} s: {} requests ({} req/s), {} failed.",
                  field(load, "model").get<std::string>(), count(field(load, "threads")),
                  fixed(field(load, "duration_s"), 2), count(field(load, "requests")),
                  fixed(field(load, "rps"), 2), count(field(load, "failures"))));
  DocTable stats{"Request statistics",
                 {"Type", "Name", "# reqs", "# fails", "Avg", "Min", "Max", "Med", "req/s"},
                 {}};
  std::vector<std::string> names;
  std::vector<const json*> latencies;
  Chart rps;
  rps.id = "load-throughput";
  rps.title = "Throughput by endpoint";
  rps.type = "bar";
  rps.x.title = "endpoint";
  rps.y.title = "throughput (requests/s)";
  rps.series = {series("requests/s"), series("failures/s")};
  auto add = [&](const std::string& method, const std::string& name, const json& e) {
    const json& l = field(e, "latency_ms");
    stats.rows.push_back({method, name, count(field(e, "requests")), count(field(e, "failures")),
                          ms(field(l, "avg")), ms(field(l, "min")), ms(field(l, "max")),
                          ms(field(l, "p50")), fixed(field(e, "rps"), 2)});
    names.push_back(method.empty() ? name : method + " " + name);
    latencies.push_back(&l);
    rps.labels.push_back(names.back());
    const double seconds = number(field(load, "duration_s"));
    rps.series[0].data.push_back(seconds > 0 ? number(field(e, "requests")) / seconds : 0.0);
    rps.series[1].data.push_back(seconds > 0 ? number(field(e, "failures")) / seconds : 0.0);
  };
  for (const json& e : field(load, "endpoints"))
    add(field(e, "method").get<std::string>(), field(e, "name").get<std::string>(), e);
  add("", "Aggregated", load);
  if (!field(load, "timeline").empty())
    add_load_timeline_charts(s, load["timeline"], number(field(load, "duration_s")));
  s.charts.push_back(latency_chart("load-latency", names, latencies));
  s.charts.push_back(std::move(rps));
  s.tables.push_back(std::move(stats));
  s.tables.push_back(latency_table("Response time percentiles", names, latencies));
  DocTable codes{"Status codes and errors", {"status or error", "responses"}, {}};
  for (const char* group : {"status_codes", "errors"})
    if (field(load, group).is_object())
      for (const auto& [name, n] : load[group].items()) codes.rows.push_back({name, count(n)});
  s.tables.push_back(std::move(codes));
  DocTable thresholds{"Thresholds", {"threshold", "actual", "ok"}, {}};
  for (const json& t : field(load, "thresholds"))
    thresholds.rows.push_back({field(t, "expression").get<std::string>(),
                               field(t, "actual").is_null() ? "-" : fixed(field(t, "actual"), 2),
                               field(t, "ok").is_boolean() && t["ok"].get<bool>() ? "ok" : "FAIL"});
  if (!thresholds.rows.empty()) s.tables.push_back(std::move(thresholds));
  return s;
}

}  // namespace stackplan::report::html
