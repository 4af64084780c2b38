// stackplan calibrate: flags -> calibrate::run_calibration -> report's
// renderers -> stdout and files. docs/CALIBRATE.md is the guide.
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>

#include "calibrate/calibrate.h"
#include "calibrate/fitted_file.h"
#include "cli/commands.h"
#include "core/text_file.h"
#include "core/units.h"
#include "report/calibrate_format.h"
#include "report/html_report.h"
#include "report/load_report.h"

namespace stackplan::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void on_sigint(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

struct CalibrateFlags {
  calibrate::CalibrateRequest request;
  std::string url, tolerance, drain_limit = "10m", interval = "1s", max_traffic = "15m";
  std::string write_path, json_path, save_metrics_path, save_run_path, html_path;
  bool json = false, quiet = false;
};

// "10%" or "0.1": a share in (0, 10].
Result<double> parse_tolerance(const std::string& text) {
  std::string digits = text;
  bool percent = !digits.empty() && digits.back() == '%';
  if (percent) digits.pop_back();
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
    return Error("--tolerance: expected a share like 10% or 0.1, got \"" + text + "\"");
  if (percent) value /= 100;
  if (!(value > 0 && value <= 10))
    return Error("--tolerance: must be above 0% and at most 1000%, got \"" + text + "\"");
  return value;
}

Status parse_durations(CalibrateFlags& f) {
  struct {
    const char* flag;
    const std::string& text;
    Duration& into;
  } fields[] = {{"--drain-limit", f.drain_limit, f.request.drain_limit},
                {"--metrics-interval", f.interval, f.request.metrics_interval},
                {"--max-traffic", f.max_traffic, f.request.target.max_traffic}};
  for (auto& field : fields) {
    auto d = parse_duration(field.text);
    if (!d) return Error(std::string(field.flag) + ": " + d.error().message());
    if (d->ns() <= 0) return Error(std::string(field.flag) + ": must be above 0");
    field.into = *d;
  }
  return Status();
}

int run_calibrate(CalibrateFlags f) {
  calibrate::CalibrateRequest& r = f.request;
  auto fail = [](const std::string& message) {
    std::cerr << "stackplan calibrate: " << message << "\n";
    return kExitUsage;
  };
  if (f.url.empty() == r.measured_path.empty())
    return fail("give either --url (measure a live service) or --measured (a saved run)");
  if (!r.metrics_log_path.empty() && r.measured_path.empty())
    return fail("--metrics-log goes with --measured");
  if (!r.metrics_url.empty() && f.url.empty()) return fail("--metrics goes with --url");
  if (!f.save_metrics_path.empty() && r.metrics_url.empty())
    return fail("--save-metrics needs --metrics");
  if (!f.save_run_path.empty() && f.url.empty()) return fail("--save-run goes with --url");
  r.target.url = f.url;
  if (auto s = parse_durations(f); !s) return fail(s.message());
  std::optional<double> tolerance;
  if (!f.tolerance.empty()) {
    auto t = parse_tolerance(f.tolerance);
    if (!t) return fail(t.error().message());
    tolerance = *t;
  }
  if (!f.quiet && isatty(STDERR_FILENO))
    r.progress = [](std::string_view line) {
      std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
    };
  g_interrupted = false;
  r.cancel = &g_interrupted;
  auto previous = std::signal(SIGINT, on_sigint);
  auto outcome = calibrate::run_calibration(r);
  std::signal(SIGINT, previous);
  if (!outcome) return fail(outcome.error().message());

  auto write = [&](const std::string& path, const std::string& content) {
    if (auto s = write_text_file(path, content); !s) {
      fail(s.message());
      return false;
    }
    return true;
  };
  if (!f.write_path.empty()) {
    auto original = read_text_file(r.scenario_path);
    if (!original) return fail(original.error().message());
    auto fitted = calibrate::fitted_scenario_yaml(
        *original, outcome->fit,
        "Fitted by `stackplan calibrate " + r.scenario_path + "` to " + outcome->source +
            ".\nEach fitted field says what it came from; the original file's comments are "
            "not kept.",
        [&](const std::string& path) {
          return calibrate::samples_file_beside(f.write_path, path);
        });
    if (!fitted) return fail(fitted.error().message());
    if (!write(f.write_path, *fitted)) return kExitUsage;
    // Empirical fields' samples, beside the fitted file (empirical() reads
    // them relative to it).
    const auto slash = f.write_path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "" : f.write_path.substr(0, slash + 1);
    for (const auto& field : outcome->fit.fields)
      if (!field.samples.empty() &&
          !write(dir + calibrate::samples_file_beside(f.write_path, field.path),
                 calibrate::samples_text(field)))
        return kExitUsage;
  }
  if (!f.save_metrics_path.empty() && !write(f.save_metrics_path, outcome->metrics_log))
    return kExitUsage;
  if (!f.save_run_path.empty() && outcome->load_report &&
      !write(f.save_run_path, report::load_json(*outcome->load_report, {})))
    return kExitUsage;
  std::string json = report::calibration_json(*outcome, tolerance);
  if (!f.json_path.empty() && !write(f.json_path, json)) return kExitUsage;
  if (!f.html_path.empty()) {
    // The comparison, then the measured run itself when it was made here.
    std::vector<report::ReportInput> inputs{{"", nlohmann::json::parse(json), ""}};
    if (outcome->load_report)
      inputs.push_back(
          {"", nlohmann::json::parse(report::load_json(*outcome->load_report, {})), ""});
    auto html = report::render_report(inputs, report::ReportFormat::kHtml);
    if (!html) return fail(html.error().message());
    if (!write(f.html_path, *html)) return kExitUsage;
  }
  std::cout << (f.json ? json : report::calibration_text(*outcome, tolerance));
  std::cout.flush();
  if (tolerance && !outcome->comparison.within(*tolerance)) return kExitTargetMissed;
  return kExitOk;
}

}  // namespace

void register_calibrate(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<CalibrateFlags>();
  calibrate::CalibrateRequest& r = flags->request;
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Replay a scenario's traffic against a real service (or read a saved run), fit the "
      "model's unknowns to what was measured (the dependency's service time and slots, the "
      "accept latency), simulate the same test with the fitted scenario and print measured "
      "against predicted with the error of each figure (docs/CALIBRATE.md).\n"
      "Exit status: 0 done (and every figure within --tolerance when given); 1 a figure "
      "outside --tolerance; 2 a bad file or flag, an unreachable service or metrics endpoint, "
      "a service that only answers errors, or a run too short to fit.");
  cmd->add_option("scenario", r.scenario_path, "Scenario file (YAML) whose traffic is replayed")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--url", flags->url,
                  "The service to measure, e.g. http://127.0.0.1:8080 (orders go to "
                  "/orders/sync or /orders/async by the scenario's kind)");
  cmd->add_option("--path", r.target.path, "Order endpoint path instead of the kind's default");
  cmd->add_option("--metrics", r.metrics_url,
                  "The service's Prometheus endpoint, sampled during the run and until the "
                  "backlog drains, e.g. http://127.0.0.1:8080/metrics");
  cmd->add_option("--metrics-interval", flags->interval, "Time between scrapes (default 1s)");
  cmd->add_option("--drain-limit", flags->drain_limit,
                  "Longest wait for the backlog to drain after the traffic (default 10m)");
  cmd->add_option("--max-traffic", flags->max_traffic,
                  "Longest scenario traffic replayed (default 15m)");
  cmd->add_option(
         "--measured", r.measured_path,
         "Offline: a run saved with --save-run (or `stackplan load --json` of the same traffic)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--metrics-log", r.metrics_log_path,
                  "Offline: the metrics saved with --save-metrics during that run")
      ->check(CLI::ExistingFile);
  cmd->add_option("--save-metrics", flags->save_metrics_path,
                  "Write the scrapes to this file, for a later --measured --metrics-log run");
  cmd->add_option("--save-run", flags->save_run_path,
                  "Write the load run as `stackplan load --json` does, for a later --measured run");
  cmd->add_option("--write", flags->write_path,
                  "Write the fitted scenario here, a comment beside each fitted field");
  cmd->add_option("--tolerance", flags->tolerance,
                  "Largest relative error accepted, e.g. 10% (exit 1 when a figure is outside)");
  cmd->add_option("--json-file", flags->json_path, "Also write the JSON outcome to this file");
  cmd->add_flag("--json", flags->json, "Print JSON instead of text (schema in docs/OUTPUT.md)");
  cmd->add_option("--html", flags->html_path,
                  "Also write a self-contained HTML report: measured against predicted, the "
                  "fitted fields and, for a live run, the load test's charts (docs/REPORT.md)");
  cmd->add_option("--replications", r.replications,
                  "Simulations of the fitted scenario, one seed each, averaged (default 5)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--seed", r.seed, "First simulation seed (default 1)");
  cmd->add_flag("-q,--quiet", flags->quiet, "No progress lines on stderr");
  cmd->callback([flags, &exit_code] { exit_code = run_calibrate(*flags); });
}

}  // namespace stackplan::cli
