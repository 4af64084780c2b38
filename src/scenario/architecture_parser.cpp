// Reading of the scenario's architecture: section, one reader per part
// (api, queue, workers, dependency, retry, autoscaling, function).
#include "scenario/architecture_parser.h"

#include <fmt/format.h>

#include <string>

namespace stackplan {
namespace {

void read_retry(MapReader m, RetryPolicy& r) {
  r.max_attempts = m.integer("max_attempts", r.max_attempts, 1, 1000000);
  r.backoff = m.duration("backoff", r.backoff);
  if (auto v = m.number("multiplier", 1, 100)) r.multiplier = *v;
  r.max_backoff = m.duration("max_backoff", r.max_backoff);
  m.finish();
}

// Function memory, written as AWS writes it ("512MB" is 512 MiB and bills
// 0.5 GB-s per second), within the sizes Lambda offers.
std::optional<double> read_memory_gb(MapReader& m, const std::string& key) {
  constexpr double kSmallestMiB = 128;
  constexpr double kLargestMiB = 10240;
  constexpr double kMiBPerGiB = 1024;
  auto text = m.string(key);
  if (!text) return std::nullopt;
  auto gib = parse_memory_gib(*text);
  if (!gib) {
    m.fail(key, gib.error().message());
    return std::nullopt;
  }
  const double mib = *gib * kMiBPerGiB;
  if (mib < kSmallestMiB || mib > kLargestMiB) {
    m.fail(key, fmt::format("function memory must be {:g}MB to {:g}MB, got \"{}\"", kSmallestMiB,
                            kLargestMiB, *text));
    return std::nullopt;
  }
  return *gib;
}

void read_dependency(MapReader m, Architecture& a) {
  Dependency d;
  if (auto v = m.string("name")) d.name = *v;
  d.slots = m.integer("slots", d.slots, 1, 1000000);
  // Function instances come and go with the load, so a limit per process has
  // nothing to attach to: serverless slots are the provider's, shared.
  if (a.kind == Architecture::Kind::kServerless) d.scope = Dependency::Scope::kGlobal;
  if (auto v = m.choice("scope", {"per_process", "global"})) {
    d.scope = *v == "global" ? Dependency::Scope::kGlobal : Dependency::Scope::kPerProcess;
    if (a.kind == Architecture::Kind::kServerless && d.scope != Dependency::Scope::kGlobal)
      m.fail("scope",
             "kind: serverless has no processes to hold slots: its dependency slots are "
             "always global (write scope: global or leave it out)");
  }
  if (auto v = m.distribution("service_time")) d.service_time = *v;
  if (auto v = m.fraction("failure_rate")) d.failure_rate = *v;
  if (auto v = m.boolean("idempotent")) d.idempotent = *v;
  m.finish();
  a.dependency = d;
}

Architecture::Kind read_kind(MapReader& m) {
  auto kind = m.choice("kind", {"sync", "async", "serverless"});
  if (!kind) {
    if (!m.has("kind")) m.fail("", "missing field kind: expected sync | async | serverless");
    return Architecture().kind;
  }
  if (*kind == "sync") return Architecture::Kind::kSync;
  if (*kind == "async") return Architecture::Kind::kAsync;
  return Architecture::Kind::kServerless;
}

void read_api(MapReader m, Architecture& a) {
  if (auto v = m.distribution("accept_latency")) a.accept_latency = *v;
  a.api_processes = m.integer("processes", a.api_processes, 1, 100000);
  m.finish();
}

void read_queue(MapReader m, QueueConfig& q) {
  q.receive_batch = m.integer("receive_batch", q.receive_batch, 1, 10000);
  q.visibility_timeout = m.duration("visibility_timeout", q.visibility_timeout);
  q.max_receives = m.integer("max_receives", q.max_receives, 0, 1000000);
  q.receive_latency = m.duration("receive_latency", q.receive_latency);
  if (auto v = m.boolean("stale_receipt_deletes")) q.stale_receipt_deletes = *v;
  if (auto v = m.choice("delivery", {"standard", "fifo"}))
    q.delivery = *v == "fifo" ? QueueConfig::Delivery::kFifo : QueueConfig::Delivery::kStandard;
  m.finish();
}

CpuWork read_cpu(MapReader m) {
  CpuWork cpu;
  if (auto v = m.distribution("work"))
    cpu.work = *v;
  else
    m.fail("", "missing field work: the job's CPU time at one vCPU, e.g. 120s");
  if (auto v = m.number("vcpu", 0.0625, 192)) cpu.vcpu = *v;
  if (auto v = m.fraction("parallel_fraction")) cpu.parallel_fraction = *v;
  m.finish();
  return cpu;
}

void read_workers(MapReader m, Architecture& a) {
  a.worker_processes = m.integer("processes", a.worker_processes, 1, 100000);
  a.worker_concurrency = m.integer("concurrency", a.worker_concurrency, 1, 1000000);
  if (m.has("cpu"))
    a.cpu = read_cpu(m.map("cpu"));
  else
    m.raw("cpu");
  m.finish();
}

void read_autoscaling(MapReader m, Autoscaling& as) {
  as.enabled = true;
  as.min_processes = m.integer("min", as.min_processes, 0, 100000);
  as.max_processes = m.integer("max", as.max_processes, 1, 100000);
  if (auto v = m.number("scale_out_backlog_per_process", 1, 1e9))
    as.scale_out_backlog_per_process = *v;
  if (auto v = m.number("scale_in_backlog_per_process", 0, 1e9))
    as.scale_in_backlog_per_process = *v;
  as.evaluation_period = m.duration("evaluation_period", as.evaluation_period);
  as.cooldown = m.duration("cooldown", as.cooldown);
  as.task_start_delay = m.duration("task_start_delay", as.task_start_delay);
  if (as.max_processes < as.min_processes) m.fail("max", "must be at least min");
  if (as.scale_in_backlog_per_process >= as.scale_out_backlog_per_process)
    m.fail("scale_in_backlog_per_process", "must be below scale_out_backlog_per_process");
  if (as.evaluation_period.ns() <= 0) m.fail("evaluation_period", "must be positive");
  m.finish();
}

void read_function(MapReader m, FunctionConfig& fn) {
  if (auto v = m.distribution("cold_start")) fn.cold_start = *v;
  fn.idle_reclaim = m.duration("idle_reclaim", fn.idle_reclaim);
  fn.concurrency_limit = m.integer("concurrency_limit", fn.concurrency_limit, 1, 1000000);
  if (auto v = read_memory_gb(m, "memory")) fn.memory_gb = *v;
  if (auto v = m.distribution("handler_time")) fn.handler_time = *v;
  if (auto v = m.choice("invoke", {"sync", "async"})) fn.async_invoke = *v == "async";
  if (auto v = m.boolean("bill_init")) fn.bill_init = *v;
  if (m.has("throttle_retry"))
    read_retry(m.map("throttle_retry"), fn.throttle_retry);
  else
    m.raw("throttle_retry");
  m.finish();
}

}  // namespace

const char* kind_name(Architecture::Kind kind) {
  switch (kind) {
    case Architecture::Kind::kSync:
      return "sync";
    case Architecture::Kind::kAsync:
      return "async";
    case Architecture::Kind::kServerless:
      return "serverless";
  }
  return "sync";
}

void read_architecture(MapReader m, Architecture& a) {
  a.kind = read_kind(m);
  read_api(m.map("api"), a);
  read_queue(m.map("queue"), a.queue);
  read_workers(m.map("workers"), a);
  // The dependency's scope defaults by kind, so kind is read first.
  if (m.has("dependency"))
    read_dependency(m.map("dependency"), a);
  else
    m.raw("dependency");
  read_retry(m.map("retry"), a.retry);
  if (m.has("autoscaling"))
    read_autoscaling(m.map("autoscaling"), a.autoscaling);
  else
    m.raw("autoscaling");
  read_function(m.map("function"), a.function);

  if (a.kind != Architecture::Kind::kAsync && a.autoscaling.enabled)
    m.fail("autoscaling", "autoscaling on queue depth applies to kind: async only");
  if (!a.dependency && !a.cpu && a.kind != Architecture::Kind::kServerless)
    m.fail("", "needs a dependency (e.g. the payment processor) or workers.cpu work");
  m.finish();
}

}  // namespace stackplan
