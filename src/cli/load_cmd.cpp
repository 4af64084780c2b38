// `stackplan load`: flags in, the run (src/load), its rendering (src/report),
// tables out and files written. See docs/LOAD.md.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>

#include "cli/commands.h"
#include "cli/progress_line.h"
#include "core/text_file.h"
#include "core/units.h"
#include "load/load_command.h"
#include "report/html_report.h"
#include "report/load_report.h"

namespace stackplan::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void on_sigint(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

// "12s of 30s (40%), 1234 req/s, ETA 18s; 50 active, 0 failed, p50 1.20 ms,
// p99 3.40 ms": done of the run time (or of --requests), the last second's
// figures; under 100 columns.
class LoadProgress {
 public:
  LoadProgress(const load::LoadRequest& request, bool quiet) : line_(progress_wanted(quiet)) {
    if (auto run_time = parse_duration(request.run_time); !request.run_time.empty() && run_time)
      run_time_ = *run_time;
    request_limit_ = request.requests;
  }
  bool enabled() const { return line_.enabled(); }
  void clear() { line_.clear(); }

  void on_second(const load::SecondSummary& s) {
    requests_done_ += s.requests;
    const Duration elapsed = Duration::seconds(s.second + 1);
    std::string done = whole_seconds_text(std::chrono::duration<double>(elapsed.seconds_f()));
    double fraction = 0;
    if (run_time_.ns() > 0) {
      fraction = elapsed.seconds_f() / run_time_.seconds_f();
      done += fmt::format(" of {} ({}%)",
                          whole_seconds_text(std::chrono::duration<double>(run_time_.seconds_f())),
                          percent(fraction));
    }
    if (request_limit_ > 0) {
      const double of_requests =
          static_cast<double>(requests_done_) / static_cast<double>(request_limit_);
      done += fmt::format(", {} of {} requests ({}%)", requests_done_, request_limit_,
                          percent(of_requests));
      fraction = std::max(fraction, of_requests);  // whichever limit comes first
    }
    std::string eta = eta_text(fraction, line_.elapsed());
    line_.show(fmt::format("{}, {} req/s{}{}; {} active, {} failed, p50 {:.2f} ms, p99 {:.2f} ms",
                           done, s.requests, eta.empty() ? "" : ", ", eta, s.active, s.failures,
                           s.latency_p50_ms, s.latency_p99_ms));
  }

 private:
  ProgressLine line_;
  Duration run_time_;
  uint64_t request_limit_ = 0;
  uint64_t requests_done_ = 0;
};

// The HTML report reads the run as --json writes it, as it reads a saved one.
Status write_load_html(const load::LoadOutput& out, const std::string& path) {
  auto html = report::render_report(
      {{"", nlohmann::json::parse(report::load_json(out.report, out.outcomes)), ""}},
      report::ReportFormat::kHtml);
  if (!html) return html.error();
  return write_text_file(path, *html);
}

int run(load::LoadCommand command, bool quiet, const std::string& html_path) {
  g_interrupted = false;
  command.cancel = &g_interrupted;
  LoadProgress progress(command.request, quiet);
  if (progress.enabled())
    command.on_second = [&progress](const load::SecondSummary& s) { progress.on_second(s); };
  auto previous = std::signal(SIGINT, on_sigint);
  auto out = load::run_load_command(command);
  std::signal(SIGINT, previous);
  progress.clear();
  if (!out) {
    std::cerr << "stackplan load: " << out.error().message() << "\n";
    return kExitUsage;
  }
  std::cout << report::load_text(command, *out);
  std::cout.flush();
  for (const auto& file : report::load_files(command, *out)) {
    if (Status s = write_text_file(file.path, file.content); !s) {
      std::cerr << "stackplan load: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  if (!html_path.empty()) {
    if (Status s = write_load_html(*out, html_path); !s) {
      std::cerr << "stackplan load: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  if (!out->no_answer.empty()) {
    std::cerr << "stackplan load: " << out->no_answer << "\n";
    return kExitUsage;
  }
  return out->thresholds_met ? kExitOk : kExitTargetMissed;
}

}  // namespace

void register_load(CLI::App& app, int& exit_code) {
  struct Flags {
    load::LoadCommand command;
    bool quiet = false, wrk_latency = false;
    std::string html;
  };
  auto flags = std::make_shared<Flags>();
  auto* cmd = app.add_subcommand("load",
                                 "Load-test an HTTP service: Locust-style users (closed model) or "
                                 "wrk2-style rate (open model)");
  load::LoadCommand& c = flags->command;
  load::LoadRequest& f = c.request;
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
  cmd->add_flag("--locust-compatible", c.locust_compatible,
                "Print Locust's own tables: its 175-column layout, its 11 percentiles, whole "
                "milliseconds and its rounding (default: fits 100 columns, exact times)");
  cmd->add_option("--json", c.json_path, "Write the results as JSON");
  cmd->add_option("--html", flags->html,
                  "Write a self-contained HTML report with charts (docs/REPORT.md)");
  cmd->add_option("--csv", c.csv_prefix,
                  "Write PREFIX_timeline.csv (per second) and PREFIX_stats.csv");
  cmd->add_option("--threshold", c.thresholds,
                  "Pass/fail check, e.g. 'p95<200ms', 'failures<1%'; repeat the flag for more")
      ->allow_extra_args(false);
  cmd->add_option("--seed", f.seed, "Random seed for think times, arrivals and templates");
  cmd->add_flag("-q,--quiet", flags->quiet,
                "No progress line on stderr (shown only on a terminal, after the first second)");
  cmd->add_flag("--latency", flags->wrk_latency,
                "Accepted for wrk compatibility (always reported)");
  cmd->callback(
      [flags, &exit_code] { exit_code = run(flags->command, flags->quiet, flags->html); });
}

}  // namespace stackplan::cli
