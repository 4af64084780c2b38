#include "report/explain.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/units.h"

namespace stackplan::report {
namespace {

// Three significant figures; whole numbers with thousands separators from 100.
std::string number(double v) {
  char buf[64];
  if (std::fabs(v) < 100) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.0f", v);
  std::string digits = buf, out;
  size_t lead = digits[0] == '-' ? 1 : 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > lead && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Above this utilisation waiting times grow steeply in any queue (Kingman's
// formula goes as u / (1 - u)): worth a warning even where the averages fit.
constexpr double kBusyUtilisation = 0.9;
constexpr size_t kTerminalWidth = 100;

// Word-wraps each line to the terminal width, continuing under its indent.
std::string wrap(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos) indent = 0;
    const std::string pad(indent + 2, ' ');
    while (line.size() > kTerminalWidth) {
      size_t cut = line.rfind(' ', kTerminalWidth);
      if (cut == std::string::npos || cut <= indent) break;
      out += line.substr(0, cut) + "\n";
      line = pad + line.substr(cut + 1);
    }
    out += line + "\n";
    start = end + 1;
  }
  return out;
}

std::string per_second(double v) { return number(v) + " orders/s"; }

std::string percent(double fraction) { return number(fraction * 100) + "%"; }

const char* kind_in_words(Architecture::Kind k) {
  switch (k) {
    case Architecture::Kind::kSync:
      return "synchronous (the client waits for the dependency)";
    case Architecture::Kind::kAsync:
      return "asynchronous (accept, queue, workers)";
    case Architecture::Kind::kServerless:
      return "serverless functions";
  }
  return "";
}

void offered_text(const Scenario& s, const sim::CapacityEstimate& e, std::string& out) {
  const sim::OfferedLoad& o = e.offered;
  out += "Offered load\n";
  if (o.closed) {
    const ClosedTraffic& c = s.traffic.closed;
    out += "  " + number(static_cast<double>(c.users)) + " users, each thinking " +
           format_duration(c.wait.mean()) +
           " on average between an answer and the next request: at most " +
           per_second(o.peak_per_second) +
           " (users / (think time + response time)); a closed model is bounded by its "
           "users, so it offers less when responses slow down.\n";
  } else {
    out += "  peak " + per_second(o.peak_per_second) + ", mean " + per_second(o.mean_per_second) +
           " over " + format_duration(o.traffic_time) + ".\n";
  }
  out += "  " + std::string(o.closed ? "At most " : "") + number(o.orders) +
         " orders offered in the run";
  if (o.month_stated)
    out += ": the monthly volume the scenario states.\n";
  else if (!o.closed)
    out += " (a 730-hour month at the mean rate would be " + number(o.orders_per_month) +
           " orders; the scenario states no monthly volume).\n";
  else
    out += " (fewer when responses slow down).\n";
}

void components_text(const sim::CapacityEstimate& e, std::string& out) {
  out += "\nCapacity at the peak\n";
  for (size_t i = 0; i < e.components.size(); ++i) {
    const sim::ComponentCapacity& c = e.components[i];
    out += "  " + c.name + (e.bottleneck == i ? " (the bottleneck): " : ": ");
    if (!c.per_second) {
      out += "no limit (" + c.basis + ")\n";
      continue;
    }
    out += per_second(*c.per_second) + ", " + percent(c.utilisation_at_peak) + " utilised\n    (" +
           c.basis + ")\n";
  }
}

void backlog_text(const Scenario& s, const sim::CapacityEstimate& e, std::string& out) {
  out += "\nWhat happens\n";
  if (!e.ceiling_per_second) {
    out += "  Nothing in the model bounds the throughput: every order is served as offered.\n";
    return;
  }
  const double ceiling = *e.ceiling_per_second;
  const std::string bottleneck = e.components[*e.bottleneck].name;
  out += "  The ceiling is " + per_second(ceiling) + ", set by " + bottleneck + "; at the peak " +
         per_second(e.throughput_at_peak) + " get served.\n";
  if (e.saturated_response_time) {
    out +=
        "  The users wait for their answers, so nothing piles up beyond them; each response "
        "takes about " +
        format_duration(*e.saturated_response_time) + " (users / ceiling - think time).\n";
  } else if (!e.queue_grows) {
    const double utilisation = e.offered.peak_per_second / ceiling;
    out += "  The queue does not grow: the offered load stays under the ceiling (" +
           percent(utilisation) + " at the peak).\n";
    if (utilisation > kBusyUtilisation)
      out +=
          "  So close to the ceiling, random arrivals and service times still build a queue "
          "the averages do not show: simulate to see how long it gets.\n";
  } else {
    out += "  The backlog grows by " + per_second(*e.growth_per_second) + " at the peak.\n";
    if (e.peak_backlog) {
      out += "  It peaks at " + number(*e.peak_backlog) + " orders waiting, " +
             format_duration(*e.peak_backlog_at) + " into the run.\n  It drains in " +
             format_duration(*e.drain_after_peak) + " after that";
      if (e.drain_after_traffic_end->ns() > 0)
        out += " (" + format_duration(*e.drain_after_traffic_end) + " after traffic stops)";
      out += ".\n";
      if (e.offered.peak_per_second * kBusyUtilisation < ceiling)
        out += "  So close to the ceiling, random arrivals alone move the backlog by about " +
               number(std::sqrt(e.offered.orders)) +
               " orders either way (the square root of the orders offered): simulate to see.\n";
    }
  }
  for (const std::string& reason : e.cannot_estimate)
    out += "  Cannot estimate the backlog or drain time: " + reason + ".\n";
  if (s.architecture.retry.max_attempts > 1 && s.architecture.dependency &&
      s.architecture.dependency->failure_rate > 0)
    out += "  Retries are counted as extra calls per order; their backoff delays are not.\n";
}

}  // namespace

std::string explain_text(const Scenario& s, const sim::CapacityEstimate& e,
                         const std::string& simulate_command) {
  std::string out = "Scenario " + (s.name.empty() ? std::string("(unnamed)") : s.name) + ": " +
                    kind_in_words(s.architecture.kind) + ".\n";
  if (!s.description.empty()) out += s.description + "\n";
  out += "\n";
  offered_text(s, e, out);
  components_text(e, out);
  backlog_text(s, e, out);
  out +=
      "\nThese are averages (a fluid model); the simulation draws every arrival and service "
      "time, and shows latencies and the queue over time:\n  " +
      simulate_command + "\n";
  return wrap(out);
}

std::string explain_json(const Scenario& s, const sim::CapacityEstimate& e) {
  using nlohmann::json;
  auto opt = [](const auto& v) -> json { return v ? json(*v) : json(nullptr); };
  auto opt_s = [](const std::optional<Duration>& d) -> json {
    return d ? json(d->seconds_f()) : json(nullptr);
  };
  json components = json::array();
  for (const auto& c : e.components)
    components.push_back(
        {{"name", c.name},
         {"basis", c.basis},
         {"capacity_per_second", opt(c.per_second)},
         {"utilisation_at_peak", c.per_second ? json(c.utilisation_at_peak) : json(nullptr)}});
  json j = {
      {"scenario", s.name},
      {"offered",
       {{"model", e.offered.closed ? "closed" : "open"},
        {"peak_per_second", e.offered.peak_per_second},
        {"mean_per_second", e.offered.mean_per_second},
        {"orders", e.offered.orders},
        {"traffic_seconds", e.offered.traffic_time.seconds_f()},
        {"orders_per_month", e.offered.orders_per_month},
        {"month_stated", e.offered.month_stated}}},
      {"components", components},
      {"bottleneck", e.bottleneck ? json(e.components[*e.bottleneck].name) : json(nullptr)},
      {"ceiling_per_second", opt(e.ceiling_per_second)},
      {"throughput_at_peak_per_second", e.throughput_at_peak},
      {"queue_grows", e.queue_grows},
      {"growth_per_second", opt(e.growth_per_second)},
      {"peak_backlog", opt(e.peak_backlog)},
      {"peak_backlog_at_seconds", opt_s(e.peak_backlog_at)},
      {"drain_after_peak_seconds", opt_s(e.drain_after_peak)},
      {"drain_after_traffic_end_seconds", opt_s(e.drain_after_traffic_end)},
      {"saturated_response_seconds", opt_s(e.saturated_response_time)},
      {"cannot_estimate", e.cannot_estimate},
  };
  return j.dump(2) + "\n";
}

Result<std::string> run_explain_command(const ExplainRequest& request) {
  const bool builtin = request.scenario_path.empty();
  auto scenario =
      builtin ? parse_scenario_text(default_scenario_yaml(), "(built-in)", ".", request.overrides)
              : parse_scenario_file(request.scenario_path, request.overrides);
  if (!scenario) return scenario.error();
  sim::CapacityEstimate estimate = sim::estimate_capacity(*scenario);
  if (request.json) return explain_json(*scenario, estimate);
  std::string next = builtin ? "stackplan simulate" : "stackplan simulate " + request.scenario_path;
  for (const auto& set : request.overrides) next += " --set '" + set + "'";
  return explain_text(*scenario, estimate, next);
}

}  // namespace stackplan::report
