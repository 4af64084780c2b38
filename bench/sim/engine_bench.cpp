// Simulator throughput in orders per wall-clock second, for the benchmark
// model of bench/peers/simpy_async.py (see docs/BENCHMARKS.md). Run:
//   build/bench/sim/sim_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "scenario/scenario.h"
#include "sim/event_queue.h"
#include "sim/simulator.h"

namespace stackplan::sim {
namespace {

Scenario bench_scenario(const char* duration, const char* kind) {
  std::string text = std::string("traffic: { rate: 1000/s, duration: ") + duration + " }\n" +
                     "architecture:\n  kind: " + kind +
                     "\n  queue: { receive_batch: 10, receive_latency: 0s }\n"
                     "  workers: { processes: 4, concurrency: 5 }\n"
                     // sync: one API, 20 slots, the same capacity as 4 x 5
                     "  dependency: { slots: " +
                     (std::string(kind) == "sync" ? "20" : "5") +
                     ", scope: per_process, service_time: exponential(10ms) }\n";
  auto s = parse_scenario_text(text, "bench");
  if (!s.ok()) std::abort();
  return *s;
}

void run_model(benchmark::State& state, const char* kind) {
  Scenario s = bench_scenario("10min", kind);
  uint64_t orders = 0, events = 0, seed = 1;
  for (auto _ : state) {
    auto r = simulate(s, SimOptions{seed++, false});
    orders += r->orders.completed;
    events += r->events;
  }
  state.counters["orders/s"] =
      benchmark::Counter(static_cast<double>(orders), benchmark::Counter::kIsRate);
  state.counters["events/order"] = static_cast<double>(events) / static_cast<double>(orders);
}

void BM_AsyncPoisson1000(benchmark::State& state) { run_model(state, "async"); }
void BM_SyncPoisson1000(benchmark::State& state) { run_model(state, "sync"); }

// The event list alone: schedule and pop with a steady population.
void BM_EventQueue(benchmark::State& state) {
  EventQueue q;
  Rng rng(1);
  const auto population = state.range(0);
  for (int64_t i = 0; i < population; ++i)
    q.schedule(Duration::nanoseconds(static_cast<int64_t>(rng.next() >> 40)), 0, 0);
  for (auto _ : state) {
    Event e = q.pop();
    q.schedule(e.at + Duration::nanoseconds(static_cast<int64_t>(rng.next() >> 44)), 0, 0);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_AsyncPoisson1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SyncPoisson1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EventQueue)->Arg(32)->Arg(1024)->Arg(65536);

}  // namespace
}  // namespace stackplan::sim

BENCHMARK_MAIN();
