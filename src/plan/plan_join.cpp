// The join of simulation and bill: every simulated tier runs on a deployed
// service (the function tier on the deploy's function), and every deployed
// service is some tier's or declared fixed. A mismatch would otherwise price
// a tier at zero or bill a service at a size nobody simulated, so it is an
// error naming both sides.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "plan/plan_section.h"

namespace stackplan::plan {

std::vector<std::string> tiers_of(Architecture::Kind kind) {
  switch (kind) {
    case Architecture::Kind::kSync:
      return {"api"};
    case Architecture::Kind::kAsync:
      return {"api", "worker"};
    case Architecture::Kind::kServerless:
      return {"function"};
  }
  return {};
}

namespace {

// A child of a mapping (or item of a list), looked up without adding it.
// An absent node (YAML::Node() would be a null node, which counts as present).
YAML::Node absent() { return YAML::Node(YAML::NodeType::Undefined); }

YAML::Node child(const YAML::Node& node, const std::string& key) {
  if (!node.IsMap()) return absent();
  const YAML::Node& n = node;
  YAML::Node value = n[key];
  return value.IsDefined() ? value : absent();
}

YAML::Node item(const YAML::Node& list, size_t index) {
  if (!list.IsSequence() || index >= list.size()) return absent();
  const YAML::Node& n = list;
  return n[index];
}

// The first of the nodes that the file has, for an error's place.
YAML::Mark place(std::initializer_list<YAML::Node> candidates) {
  for (const auto& n : candidates)
    if (n.IsDefined()) return n.Mark();
  return YAML::Mark::null_mark();
}

}  // namespace

void check_join(const PlanSpec& plan, const cost::CostScenario& cost, const YAML::Node& root,
                const std::string& label, ErrorList& errors) {
  const YAML::Node plan_node = child(root, "plan");
  const YAML::Node deploy_node = child(root, "deploy");
  const YAML::Node tiers_node = child(plan_node, "tiers");
  const YAML::Node services_node = child(deploy_node, "services");
  const YAML::Node fixed_node = child(plan_node, "fixed_services");
  const YAML::Mark plan_place = place({plan_node, root});
  if (!cost.has_deploy) {
    errors.add(label, plan_place, "deploy",
               "missing section: the planner bills every configuration it considers from "
               "deploy.services (and deploy.function for serverless)");
    return;
  }

  std::map<std::string, std::vector<std::string>> kinds_of_tier;
  for (auto kind : plan.kinds)
    for (const auto& tier : tiers_of(kind)) kinds_of_tier[tier].emplace_back(kind_name(kind));
  std::map<std::string, std::string> tier_of_service;
  std::vector<std::string> service_tiers;
  for (const auto& [tier, kinds] : kinds_of_tier) {
    const std::string& service = plan.tiers.at(tier);
    const YAML::Node mapped = child(tiers_node, tier);
    const YAML::Mark at = place({mapped, child(plan_node, "architectures"), plan_node, root});
    const std::string field = mapped.IsDefined() ? "plan.tiers." + tier : "plan";
    const std::string who = fmt::format("simulated tier `{}` ({})", tier, fmt::join(kinds, ", "));
    if (tier == "function") {
      if (!cost.deploy.function)
        errors.add(label, at, field,
                   who +
                       " has no deployed function: add deploy.function (its memory and "
                       "duration per invocation)");
      continue;
    }
    service_tiers.push_back(tier);
    const bool deployed = std::any_of(cost.deploy.services.begin(), cost.deploy.services.end(),
                                      [&](const cost::Service& s) { return s.name == service; });
    if (!deployed) {
      errors.add(label, at, field,
                 fmt::format("{} has no deployed service `{}`: add it to deploy.services or map "
                             "it with plan.tiers",
                             who, service));
      continue;
    }
    auto [other, inserted] = tier_of_service.emplace(service, tier);
    if (!inserted)
      errors.add(label, at, field,
                 fmt::format("simulated tiers `{}` and `{}` both run on deployed service `{}`: "
                             "each tier needs its own service, sized on its own",
                             other->second, tier, service));
  }

  if (cost.deploy.function && !kinds_of_tier.count("function")) {
    std::vector<std::string> kinds;
    for (auto kind : plan.kinds) kinds.emplace_back(kind_name(kind));
    errors.add(label, place({child(deploy_node, "function"), deploy_node}), "deploy.function",
               fmt::format("no architecture searched ({}) runs a function: add serverless to "
                           "plan.architectures or remove deploy.function",
                           fmt::join(kinds, ", ")));
  }

  const std::set<std::string> fixed(plan.fixed_services.begin(), plan.fixed_services.end());
  std::vector<std::string> deployed_names;
  for (size_t i = 0; i < cost.deploy.services.size(); ++i) {
    const std::string& name = cost.deploy.services[i].name;
    deployed_names.push_back(name);
    const YAML::Node node = item(services_node, i);
    const YAML::Mark at = place({child(node, "name"), node, deploy_node});
    if (!tier_of_service.count(name) && !fixed.count(name))
      errors.add(label, at, "deploy.services",
                 fmt::format("`{}` is not simulated by any tier ({}): list it in "
                             "plan.fixed_services if it is billed as deployed",
                             name, fmt::join(service_tiers, ", ")));
  }
  for (size_t i = 0; i < plan.fixed_services.size(); ++i) {
    const std::string& name = plan.fixed_services[i];
    const YAML::Mark at = place({item(fixed_node, i), fixed_node, plan_node});
    const std::string field = fmt::format("plan.fixed_services[{}]", i);
    if (auto tier = tier_of_service.find(name); tier != tier_of_service.end())
      errors.add(label, at, field,
                 fmt::format("`{}` runs simulated tier `{}`, which the plan sizes: a fixed "
                             "service is billed as deployed, so it cannot be both",
                             name, tier->second));
    else if (std::find(deployed_names.begin(), deployed_names.end(), name) == deployed_names.end())
      errors.add(
          label, at, field,
          deployed_names.empty()
              ? fmt::format("`{}` is not a deployed service (deploy.services is empty)", name)
              : unknown_name_message("deployed service", name, deployed_names));
  }
}

}  // namespace stackplan::plan
