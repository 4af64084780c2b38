// The cost part of a scenario file: deploy, usage, stages, tco, break_even.
//
//   deploy:  what runs where (deploy.h)
//   usage:   monthly volumes
//   stages:  [{name, users, usage: {...}, deploy: {...}}] - each stage's usage
//            and deploy are merged over the top-level ones (maps key by key,
//            lists of named items by name, null removes a key)
//   tco:     {months, hourly_rate, options: [{name, build_hours,
//            maintenance_per_month, on_call_hours_per_month,
//            infrastructure_per_month | platform}]}
//   break_even:
//     volumes: [{name, up_to, a: OPTION, b: OPTION}] where OPTION is
//              {name, monthly: 20} or {name, platform: aws, deploy: {...}}
//     payback: [{name, rewrite_cost, monthly_saving}]
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/status.h"
#include "cost/deploy.h"

namespace stackplan::cost {

struct Stage {
  std::string name;
  std::optional<int64_t> users;
  Deploy deploy;
  Usage usage;
};

struct TcoOption {
  std::string name;
  Quantity build_hours;
  Money maintenance_per_month;
  Quantity on_call_hours_per_month;
  // Either stated, or the total of this scenario's bill on `platform`.
  std::optional<Money> infrastructure_per_month;
  std::optional<std::string> platform;
};

struct TcoPlan {
  int64_t months = 0;
  Money hourly_rate;
  std::vector<TcoOption> options;
};

// One side of a break-even: a fixed monthly cost, or a bill that grows with
// orders_per_month.
struct CostOption {
  std::string name;
  std::optional<Money> monthly;
  std::string platform = "aws";
  Deploy deploy;
  Usage usage;
};

struct BreakEvenQuery {
  std::string name;
  CostOption a, b;
  int64_t search_up_to = 1'000'000'000;  // orders per month
};

struct Payback {
  std::string name;
  Money rewrite_cost;
  Money monthly_saving;
};

struct CostScenario {
  std::string name;
  std::string file;
  Deploy deploy;
  Usage usage;
  bool has_deploy = false;
  std::vector<Stage> stages;
  std::optional<TcoPlan> tco;
  std::vector<BreakEvenQuery> break_even;
  std::vector<Payback> payback;
};

// `overrides` are `--set PATH=VALUE` assignments applied before the checks
// (core/yaml_override.h).
Result<CostScenario> load_cost_scenario(const std::string& path,
                                        const std::vector<std::string>& overrides = {});
// `label` stands for the file name in errors; relative paths resolve from base_dir.
Result<CostScenario> parse_cost_scenario(const std::string& text, const std::string& label,
                                         const std::vector<std::string>& overrides = {});

}  // namespace stackplan::cost
