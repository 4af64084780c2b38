#include "cost/cost_scenario.h"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "core/scenario_sections.h"
#include "core/text_file.h"
#include "core/yaml_override.h"
#include "core/yaml_reader.h"
#include "cost/deploy_parser.h"

namespace stackplan::cost {
namespace {

bool is_named_list(const YAML::Node& n) {
  if (!n.IsSequence()) return false;
  for (const auto& item : n)
    if (!item.IsMap() || !item["name"]) return false;
  return true;
}

// `over` merged onto `base`: maps key by key, lists of named maps by name,
// anything else replaced; a null in `over` removes the key. Nodes are shared,
// not copied, so errors still point at the line they came from.
YAML::Node merge(const YAML::Node& base, const YAML::Node& over) {
  if (!over.IsDefined()) return base;
  if (!base.IsDefined() || base.IsNull()) return over;
  if (base.IsMap() && over.IsMap()) {
    YAML::Node out(YAML::NodeType::Map);
    for (auto it = base.begin(); it != base.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (!over[key]) out[it->first] = it->second;
    }
    for (auto it = over.begin(); it != over.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (it->second.IsNull()) continue;
      out[it->first] = base[key] ? merge(base[key], it->second) : it->second;
    }
    return out;
  }
  if (is_named_list(base) && is_named_list(over)) {
    YAML::Node out(YAML::NodeType::Sequence);
    for (const YAML::Node& item : base) {
      std::optional<YAML::Node> replacement;
      for (const YAML::Node& o : over)
        if (o["name"].Scalar() == item["name"].Scalar()) replacement = o;
      out.push_back(replacement ? merge(item, *replacement) : item);
    }
    for (const YAML::Node& o : over) {
      bool found = false;
      for (const YAML::Node& item : base)
        found = found || o["name"].Scalar() == item["name"].Scalar();
      if (!found) out.push_back(o);
    }
    return out;
  }
  return over;
}

MapReader reader_for(const YAML::Node& node, const std::string& path, const MapReader& parent) {
  return MapReader(node, path, std::make_shared<const std::string>(parent.file()),
                   parent.base_dir(), parent.errors());
}

CostOption read_option(MapReader m, const YAML::Node& deploy, const YAML::Node& usage) {
  CostOption o;
  o.name = m.string("name").value_or(m.path());
  o.monthly = read_money(m, "monthly");
  o.platform =
      m.choice("platform", {"aws", "railway", "render", "heroku", "digitalocean"}).value_or("aws");
  const YAML::Node deploy_over = m.raw("deploy");
  const YAML::Node usage_over = m.raw("usage");
  if (o.monthly) {
    // A fixed monthly cost bills nothing else: a deploy or usage beside it
    // would be silently ignored.
    for (const char* ignored : {"platform", "deploy", "usage"})
      if (m.has(ignored))
        m.fail(ignored, fmt::format("a fixed monthly cost takes no {} (give monthly, or "
                                    "platform with deploy and usage)",
                                    ignored));
  } else {
    o.deploy = read_deploy(reader_for(merge(deploy, deploy_over), m.path() + ".deploy", m));
    o.usage = read_usage(reader_for(merge(usage, usage_over), m.path() + ".usage", m));
  }
  m.finish();
  return o;
}

void read_break_even(MapReader m, const YAML::Node& deploy, const YAML::Node& usage,
                     CostScenario& s) {
  for (auto& q : m.list_of_maps("volumes")) {
    BreakEvenQuery query;
    query.name = q.string("name").value_or(q.path());
    query.search_up_to = q.integer("up_to", query.search_up_to, 1, INT64_MAX / 1'000'000);
    query.a = read_option(q.map("a"), deploy, usage);
    query.b = read_option(q.map("b"), deploy, usage);
    q.finish();
    s.break_even.push_back(std::move(query));
  }
  for (auto& p : m.list_of_maps("payback")) {
    Payback pb;
    pb.name = p.string("name").value_or(p.path());
    pb.rewrite_cost = read_money(p, "rewrite_cost").value_or(Money());
    pb.monthly_saving = read_money(p, "monthly_saving").value_or(Money());
    if (pb.monthly_saving <= Money()) p.fail("monthly_saving", "needs a positive monthly saving");
    p.finish();
    s.payback.push_back(pb);
  }
  m.finish();
}

TcoPlan read_tco(MapReader m) {
  TcoPlan plan;
  plan.months = m.integer("months", 24, 1, 1200);
  plan.hourly_rate = read_money(m, "hourly_rate").value_or(Money());
  for (auto& o : m.list_of_maps("options")) {
    TcoOption option;
    option.name = o.string("name").value_or(o.path());
    option.build_hours = read_count(o, "build_hours").value_or(Quantity());
    option.maintenance_per_month = read_money(o, "maintenance_per_month").value_or(Money());
    option.on_call_hours_per_month = read_count(o, "on_call_hours_per_month").value_or(Quantity());
    option.infrastructure_per_month = read_money(o, "infrastructure_per_month");
    option.platform = o.choice("platform", {"aws", "railway", "render", "heroku", "digitalocean"});
    if (option.infrastructure_per_month && option.platform)
      o.fail("platform", "give infrastructure_per_month or platform, not both");
    o.finish();
    plan.options.push_back(option);
  }
  m.finish();
  return plan;
}

}  // namespace

Result<CostScenario> parse_cost_scenario(const std::string& text, const std::string& label,
                                         const std::vector<std::string>& overrides) {
  auto root = load_yaml_text(text, label);
  if (!root) return root.error();
  if (Status s = apply_overrides(*root, overrides); !s) return Error(s.message());
  ErrorList errors;
  const std::string base_dir = std::filesystem::path(label).parent_path().string();
  MapReader top(*root, "", std::make_shared<const std::string>(label),
                base_dir.empty() ? "." : base_dir, &errors);
  CostScenario s;
  s.file = label;
  s.name = top.string("name").value_or(label);
  s.has_deploy = top.has("deploy");
  const YAML::Node deploy = top.raw("deploy");
  const YAML::Node usage = top.raw("usage");
  s.deploy = read_deploy(reader_for(deploy, "deploy", top));
  s.usage = read_usage(reader_for(usage, "usage", top));
  for (auto& st : top.list_of_maps("stages")) {
    Stage stage;
    stage.name = st.string("name").value_or(st.path());
    stage.users = st.integer("users", 0, INT64_MAX);
    stage.deploy =
        read_deploy(reader_for(merge(deploy, st.raw("deploy")), st.path() + ".deploy", st));
    stage.usage = read_usage(reader_for(merge(usage, st.raw("usage")), st.path() + ".usage", st));
    st.finish();
    s.stages.push_back(std::move(stage));
  }
  // An empty section (`tco:` with nothing under it) is the same as none.
  if (top.has("tco"))
    s.tco = read_tco(top.map("tco"));
  else
    top.raw("tco");
  if (top.has("break_even"))
    read_break_even(top.map("break_even"), deploy, usage, s);
  else
    top.raw("break_even");
  leave_to_other_readers(top, SectionReader::kCost);
  top.finish();
  if (!errors.empty()) return errors.to_error();
  return s;
}

Result<CostScenario> load_cost_scenario(const std::string& path,
                                        const std::vector<std::string>& overrides) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_cost_scenario(*text, path, overrides);
}

}  // namespace stackplan::cost
