#include "load/load_runner.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "core/spawn_schedule.h"
#include "load/load_request.h"
#include "load/worker.h"

namespace stackplan::load {
namespace {

// The run starts this long after the loops are made, so that their threads
// are running by then.
constexpr int64_t kThreadStartNs = 2'000'000;

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

// What every event loop shares, set up once before they start.
struct RunSetup {
  Endpoint address;
  std::vector<RequestBuilder> builders;
  int loops = 1;
};

Result<RunSetup> set_up(const LoadOptions& options) {
  auto address = resolve(options.target);
  if (!address) return address.error();
  RunSetup setup{*address, {}, 1};
  for (const auto& e : options.plan.endpoints) {
    auto b = RequestBuilder::compile(e, options.target.host_header());
    if (!b) return b.error();
    setup.builders.push_back(std::move(*b));
  }
  // One loop per core unless told, never more loops than users or requests.
  int loops = options.threads > 0
                  ? options.threads
                  : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (!options.rate) loops = std::min(loops, options.users);
  if (options.request_count)
    loops = static_cast<int>(std::min<uint64_t>(loops, options.request_count));
  setup.loops = loops;
  return setup;
}

// Loop i's share of the open model: its slice of the rate, offset so the
// loops' sends interleave, and of the connections.
void share_open_model(const LoadOptions& options, int i, int loops, WorkerConfig& c) {
  c.schedule = options.rate->scaled(1.0 / loops);
  c.schedule_phase = static_cast<double>(i) / loops;
  c.max_connections =
      std::max(1, options.max_connections / loops + (i < options.max_connections % loops ? 1 : 0));
  int initial = options.connections > 0
                    ? options.connections / loops + (i < options.connections % loops ? 1 : 0)
                    : 8;
  c.initial_connections = std::min(initial, c.max_connections);
}

// Loop i's users of the closed model (users i, i + loops, ...) and when each starts.
void share_closed_model(const LoadOptions& options, int i, int loops, int64_t start,
                        WorkerConfig& c) {
  // Users start on Locust's schedule, the one the simulator uses too.
  for (int user = i; user < options.users; user += loops)
    c.user_spawn_ns.push_back(
        start + spawn_offset(user, options.spawn_rate, SpawnMode::kLocustBatches).ns());
}

std::vector<std::unique_ptr<Worker>> make_workers(const LoadOptions& options, const RunSetup& setup,
                                                  const EndpointPicker& picker, int64_t start,
                                                  const std::atomic<bool>& stop) {
  const int loops = setup.loops;
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < loops; ++i) {
    WorkerConfig c;
    c.index = i;
    c.options = &options;
    c.address = &setup.address;
    c.builders = &setup.builders;
    c.picker = &picker;
    c.start_ns = start;
    c.end_ns = options.run_time.ns() > 0 ? start + options.run_time.ns() : INT64_MAX;
    c.stop = &stop;
    if (options.request_count) {
      c.request_quota =
          options.request_count / static_cast<uint64_t>(loops) +
          (static_cast<uint64_t>(i) < options.request_count % static_cast<uint64_t>(loops));
    }
    if (options.rate)
      share_open_model(options, i, loops, c);
    else
      share_closed_model(options, i, loops, start, c);
    workers.push_back(std::make_unique<Worker>(std::move(c)));
  }
  return workers;
}

// Runs the loops on their threads; meanwhile, from this thread, collects
// each whole second and passes on a cancel.
void drive(const LoadOptions& options, std::vector<std::unique_ptr<Worker>>& workers,
           std::atomic<bool>& stop, LoadReport& report) {
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
}

// The loops' statistics merged per endpoint and in total.
void merge_results(const LoadOptions& options, const std::vector<std::unique_ptr<Worker>>& workers,
                   int64_t start, LoadReport& report) {
  for (size_t e = 0; e < options.plan.endpoints.size(); ++e)
    report.endpoints.push_back(
        {options.plan.endpoints[e].method, options.plan.endpoints[e].name, {}});
  int64_t stopped = start, last_response = start;
  for (const auto& w : workers) {
    for (size_t e = 0; e < w->stats().size(); ++e) report.endpoints[e].stats.merge(w->stats()[e]);
    report.sends.merge(w->send_stats());
    stopped = std::max(stopped, w->stopped_ns());
    last_response = std::max(last_response, w->last_response_ns());
  }
  for (const auto& row : report.endpoints) report.total.merge(row.stats);
  report.elapsed = Duration::nanoseconds(stopped - start);
  report.last_response = Duration::nanoseconds(last_response - start);
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
  auto setup = set_up(options);
  if (!setup) return setup.error();
  const EndpointPicker picker(options.plan.endpoints);
  raise_open_file_limit();

  std::atomic<bool> stop{false};
  const int64_t start = monotonic_ns() + kThreadStartNs;
  auto workers = make_workers(options, *setup, picker, start, stop);

  LoadReport report;
  report.open_model = options.rate.has_value();
  report.threads = setup->loops;
  report.target = setup->address.describe();
  if (options.rate && options.run_time.ns() > 0)
    report.target_rate =
        options.rate->expected_arrivals(options.run_time) / options.run_time.seconds_f();
  drive(options, workers, stop, report);
  merge_results(options, workers, start, report);
  return report;
}

}  // namespace stackplan::load
