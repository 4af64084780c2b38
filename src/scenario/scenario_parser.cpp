// Scenario YAML -> Scenario. Field names and defaults: docs/SCENARIOS.md.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "scenario/scenario.h"
#include "scenario/traffic_parser.h"
#include "scenario/yaml_reader.h"

namespace stackplan {
namespace {

// Top-level sections that belong to the cost engine (src/cost); the
// simulator leaves them to it.
constexpr const char* kCostSections[] = {"deploy", "usage", "stages", "tco", "break_even"};

void read_retry(MapReader m, RetryPolicy& r) {
  r.max_attempts = m.integer("max_attempts", r.max_attempts, 1, 1000000);
  r.backoff = m.duration("backoff", r.backoff);
  if (auto v = m.number("multiplier", 1, 100)) r.multiplier = *v;
  r.max_backoff = m.duration("max_backoff", r.max_backoff);
  m.finish();
}

// Function memory is written as AWS writes it: "512MB" means 512 MiB and
// bills 0.5 GB-s per second.
std::optional<double> read_memory_gb(MapReader& m, const std::string& key) {
  auto text = m.string(key);
  if (!text) return std::nullopt;
  auto bytes = parse_bytes(*text);
  if (!bytes) {
    m.fail(key, bytes.error().message());
    return std::nullopt;
  }
  auto ends_with = [&](const char* unit) {
    std::string_view t(*text), u(unit);
    return t.size() >= u.size() && t.substr(t.size() - u.size()) == u;
  };
  double mb = ends_with("GB")   ? *bytes / 1e9 * 1024
              : ends_with("MB") ? *bytes / 1e6
                                : *bytes / (1024.0 * 1024);  // KiB, MiB, GiB, B
  if (mb < 128 || mb > 10240) {
    m.fail(key, fmt::format("function memory must be 128MB to 10240MB, got \"{}\"", *text));
    return std::nullopt;
  }
  return mb / 1024;
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
  m.finish();
  a.dependency = d;
}

void read_architecture(MapReader m, Architecture& a) {
  auto kind = m.choice("kind", {"sync", "async", "serverless"});
  if (!kind) {
    if (!m.has("kind")) m.fail("", "missing field kind: expected sync | async | serverless");
  } else if (*kind == "sync") {
    a.kind = Architecture::Kind::kSync;
  } else if (*kind == "async") {
    a.kind = Architecture::Kind::kAsync;
  } else {
    a.kind = Architecture::Kind::kServerless;
  }

  auto api = m.map("api");
  if (auto v = api.distribution("accept_latency")) a.accept_latency = *v;
  a.api_processes = api.integer("processes", a.api_processes, 1, 100000);
  api.finish();

  auto q = m.map("queue");
  a.queue.receive_batch = q.integer("receive_batch", a.queue.receive_batch, 1, 10000);
  a.queue.visibility_timeout = q.duration("visibility_timeout", a.queue.visibility_timeout);
  a.queue.max_receives = q.integer("max_receives", a.queue.max_receives, 0, 1000000);
  a.queue.receive_latency = q.duration("receive_latency", a.queue.receive_latency);
  if (auto v = q.boolean("stale_receipt_deletes")) a.queue.stale_receipt_deletes = *v;
  q.finish();

  auto w = m.map("workers");
  a.worker_processes = w.integer("processes", a.worker_processes, 1, 100000);
  a.worker_concurrency = w.integer("concurrency", a.worker_concurrency, 1, 1000000);
  if (w.has("cpu")) {
    auto c = w.map("cpu");
    CpuWork cpu;
    if (auto v = c.distribution("work"))
      cpu.work = *v;
    else
      c.fail("", "missing field work: the job's CPU time at one vCPU, e.g. 120s");
    if (auto v = c.number("vcpu", 0.0625, 192)) cpu.vcpu = *v;
    if (auto v = c.fraction("parallel_fraction")) cpu.parallel_fraction = *v;
    c.finish();
    a.cpu = cpu;
  } else {
    w.raw("cpu");
  }
  w.finish();

  if (m.has("dependency"))
    read_dependency(m.map("dependency"), a);
  else
    m.raw("dependency");
  read_retry(m.map("retry"), a.retry);

  if (m.has("autoscaling")) {
    auto s = m.map("autoscaling");
    auto& as = a.autoscaling;
    as.enabled = true;
    as.min_processes = s.integer("min", as.min_processes, 0, 100000);
    as.max_processes = s.integer("max", as.max_processes, 1, 100000);
    if (auto v = s.number("scale_out_backlog_per_process", 1, 1e9))
      as.scale_out_backlog_per_process = *v;
    if (auto v = s.number("scale_in_backlog_per_process", 0, 1e9))
      as.scale_in_backlog_per_process = *v;
    as.evaluation_period = s.duration("evaluation_period", as.evaluation_period);
    as.cooldown = s.duration("cooldown", as.cooldown);
    as.task_start_delay = s.duration("task_start_delay", as.task_start_delay);
    if (as.max_processes < as.min_processes) s.fail("max", "must be at least min");
    if (as.scale_in_backlog_per_process >= as.scale_out_backlog_per_process)
      s.fail("scale_in_backlog_per_process", "must be below scale_out_backlog_per_process");
    if (as.evaluation_period.ns() <= 0) s.fail("evaluation_period", "must be positive");
    s.finish();
  } else {
    m.raw("autoscaling");
  }

  auto f = m.map("function");
  auto& fn = a.function;
  if (auto v = f.distribution("cold_start")) fn.cold_start = *v;
  fn.idle_reclaim = f.duration("idle_reclaim", fn.idle_reclaim);
  fn.concurrency_limit = f.integer("concurrency_limit", fn.concurrency_limit, 1, 1000000);
  if (auto v = read_memory_gb(f, "memory")) fn.memory_gb = *v;
  if (auto v = f.distribution("handler_time")) fn.handler_time = *v;
  if (auto v = f.choice("invoke", {"sync", "async"})) fn.async_invoke = *v == "async";
  if (auto v = f.boolean("bill_init")) fn.bill_init = *v;
  if (f.has("throttle_retry"))
    read_retry(f.map("throttle_retry"), fn.throttle_retry);
  else
    f.raw("throttle_retry");
  f.finish();

  if (a.kind != Architecture::Kind::kAsync && a.autoscaling.enabled)
    m.fail("autoscaling", "autoscaling on queue depth applies to kind: async only");
  if (!a.dependency && !a.cpu && a.kind != Architecture::Kind::kServerless)
    m.fail("", "needs a dependency (e.g. the payment processor) or workers.cpu work");
  m.finish();
}

void read_targets(MapReader m, Targets& t) {
  t.accept_p95 = m.duration("accept_p95");
  t.accept_p99 = m.duration("accept_p99");
  t.order_p95 = m.duration("order_p95");
  t.drain_after_peak = m.duration("drain_after_peak");
  t.max_abandoned_fraction = m.fraction("max_abandoned");
  m.finish();
}

Result<Scenario> parse(const YAML::Node& root, const std::string& label,
                       const std::string& base_dir) {
  ErrorList errors;
  auto file = std::make_shared<const std::string>(label);
  MapReader top(root, "", file, base_dir, &errors);
  top.limit_durations(kLongestRun, "the longest run the simulator covers");
  Scenario s;
  if (!root.IsMap()) return Error(fmt::format("{}: expected a scenario mapping", label));
  if (auto v = top.string("name")) s.name = *v;
  if (auto v = top.string("description")) s.description = *v;
  if (!top.has("traffic")) top.fail("", "missing section traffic");
  read_traffic(top.map("traffic"), s.traffic);
  if (!top.has("architecture")) top.fail("", "missing section architecture");
  read_architecture(top.map("architecture"), s.architecture);
  read_targets(top.map("targets"), s.targets);
  auto sim = top.map("simulation");
  s.simulation.seed = static_cast<uint64_t>(sim.integer("seed", 1, 0, INT64_MAX));
  s.simulation.drain_limit = sim.duration("drain_limit", s.simulation.drain_limit);
  sim.finish();
  for (const char* section : kCostSections) top.raw(section);
  top.finish();
  if (s.traffic.request_name.empty()) {
    switch (s.architecture.kind) {
      case Architecture::Kind::kSync:
        s.traffic.request_name = "POST /orders/sync";
        break;
      case Architecture::Kind::kAsync:
        s.traffic.request_name = "POST /orders/async";
        break;
      case Architecture::Kind::kServerless:
        s.traffic.request_name = "POST /orders";
        break;
    }
  }
  if (!errors.empty()) return errors.to_error();
  return s;
}

}  // namespace

Result<Scenario> parse_scenario_file(const std::string& path) {
  auto root = load_yaml_file(path);
  if (!root) return root.error();
  auto dir = std::filesystem::path(path).parent_path().string();
  return parse(*root, path, dir.empty() ? "." : dir);
}

Result<Scenario> parse_scenario_text(const std::string& text, const std::string& label,
                                     const std::string& base_dir) {
  auto root = load_yaml_text(text, label);
  if (!root) return root.error();
  return parse(*root, label, base_dir);
}

const char* default_scenario_yaml() {
  return R"(name: flash-sale-async (seed 003, test 3; built in)
traffic:
  users: 20
  spawn_rate: 10/s
  wait: uniform(100ms, 500ms)
  duration: 60s
architecture:
  kind: async
  api: { accept_latency: 110ms }
  queue: { receive_batch: 10, visibility_timeout: 30s }
  workers: { processes: 1, concurrency: 10 }
  dependency: { name: payment, slots: 5, scope: per_process, service_time: 3s }
targets:
  accept_p95: 200ms
  drain_after_peak: 60s
)";
}

}  // namespace stackplan
