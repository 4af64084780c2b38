// `stackplan load`: flags in, library call, tables out. See docs/LOAD.md.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/units.h"
#include "load/load_report.h"
#include "load/load_runner.h"
#include "load/threshold.h"

namespace stackplan::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void on_sigint(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

struct LoadFlags {
  std::string url, plan_file, method = "GET", body, json_file, csv_prefix;
  std::string run_time, wait, rate, arrivals = "constant", steps, spike, timeout = "10s";
  std::vector<std::string> headers, thresholds;
  int threads = 0, connections = 0, users = 0, max_connections = 1024;
  double spawn_rate = 0;
  uint64_t requests = 0, seed = 1;
  size_t max_backlog = 100000;
  bool locust_compatible = false, quiet = false, wrk_latency = false;
};

Result<load::LoadOptions> build_options(const LoadFlags& f, CLI::App& cmd) {
  load::LoadOptions o;
  if (!f.plan_file.empty()) {
    auto plan = load::load_plan_file(f.plan_file);
    if (!plan) return plan.error();
    o.plan = std::move(*plan);
  }
  std::string url = !f.url.empty() ? f.url : o.plan.base_url;
  if (url.empty()) return Error("give a URL to load (or a plan with base_url)");
  auto target = load::parse_url(url);
  if (!target) return target.error();
  o.target = *target;
  if (f.plan_file.empty()) {
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& h : f.headers) {
      size_t colon = h.find(':');
      if (colon == std::string::npos || colon == 0)
        return Error("bad header \"" + h + "\": expected Name: value");
      size_t v = h.find_first_not_of(' ', colon + 1);
      headers.emplace_back(h.substr(0, colon), v == std::string::npos ? "" : h.substr(v));
    }
    std::optional<std::string> body;
    if (cmd.count("--body")) body = f.body;
    o.plan = load::single_request_plan(f.method, o.target.path_and_query, std::move(headers), body);
  } else if (cmd.count("--header") || cmd.count("--body") || cmd.count("--method")) {
    return Error(
        "--header, --body and --method describe the single request; with --plan put them in the "
        "plan");
  }
  o.threads = f.threads;
  if (!f.run_time.empty()) {
    auto d = parse_duration(f.run_time);
    if (!d) return Error("--run-time: " + d.error().message());
    o.run_time = *d;
  }
  o.request_count = f.requests;
  auto timeout = parse_duration(f.timeout);
  if (!timeout) return Error("--timeout: " + timeout.error().message());
  o.timeout = *timeout;
  o.seed = f.seed;
  bool open = !f.rate.empty() || !f.steps.empty();
  if (open) {
    if (cmd.count("--users") || cmd.count("--spawn-rate") || cmd.count("--wait"))
      return Error(
          "--users, --spawn-rate and --wait are for the closed model; --rate/--steps make it open");
    if (!f.steps.empty()) {
      if (!f.rate.empty() || !f.spike.empty()) return Error("--steps replaces --rate and --spike");
      auto s = load::RateSchedule::parse_steps(f.steps);
      if (!s) return s.error();
      o.rate = *s;
    } else {
      auto r = parse_rate(f.rate);
      if (!r) return Error("--rate: " + r.error().message());
      if (!f.spike.empty()) {
        auto s = load::RateSchedule::parse_spike(r->per_second, f.spike);
        if (!s) return s.error();
        o.rate = *s;
      } else {
        o.rate = load::RateSchedule::constant(r->per_second);
      }
    }
    if (f.arrivals != "constant" && f.arrivals != "poisson")
      return Error("--arrivals is constant or poisson");
    o.poisson = f.arrivals == "poisson";
    o.connections = f.connections;
    o.max_connections = std::max(f.max_connections, f.connections);
    o.max_backlog = f.max_backlog;
  } else {
    if (!f.spike.empty()) return Error("--spike needs a baseline --rate");
    if (f.users && f.connections && f.users != f.connections)
      return Error(
          "--users and --connections disagree (in the closed model each user has one connection)");
    o.users = f.users ? f.users : (f.connections ? f.connections : 1);
    o.spawn_rate = f.spawn_rate;
    if (!f.wait.empty()) {
      std::string text = f.wait;
      if (text.rfind("between(", 0) == 0) text = "uniform(" + text.substr(8);  // Locust's name
      auto d = Distribution::parse(text);
      if (!d) return Error("--wait: " + d.error().message());
      o.wait = *d;
    }
  }
  return o;
}

int run(const LoadFlags& f, CLI::App& cmd) {
  auto options = build_options(f, cmd);
  if (!options) {
    std::cerr << "stackplan load: " << options.error().message() << "\n";
    return kExitUsage;
  }
  std::vector<load::Threshold> thresholds;
  for (const auto& text : f.thresholds) {
    auto t = load::Threshold::parse(text);
    if (!t) {
      std::cerr << "stackplan load: " << t.error().message() << "\n";
      return kExitUsage;
    }
    thresholds.push_back(*t);
  }
  g_interrupted = false;
  options->cancel = &g_interrupted;
  if (!f.quiet && isatty(STDERR_FILENO)) {
    options->on_second = [](const load::SecondSummary& s) {
      std::fprintf(stderr,
                   "\r[%4llds] %6llu active %8llu req/s  %6llu failed  p50 %.2f ms  p99 %.2f ms   ",
                   static_cast<long long>(s.second + 1), static_cast<unsigned long long>(s.active),
                   static_cast<unsigned long long>(s.requests),
                   static_cast<unsigned long long>(s.failures), s.latency_p50_ms, s.latency_p99_ms);
    };
  }
  auto previous = std::signal(SIGINT, on_sigint);
  auto report = load::run_load(*options);
  std::signal(SIGINT, previous);
  if (options->on_second) std::fputs("\n", stderr);
  if (!report) {
    std::cerr << "stackplan load: " << report.error().message() << "\n";
    return kExitUsage;
  }
  auto mode = f.locust_compatible ? load::TableMode::kLocust : load::TableMode::kExact;
  std::cout << load::render_locust_summary(*report, mode) << load::render_details(*report);
  std::vector<load::Threshold::Outcome> outcomes;
  for (const auto& t : thresholds) outcomes.push_back(t.check(*report));
  if (!outcomes.empty()) std::cout << "Thresholds:\n" << load::render_thresholds(outcomes);
  std::cout.flush();
  if (!f.json_file.empty()) {
    std::ofstream out(f.json_file);
    out << load::to_json(*report, outcomes);
    if (!out) {
      std::cerr << "stackplan load: cannot write " << f.json_file << "\n";
      return kExitUsage;
    }
  }
  if (!f.csv_prefix.empty()) {
    if (Status s = load::write_csv(*report, f.csv_prefix); !s) {
      std::cerr << "stackplan load: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  const auto& errors = report->total.error_counts;
  uint64_t connect_errors = errors[static_cast<size_t>(load::ErrorKind::kConnectRefused)] +
                            errors[static_cast<size_t>(load::ErrorKind::kConnectError)];
  // A run in which nothing answered says nothing about the service: it is
  // not a pass, with or without thresholds.
  if (report->total.responses() == 0 && report->total.requests > 0) {
    if (connect_errors == report->total.requests)
      std::cerr << "stackplan load: could not connect to " << report->target << "\n";
    else
      std::cerr << "stackplan load: no HTTP response from " << report->target << ": "
                << report->total.requests
                << (report->total.requests == 1 ? " request, " : " requests, ")
                << "none answered (see Errors)\n";
    return kExitUsage;
  }
  return load::all_ok(outcomes) ? kExitOk : kExitTargetMissed;
}

}  // namespace

void register_load(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<LoadFlags>();
  auto* cmd = app.add_subcommand("load",
                                 "Load-test an HTTP service: Locust-style users (closed model) or "
                                 "wrk2-style rate (open model)");
  LoadFlags& f = *flags;
  cmd->add_option("url", f.url, "Target, http://host:port/path (or base_url in --plan)");
  cmd->add_option("--plan", f.plan_file, "YAML/JSON plan: weighted endpoints with templated bodies")
      ->check(CLI::ExistingFile);
  cmd->add_option("-t,--threads", f.threads, "Event loops (default: one per core)");
  cmd->add_option("-c,--connections", f.connections,
                  "Closed model: connections = users (as wrk -c); open model: opened up front");
  cmd->add_option("-u,--users", f.users, "Closed model: simulated users (Locust -u)");
  cmd->add_option("-r,--spawn-rate", f.spawn_rate,
                  "Users started per second, in batches (Locust -r)");
  cmd->add_option("--wait", f.wait, "Think time after each response, e.g. uniform(100ms, 500ms)");
  cmd->add_option("-d,--run-time,--duration", f.run_time, "Run time, e.g. 30s, 5m");
  cmd->add_option("-n,--requests", f.requests, "Stop after exactly this many requests");
  cmd->add_option("-R,--rate", f.rate, "Open model: arrivals, e.g. 5000/s");
  cmd->add_option("--arrivals", f.arrivals, "Open model: constant (default) or poisson gaps");
  cmd->add_option("--steps", f.steps, "Open model: \"1000/s for 10s, 2000/s for 10s, 5000/s\"");
  cmd->add_option("--spike", f.spike, "Open model: \"20000/s at 30s for 5s\" on top of --rate");
  cmd->add_option("--max-connections", f.max_connections, "Open model: bound on open connections");
  cmd->add_option("--max-backlog", f.max_backlog,
                  "Open model: due sends that may wait for a connection (per loop) before drops");
  cmd->add_option("--timeout", f.timeout, "Per request, connect included (default 10s)");
  cmd->add_option("-m,--method", f.method, "Method of the single request (default GET)");
  // Repeatable flags take one value per occurrence (-H a -H b), so that a
  // URL after them is the URL, not one more value.
  cmd->add_option("-H,--header", f.headers, "Header of the single request, \"Name: value\"")
      ->allow_extra_args(false);
  cmd->add_option("--body", f.body, "Body of the single request (a template, see docs/LOAD.md)");
  cmd->add_flag("--locust-compatible", f.locust_compatible,
                "Tables with Locust's rounding and integer milliseconds, for side-by-side diffs");
  cmd->add_option("--json", f.json_file, "Write the results as JSON");
  cmd->add_option("--csv", f.csv_prefix,
                  "Write PREFIX_timeline.csv (per second) and PREFIX_stats.csv");
  cmd->add_option("--threshold", f.thresholds,
                  "Pass/fail check, e.g. 'p95<200ms', 'failures<1%'; repeat the flag for more")
      ->allow_extra_args(false);
  cmd->add_option("--seed", f.seed, "Random seed for think times, arrivals and templates");
  cmd->add_flag("-q,--quiet", f.quiet, "No per-second progress line");
  cmd->add_flag("--latency", f.wrk_latency, "Accepted for wrk compatibility (always reported)");
  cmd->callback([flags, cmd, &exit_code] { exit_code = run(*flags, *cmd); });
}

}  // namespace stackplan::cli
