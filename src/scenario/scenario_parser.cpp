// Scenario YAML -> Scenario. Field names and defaults: docs/SCENARIOS.md.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "core/scenario_sections.h"
#include "core/yaml_override.h"
#include "core/yaml_reader.h"
#include "scenario/architecture_parser.h"
#include "scenario/scenario.h"
#include "scenario/traffic_parser.h"

namespace stackplan {
namespace {

// A count target above the most orders one run offers could never be missed.
constexpr int64_t kMostOrdersInATarget = static_cast<int64_t>(kMostOrdersPerRun);

void read_targets(MapReader m, Targets& t) {
  t.accept_p95 = m.duration("accept_p95");
  t.accept_p99 = m.duration("accept_p99");
  t.order_p95 = m.duration("order_p95");
  t.drain_after_peak = m.duration("drain_after_peak");
  t.max_abandoned_fraction = m.fraction("max_abandoned");
  t.max_backlog = m.integer("max_backlog", 0, kMostOrdersInATarget);
  t.max_lost_fraction = m.fraction("max_lost");
  t.max_duplicates = m.integer("max_duplicates", 0, kMostOrdersInATarget);
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
  leave_to_other_readers(top, SectionReader::kSimulator);
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

Result<Scenario> parse_scenario_file(const std::string& path,
                                     const std::vector<std::string>& overrides) {
  auto root = load_yaml_file(path);
  if (!root) return root.error();
  if (auto s = apply_overrides(*root, overrides); !s) return Error(s.message());
  auto dir = std::filesystem::path(path).parent_path().string();
  return parse(*root, path, dir.empty() ? "." : dir);
}

Result<Scenario> parse_scenario_text(const std::string& text, const std::string& label,
                                     const std::string& base_dir,
                                     const std::vector<std::string>& overrides) {
  auto root = load_yaml_text(text, label);
  if (!root) return root.error();
  if (auto s = apply_overrides(*root, overrides); !s) return Error(s.message());
  return parse(*root, label, base_dir);
}

const char* default_scenario_yaml() {
  return R"(name: flash-sale-async (the flash-sale case, test 3; built in)
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
