// A scenario: a workload, an architecture and the targets it must meet, as
// read from a YAML file (see docs/SCENARIOS.md for every field). The structs
// hold validated values with units in their types; defaults live here, next
// to the field they belong to, and are documented in docs/SCENARIOS.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/distribution.h"
#include "core/duration.h"
#include "core/status.h"

namespace stackplan {

// Closed model with Locust's semantics: each user sends a request, waits for
// its response, thinks for `wait`, and repeats until the run ends.
struct ClosedTraffic {
  enum class Spawn { kBatch, kUniform };
  int64_t users = 1;
  double spawn_rate = 1;  // users per second
  // kBatch starts users in Locust 2.x's batches, kUniform one every
  // 1/spawn_rate seconds: core/spawn_schedule.h holds both schedules.
  Spawn spawn = Spawn::kBatch;
  Distribution wait = Distribution::constant(Duration());
};

// One stretch of an open arrival process at a constant rate.
struct RateSegment {
  Duration start, end;
  double per_second = 0;
};

struct OpenTraffic {
  enum class Process { kPoisson, kConstant };
  Process process = Process::kPoisson;
  // Contiguous, ordered, covering [0, duration). A daily curve is stored as
  // one segment per minute.
  std::vector<RateSegment> segments;
};

struct Traffic {
  enum class Model { kClosed, kOpen };
  Model model = Model::kClosed;
  ClosedTraffic closed;
  OpenTraffic open;
  Duration duration = Duration::seconds(60);
  // Locust stops its run about 0.2 s before --run-time and divides req/s by
  // the shorter time; responses after this cut-off are not counted.
  Duration run_end_lag = Duration::milliseconds(200);
  // A client that has waited this long gives up (lost order). Unset: never.
  std::optional<Duration> patience;
  std::string request_name;  // e.g. "POST /orders/async"
};

// The external dependency (the payment processor): `slots` concurrent calls.
struct Dependency {
  enum class Scope { kPerProcess, kGlobal };
  std::string name = "payment";
  int64_t slots = 5;
  Scope scope = Scope::kPerProcess;
  Distribution service_time = Distribution::constant(Duration::seconds(3));
  double failure_rate = 0;
  // The dependency keeps a record of what it did per idempotency key (a
  // payment provider, orderd's gateway): a copy of a message whose order is
  // already paid is answered at once, without a slot, and a copy that entered
  // while the first was in progress is refused at its end, never charged.
  // false: every copy is charged (the flash-sale case's processor).
  bool idempotent = false;
};

// In-process retries of a failed dependency call, with exponential backoff.
struct RetryPolicy {
  int64_t max_attempts = 1;  // 1: no retry
  Duration backoff = Duration::milliseconds(100);
  double multiplier = 2;
  Duration max_backoff = Duration::seconds(30);
};

// CPU-bound work (the repository-scanner case's scans): `work` at one full vCPU,
// divided among the process's concurrent jobs; speed-up beyond one vCPU
// follows Amdahl's law with `parallel_fraction`.
struct CpuWork {
  Distribution work = Distribution::constant(Duration());
  double vcpu = 1;
  double parallel_fraction = 1;
};

struct Autoscaling {
  bool enabled = false;
  int64_t min_processes = 1;
  int64_t max_processes = 10;
  // Target backlog (visible messages) per running process: above it, scale
  // out; below scale_in_backlog_per_process, scale in by one.
  double scale_out_backlog_per_process = 100;
  double scale_in_backlog_per_process = 10;
  Duration evaluation_period = Duration::seconds(60);
  Duration cooldown = Duration::seconds(60);
  Duration task_start_delay = Duration::seconds(30);
};

struct QueueConfig {
  int64_t receive_batch = 10;
  Duration visibility_timeout = Duration::seconds(30);
  // A message received this many times without being deleted goes to the
  // dead-letter queue. 0: no dead-letter queue.
  int64_t max_receives = 0;
  // Latency of one receive call when messages are waiting.
  Duration receive_latency = Duration::milliseconds(10);
  // Whether a delete with an older receipt handle (the message was delivered
  // again since) still deletes it. SQS documents that it "might not"; in
  // practice standard queues delete, which is what the flash-sale case observed.
  bool stale_receipt_deletes = true;
  // Where a message goes when its visibility timeout expires.
  // kStandard (an SQS standard queue): it keeps its age and the next receive
  // returns it before anything accepted after it, so a copy can be received
  // again while its first copy still waits in a worker. SQS only says
  // receives "tend to" return older messages first; the model takes the
  // limit: strictly oldest accepted first, new or returning.
  // kFifo: one line, first in first out; a returning message joins the back,
  // behind the whole backlog (not an SQS FIFO queue: no message groups, no
  // deduplication).
  enum class Delivery { kStandard, kFifo };
  Delivery delivery = Delivery::kStandard;
};

struct FunctionConfig {
  Distribution cold_start = Distribution::constant(Duration::milliseconds(250));
  Duration idle_reclaim = Duration::seconds(10 * 60);
  int64_t concurrency_limit = 1000;
  double memory_gb = 0.5;
  Distribution handler_time = Distribution::constant(Duration());
  // Asynchronous invocation (event) or synchronous (API Gateway waits).
  bool async_invoke = false;
  // Throttled async events are retried with backoff (Lambda's event queue).
  RetryPolicy throttle_retry{.max_attempts = 1000000,
                             .backoff = Duration::seconds(1),
                             .multiplier = 2,
                             .max_backoff = Duration::seconds(60)};
  bool bill_init = true;
};

struct Architecture {
  enum class Kind { kSync, kAsync, kServerless };
  Kind kind = Kind::kSync;
  Distribution accept_latency = Distribution::constant(Duration());  // async API work
  int64_t api_processes = 1;
  QueueConfig queue;
  int64_t worker_processes = 1;
  int64_t worker_concurrency = 1;
  std::optional<CpuWork> cpu;
  std::optional<Dependency> dependency;
  RetryPolicy retry;
  Autoscaling autoscaling;
  FunctionConfig function;
};

struct Targets {
  std::optional<Duration> accept_p95, accept_p99, order_p95, drain_after_peak;
  std::optional<double> max_abandoned_fraction;
  // Orders in the queue at its peak: visible plus in flight (async only; the
  // other kinds have no queue, and their waiting shows in accept_p95).
  std::optional<int64_t> max_backlog;
  // Offered orders abandoned, failed or dead-lettered, as a fraction.
  std::optional<double> max_lost_fraction;
  // Payments beyond the first for one order (usually 0).
  std::optional<int64_t> max_duplicates;
};

struct SimulationSettings {
  uint64_t seed = 1;
  // After the traffic stops the simulation runs on until every accepted
  // order is done, or this much simulated time has passed.
  Duration drain_limit = Duration::seconds(24 * 3600);
};

struct Scenario {
  std::string name;
  std::string description;
  Traffic traffic;
  Architecture architecture;
  Targets targets;
  SimulationSettings simulation;
};

// The word a scenario file writes for a kind: "sync", "async", "serverless".
const char* kind_name(Architecture::Kind kind);

// Reads and validates a scenario file. All errors in the file are reported
// together, each with file:line:column and the field. `overrides` are
// `--set PATH=VALUE` assignments applied before the checks (core/yaml_override.h).
Result<Scenario> parse_scenario_file(const std::string& path,
                                     const std::vector<std::string>& overrides = {});
// The same from text; `label` stands for the file name in errors and
// `base_dir` resolves relative paths (empirical samples).
Result<Scenario> parse_scenario_text(const std::string& text, const std::string& label,
                                     const std::string& base_dir = ".",
                                     const std::vector<std::string>& overrides = {});

// The scenario `stackplan simulate` runs without a file: the flash-sale case's test 3.
const char* default_scenario_yaml();

}  // namespace stackplan
