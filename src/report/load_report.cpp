#include "report/load_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/text_width.h"
#include "report/latency_json.h"

namespace stackplan::report {

using load::EndpointStats;
using load::ErrorKind;
using load::kErrorKinds;
using load::LoadReport;
using load::SendStats;

namespace {

double ms(uint64_t ns) { return static_cast<double>(ns) / 1e6; }

double rate_of(uint64_t count, Duration d) {
  return d.ns() > 0 ? static_cast<double>(count) / d.seconds_f() : 0;
}

nlohmann::json counts_json(const EndpointStats& s, nlohmann::json& errors) {
  nlohmann::json codes = nlohmann::json::object();
  for (size_t code = 0; code < s.status_counts.size(); ++code)
    if (s.status_counts[code]) codes[std::to_string(code)] = s.status_counts[code];
  errors = nlohmann::json::object();
  for (int k = 0; k < kErrorKinds; ++k)
    errors[load::error_kind_name(static_cast<ErrorKind>(k))] =
        s.error_counts[static_cast<size_t>(k)];
  return codes;
}

nlohmann::json stats_json(const EndpointStats& s, Duration elapsed) {
  nlohmann::json errors;
  nlohmann::json j = {{"requests", s.requests},
                      {"failures", s.failures},
                      {"rps", rate_of(s.requests, elapsed)},
                      {"latency_ms", latency_json(s.latency)},
                      {"service_time_ms", latency_json(s.service_time)},
                      {"body_bytes", s.body_bytes}};
  j["status_codes"] = counts_json(s, errors);
  j["errors"] = errors;
  return j;
}

std::vector<LocustError> table_errors(const LoadReport& report) {
  std::vector<LocustError> errors;
  for (const auto& row : report.endpoints) {
    for (int k = 0; k < kErrorKinds; ++k)
      if (uint64_t n = row.stats.error_counts[static_cast<size_t>(k)])
        errors.push_back(
            {row.method, row.name, load::error_kind_name(static_cast<ErrorKind>(k)), n});
    for (size_t code = 400; code < row.stats.status_counts.size(); ++code)
      if (uint64_t n = row.stats.status_counts[code])
        errors.push_back({row.method, row.name, fmt::format("HTTP {}", code), n});
  }
  return errors;
}

// With the tables' digits (latency_ms_text), so the line reads as they do and
// fits 100 columns while times stay below 1,000 s.
std::string latency_line(const char* label, const Histogram& h) {
  auto text = [](double value_ms) { return latency_ms_text(value_ms, LocustMode::kExact); };
  return fmt::format("  {:<25} avg {}  p50 {}  p90 {}  p99 {}  p99.9 {}  max {}\n", label,
                     text(h.mean() / 1e6), text(ms(h.quantile(0.5))), text(ms(h.quantile(0.9))),
                     text(ms(h.quantile(0.99))), text(ms(h.quantile(0.999))), text(ms(h.max())));
}

}  // namespace

std::string load_locust_tables(const LoadReport& report, LocustMode mode) {
  std::vector<LocustRow> rows;
  for (const auto& row : report.endpoints)
    rows.push_back({row.method, row.name, row.stats.requests, row.stats.failures,
                    &row.stats.latency, &row.stats.locust_latency});
  LocustRow total{"",
                  "Aggregated",
                  report.total.requests,
                  report.total.failures,
                  &report.total.latency,
                  &report.total.locust_latency};
  Duration measured = mode == LocustMode::kLocust ? report.last_response : report.elapsed;
  return locust_tables(rows, total, locust_options(mode == LocustMode::kLocust, measured),
                       table_errors(report));
}

std::string load_details(const LoadReport& r) {
  std::string out;
  // The target is the user's URL, of any length: the figures after it move
  // to a line of their own when the line would pass 100 columns.
  const std::string run =
      fmt::format("Run: {} {}", r.open_model ? "open model," : "closed model,", r.target);
  const std::string figures =
      fmt::format("on {} event loop(s), {:.2f} s, {} requests, {:.2f} req/s{}", r.threads,
                  r.elapsed.seconds_f(), r.total.requests, rate_of(r.total.requests, r.elapsed),
                  r.interrupted ? " (interrupted)" : "");
  out += display_width(run) + 1 + display_width(figures) <= kTextColumns
             ? run + " " + figures + "\n"
             : run + "\n  " + figures + "\n";
  out += "Status codes:";
  bool any = false;
  for (size_t code = 0; code < r.total.status_counts.size(); ++code)
    if (uint64_t n = r.total.status_counts[code]) {
      out += fmt::format(" {}={}", code, n);
      any = true;
    }
  out += any ? "\n" : " none\n";
  out += "Errors:";
  any = false;
  for (int k = 0; k < kErrorKinds; ++k)
    if (uint64_t n = r.total.error_counts[static_cast<size_t>(k)]) {
      out += fmt::format(" {}={}", load::error_kind_name(static_cast<ErrorKind>(k)), n);
      any = true;
    }
  out += any ? "\n" : " none\n";
  out += "Latency (ms):\n";
  if (r.open_model) {
    out += latency_line("corrected (from due time)", r.total.latency);
    out += latency_line("uncorrected (from send)", r.total.service_time);
    const SendStats& s = r.sends;
    // Two lines: one would pass 100 columns.
    out += fmt::format("Schedule: target {:.2f} req/s, due {} ({:.2f}/s), sent {}\n", r.target_rate,
                       s.scheduled, rate_of(s.scheduled, r.elapsed), s.sends);
    out +=
        fmt::format("  late (>1 ms) {}, dropped {}, unfinished {}, worst send lag {:.2f} ms\n",
                    s.late_sends, s.dropped_sends, s.unfinished, s.max_send_lag.milliseconds_f());
  } else {
    out += latency_line("response time", r.total.latency);
  }
  out += fmt::format("Connections: opened {}, peak open {}, reconnects {}\n",
                     r.sends.connections_opened, r.sends.peak_connections, r.sends.reconnects);
  return out;
}

std::string load_thresholds_text(const std::vector<load::Threshold::Outcome>& outcomes) {
  std::string out;
  for (const auto& o : outcomes)
    out +=
        fmt::format("{} {} (actual {})\n", o.ok ? "ok    " : "FAILED", o.expression, o.actual_text);
  return out;
}

std::string load_json(const LoadReport& r,
                      const std::vector<load::Threshold::Outcome>& thresholds) {
  nlohmann::json out = {{"tool", "stackplan load"},    {"schema", 1},
                        {"target", r.target},          {"model", r.open_model ? "open" : "closed"},
                        {"threads", r.threads},        {"duration_s", r.elapsed.seconds_f()},
                        {"interrupted", r.interrupted}};
  out.update(stats_json(r.total, r.elapsed));
  if (r.open_model) {
    const SendStats& s = r.sends;
    out["schedule"] = {{"target_rps", r.target_rate},
                       {"scheduled", s.scheduled},
                       {"sent", s.sends},
                       {"late", s.late_sends},
                       {"dropped", s.dropped_sends},
                       {"unfinished", s.unfinished},
                       {"max_send_lag_ms", s.max_send_lag.milliseconds_f()}};
  }
  out["connections"] = {{"opened", r.sends.connections_opened},
                        {"peak", r.sends.peak_connections},
                        {"reconnects", r.sends.reconnects}};
  nlohmann::json endpoints = nlohmann::json::array();
  for (const auto& row : r.endpoints) {
    nlohmann::json e = {{"name", row.name}, {"method", row.method}};
    e.update(stats_json(row.stats, r.elapsed));
    endpoints.push_back(std::move(e));
  }
  out["endpoints"] = std::move(endpoints);
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& t : thresholds)
    checks.push_back({{"expression", t.expression}, {"actual", t.actual}, {"ok", t.ok}});
  out["thresholds"] = std::move(checks);
  // The per-second rows of PREFIX_timeline.csv: the HTML report's charts draw
  // them, and `stackplan calibrate --measured` counts the requests answered
  // within the traffic time from them, as a live run does.
  nlohmann::json timeline = nlohmann::json::array();
  for (const auto& t : r.timeline)
    timeline.push_back({{"second", t.second},
                        {"active", t.active},
                        {"requests", t.requests},
                        {"failures", t.failures},
                        {"latency_p50_ms", t.latency_p50_ms},
                        {"latency_p90_ms", t.latency_p90_ms},
                        {"latency_p99_ms", t.latency_p99_ms},
                        {"latency_max_ms", t.latency_max_ms}});
  out["timeline"] = std::move(timeline);
  // Names and URLs come from the user and may hold bytes that are not UTF-8:
  // replaced with U+FFFD rather than thrown.
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string load_timeline_csv(const LoadReport& r) {
  std::string out =
      "second,active,requests,failures,sends,late_sends,dropped_sends,latency_avg_ms,"
      "latency_p50_ms,latency_p90_ms,latency_p99_ms,latency_max_ms\n";
  for (const auto& s : r.timeline)
    out += fmt::format("{},{},{},{},{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f}\n", s.second,
                       s.active, s.requests, s.failures, s.sends, s.late_sends, s.dropped_sends,
                       s.latency_avg_ms, s.latency_p50_ms, s.latency_p90_ms, s.latency_p99_ms,
                       s.latency_max_ms);
  return out;
}

std::string load_stats_csv(const LoadReport& r) {
  std::string out =
      "method,name,requests,failures,rps,latency_avg_ms,latency_min_ms,latency_max_ms,"
      "latency_p50_ms,latency_p90_ms,latency_p95_ms,latency_p99_ms,latency_p999_ms\n";
  auto line = [&](const std::string& method, const std::string& name, const EndpointStats& s) {
    const Histogram& h = s.latency;
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    out += fmt::format(
        "{},{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f}\n", method,
        quoted, s.requests, s.failures, rate_of(s.requests, r.elapsed), h.mean() / 1e6, ms(h.min()),
        ms(h.max()), ms(h.quantile(0.5)), ms(h.quantile(0.9)), ms(h.quantile(0.95)),
        ms(h.quantile(0.99)), ms(h.quantile(0.999)));
  };
  for (const auto& row : r.endpoints) line(row.method, row.name, row.stats);
  line("", "Aggregated", r.total);
  return out;
}

std::string load_text(const load::LoadCommand& command, const load::LoadOutput& output) {
  const auto mode = command.locust_compatible ? LocustMode::kLocust : LocustMode::kExact;
  std::string out = load_locust_tables(output.report, mode) + load_details(output.report);
  if (!output.outcomes.empty()) out += "Thresholds:\n" + load_thresholds_text(output.outcomes);
  return out;
}

std::vector<OutputFile> load_files(const load::LoadCommand& command,
                                   const load::LoadOutput& output) {
  std::vector<OutputFile> files;
  if (!command.json_path.empty())
    files.push_back({command.json_path, load_json(output.report, output.outcomes)});
  if (!command.csv_prefix.empty()) {
    files.push_back({command.csv_prefix + "_timeline.csv", load_timeline_csv(output.report)});
    files.push_back({command.csv_prefix + "_stats.csv", load_stats_csv(output.report)});
  }
  return files;
}

}  // namespace stackplan::report
