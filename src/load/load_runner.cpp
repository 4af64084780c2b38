#include "load/load_runner.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "load/worker.h"

namespace stackplan::load {
namespace {

constexpr int64_t kSecondNs = 1'000'000'000;

double ms(uint64_t ns) { return static_cast<double>(ns) / 1e6; }

SecondSummary summarize(const SecondRow& row) {
  SecondSummary s;
  s.second = row.second;
  s.requests = row.requests;
  s.failures = row.failures;
  s.sends = row.sends;
  s.late_sends = row.late_sends;
  s.dropped_sends = row.dropped_sends;
  s.active = row.active;
  s.latency_avg_ms = row.latency.mean() / 1e6;
  s.latency_p50_ms = ms(row.latency.quantile(0.50));
  s.latency_p90_ms = ms(row.latency.quantile(0.90));
  s.latency_p99_ms = ms(row.latency.quantile(0.99));
  s.latency_max_ms = ms(row.latency.max());
  return s;
}

// Merges the seconds handed over by the event loops and emits each one once
// every loop has moved past it.
class TimelineCollector {
 public:
  TimelineCollector(size_t loops, const LoadOptions& options, std::vector<SecondSummary>& out)
      : reported_(loops, -1), options_(options), out_(out) {}

  void collect(size_t loop, const std::vector<SecondRow>& rows) {
    for (auto& row : rows) {
      reported_[loop] = std::max(reported_[loop], row.second);
      auto [it, inserted] = pending_.try_emplace(row.second);
      SecondRow& merged = it->second;
      merged.second = row.second;
      merged.requests += row.requests;
      merged.failures += row.failures;
      merged.sends += row.sends;
      merged.late_sends += row.late_sends;
      merged.dropped_sends += row.dropped_sends;
      merged.active += row.active;
      merged.latency.merge(row.latency);
    }
  }

  void emit(bool all) {
    int64_t complete = *std::min_element(reported_.begin(), reported_.end());
    while (!pending_.empty() && (all || pending_.begin()->first <= complete)) {
      out_.push_back(summarize(pending_.begin()->second));
      if (options_.on_second) options_.on_second(out_.back());
      pending_.erase(pending_.begin());
    }
  }

 private:
  std::vector<int64_t> reported_;
  std::map<int64_t, SecondRow> pending_;
  const LoadOptions& options_;
  std::vector<SecondSummary>& out_;
};

Status validate(const LoadOptions& o) {
  if (o.run_time.ns() <= 0 && o.request_count == 0)
    return Error("say when to stop: a run time (--run-time 30s) or a request count (--requests N)");
  if (o.plan.endpoints.empty()) return Error("nothing to send: the plan has no endpoints");
  if (o.threads < 0 || o.threads > 1024) return Error("--threads must be between 1 and 1024");
  if (o.rate) {
    if (o.rate->peak() <= 0) return Error("the arrival rate must be above zero");
    if (o.max_connections < 1) return Error("--max-connections must be at least 1");
    if (o.connections > o.max_connections) return Error("--connections is above --max-connections");
  } else {
    if (o.users < 1) return Error("at least one user (or connection) is needed");
    if (o.spawn_rate < 0) return Error("the spawn rate must not be negative");
  }
  if (o.timeout.ns() <= 0) return Error("--timeout must be above zero");
  return Status::Ok();
}

}  // namespace

uint64_t raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

Result<LoadReport> run_load(const LoadOptions& options) {
  if (Status s = validate(options); !s) return Error(s.message());
  auto address = resolve(options.target);
  if (!address) return address.error();
  std::vector<RequestBuilder> builders;
  for (const auto& e : options.plan.endpoints) {
    auto b = RequestBuilder::compile(e, options.target.host_header());
    if (!b) return b.error();
    builders.push_back(std::move(*b));
  }
  EndpointPicker picker(options.plan.endpoints);
  const bool open = options.rate.has_value();
  int loops = options.threads > 0
                  ? options.threads
                  : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (!open) loops = std::min(loops, options.users);
  if (options.request_count)
    loops = static_cast<int>(std::min<uint64_t>(loops, options.request_count));
  raise_open_file_limit();

  std::atomic<bool> stop{false};
  const int64_t start = monotonic_ns() + 2'000'000;  // let the threads start first
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < loops; ++i) {
    WorkerConfig c;
    c.index = i;
    c.options = &options;
    c.address = &*address;
    c.builders = &builders;
    c.picker = &picker;
    c.start_ns = start;
    c.end_ns = options.run_time.ns() > 0 ? start + options.run_time.ns() : INT64_MAX;
    c.stop = &stop;
    if (options.request_count) {
      c.request_quota =
          options.request_count / static_cast<uint64_t>(loops) +
          (static_cast<uint64_t>(i) < options.request_count % static_cast<uint64_t>(loops));
    }
    if (open) {
      c.schedule = options.rate->scaled(1.0 / loops);
      c.schedule_phase = static_cast<double>(i) / loops;
      c.max_connections = std::max(
          1, options.max_connections / loops + (i < options.max_connections % loops ? 1 : 0));
      int initial = options.connections > 0
                        ? options.connections / loops + (i < options.connections % loops ? 1 : 0)
                        : 8;
      c.initial_connections = std::min(initial, c.max_connections);
    } else {
      // Locust starts users in batches once a second: spawn_rate of them at
      // t = 0 s, the next batch at t = 1 s, and so on.
      for (int user = i; user < options.users; user += loops) {
        int64_t batch =
            options.spawn_rate > 0 ? static_cast<int64_t>(user / options.spawn_rate + 1e-9) : 0;
        c.user_spawn_ns.push_back(start + batch * kSecondNs);
      }
    }
    workers.push_back(std::make_unique<Worker>(std::move(c)));
  }

  LoadReport report;
  report.open_model = open;
  report.threads = loops;
  report.target = address->describe();
  if (open && options.run_time.ns() > 0)
    report.target_rate =
        options.rate->expected_arrivals(options.run_time) / options.run_time.seconds_f();

  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&w] { w->run(); });
  TimelineCollector timeline(workers.size(), options, report.timeline);
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (options.cancel && options.cancel->load()) {
      report.interrupted = true;
      stop.store(true);
    }
    bool all_done = true;
    for (size_t i = 0; i < workers.size(); ++i) {
      all_done = all_done && workers[i]->finished();
      timeline.collect(i, workers[i]->take_seconds());
    }
    timeline.emit(false);
    if (all_done) break;
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < workers.size(); ++i) timeline.collect(i, workers[i]->take_seconds());
  timeline.emit(true);

  for (size_t e = 0; e < options.plan.endpoints.size(); ++e)
    report.endpoints.push_back(
        {options.plan.endpoints[e].method, options.plan.endpoints[e].name, {}});
  int64_t stopped = start, last_response = start;
  for (auto& w : workers) {
    for (size_t e = 0; e < w->stats().size(); ++e) report.endpoints[e].stats.merge(w->stats()[e]);
    report.sends.merge(w->send_stats());
    stopped = std::max(stopped, w->stopped_ns());
    last_response = std::max(last_response, w->last_response_ns());
  }
  for (const auto& row : report.endpoints) report.total.merge(row.stats);
  report.elapsed = Duration::nanoseconds(stopped - start);
  report.last_response = Duration::nanoseconds(last_response - start);
  return report;
}

}  // namespace stackplan::load
