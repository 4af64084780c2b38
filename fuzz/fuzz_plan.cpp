// Plan files (`stackplan plan FILE`): any bytes parse to a plan, with its
// simulator, cost and plan sections joined, or to an error, never a crash, an
// exception or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string>

#include "plan/candidate.h"
#include "plan/plan_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  // Empirical samples name files relative to base_dir; an empty directory
  // keeps the target from reading whatever the current directory holds.
  auto file = stackplan::plan::parse_plan_text(text, "fuzz.yaml", "/nonexistent");
  if (!file) {
    (void)file.error().message();
    return 0;
  }
  // What the planner reads first: every choice, within its size.
  const auto& plan = file->plan;
  (void)plan.processes.describe();
  (void)plan.concurrency.describe();
  if (plan.processes.size() > 0) (void)plan.processes.at(plan.processes.size() - 1);
  for (const auto& task : plan.tasks) (void)task.describe();
  if (plan.autoscale_min) (void)plan.autoscale_min->describe();
  if (plan.autoscale_max) (void)plan.autoscale_max->back();
  (void)plan.cases.at(plan.reference_case);
  for (const auto& [tier, service] : plan.tiers) (void)(tier.size() + service.size());
  // Then counts the space and applies its first candidate in every case:
  // the overrides either fit the scenario or are refused, never a crash.
  (void)stackplan::plan::count_candidates(plan);
  stackplan::plan::Candidate first;
  first.kind = plan.kinds.front();
  if (plan.processes.size() > 0) first.processes = plan.processes.front();
  if (plan.concurrency.size() > 0) first.concurrency = plan.concurrency.front();
  if (first.kind == stackplan::Architecture::Kind::kServerless && !plan.function_memory_gib.empty())
    first.function_memory_gib = plan.function_memory_gib.front();
  for (const auto& c : plan.cases) (void)stackplan::plan::apply(*file, first, c.inputs);
  return 0;
}
